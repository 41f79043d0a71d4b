"""The claim checker's cost per checked sentence, as answers pay it.

An answer checks each sentence as the model finishes it, between decoding steps, so the check adds
to the answer's latency directly: the issue's budget is 0.5 s a sentence on 2 cores. Two figures:
- `check`: one sentence against the one source it cites (the common case);
- `recite`: a sentence that fails, then `best_alternative` over the other five evidence sentences
  (the worst case: every one that passes the deterministic checks goes to the model in one batch).
Claims and sources are the hand-written cross-lingual seed pairs of the eval.
"""

from __future__ import annotations

import time
from typing import Any

from newsrag.jsonl import read_jsonl
from newsrag.resources import shipped

from .stats import latency


def measure(checker: Any, n: int = 40) -> dict:
    from newsrag.answer.check import Source

    rows = read_jsonl(shipped("eval", "datasets", "checker_crosslingual.jsonl"))[:n]
    sources = [Source(r["article_id"], r["id"], r["source"]) for r in rows]
    checker.check(rows[0]["claim"], [sources[0]])  # warm-up: first call pays for lazy setup
    single, recite = [], []
    for i, r in enumerate(rows):
        t = time.perf_counter()
        checker.check(r["claim"], [sources[i]])
        single.append(time.perf_counter() - t)
        evidence = [sources[(i + k) % len(sources)] for k in range(6)]
        t = time.perf_counter()
        checker.check(r["claim"], [evidence[1]])
        checker.best_alternative(r["claim"], [[e] for j, e in enumerate(evidence) if j != 1])
        recite.append(time.perf_counter() - t)
    return {"model": checker.model_id, "sentences": len(rows), "check": latency(single), "recite": latency(recite)}
