"""The `--backend fake` of the eval harness: deterministic stand-ins that need no model.

They exist so the harness itself can be run end to end in seconds (the fast test tier does) and a
run's plumbing checked before a real one takes an hour. A fake run's numbers say nothing about
answer quality, and its results record `fake-*` as the model, so they cannot pass for a real run.
Nothing in the service ever falls back to these: they are used only when asked for by name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence

import numpy as np

from newsrag.backends.generator import Message
from newsrag.text import tokens

_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


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


class FakeSupportModel:
    """P(entailment) as the token cosine of claim and source: lexical, so it cannot tell who did
    what, but a sentence restating its source scores high and an unrelated one low. A claim that
    says "not"/"tidak" where the source does not (or the other way round) is a contradiction.
    Records every batch."""

    model_id = "fake-lexical-support"
    threshold = 0.3  # what a lexical cosine of English against Indonesian can reach
    indonesian_threshold = 0.3
    document_threshold = 0.3
    _NEGATION = re.compile(r"\b(?:not|no|never|tidak|bukan|belum)\b", re.IGNORECASE)

    def __init__(self) -> None:
        self._embedder = FakeEmbedder()
        self.calls: list[list[tuple[str, str]]] = []

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.calls.append(list(pairs))
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        sources = self._embedder.embed_queries([s for s, _ in pairs])
        claims = self._embedder.embed_queries([c for _, c in pairs])
        p = np.clip((sources * claims).sum(1), 0.0, 1.0)
        flipped = np.array([self._negated(s, c) for s, c in pairs])
        rows = np.stack([p, 1.0 - p, np.zeros_like(p)], axis=1)
        rows[flipped] = np.stack([np.zeros_like(p), 1.0 - p, p], axis=1)[flipped]
        return rows.astype(np.float32)

    def _negated(self, source: str, claim: str) -> bool:
        """Does the claim's polarity differ from that of the source sentence closest to it? (A
        passage of several sentences may hold a "tidak" that has nothing to do with the claim.)"""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", source) if s.strip()] or [source]
        vectors = self._embedder.embed_queries(sentences)
        closest = sentences[int(np.argmax(vectors @ self._embedder.embed_queries([claim])[0]))]
        return bool(self._NEGATION.search(closest)) != bool(self._NEGATION.search(claim))


class ExtractiveGenerator:
    """Answers by restating the evidence sentence that shares most words with the question (or
    NOT_FOUND when none shares any), and summarises by restating each numbered sentence."""

    model_id = "fake-extractive-generator"

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        prompt = messages[-1].content
        lines = {int(n): text for n, text in _LINE.findall(prompt)}
        if "Question:" not in prompt:  # a summary (or literal) prompt: one line per sentence
            reply = "\n".join(f"[{n}] {text}" for n, text in lines.items())
        else:
            question = set(tokens(prompt.rsplit("Question:", 1)[1]))
            scored = [(len(question & set(tokens(text))), n, text) for n, text in lines.items()]
            best = max(scored, default=(0, 0, ""))
            reply = f"{best[2].rstrip('.')} [{best[1]}]." if best[0] else "NOT_FOUND"
        for word in reply.split(" "):
            yield word + " "
