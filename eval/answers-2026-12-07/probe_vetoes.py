"""How the date and plan vetoes judge sentences that are already hand-labelled: every sentence of
the committed runs (eval/**/results.json) that a label covers (same text, same cited sentences,
the eval's own `label_key`), with its cited quotes, once each.

    python eval/answers-2026-12-07/probe_vetoes.py

Run before the vetoes were used by any eval run (the counts in README.md); the runs committed since
add sentences, so a later count covers more.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsrag.answer.verify import _source_form, unpaired_dates, unrealised_as_done
from newsrag.eval.suites import label_key, output_labels

ROOT = Path(__file__).resolve().parents[2]


def labelled() -> list[dict]:
    labels = output_labels()
    rows = {}
    for path in sorted(ROOT.glob("eval/**/results.json")):
        for suite, s in json.loads(path.read_text(encoding="utf-8"))["suites"].items():
            for item in s.get("items", []):
                out = item.get("output")
                for x in out.get("sentences", []) if isinstance(out, dict) else []:
                    key = label_key(suite, item["id"], x["text"], [c["sentence_id"] for c in x.get("citations", [])])
                    if key in labels:
                        rows[key] = {"text": x["text"], "verified": x.get("verified"), "faithful": labels[key],
                                     "quotes": [c["quote"] for c in x.get("citations", [])]}
    return list(rows.values())


def main() -> None:
    rows = labelled()
    flagged = {"unfaithful": 0, "unfaithful verified": 0, "faithful": 0}
    for r in rows:
        found = unpaired_dates(r["text"], _source_form(r["quotes"])) + unrealised_as_done(r["text"], r["quotes"])
        if found:
            kind = "faithful" if r["faithful"] else "unfaithful"
            flagged[kind] += 1
            flagged["unfaithful verified"] += bool(not r["faithful"] and r["verified"])
            print(f"{kind:10} {'verified' if r['verified'] else 'rejected'}: {r['text'][:100]} {found}")
    print(f"{len(rows)} labelled sentences; flagged: {flagged}")


if __name__ == "__main__":
    main()
