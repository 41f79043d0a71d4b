"""The checker suite's sentence-level verdicts again, from a run's stored support scores and today's
deterministic checks (`verify.problems`): what a veto changed costs no model run to measure.

    python eval/answers-2026-12-07/recompute_checker.py eval/answers-2026-12-07/results.json

CoGenSumm is left out: its claims are checked against whole documents, not one premise.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

from newsrag.answer.verify import check_result, problems


def main(path: str) -> None:
    items = json.loads(open(path, encoding="utf-8").read())["suites"]["checker"]["items"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        if item["id"].startswith("cogensumm"):
            continue
        given, out = item["input"], item["output"]
        predicted = check_result(out["score"], problems(given["claim"], [given["source"]]), out["threshold"]).verified
        counts[item["id"].split("-")[0]][(given["label"], predicted)] += 1
        if predicted != out["predicted"]:
            print(f"changed {item['id']} label={given['label']} {out['predicted']} -> {predicted}: {given['claim'][:90]}")
    for name, c in counts.items():
        tpr = c[(True, True)] / (c[(True, True)] + c[(True, False)])
        tnr = c[(False, False)] / (c[(False, False)] + c[(False, True)])
        print(f"{name}: balanced accuracy {(tpr + tnr) / 2:.3f} (entailed kept {tpr:.3f}, others refused {tnr:.3f})")


if __name__ == "__main__":
    main(sys.argv[1])
