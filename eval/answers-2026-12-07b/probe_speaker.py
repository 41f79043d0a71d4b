"""How the speaker-as-actor veto (`verify.speaker_as_actor`, since moved to `attribution`) judges
labelled data, before any eval run uses it: the hand-labelled sentences of the committed runs (as
probe_vetoes.py finds them), the English-claim training pairs (traindata/xling_*.jsonl) and the
cross-lingual seed pairs.

    python eval/answers-2026-12-07b/probe_speaker.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newsrag.answer import attribution
from newsrag.answer.untranslated import mostly_indonesian
from newsrag.resources import shipped

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval" / "answers-2026-12-07"))
from probe_vetoes import labelled  # noqa: E402


def speaker_as_actor(claim: str, sources: list[str]) -> list[str]:
    """As `problems()` applies it: English claims only."""
    return [] if mostly_indonesian(claim) else attribution.speaker_as_actor(claim, sources)


def main() -> None:
    flagged = Counter()
    rows = labelled()
    for r in rows:
        if found := speaker_as_actor(r["text"], r["quotes"]):
            flagged["faithful" if r["faithful"] else "unfaithful"] += 1
            label = "faithful  " if r["faithful"] else "UNFAITHFUL"
            print(label, "verified" if r["verified"] else "-", r["text"], found)
    print(f"labelled sentences: {len(rows)}, flagged unfaithful {flagged['unfaithful']}, "
          f"faithful {flagged['faithful']}")

    pairs = Counter()
    for name in ("xling_contrast", "xling_indonli_train_a", "xling_indonli_train_b"):
        for line in (ROOT / "traindata" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            x = json.loads(line)
            if x.get("hypothesis_lang") == "en":
                pairs[(x["label"], bool(speaker_as_actor(x["hypothesis"], [x["premise"]])))] += 1
    print("training pairs with English claims (label, flagged):", dict(sorted(pairs.items())))

    seeds = Counter()
    for line in shipped("eval", "datasets", "checker_crosslingual.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(line)
        seeds[(x["label"], bool(speaker_as_actor(x["claim"], [x["source"]])))] += 1
    print("cross-lingual seed pairs (label, flagged):", dict(sorted(seeds.items())))


if __name__ == "__main__":
    main()
