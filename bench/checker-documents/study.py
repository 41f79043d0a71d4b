"""How `checker.documents` should cut a document into passages, chosen on factcg-val only.

FactCG's held-out tenth (206 English claims against news paragraphs, the split `build_mixture`
holds out with seed 13) is scored with the committed checker for every passage size (1, 2, 3
sentences), number of passages per claim sentence (the 1-8 sharing most words with it), and score
(P(entailment), or P(entailment) - P(contradiction) as SummaC-ZS does). The eval's CoGenSumm is
never read here. FactCG claims are single sentences, so the aggregation over a claim's sentences (min
or mean) cannot be chosen on this set; `documents.py` keeps min.

    .venv/bin/python bench/checker-documents/study.py > bench/checker-documents/results-<date>.txt

Each output line: (balanced accuracy at the best threshold, ROC-AUC, sentences per passage,
passages per claim sentence, score, aggregation, threshold); best ROC-AUC first. 6 minutes on 2 cores.
"""

import itertools
import sys
import time
from pathlib import Path

import numpy as np

from newsrag.checker.calibrate import best_threshold, roc_auc
from newsrag.checker.data import build_mixture
from newsrag.checker.documents import closest, passages
from newsrag.checker.model import GemmaSupportModel
from newsrag.ingest.sentences import split_sentences

WINDOWS = (1, 2, 3)
KS = (1, 2, 3, 5, 8)


def main() -> None:
    val = build_mixture(Path("traindata"), seed=13).val["factcg-val"]
    model = GemmaSupportModel(Path(".models/embeddinggemma-300m"))
    plan, pairs = [], {(p.source, p.claim) for p in val}
    for p in val:
        row, found = [], {w: passages(p.source, w) for w in WINDOWS}
        for s in split_sentences(p.claim) or [p.claim]:
            # the k passages `documents.closest` picks: the ones sharing most words with the sentence
            per = {(w, k): closest(s, found[w], k) for w in WINDOWS for k in KS}
            pairs.update((x, s) for chosen in per.values() for x in chosen)
            row.append((s, per))
        plan.append(row)
    pairs = sorted(pairs)
    started = time.time()
    probs = dict(zip(pairs, model.probabilities(pairs), strict=True))
    print(f"scored {len(pairs)} pairs in {time.time() - started:.0f} s", file=sys.stderr)

    labels = [p.supported for p in val]
    results = []
    for w, k, score, agg in itertools.product(WINDOWS, KS, ("ent", "ent-con"), ("min", "mean")):
        f = (lambda r: r[0]) if score == "ent" else (lambda r: r[0] - r[2])
        scores = []
        for row in plan:
            per_sentence = [max(f(probs[(x, s)]) for x in per[(w, k)]) for s, per in row]
            scores.append(min(per_sentence) if agg == "min" else float(np.mean(per_sentence)))
        threshold, ba = best_threshold([(labels, scores)])
        results.append((round(float(ba), 4), round(roc_auc(labels, scores), 4), w, k, score, agg,
                        round(float(threshold), 3)))
    whole = [float(probs[(p.source, p.claim)][0]) for p in val]
    threshold, ba = best_threshold([(labels, whole)])
    results.append((round(float(ba), 4), round(roc_auc(labels, whole), 4), "whole", "-", "ent", "-",
                    round(float(threshold), 3)))
    for r in sorted(results, key=lambda r: -r[1]):
        print(r)


if __name__ == "__main__":
    main()
