"""How the reported-as-reporter veto (`attribution.reported_as_reporter`) judges labelled data before
any eval run uses it: the hand-labelled sentences of the committed runs (as
../answers-2026-12-07/probe_vetoes.py finds them), the English-claim training pairs
(traindata/xling_*.jsonl) and the cross-lingual seed pairs.

    python eval/vetoes-2026-12-07/probe_reported.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from newsrag.answer.attribution import reported_as_reporter
from newsrag.resources import shipped

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval" / "answers-2026-12-07"))
from probe_vetoes import labelled  # noqa: E402


def main() -> None:
    rows = labelled()
    hit, chance = Counter(), 0
    for r in rows:
        chance += any("dilaporkan" in q for q in r["quotes"])
        if reported_as_reporter(r["text"], r["quotes"]):
            hit[("faithful" if r["faithful"] else "unfaithful", "verified" if r["verified"] else "rejected")] += 1
            print(f"  {'faithful  ' if r['faithful'] else 'UNFAITHFUL'}", "verified" if r["verified"] else "rejected",
                  r["text"])
    print(f"labelled sentences {len(rows)}, {chance} citing a 'dilaporkan'; flagged (label, verdict): {dict(hit)}")

    for name, files, claim, source, english in (
            ("training pairs with English claims", [ROOT / "traindata" / f"{f}.jsonl" for f in
                                                    ("xling_contrast", "xling_indonli_train_a",
                                                     "xling_indonli_train_b")], "hypothesis", "premise", True),
            ("cross-lingual seed pairs", [shipped("eval", "datasets", "checker_crosslingual.jsonl")], "claim",
             "source", False)):
        seen, chance = Counter(), 0
        for path in files:
            for line in path.read_text(encoding="utf-8").splitlines():
                x = json.loads(line)
                if english and x.get("hypothesis_lang") != "en":
                    continue
                chance += bool(re.search(r"\bdilaporkan\b", x[source]))
                flagged = bool(reported_as_reporter(x[claim], [x[source]]))
                seen[(flagged, x["label"])] += 1
                if flagged:
                    print(f"  {name} label={x['label']}: {x[claim]}")
        print(f"{name}, {chance} with a 'dilaporkan' source; (flagged, label):", dict(sorted(seen.items(), key=str)))


if __name__ == "__main__":
    main()
