"""Answers and summaries over the seeds, generator backends side by side in one run, as JSON.

    python bench/earlier/answers.py --generators transformers llamacpp --out bench/earlier/answers-2026-11-22.json

Ingests corpus/ into a temporary store, then for every question of eval/datasets/seed_qa.jsonl and
every seed summary (cache bypassed) runs each backend in turn, so the machine's state is the same
for both, and records retrieve/generate/verify milliseconds and the output. Timings on these
machines vary up to 2x between runs: compare backends within one file, not across files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generators", nargs="+", choices=["transformers", "llamacpp", "openai"],
                        default=["transformers", "llamacpp"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "datasets" / "seed_qa.jsonl")
    parser.add_argument("--no-summaries", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N questions.")
    args = parser.parse_args()

    from service.components import Components, real_embedder, real_generator, real_store
    from service.settings import Settings, apply_offline_environment

    apply_offline_environment()
    questions = [json.loads(line) for line in args.questions.read_text().splitlines()][: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings(data_dir=Path(tmp))
        embedder, store = real_embedder(base), real_store(base)
        runs, loads = {}, {}
        for name in args.generators:
            settings = base.model_copy(update={"generator": name})
            t = time.perf_counter()
            generator = real_generator(settings)
            loads[name] = round(time.perf_counter() - t, 1)
            runs[name] = Components(settings, store=store, embedder=lambda: embedder,
                                    generator=lambda g=generator: g)
        first = runs[args.generators[0]]
        first.ingestor.ingest_paths([ROOT / "corpus"])

        rows = []
        for q in questions:
            row = {"id": q["id"], "question": q["question"], "answerable": q["answerable"]}
            for name, c in runs.items():
                t = time.perf_counter()
                doc = c.answerer.ask(q["question"]).public()
                doc.pop("evidence")
                row[name] = {"wall_ms": round((time.perf_counter() - t) * 1000), **doc}
                print(f"{name:<12} {q['id']:<12} {doc['timings']} {doc['answer'][:90]}", file=sys.stderr)
            rows.append(row)
        summaries = []
        for article in ([] if args.no_summaries else sorted(first.store.articles(), key=lambda a: a.id)):
            row = {"article_id": article.id}
            for name, c in runs.items():
                t = time.perf_counter()
                doc = c.summarizer.summarize(article, refresh=True).public()
                row[name] = {"wall_ms": round((time.perf_counter() - t) * 1000), **doc}
                print(f"{name:<12} {article.id:<22} {doc['timings']} {doc['answer'][:90]}", file=sys.stderr)
            summaries.append(row)

    def stats(items: list[dict], name: str) -> dict:
        generated = [r[name] for r in items if r[name]["timings"].get("generate_ms", 0) > 0]
        out = {"n": len(items), "n_generated": len(generated),
               "n_abstained": sum(r[name]["abstained"] for r in items),
               "n_verified_sentences": sum(s["verified"] for r in items for s in r[name]["sentences"]),
               "n_sentences": sum(len(r[name]["sentences"]) for r in items)}
        for key in ("retrieve_ms", "generate_ms", "verify_ms"):
            values = [r["timings"].get(key, 0.0) for r in generated]
            out[f"median_{key}"] = round(statistics.median(values), 1) if values else None
        out["total_wall_s"] = round(sum(r[name]["wall_ms"] for r in items) / 1000, 1)
        return out

    summary = {name: {"model": runs[name].generator.model_id, "load_s": loads[name],
                      "questions": stats(rows, name), "summaries": stats(summaries, name) if summaries else None}
               for name in runs}
    if len(runs) == 2 and rows:
        a, b = args.generators
        ga = sum(r[a]["timings"]["generate_ms"] for r in rows) + sum(r[a]["timings"]["generate_ms"] for r in summaries)
        gb = sum(r[b]["timings"]["generate_ms"] for r in rows) + sum(r[b]["timings"]["generate_ms"] for r in summaries)
        summary["generate_time_ratio"] = {f"{a}/{b}": round(ga / gb, 2) if gb else None}
    args.out.write_text(json.dumps({
        "command": "python " + " ".join(sys.argv),
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "threads": base.threads},
        "summary": summary, "questions": rows, "summaries": summaries,
    }, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(summary, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
