"""The figures of this folder's README measured on training and validation pairs, not on the eval.

    python eval/answers-2026-12-06b/operating_points.py vetoes             # faithful renderings the checks veto
    python eval/answers-2026-12-06b/operating_points.py pairs > /tmp/val.jsonl
    newsrag check --jsonl /tmp/val.jsonl > /tmp/val.scored.jsonl          # checks and model, 191 pairs
    python eval/answers-2026-12-06b/operating_points.py table /tmp/val.scored.jsonl

`pairs` writes the held-out validation pairs of the product's case (English claims, Indonesian
sources): the cross-lingual ones and both contrastive sets, the candidate's included (traindata/README.md).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from newsrag.checker.data import CONTRAST_B, build_refresher

TRAINDATA = Path("traindata")
ENGLISH_CLAIMS = ["xling_indonli_train_a.jsonl", "xling_indonli_train_b.jsonl", "xling_contrast.jsonl",
                  f"candidates/{CONTRAST_B}"]


def vetoes() -> None:
    from newsrag.answer.verify import problems

    faithful = [json.loads(line) for f in ENGLISH_CLAIMS for line in open(TRAINDATA / f)]
    faithful = [r for r in faithful if r["label"] == "entailment"]
    vetoed = [r for r in faithful if problems(r["hypothesis"], [r["premise"]])]
    print(f"{len(vetoed)} of {len(faithful)} faithful English renderings vetoed by the deterministic checks")


def pairs() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for p in [*TRAINDATA.glob("*.jsonl"), TRAINDATA / "candidates" / CONTRAST_B]:
            (Path(tmp) / p.name).symlink_to(p.resolve())
        held = build_refresher(Path(tmp), seed=13).val
    for name in ("xling-val", "contrast-val", "contrast-b-val"):
        for p in held[name]:
            print(json.dumps({"id": name, "premise": p.source, "hypothesis": p.claim, "label": p.label}))


def table(scored: str) -> None:
    rows = [json.loads(line) for line in open(scored)]
    for threshold in (0.515, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        passed = [r for r in rows if not r["problems"] and r["score"] >= threshold]
        right = sum(r["label"] == "entailment" for r in passed)
        faithful = sum(r["label"] == "entailment" for r in rows)
        print(f"threshold {threshold}: precision {right / max(1, len(passed)):.3f}, "
              f"recall {right / faithful:.3f} ({right} of {faithful} faithful, {len(passed) - right} unfaithful passed)")


if __name__ == "__main__":
    {"vetoes": vetoes, "pairs": pairs, "table": lambda: table(sys.argv[2])}[sys.argv[1]]()
