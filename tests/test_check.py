"""Checker: source vectors are embedded once, and the cached scores equal fresh ones."""

from __future__ import annotations

import numpy as np

from service.answer.check import Checker, Source

from .fakes import FakeEmbedder


class Counting(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_similarity(self, texts):
        self.embedded.extend(texts)
        return super().embed_similarity(texts)


SOURCES = [Source("a", "a:1", "AS mengatakan 8.000 tentara Korea Utara berada di Rusia."),
           Source("a", "a:2", "Putin bertemu Kim Jong Un di bandar antariksa.")]


def test_sources_are_embedded_once_and_scores_do_not_change():
    embedder = Counting()
    checker = Checker(embedder)
    first = checker.similarities(["The US says 8,000 soldiers are in Russia."], SOURCES)
    second = checker.similarities(["Putin met Kim at a spaceport.", "The US says 8,000 soldiers are in Russia."],
                                  list(reversed(SOURCES)))
    assert embedder.embedded.count(SOURCES[0].text) == 1 and embedder.embedded.count(SOURCES[1].text) == 1
    fresh = Checker(FakeEmbedder()).similarities(["The US says 8,000 soldiers are in Russia."], list(reversed(SOURCES)))
    np.testing.assert_allclose(second[1], fresh[0], rtol=1e-6)
    np.testing.assert_allclose(second[1], first[0][::-1], rtol=1e-6)


def test_the_cache_is_bounded():
    checker = Checker(FakeEmbedder())
    checker.CACHE_SIZE = 3
    for i in range(10):
        checker.similarities(["x y z"], [Source("a", f"a:{i}", f"kalimat nomor {i}")])
    assert len(checker._sources) == 3
