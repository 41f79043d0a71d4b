"""Latency of the HTTP service with the real models, measured through HTTP on loopback, as JSON.

    python bench/earlier/api.py --out bench/earlier/api-2026-11-22.json [--generator transformers] [--questions 3]

Starts the app (the same `create_app` as `newsrag serve`) with uvicorn on a free port over a
temporary store of corpus/, then measures: /v1/search (warm, 30 queries), a summary cold then
cached (20 reads), and for the first seed questions streamed through /v1/ask: time to the first
draft token, to the first verified sentence, and to the final result; then the same question
through the streamed OpenAI-compatible endpoint (time to the first content chunk).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEARCHES = ["8.000 tentara Korea Utara di Rusia", "duta besar Tiongkok untuk Korea Utara", "Lloyd Austin",
            "pelabuhan antariksa Vostochny", "Kim Jong Un limusin", "Who is the spokesperson?"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def stream_timings(client, path: str, body: dict, first_of: dict[str, str]) -> dict[str, float]:
    """Milliseconds from sending to the first line containing each label's marker, and to the end."""
    out: dict[str, float] = {}
    t = time.perf_counter()
    with client.stream("POST", path, json=body) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            for label, prefix in first_of.items():
                if label not in out and prefix in line:
                    out[label] = round((time.perf_counter() - t) * 1000, 1)
    out["total_ms"] = round((time.perf_counter() - t) * 1000, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--generator", default="transformers", choices=["transformers", "llamacpp"])
    parser.add_argument("--questions", type=int, default=3, help="First N answerable seed questions.")
    args = parser.parse_args()

    import httpx

    from service.api.app import create_app
    from service.components import build_components
    from service.settings import Settings, apply_offline_environment
    from tests.live import serve

    apply_offline_environment()
    seeds = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "seed_qa.jsonl").read_text().splitlines()]
    questions = [q for q in seeds if q["answerable"]][: args.questions]
    report: dict = {"generator": args.generator, "machine": platform.machine(), "python": platform.python_version()}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), generator=args.generator)
        components = build_components(settings)
        t = time.perf_counter()
        components.ingestor.ingest_paths([ROOT / "corpus"])
        report["ingest_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        app = create_app(settings, factory=lambda s: components)
        with serve(app) as base, httpx.Client(base_url=base, timeout=600) as client:
            report["startup_s"] = round(time.perf_counter() - t, 1)  # model loading in the lifespan
            for q in SEARCHES:  # warm-up
                client.post("/v1/search", json={"query": q})
            search = []
            for i in range(30):
                t = time.perf_counter()
                client.post("/v1/search", json={"query": SEARCHES[i % len(SEARCHES)]}).raise_for_status()
                search.append((time.perf_counter() - t) * 1000)
            report["search_ms"] = {"p50": pct(search, 0.5), "p95": pct(search, 0.95), "n": len(search)}
            print("search", report["search_ms"], flush=True)

            article = client.get("/v1/articles").json()[2]["id"]
            t = time.perf_counter()
            cold = client.get(f"/v1/articles/{article}/summary").json()
            cold_ms = (time.perf_counter() - t) * 1000
            cached = []
            for _ in range(20):
                t = time.perf_counter()
                doc = client.get(f"/v1/articles/{article}/summary").json()
                cached.append((time.perf_counter() - t) * 1000)
                assert doc["cached"] is True
            report["summary"] = {"article": article, "cold_ms": round(cold_ms, 1), "cached_p50_ms": pct(cached, 0.5),
                                 "cached_p95_ms": pct(cached, 0.95),
                                 "verified": sum(s["verified"] for s in cold["sentences"]),
                                 "sentences": len(cold["sentences"])}
            print("summary", report["summary"], flush=True)

            rows = []
            for q in questions:
                ask = stream_timings(client, "/v1/ask", {"question": q["question"], "stream": True},
                                     {"first_token_ms": "event: token", "first_sentence_ms": "event: sentence"})
                chat = stream_timings(client, "/v1/chat/completions", {
                    "model": "newsrag", "stream": True, "messages": [{"role": "user", "content": q["question"]}]},
                    {"first_content_ms": '"delta": {"content": "'})
                rows.append({"id": q["id"], "ask": ask, "chat": chat})
                print(q["id"], ask, chat, flush=True)
            report["questions"] = rows
            report["ask_first_token_ms_median"] = statistics.median(r["ask"]["first_token_ms"] for r in rows)
            report["ask_total_ms_median"] = statistics.median(r["ask"]["total_ms"] for r in rows)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
