"""Foundation figures with the real embedder: model load, seed ingest rate, search latency.

    .venv/bin/python bench/earlier/foundation.py [--out FILE]

Prints one JSON document (and writes it to --out). The full `newsrag bench` (issue 7) supersedes it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from service.components import Components, real_embedder  # noqa: E402
from service.settings import Settings, apply_offline_environment  # noqa: E402
from service.store import ChromaStore  # noqa: E402
from tests.test_slow_retrieval import QUESTIONS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    apply_offline_environment()
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), models_dir=ROOT / ".models")
    settings.chroma_path.mkdir(parents=True)
    t = time.perf_counter()
    embedder = real_embedder(settings)
    load_s = time.perf_counter() - t
    store = ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)
    c = Components(settings, store=store, embedder=lambda: embedder)
    t = time.perf_counter()
    report = c.ingestor.ingest_paths([ROOT / "corpus"])
    ingest_s = time.perf_counter() - t
    t = time.perf_counter()
    again = c.ingestor.ingest_paths([ROOT / "corpus"])
    reingest_s = time.perf_counter() - t
    c.retriever.search("warm up", k=3)
    lat = []
    for _ in range(3):
        for q, _ in QUESTIONS:
            t = time.perf_counter()
            c.retriever.search(q, k=10)
            lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    doc = {
        "embedder_load_s": round(load_s, 2),
        "ingest": {"articles": report.added, "chunks": report.sentences_embedded, "seconds": round(ingest_s, 2),
                   "chunks_per_s": round(report.sentences_embedded / ingest_s, 2)},
        "reingest_unchanged": {"unchanged": again.unchanged, "seconds": round(reingest_s, 3)},
        "vectors_in_chroma": store.count_vectors(),
        "search_ms": {"n": len(lat), "p50": round(statistics.median(lat), 1),
                      "p95": round(lat[int(0.95 * (len(lat) - 1))], 1), "max": round(lat[-1], 1)},
    }
    text = json.dumps(doc, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
