"""Two checker artefacts on the same pipeline outputs: every hand-labelled sentence the pipeline wrote
(`output_labels.jsonl`), re-checked against the quotes it cited, the outputs held fixed.

    .venv/bin/python eval/checker-2026-12-05/rescore_labelled.py ARTEFACT_DIR RESULTS.json...

Prints, per suite family (seed, external): how many labelled sentences the artefact verifies, how
many of those are faithful (precision) and how many faithful ones it verifies (recall), the ROC-AUC
of P(supported) against the labels, and each unfaithful sentence it verifies. A label covers one
sentence with its citations, as in the eval (`suites.label_key`); one written in several runs counts once.
"""

import json
import sys
from pathlib import Path

from newsrag.answer.check import Checker, Source, premise
from newsrag.checker.calibrate import roc_auc
from newsrag.checker.model import GemmaSupportModel, Remembered
from newsrag.eval.suites import label_key, output_labels


def labelled_sentences(files: list[str], labels: dict) -> dict:
    found = {}
    for path in files:
        for suite, s in json.loads(Path(path).read_text())["suites"].items():
            for item in s.get("items", []):
                for sentence in (item.get("output") or {}).get("sentences") or []:
                    ids = [c["sentence_id"] for c in sentence.get("citations") or []]
                    key = label_key(suite, item["id"], sentence["text"], ids)
                    if key in labels and key not in found and ids:
                        found[key] = [Source(c["article_id"], c["sentence_id"], c["quote"])
                                      for c in sentence["citations"]]
    return found


def main(artefact: Path, files: list[str]) -> None:
    labels = output_labels()
    found = labelled_sentences(files, labels)
    model = Remembered(GemmaSupportModel(Path(".models/embeddinggemma-300m"), artefact))
    model.prime([(premise(sources), key[2]) for key, sources in found.items()])
    checker = Checker(model)
    families: dict[str, list] = {}
    for key, sources in found.items():
        verdict = checker.check(key[2], sources)
        families.setdefault(key[0].split("-")[0], []).append((verdict.verified, labels[key], verdict.support, key))
    print(f"{model.model_id}, threshold {checker.threshold}")
    for family, rows in families.items():
        verified = [r for r in rows if r[0]]
        right = sum(1 for r in verified if r[1])
        faithful = sum(1 for r in rows if r[1])
        print(f"{family}: {len(rows)} labelled ({faithful} faithful); verified {len(verified)}, of them faithful "
              f"{right} (precision {right / max(1, len(verified)):.3f}, recall {right / max(1, faithful):.3f}); "
              f"ROC-AUC of P(supported) {roc_auc([r[1] for r in rows], [r[2] for r in rows]):.3f}")
        for r in verified:
            if not r[1]:
                print(f"   verified, not faithful ({r[2]:.2f}) {r[3][1]}: {r[3][2][:120]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
