"""Pure scores for a binary classifier, and the choice of its threshold on validation data.

The eval (`newsrag.eval.metrics`) uses the same functions, so training and measuring agree on what
"balanced accuracy" means.
"""

from __future__ import annotations

from collections.abc import Sequence


def balanced_accuracy(labels: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the recall on positives and the recall on negatives (chance is 0.5 whatever the mix)."""
    pos = [p for y, p in zip(labels, predicted, strict=True) if y]
    neg = [p for y, p in zip(labels, predicted, strict=True) if not y]
    if not pos or not neg:
        raise ValueError("balanced accuracy needs both classes")
    return (sum(pos) / len(pos) + sum(not p for p in neg) / len(neg)) / 2


def roc_auc(labels: Sequence[bool], scores: Sequence[float]) -> float:
    """The chance a random positive scores above a random negative (ties count half)."""
    pos = sorted(s for y, s in zip(labels, scores, strict=True) if y)
    neg = sorted(s for y, s in zip(labels, scores, strict=True) if not y)
    if not pos or not neg:
        raise ValueError("ROC-AUC needs both classes")
    # Merge-count instead of all pairs: 976 x 976 pairs is fine, CoGenSumm's documents too, but the
    # training run scores every validation set at each checkpoint.
    wins, below, ties_at, j = 0.0, 0, 0, 0
    for p in pos:
        while j < len(neg) and neg[j] < p:
            j += 1
        below = j
        ties_at = 0
        k = j
        while k < len(neg) and neg[k] == p:
            ties_at += 1
            k += 1
        wins += below + 0.5 * ties_at
    return wins / (len(pos) * len(neg))


def best_threshold(sets: Sequence[tuple[Sequence[bool], Sequence[float]]]) -> tuple[float, float]:
    """The threshold that maximises the mean balanced accuracy over several validation sets, so no
    one set (or its class mix) decides alone. Returns (threshold, that mean)."""
    candidates = sorted({round(s, 3) for _, scores in sets for s in scores} | {0.5})
    best = (0.5, -1.0)
    for t in candidates:
        score = sum(balanced_accuracy(y, [s >= t for s in scores]) for y, scores in sets) / len(sets)
        if score > best[1] + 1e-12:
            best = (t, score)
    return best
