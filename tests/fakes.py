"""Fake backends for the fast tier. They live here, never in service/."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from service.backends.generator import Message
from service.text import tokens


class FakeEmbedder:
    """Hashed bag of canonical tokens: deterministic, instant, and lexical enough that dense search
    over it behaves sensibly in tests (shared words -> higher cosine)."""

    model_id = "fake-hash-embedder"
    dim = 4096  # wide enough that unrelated words rarely collide

    def __init__(self) -> None:
        self.calls: list[int] = []  # batch sizes, so tests can see what was (re-)embedded

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for t in tokens(text):
            h = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        n = np.linalg.norm(v)
        if n == 0:
            v[0] = 1.0
            n = 1.0
        return v / n

    def embed_documents(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        assert len(texts) == len(titles)
        self.calls.append(len(texts))
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])

    def embed_similarity(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])


class ScriptedGenerator:
    """Replies from a script, in order (or computed from the messages), and records every call, so
    tests can assert what the pipeline asked and drive it through each branch without a model."""

    model_id = "fake-scripted-generator"

    def __init__(self, *replies: str | Callable[[Sequence[Message]], str], delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.calls: list[list[Message]] = []
        self.delay = delay  # seconds per piece, so a page or a client can watch the stream arrive

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        self.calls.append(list(messages))
        if not self.replies:
            raise AssertionError(f"unexpected generator call #{len(self.calls)}: {messages[-1].content[:200]}")
        reply = self.replies.pop(0)
        text = reply(messages) if callable(reply) else reply
        for word in text.split(" "):  # streamed in pieces, like a real backend
            time.sleep(self.delay)
            yield word + " "


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


def numbered(messages: Sequence[Message]) -> dict[int, str]:
    """The `[n] sentence` lines the summary prompt gave the model."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^\[(\d+)\] (.*)$", messages[-1].content, re.MULTILINE)}


def echo(messages: Sequence[Message]) -> str:
    """A 'model' that renders every summary sentence as itself: faithful by construction."""
    return "\n".join(f"[{n}] {text}" for n, text in numbered(messages).items())
