"""Hybrid search latency at 1k, 10k and 100k sentences of synthetic multilingual text.

Embedding 100k sentences with the real embedder would take about 3 hours on 2 cores, so the
synthetic corpus gets random unit vectors and is bulk-written into the real store (Chroma, through
the same llama-index nodes as ingestion). What is timed is `HybridRetriever.search` as the service
calls it (BM25 over every sentence, Chroma's HNSW, rank fusion), given the query's vector: the real
embedder's query time, which does not depend on corpus size, is measured and reported apart.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsrag.ingest.article import Article, Sentence, content_hash
from newsrag.ingest.nodes import sentence_nodes
from newsrag.retrieve.hybrid import HybridRetriever
from newsrag.store import ChromaStore

from .stats import latency

SENTENCES_PER_ARTICLE = 20
# Indonesian and English news words, so BM25 sees both languages' term statistics.
WORDS = ("pemerintah presiden menteri tentara perbatasan ekonomi harga beras banjir warga kota desa "
         "sekolah rumah sakit jalan tol pelabuhan kapal pesawat bandara pemilu partai suara hakim "
         "pengadilan polisi laporan bank inflasi rupiah ekspor impor pabrik petani nelayan hujan gempa "
         "government president minister soldiers border economy price rice flood residents city village "
         "school hospital toll road port ship airport election party court police report inflation export "
         "Jakarta Surabaya Medan Bandung Makassar Papua Bali Rusia Ukraina China Korea Amerika Jepang").split()


class GivenVectors:
    """An embedder whose query vectors are given: the search is timed without the model."""

    model_id = "bench-given-vectors"

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.next: np.ndarray | None = None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        assert self.next is not None and len(texts) == 1
        return self.next[None, :]

    def embed_documents(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        raise NotImplementedError("the synthetic corpus is written with its own vectors")


def unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def sentence(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 16))).capitalize() + "."


def fill(store: ChromaStore, start: int, stop: int, dim: int, seed: int = 0) -> None:
    """Articles start..stop-1 of the synthetic corpus, written in bulk (records, then nodes)."""
    rnd, rng = random.Random(seed + start), np.random.default_rng(seed + start)
    nodes, records = [], []
    for i in range(start, stop):
        aid = f"syn{i:06d}"
        texts = [sentence(rnd) for _ in range(SENTENCES_PER_ARTICLE)]
        art = Article(id=aid, title=None, outlet=rnd.choice(["Kompas", "Tempo", "VOA", "Antara"]), place=None,
                      published=f"20{rnd.randint(10, 24)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                      language="id", url=None,
                      sentences=[Sentence(f"{aid}:{n}", t, "body") for n, t in enumerate(texts, start=1)],
                      removed=[], content_hash=content_hash(" ".join(texts)), cluster=aid)
        art.embedder = GivenVectors.model_id
        records.append(art)
        nodes.extend(sentence_nodes(art, unit(rng, len(texts), dim), 0))
    for b in range(0, len(nodes), 5000):
        store._vectors.add(nodes[b:b + 5000])
    for b in range(0, len(records), 1000):
        chunk = records[b:b + 1000]
        store._records.upsert(ids=[a.id for a in chunk], documents=[a.to_json() for a in chunk],
                              embeddings=[[1.0]] * len(chunk),
                              metadatas=[{"content_hash": a.content_hash, "cluster": a.id} for a in chunk])


def measure(path: Path, sizes: Sequence[int], *, keyword_weight: float, dim: int = 768, queries: int = 100,
            progress=lambda msg: None) -> list[dict]:
    store = ChromaStore.connect(path=str(path), prefix="bench")
    given = GivenVectors(dim)
    rng, rnd = np.random.default_rng(1), random.Random(1)
    out, articles = [], 0
    for size in sizes:
        target = size // SENTENCES_PER_ARTICLE
        t = time.perf_counter()
        fill(store, articles, target, dim)
        articles = target
        load_s = time.perf_counter() - t
        # one snapshot, as in serving
        retriever = HybridRetriever(store, given, keyword_weight=keyword_weight, refresh_seconds=3600)
        t = time.perf_counter()
        retriever.snapshot()
        index_s = time.perf_counter() - t
        qs = [(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 9))), v) for v in unit(rng, queries + 5, dim)]
        times = []
        for n, (text, vector) in enumerate(qs):
            given.next = vector
            t = time.perf_counter()
            hits = retriever.search(text, k=10)
            if n >= 5:  # the first few warm caches
                times.append(time.perf_counter() - t)
            assert hits, "a synthetic query found nothing"
        out.append({"sentences": store.count_vectors(), "load_s": round(load_s, 1),
                    "keyword_index_s": round(index_s, 2), "search": latency(times)})
        progress(f"search at {size}: p95 {out[-1]['search']['p95_ms']} ms")
    return out
