from __future__ import annotations

from pathlib import Path

import pytest

from service.components import Components
from service.settings import Settings
from service.store import ChromaStore

from .fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models")


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def components(settings: Settings, embedder: FakeEmbedder) -> Components:
    """Real Chroma (embedded, in a temp dir) with the fake embedder."""
    settings.chroma_path.mkdir(parents=True)
    store = ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)
    return Components(settings, store=store, embedder=lambda: embedder)


@pytest.fixture
def seeded(components: Components) -> Components:
    report = components.ingestor.ingest_paths([CORPUS])
    assert report.added == 5, report.public()
    return components
