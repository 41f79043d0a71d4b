"""Fake backends for the fast tier. They live here (and in newsrag.eval.fake), never in the service."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from newsrag.backends.generator import Message
from newsrag.eval.fake import FakeEmbedder, FakeSupportModel  # noqa: F401  (the tests' fakes are the harness's)
from newsrag.ingest.article import Article


class ScriptedGenerator:
    """Replies from a script, in order (or computed from the messages), and records every call, so
    tests can assert what the pipeline asked and drive it through each branch without a model."""

    model_id = "fake-scripted-generator"

    def __init__(self, *replies: str | Callable[[Sequence[Message]], str], delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.calls: list[list[Message]] = []
        self.delay = delay  # seconds per piece, so a page or a client can watch the stream arrive
        self.abandoned = 0  # streams closed before their reply was all given

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        self.calls.append(list(messages))
        if not self.replies:
            raise AssertionError(f"unexpected generator call #{len(self.calls)}: {messages[-1].content[:200]}")
        reply = self.replies.pop(0)
        text = reply(messages) if callable(reply) else reply
        given = False
        try:
            for word in text.split(" "):  # streamed in pieces, like a real backend
                time.sleep(self.delay)
                yield word + " "
            given = True
        finally:
            self.abandoned += not given


class FailingGenerator:
    """A generator whose backend fails, as a remote server that is down or too slow would."""

    model_id = "fake-failing-generator"

    def __init__(self, error: Exception, after_pieces: int = 0) -> None:
        self.error = error
        self.after_pieces = after_pieces

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        for _ in range(self.after_pieces):
            yield "The "
        raise self.error


class KnownArticles:
    """An `ArticleLookup` over a fixed set of articles; records every id it is asked for."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self.articles = {a.id: a for a in articles}
        self.asked: list[str] = []

    def article(self, article_id: str) -> Article | None:
        self.asked.append(article_id)
        return self.articles.get(article_id)


class MemoryCache:
    """A `SummaryCache` in a dict; records every put as (key, article ids)."""

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}
        self.puts: list[tuple[str, list[str]]] = []

    def cache_get(self, key: str) -> str | None:
        return self.documents.get(key)

    def cache_put(self, key: str, value: str, article_ids: Sequence[str]) -> None:
        self.documents[key] = value
        self.puts.append((key, list(article_ids)))


def numbered(messages: Sequence[Message]) -> dict[int, str]:
    """The `[n] sentence` lines the summary prompt gave the model."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^\[(\d+)\] (.*)$", messages[-1].content, re.MULTILINE)}


def echo(messages: Sequence[Message]) -> str:
    """A 'model' that renders every summary sentence as itself: faithful by construction."""
    return "\n".join(f"[{n}] {text}" for n, text in numbered(messages).items())
