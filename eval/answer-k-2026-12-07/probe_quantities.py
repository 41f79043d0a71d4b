"""How the quantity vetoes (`newsrag.answer.quantities`: a swapped fraction, a dropped bound, a change's
start stated as the amount) judge labelled data before any eval run uses them: the hand-labelled
sentences of the committed runs (as probe_vetoes.py finds them), the English-claim training pairs
(traindata/xling_*.jsonl), the cross-lingual seed pairs, and IndoNLI's news test pairs (Indonesian
claims; the vetoes read any language).

    python eval/answer-k-2026-12-07/probe_quantities.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newsrag.answer.quantities import change_end_as_size, dropped_bounds, dropped_change_ends, swapped_fractions
from newsrag.answer.verify import _numbers, _source_form
from newsrag.resources import shipped
from newsrag.text import canonical

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval" / "answers-2026-12-07"))
from probe_vetoes import labelled  # noqa: E402


def flags(claim: str, sources: list[str]) -> list[str]:
    """The rules that fire, as `verify.problems` applies them."""
    src, text = _source_form(sources), canonical(claim)
    return ((["fraction"] if swapped_fractions(text, src) else [])
            + (["bound"] if dropped_bounds(text, src, _numbers(text)) else [])
            + (["change"] if dropped_change_ends(text, src, _numbers(text)) else [])
            + (["change-end"] if change_end_as_size(text, src, _numbers(text)) else []))


def main() -> None:
    rows = labelled()
    hit = Counter()
    for r in rows:
        for name in flags(r["text"], r["quotes"]):
            hit[(name, "faithful" if r["faithful"] else "unfaithful", "verified" if r["verified"] else "rejected")] += 1
            print(f"  {name}: {'faithful  ' if r['faithful'] else 'UNFAITHFUL'}",
                  "verified" if r["verified"] else "rejected", r["text"])
    print(f"labelled sentences {len(rows)}; flagged (rule, label, verdict): {dict(sorted(hit.items()))}")

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

    # Larger training sets, counted only: IndoNLI's train split (Indonesian claims) and FactCG's
    # English claims against English news documents.
    for file, claim, source in (("nli_id_indonli_train", "hypothesis", "premise"),
                                ("faith_en_factcg_cg2c_doc", "claim", "document")):
        seen = Counter()
        for line in (ROOT / "traindata" / f"{file}.jsonl").read_text(encoding="utf-8").splitlines():
            x = json.loads(line)
            for rule in flags(x[claim], [x[source]]) or ["none"]:
                seen[(rule, x["label"])] += 1
                if rule != "none":
                    print(f"  {file} {rule} label={x['label']}: {x[claim][:160]}")
        print(f"{file} (rule, label):", dict(sorted(seen.items())))

    for name, path, claim, source in (
            ("cross-lingual seed pairs", shipped("eval", "datasets", "checker_crosslingual.jsonl"), "claim", "source"),
            *((f"IndoNLI news test pairs ({f})", ROOT / ".." / "shared" / "evaldata" / f"{f}.jsonl", "hypothesis", "premise")
              for f in ("nli_id_indonli_news_sample300", "nli_id_indonli_news_test_extra"))):
        if not path.exists():
            print(f"{name}: {path} not here")
            continue
        seen = Counter()
        for line in path.read_text(encoding="utf-8").splitlines():
            x = json.loads(line)
            for rule in flags(x[claim], [x[source]]) or ["none"]:
                seen[(rule, x["label"])] += 1
                if rule != "none":
                    print(f"  {name} {rule} label={x['label']}: {x[claim]}")
        print(f"{name} (rule, label):", dict(sorted(seen.items())))


if __name__ == "__main__":
    main()
