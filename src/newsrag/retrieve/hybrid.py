"""Hybrid retrieval: dense (EmbeddingGemma in Chroma, via llama-index) + BM25, fused by rank.

Dense search carries English questions across to Indonesian text; BM25 pins down names and numbers
that embeddings blur ("8.000" vs "80.000"). Their scores are not comparable, so they are fused by
reciprocal rank (Cormack et al. 2009): score = sum over lists of weight / (RRF_K + rank).

The keyword index is built from the article records (the store's source of truth) and rebuilt
when the store's fingerprint changes; dense hits of a version that is not current (an ingest in
flight) are dropped, so results never mix two versions of an article.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..backends.embedder import Embedder
from ..ingest.article import Article, date_key
from ..store import DenseFilter, SearchableStore
from ..text import tokens
from .bm25 import BM25Index

RRF_K = 60


@dataclass(frozen=True)
class SearchFilter:
    article_ids: Sequence[str] | None = None
    outlet: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Hit:
    article_id: str
    sentence_id: str
    text: str
    score: float  # fused rank score: orders hits, means nothing across queries
    similarity: float | None = None  # cosine of query and sentence, when dense search found it

    def public(self) -> dict:
        return {"article_id": self.article_id, "sentence_id": self.sentence_id, "text": self.text,
                "score": round(self.score, 6)}


def rrf(rankings: Sequence[Sequence[str]], weights: Sequence[float] | None = None, k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of ranked id lists, best first; ties keep first-seen order."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda kv: -kv[1])


class _Snapshot:
    """Everything keyword search needs, built from the article records at one fingerprint."""

    def __init__(self, articles: list[Article], fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.articles = {a.id: a for a in articles}
        self.sentence_ids: list[str] = []
        self.texts: list[str] = []
        article_of, outlets, dates = [], [], []
        for a in articles:
            published = date_key(a.published)
            for s in a.body:
                self.sentence_ids.append(s.id)
                self.texts.append(s.text)
                article_of.append(a.id)
                outlets.append(a.outlet or "")
                dates.append(published)
        self.article_of = np.array(article_of, dtype=object)
        self.outlets = np.array(outlets, dtype=object)
        self.dates = np.array(dates, dtype=np.int64)
        self.row = {sid: i for i, sid in enumerate(self.sentence_ids)}
        self.bm25 = BM25Index([tokens(t) for t in self.texts])

    def mask(self, f: SearchFilter) -> np.ndarray | None:
        if f == SearchFilter():
            return None
        m = np.ones(len(self.sentence_ids), dtype=bool)
        if f.article_ids is not None:
            m &= np.isin(self.article_of, list(f.article_ids))
        if f.outlet:
            m &= self.outlets == f.outlet
        if f.date_from:
            m &= self.dates >= date_key(f.date_from)
        if f.date_to:
            m &= (self.dates <= date_key(f.date_to)) & (self.dates > 0)
        return m


class HybridRetriever:
    """Dense and BM25 rankings of body sentences fused by weighted reciprocal rank, the dense one at
    1.0 and the keyword one at `keyword_weight` (`Settings.keyword_weight`, where the measurements are)."""

    def __init__(self, store: SearchableStore, embedder: Embedder, *, keyword_weight: float, pool: int = 50,
                 refresh_seconds: float = 2.0) -> None:
        self.store = store
        self.embedder = embedder
        self.pool = pool
        self.weights = (1.0, keyword_weight)
        self.refresh_seconds = refresh_seconds  # how stale another process's writes may look
        self._snapshot: _Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Called after this process writes, so the next search sees the write."""
        self._checked = 0.0

    def snapshot(self) -> _Snapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is None or now - self._checked >= self.refresh_seconds:
                fp = self.store.fingerprint()
                if self._snapshot is None or fp != self._snapshot.fingerprint:
                    self._snapshot = _Snapshot(self.store.articles(), fp)
                self._checked = now
            return self._snapshot

    def article(self, article_id: str) -> Article | None:
        """The article as of the snapshot search reads (an `ArticleLookup`): its metadata matches
        the version the hits come from, and looking it up costs no round trip to the store."""
        return self.snapshot().articles.get(article_id)

    def search(self, query: str, k: int = 10, flt: SearchFilter = SearchFilter()) -> list[Hit]:
        snap = self.snapshot()
        if not snap.sentence_ids:
            return []
        vector = self.embedder.embed_queries([query])[0]
        dense_filter = DenseFilter(article_ids=flt.article_ids, outlet=flt.outlet,
                                   date_from=date_key(flt.date_from) or None,
                                   date_to=date_key(flt.date_to) or None)
        dense_hits = [
            h for h in self.store.dense(vector, self.pool, dense_filter)
            if (a := snap.articles.get(h.article_id)) is not None and a.content_hash == h.content_hash
        ]
        dense = [h.sentence_id for h in dense_hits]
        similarity = {h.sentence_id: h.score for h in dense_hits}
        keyword = [snap.sentence_ids[i] for i, _ in snap.bm25.top(tokens(query), self.pool, snap.mask(flt))]
        fused = rrf([dense, keyword], self.weights)[:k]
        return [
            Hit(snap.article_of[snap.row[sid]], sid, snap.texts[snap.row[sid]], score, similarity.get(sid))
            for sid, score in fused if sid in snap.row
        ]
