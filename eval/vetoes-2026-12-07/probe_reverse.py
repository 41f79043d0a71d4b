"""The reverse direction as a translation check, looked at only: does P(source | claim) separate the
faithful from the unfaithful verified summary sentences of the committed runs? A summary sentence
renders one source sentence, so a faithful one might be expected to imply its source too. No
threshold is chosen here: these are eval labels.

    python eval/vetoes-2026-12-07/probe_reverse.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from newsrag.checker.model import support
from newsrag.components import real_support_model
from newsrag.eval.suites import label_key, output_labels
from newsrag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def verified_labelled_summary_sentences() -> list[tuple[str, str, bool]]:
    """(sentence, its cited sources joined, faithful) once per labelled key."""
    labels, rows = output_labels(), {}
    for path in sorted(ROOT.glob("eval/**/results.json")):
        for suite, s in json.loads(path.read_text(encoding="utf-8"))["suites"].items():
            if not suite.endswith("summaries"):
                continue
            for item in s.get("items", []):
                for x in (item.get("output") or {}).get("sentences", []):
                    key = label_key(suite, item["id"], x["text"], [c["sentence_id"] for c in x["citations"]])
                    if key in labels and x.get("verified"):
                        rows[key] = (x["text"], " ".join(c["quote"] for c in x["citations"]), labels[key])
    return list(rows.values())


def main() -> None:
    rows = verified_labelled_summary_sentences()
    with tempfile.TemporaryDirectory() as d:
        model = real_support_model(Settings(data_dir=Path(d)))
    forward = support(model, [(source, claim) for claim, source, _ in rows])
    reverse = support(model, [(claim, source) for claim, source, _ in rows])
    for r, f, (claim, _, faithful) in sorted(zip(reverse, forward, rows, strict=True), key=lambda x: x[0]):
        print(f"reverse {float(r):.2f} forward {float(f):.2f} {'faithful  ' if faithful else 'UNFAITHFUL'} {claim}")
    labels = [faithful for _, _, faithful in rows]
    print(f"{len(rows)} verified labelled summary sentences ({sum(labels)} faithful); ROC-AUC for faithful: "
          f"reverse {auc(reverse, labels):.3f}, forward {auc(forward, labels):.3f}")


def auc(scores, labels: list[bool]) -> float:
    """The chance that a faithful sentence scores above an unfaithful one (ties count half)."""
    pos = [float(s) for s, y in zip(scores, labels, strict=True) if y]
    neg = [float(s) for s, y in zip(scores, labels, strict=True) if not y]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


if __name__ == "__main__":
    main()
