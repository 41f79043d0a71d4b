from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path

import pytest

from newsrag.backends.embedder import Embedder
from newsrag.backends.generator import Generator
from newsrag.checker.model import SupportModel
from newsrag.components import Components, real_embedder, real_generator, real_support_model
from newsrag.settings import Settings

from .fakes import FakeEmbedder, FakeSupportModel, ScriptedGenerator
from .helpers import CHROMIUM, CORPUS, FAKE_SETTINGS
from .servers import find_chroma

# What a test marked with each of these needs from the machine, and how to get it. A test whose
# tool is missing fails with this message: `make test` promises every tier, so nothing is skipped.
NEEDS = {
    "browser": (CHROMIUM.exists, f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (make test runs it)"),
    "server": (lambda: find_chroma() is not None,
               "the chromadb package's `chroma` command is missing: `make install` installs it"),
    "docker": (lambda: shutil.which("podman") is not None,
               "podman is missing: install it (`apt-get install podman`) to build and run the image"),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, (present, message) in NEEDS.items():
        if item.get_closest_marker(marker) and not present():
            pytest.fail(f"{item.nodeid} needs {marker}: {message}", pytrace=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models")


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


def fake_components(settings: Settings, embedder: FakeEmbedder, generator: ScriptedGenerator) -> Components:
    """Real Chroma (embedded, under `settings.data_dir`, built as in production) with the fake embedder,
    support model and generator."""
    return Components(settings, embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: generator)


@pytest.fixture
def components(settings: Settings, embedder: FakeEmbedder, generator: ScriptedGenerator) -> Components:
    return fake_components(settings, embedder, generator)


@pytest.fixture
def seeded(components: Components) -> Components:
    report = components.ingestor.ingest_paths([CORPUS])
    assert report.added == 5, report.public()
    return components


@pytest.fixture
def generator() -> ScriptedGenerator:
    """Empty script: a test adds the replies it expects (`generator.replies.append(...)`)."""
    return ScriptedGenerator()


@pytest.fixture
def answering(settings: Settings, embedder: FakeEmbedder, generator: ScriptedGenerator) -> Components:
    """Seeded components with the scripted generator. The fake embedder is lexical, so English
    sentences score low against Indonesian ones: thresholds and the keyword weight are set for it
    (`FAKE_SETTINGS`), and tests phrase supported sentences with the source's names and numbers."""
    c = fake_components(settings.model_copy(update=FAKE_SETTINGS), embedder, generator)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    return c


class RealModels:
    """The real embedder, generator and support model, each loaded on first use and then shared by
    every slow test: loading them is most of the slow tier's start-up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def embedder(self) -> Embedder:
        return real_embedder(self.settings)

    @cached_property
    def generator(self) -> Generator:
        return real_generator(self.settings)

    @cached_property
    def support_model(self) -> SupportModel:
        return real_support_model(self.settings)


# The slow tier runs the baseline's engine on every CPU: README's example answer and the eval's labelled
# outputs were written by OpenVINO, and llama.cpp words some answers otherwise (the README question:
# "...in Russia near the border between Ukraine and Russia"). Which engine "auto" picks is a fast-tier
# test; test_slow_generator.py runs each engine.
SLOW_TIER_ENGINE = "openvino"


@pytest.fixture(scope="session")
def real_models() -> RealModels:
    """Slow tier: the provisioned models, loaded once per session."""
    from newsrag.provision import ModelPaths

    settings = Settings(generator=SLOW_TIER_ENGINE)
    if missing := ModelPaths(settings.models_dir).missing():
        pytest.fail(f"models missing in {settings.models_dir}: run `newsrag models fetch` (make test does): {missing}")
    return RealModels(settings)


@pytest.fixture(scope="module")
def real(real_models: RealModels, tmp_path_factory) -> Components:
    """Slow tier: components over the seeds in a store of this module's own, with the session's
    real models."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), generator=SLOW_TIER_ENGINE)
    c = Components(settings, embedder=lambda: real_models.embedder,
                   generator=lambda: real_models.generator, support=lambda: real_models.support_model)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    return c


def pytest_configure(config: pytest.Config) -> None:
    # A test's app writes no summaries in the background unless it asks to: they would take the
    # scripted generator's replies (and the real model's cores) from what the test is about.
    # tests/test_background.py turns them on.
    import os

    os.environ.setdefault("NEWSRAG_SUMMARIZE_IN_BACKGROUND", "false")
