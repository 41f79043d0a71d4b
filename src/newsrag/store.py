"""The store: article records and sentence vectors in Chroma, embedded or behind a server.

Four collections share a prefix:
- `<prefix>-articles`: one record per article (cleaned sentences, removed text, metadata) as JSON.
  The record is the commit point: an article exists, in its current version, when its record says so.
- `<prefix>-sentences`: one vector per body sentence, written through llama-index's Chroma vector
  store. Node ids carry the content hash (`ID:N@hash8`) so a new version is written beside the old
  one and the old one is removed only after the record points at the new one.
- `<prefix>-cache`: derived documents (summaries) keyed by what they were made from; losing it
  costs recomputation only.
- `<prefix>-journal`: articles with a write in progress. A write killed midway (even by SIGKILL)
  leaves its journal entry, and `repair()` removes the half-written vectors on the next run.
Keeping all four in Chroma means a Chroma server holds everything, so several service processes
can share one store.

Consumers are typed with the Protocol of the concern they use (`ArticleRecords`, `ArticleWrites`,
`SentenceVectors`, `SummaryCache`); `ChromaStore` implements them all over one Chroma client.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

from .ingest.article import Article, date_key

_PAGE = 2000


@dataclass
class DenseHit:
    sentence_id: str
    article_id: str
    content_hash: str
    score: float  # cosine similarity


@dataclass
class DenseFilter:
    article_ids: Sequence[str] | None = None
    outlet: str | None = None
    date_from: int | None = None  # yyyymmdd
    date_to: int | None = None


class StoreUnavailable(RuntimeError):
    """The store cannot be reached; the message says where and why."""


F = TypeVar("F", bound=Callable[..., Any])


def _reachable(method: F) -> F:
    """Turn "the Chroma server is not there" (httpx transport errors, raised from deep inside
    chromadb's client) into StoreUnavailable, which the service answers with 503. Each call makes
    new requests, so nothing needs reconnecting once the server is back."""
    import httpx

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except httpx.TransportError as e:
            raise StoreUnavailable(f"Chroma at {self.where} does not answer: {e}") from e
    return wrapper  # type: ignore[return-value]


class ArticleLookup(Protocol):
    """One article by id: what answers and summaries need to name a source's outlet and date."""

    def article(self, article_id: str) -> Article | None: ...


class ArticleRecords(ArticleLookup, Protocol):
    """The article records, the store's source of truth."""

    def articles(self) -> list[Article]: ...
    def fingerprint(self) -> str: ...


class ArticleWrites(Protocol):
    """Writes of whole articles. `put` and `delete` are journaled and `repair` finishes one that a crash
    cut short, so records and vectors never disagree for long; `set_clusters` rewrites records only."""

    def put(self, article: Article, vectors: np.ndarray) -> None: ...
    def set_clusters(self, articles: list[Article], assignment: dict[str, str]) -> None: ...
    def delete(self, article_id: str) -> bool: ...
    def repair(self) -> int: ...


class SentenceVectors(Protocol):
    def dense(self, vector: np.ndarray, k: int, flt: DenseFilter) -> list[DenseHit]: ...
    def count_vectors(self) -> int: ...


class SummaryCache(Protocol):
    def cache_get(self, key: str) -> str | None: ...
    def cache_put(self, key: str, value: str, article_ids: Sequence[str]) -> None: ...


class SearchableStore(ArticleRecords, SentenceVectors, Protocol):
    """What search reads: the records (for keywords and current versions) and the sentence vectors."""


class WritableStore(ArticleRecords, ArticleWrites, Protocol):
    """What ingestion uses: the current records, and writes of new versions."""


class Store(SearchableStore, WritableStore, SummaryCache, Protocol):
    """All of it, for wiring: the app and the CLI also ask whether the store answers at all."""

    def ping(self) -> None: ...


class ChromaStore:
    def __init__(self, client: Any, prefix: str, where: str = "") -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._client = client
        self.where = where
        self._records = client.get_or_create_collection(f"{prefix}-articles", embedding_function=None)
        self._journal = client.get_or_create_collection(f"{prefix}-journal", embedding_function=None)
        self._cache = client.get_or_create_collection(f"{prefix}-cache", embedding_function=None)
        self._sentences = client.get_or_create_collection(
            f"{prefix}-sentences", embedding_function=None, metadata={"hnsw:space": "cosine"})
        self._vectors = ChromaVectorStore(chroma_collection=self._sentences)

    @classmethod
    def connect(cls, *, path: str | None = None, url: str | None = None, prefix: str = "newsrag") -> ChromaStore:
        """PersistentClient at `path`, or HttpClient for a `chroma run` server at `url`."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if url:
                from urllib.parse import urlparse

                u = urlparse(url)
                client = chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000,
                                             ssl=u.scheme == "https", settings=chroma_settings)
            else:
                client = chromadb.PersistentClient(path=path, settings=chroma_settings)
            return cls(client, prefix, _redact(url) if url else str(path))
        except Exception as e:  # chromadb raises several unrelated types for "cannot reach"
            raise StoreUnavailable(f"Chroma at {_redact(url) if url else path} is not available: {e}") from e

    # -- reads ---------------------------------------------------------------------------------
    def ping(self) -> None:
        try:
            self._client.heartbeat()
        except Exception as e:
            raise StoreUnavailable(f"Chroma at {self.where} does not answer: {e}") from e

    @_reachable
    def articles(self) -> list[Article]:
        return [Article.from_json(doc) for _, doc, _ in self._all(self._records, ["documents"])]

    @_reachable
    def article(self, article_id: str) -> Article | None:
        got = self._records.get(ids=[article_id], include=["documents"])
        return Article.from_json(got["documents"][0]) if got["ids"] else None

    @_reachable
    def fingerprint(self) -> str:
        """Changes whenever any article is added, changed, re-clustered or deleted."""
        h = hashlib.sha256()
        for rid, _, meta in sorted(self._all(self._records, ["metadatas"]), key=lambda r: r[0]):
            h.update(f"{rid}\x00{meta.get('content_hash')}\x00{meta.get('cluster')}\n".encode())
        return h.hexdigest()

    @_reachable
    def count_vectors(self) -> int:
        return self._sentences.count()

    @_reachable
    def cache_get(self, key: str) -> str | None:
        got = self._cache.get(ids=[key], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    @_reachable
    def cache_put(self, key: str, value: str, article_ids: Sequence[str]) -> None:
        """Cache a document derived from `article_ids` (deleted with any of them). Keys should
        name everything the value depends on, so a stale entry is never looked up again."""
        meta = {f"a:{a}": True for a in article_ids} or {"a:": True}
        self._cache.upsert(ids=[key], documents=[value], embeddings=[[1.0]], metadatas=[meta])

    @_reachable
    def dense(self, vector: np.ndarray, k: int, flt: DenseFilter) -> list[DenseHit]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        if flt.article_ids is not None and not flt.article_ids:
            return []  # restricted to no articles (Chroma refuses an empty $in)
        # No count() first: Chroma 1.x returns what it has when k exceeds it, and counting cost
        # 3-10 ms a query, a fifth of a search (newsrag bench, 10k-100k sentences).
        query = VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k, filters=_metadata_filters(flt))
        result = self._vectors.query(query)
        hits = []
        for node, sim in zip(result.nodes, result.similarities, strict=True):
            md = node.metadata
            # llama-index reports exp(-distance); Chroma's cosine distance is 1 - cos.
            hits.append(DenseHit(md["sentence_id"], md["article_id"], md["content_hash"],
                                 1.0 + float(np.log(sim)) if sim > 0 else -1.0))
        return hits

    # -- writes --------------------------------------------------------------------------------
    @_reachable
    def put(self, article: Article, vectors: np.ndarray) -> None:
        """Write a new version of `article` so that readers see either the old or the new one."""
        from .ingest.nodes import sentence_nodes

        h = article.content_hash
        self._journal.upsert(ids=[article.id], documents=[h], embeddings=[[1.0]])
        # Leftovers of an earlier attempt at this same version would collide with the new ids.
        self._sentences.delete(where={"$and": [{"article_id": article.id}, {"content_hash": h}]})
        nodes = sentence_nodes(article, vectors, date_key(article.published))
        if nodes:
            self._vectors.add(nodes)
        self._write_record(article)
        self._sentences.delete(where={"$and": [{"article_id": article.id}, {"content_hash": {"$ne": h}}]})
        self._journal.delete(ids=[article.id])

    @_reachable
    def set_clusters(self, articles: list[Article], assignment: dict[str, str]) -> None:
        """Rewrite the records (of `articles`, as just read) whose cluster changed."""
        for art in articles:
            cluster = assignment.get(art.id, art.id)
            if art.cluster != cluster:
                art.cluster = cluster
                self._write_record(art)

    @_reachable
    def delete(self, article_id: str) -> bool:
        existed = bool(self._records.get(ids=[article_id], include=[])["ids"])
        self._journal.upsert(ids=[article_id], documents=[""], embeddings=[[1.0]])
        self._records.delete(ids=[article_id])
        self._sentences.delete(where={"article_id": article_id})
        self._cache.delete(where={f"a:{article_id}": True})
        self._journal.delete(ids=[article_id])
        return existed

    @_reachable
    def repair(self) -> int:
        """Finish what an interrupted write left: keep only vectors of each article's current
        version. Returns how many journal entries were repaired."""
        pending = self._journal.get(include=[])["ids"]
        for article_id in pending:
            current = self.article(article_id)
            if current is None:
                self._sentences.delete(where={"article_id": article_id})
            else:
                self._sentences.delete(
                    where={"$and": [{"article_id": article_id}, {"content_hash": {"$ne": current.content_hash}}]})
            self._journal.delete(ids=[article_id])
        return len(pending)

    def _write_record(self, article: Article) -> None:
        # The metadata is what `fingerprint` reads, so re-clustering changes the fingerprint too.
        self._records.upsert(ids=[article.id], documents=[article.to_json()], embeddings=[[1.0]],
                             metadatas=[{"content_hash": article.content_hash, "cluster": article.cluster or ""}])

    def _all(self, collection: Any, include: list[str]) -> Iterator[tuple[str, Any, Any]]:
        offset = 0
        while True:
            got = collection.get(include=include, limit=_PAGE, offset=offset)
            docs = got.get("documents") or [None] * len(got["ids"])
            metas = got.get("metadatas") or [None] * len(got["ids"])
            yield from zip(got["ids"], docs, metas, strict=True)
            if len(got["ids"]) < _PAGE:
                return
            offset += _PAGE


def _metadata_filters(flt: DenseFilter) -> Any:
    """`flt` as llama-index metadata filters over the sentence nodes, or None for no filter."""
    from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters

    filters = []
    if flt.article_ids is not None:
        filters.append(MetadataFilter(key="article_id", value=list(flt.article_ids), operator=FilterOperator.IN))
    if flt.outlet:
        filters.append(MetadataFilter(key="outlet", value=flt.outlet, operator=FilterOperator.EQ))
    if flt.date_from:
        filters.append(MetadataFilter(key="published", value=flt.date_from, operator=FilterOperator.GTE))
    if flt.date_to:
        filters.append(MetadataFilter(key="published", value=flt.date_to, operator=FilterOperator.LTE))
        # Unknown dates are stored as 0: a date range never matches them.
        filters.append(MetadataFilter(key="published", value=0, operator=FilterOperator.GT))
    return MetadataFilters(filters=filters) if filters else None


def _redact(url: str) -> str:
    """A URL fit for messages and logs: without any user:password part."""
    from urllib.parse import urlparse

    u = urlparse(url)
    return u._replace(netloc=u.hostname + (f":{u.port}" if u.port else "")).geturl() if u.password or u.username else url
