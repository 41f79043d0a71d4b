"""How the attribution vetoes (`newsrag.answer.attribution`: speaker as actor, companion as speaker,
role on another name) judge labelled data before any eval run uses them: the hand-labelled sentences
of the committed runs (as probe_vetoes.py finds them), the English-claim training pairs
(traindata/xling_*.jsonl) and the cross-lingual seed pairs.

    python eval/answers-2026-12-07c/probe_attribution.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newsrag.answer.attribution import companion_as_speaker, role_on_other_name, speaker_as_actor
from newsrag.answer.untranslated import mostly_indonesian
from newsrag.resources import shipped

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval" / "answers-2026-12-07"))
from probe_vetoes import labelled  # noqa: E402

RULES = {"speaker_as_actor": speaker_as_actor, "companion_as_speaker": companion_as_speaker,
         "role_on_other_name": role_on_other_name}


def flags(claim: str, sources: list[str]) -> list[str]:
    """The rules that fire, as `attribution_problems` applies them (English claims only)."""
    if mostly_indonesian(claim):
        return []
    return [name for name, rule in RULES.items() if rule(claim, sources)]


def main() -> None:
    rows = labelled()
    for name in RULES:
        hit = Counter()
        for r in rows:
            if name in flags(r["text"], r["quotes"]):
                hit["faithful" if r["faithful"] else "unfaithful"] += 1
                label = "faithful  " if r["faithful"] else "UNFAITHFUL"
                print(f"  {name}: {label}", "verified" if r["verified"] else "-", r["text"])
        print(f"{name}: labelled sentences {len(rows)}, flagged unfaithful {hit['unfaithful']}, "
              f"faithful {hit['faithful']}")

    pairs = Counter()
    for file in ("xling_contrast", "xling_indonli_train_a", "xling_indonli_train_b"):
        for line in (ROOT / "traindata" / f"{file}.jsonl").read_text(encoding="utf-8").splitlines():
            x = json.loads(line)
            if x.get("hypothesis_lang") == "en":
                for name in flags(x["hypothesis"], [x["premise"]]) or ["none"]:
                    pairs[(name, x["label"])] += 1
                    if name != "none":
                        print(f"  pair {name} label={x['label']}: {x['hypothesis']}")
    print("training pairs with English claims (rule, label):", dict(sorted(pairs.items())))

    seeds = Counter()
    for line in shipped("eval", "datasets", "checker_crosslingual.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(line)
        for name in flags(x["claim"], [x["source"]]) or ["none"]:
            seeds[(name, x["label"])] += 1
    print("cross-lingual seed pairs (rule, label):", dict(sorted(seeds.items())))


if __name__ == "__main__":
    main()
