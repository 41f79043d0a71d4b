from __future__ import annotations

from pathlib import Path

import pytest

from newsrag.components import Components
from newsrag.resources import shipped
from newsrag.settings import Settings
from newsrag.store import ChromaStore

from .fakes import FakeEmbedder, FakeSupportModel, ScriptedGenerator

ROOT = Path(__file__).resolve().parent.parent
CORPUS = shipped("corpus")
TRAINDATA = ROOT / "traindata"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models")


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def components(settings: Settings, embedder: FakeEmbedder, generator: ScriptedGenerator) -> Components:
    """Real Chroma (embedded, in a temp dir) with the fake embedder and the scripted generator."""
    settings.chroma_path.mkdir(parents=True)
    store = ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)
    return Components(settings, store=store, embedder=lambda: embedder, support=FakeSupportModel,
                      generator=lambda: generator)


@pytest.fixture
def seeded(components: Components) -> Components:
    report = components.ingestor.ingest_paths([CORPUS])
    assert report.added == 5, report.public()
    return components


@pytest.fixture
def generator() -> ScriptedGenerator:
    """Empty script: a test adds the replies it expects (`generator.replies.append(...)`)."""
    return ScriptedGenerator()


# The lexical fake embedder scores English against Indonesian low: thresholds it can reach.
FAKE_THRESHOLDS = {"support_threshold": 0.3, "min_relevance": 0.15}


@pytest.fixture
def answering(settings: Settings, embedder: FakeEmbedder, generator: ScriptedGenerator) -> Components:
    """Seeded components with the scripted generator. The fake embedder is lexical, so English
    sentences score low against Indonesian ones: thresholds are lowered to what it can reach, and
    tests phrase supported sentences with the source's names and numbers."""
    tuned = settings.model_copy(update=FAKE_THRESHOLDS)
    tuned.chroma_path.mkdir(parents=True)
    store = ChromaStore.connect(path=str(tuned.chroma_path), prefix=tuned.collection)
    c = Components(tuned, store=store, embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: generator)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    return c


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Components:
    """Slow tier: the real embedder and generator (each loaded on first use) over the seeds."""
    from newsrag.components import real_embedder, real_generator
    from newsrag.provision import ModelPaths

    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    if ModelPaths(settings.models_dir).missing():
        pytest.fail(f"models missing in {settings.models_dir}: run `newsrag models fetch` (make test does)")
    settings.chroma_path.mkdir(parents=True)
    store = ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)
    c = Components(settings, store=store, embedder=lambda: real_embedder(settings),
                   generator=lambda: real_generator(settings))
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    return c
