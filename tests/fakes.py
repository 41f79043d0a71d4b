"""Fake backends for the fast tier. They live here, never in service/."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from service.text import tokens


class FakeEmbedder:
    """Hashed bag of canonical tokens: deterministic, instant, and lexical enough that dense search
    over it behaves sensibly in tests (shared words -> higher cosine)."""

    model_id = "fake-hash-embedder"
    dim = 256

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
