"""Wiring: builds the store, embedder, retriever and ingestor from Settings.

The CLI and the HTTP app both take a `ComponentsFactory`, so tests hand them components with fake
backends while production code always builds the real ones, and refuses to start, saying why, when
a real one is not available.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from .backends.embedder import Embedder
from .ingest.pipeline import Ingestor
from .retrieve.hybrid import HybridRetriever
from .settings import Settings
from .store import ChromaStore, Store


class Components:
    def __init__(self, settings: Settings, *, store: Store | None = None,
                 embedder: Callable[[], Embedder] | None = None) -> None:
        self.settings = settings
        self._store = store
        self._embedder_factory = embedder or (lambda: real_embedder(settings))

    @cached_property
    def store(self) -> Store:
        return self._store or real_store(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        """Loaded on first use: listing or showing articles needs no model."""
        return self._embedder_factory()

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.embedder)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, max_bytes=self.settings.max_article_bytes,
                        batch_sentences=max(64, self.settings.embed_batch_size * 4),
                        on_change=self._invalidate)

    def _invalidate(self) -> None:
        if "retriever" in self.__dict__:
            self.retriever.invalidate()


ComponentsFactory = Callable[[Settings], Components]


def real_store(settings: Settings) -> ChromaStore:
    if settings.chroma_url:
        return ChromaStore.connect(url=settings.chroma_url, prefix=settings.collection)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)


def real_embedder(settings: Settings) -> Embedder:
    from .backends.embedder import GemmaEmbedder
    from .models import ModelPaths

    path = ModelPaths(settings.models_dir).require_embedder()
    return GemmaEmbedder(path, threads=settings.threads, batch_size=settings.embed_batch_size)


def build_components(settings: Settings) -> Components:
    return Components(settings)
