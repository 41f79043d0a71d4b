"""Eval metrics as pure functions: plain inputs in, a number out. The suites do the model work
(generating, checking); everything here is arithmetic that the unit tests pin down on hand-made cases.

A metric returns None where it is undefined (no sentences to check, no abstentions to score), so
an aggregate never counts "nothing to measure" as a perfect or a zero score.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

# Imported rather than copied, so that the eval cannot disagree with the checker's training (which
# picks its threshold with balanced_accuracy) or with the bench (percentiles) on what a number means.
from newsrag.bench.stats import percentile
from newsrag.checker.calibrate import balanced_accuracy, roc_auc  # noqa: F401  (re-exported)

CitationCheck = Callable[[str, Sequence[str]], bool]  # (sentence, cited passages) -> verified?


# -- answer accuracy (SQuAD-style, as TyDi QA and IDK-MRC report it) ---------------------------
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    """Lowercase, drop punctuation and English articles, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation) | {"“", "”", "‘", "’"})
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(g) for g in golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Best token-overlap F1 against any gold answer."""
    best = 0.0
    pred = normalize_answer(prediction).split()
    for gold in golds:
        ref = normalize_answer(gold).split()
        common = sum((Counter(pred) & Counter(ref)).values())
        if common:
            p, r = common / len(pred), common / len(ref)
            best = max(best, 2 * p * r / (p + r))
    return best


def contains_answer(prediction: str, golds: Sequence[str]) -> float:
    """A gold answer appears, normalised, inside the prediction: our answers are sentences, not
    spans, so exact match undercounts right answers; this is the lenient companion."""
    pred = f" {normalize_answer(prediction)} "
    return float(any(f" {normalize_answer(g)} " in pred for g in golds if normalize_answer(g)))


# -- faithfulness and citations ------------------------------------------------------------------
def claim_faithfulness(supported: Sequence[bool]) -> float | None:
    """RAGAS-style: the share of output sentences that their cited sources support."""
    return sum(supported) / len(supported) if supported else None


def citation_recall(sentence: str, cited: Sequence[str], check: CitationCheck) -> float:
    """ALCE: 1 when the cited passages together support the sentence, else 0."""
    return float(bool(cited) and check(sentence, cited))


def citation_precision(sentence: str, cited: Sequence[str], check: CitationCheck) -> tuple[int, int]:
    """ALCE: (relevant citations, citations). A citation is irrelevant when it alone does not
    support the sentence and the other citations still do; when the whole set does not support the
    sentence (recall 0), every citation counts as irrelevant."""
    if not cited:
        return 0, 0
    if not check(sentence, cited):
        return 0, len(cited)
    irrelevant = 0
    for i, passage in enumerate(cited):
        rest = [p for j, p in enumerate(cited) if j != i]
        if not check(sentence, [passage]) and rest and check(sentence, rest):
            irrelevant += 1
    return len(cited) - irrelevant, len(cited)


def citation_scores(sentences: Sequence[tuple[str, Sequence[str]]], check: CitationCheck) -> dict[str, float | None]:
    """Citation recall (mean over sentences) and precision (relevant over all citations)."""
    if not sentences:
        return {"citation_recall": None, "citation_precision": None}
    recall = [citation_recall(s, cited, check) for s, cited in sentences]
    relevant = total = 0
    for s, cited in sentences:
        r, t = citation_precision(s, cited, check)
        relevant, total = relevant + r, total + t
    return {"citation_recall": sum(recall) / len(recall),
            "citation_precision": relevant / total if total else None}


# -- abstention -------------------------------------------------------------------------------------
def abstention_scores(answerable: Sequence[bool], abstained: Sequence[bool]) -> dict[str, float | None]:
    """Abstaining is the positive class: precision = share of abstentions that were on unanswerable
    questions; recall = share of unanswerable questions abstained on."""
    pairs = list(zip(answerable, abstained, strict=True))
    right = sum(1 for a, x in pairs if x and not a)
    said = sum(1 for _, x in pairs if x)
    should = sum(1 for a, _ in pairs if not a)
    return {"abstention_precision": right / said if said else None,
            "abstention_recall": right / should if should else None}


# -- classifier quality of the checker -----------------------------------------------------------
# balanced_accuracy and roc_auc: imported from newsrag.checker.calibrate (top of this file).


def bootstrap_interval(metric: Callable[[Sequence[bool], Sequence], float], labels: Sequence[bool],
                       scores: Sequence, *, n: int = 1000, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of `metric(labels, scores)`: resample items (label and score
    together, both classes from one pool, so the class mix varies as it would in another sample),
    recompute, and take the middle `level` of the values. A resample holding one class only has no
    balanced accuracy or ROC-AUC and is skipped. Seeded, so a run's interval is reproducible."""
    items = list(zip(labels, scores, strict=True))
    rng = random.Random(seed)
    values = []
    for _ in range(n):
        sample = rng.choices(items, k=len(items))
        ys = [y for y, _ in sample]
        if any(ys) and not all(ys):
            values.append(metric(ys, [s for _, s in sample]))
    if not values:
        raise ValueError("no resample held both classes")
    tail = (1 - level) / 2
    return percentile(values, 100 * tail), percentile(values, 100 * (1 - tail))


# -- the checker's verdicts against hand labels -------------------------------------------------------
def verified_scores(pairs: Sequence[tuple[bool, bool | None]]) -> dict[str, float | int | None]:
    """(verified by the checker, hand label: faithful, or None when unlabelled) per output sentence.
    Precision: share of verified sentences labelled faithful (what a user is shown and can trust);
    recall: share of faithful-labelled sentences that were verified (good sentences kept).
    Unlabelled sentences are counted, never guessed."""
    labelled = [(v, f) for v, f in pairs if f is not None]
    verified = [f for v, f in labelled if v]
    faithful = [v for v, f in labelled if f]
    return {"verified_precision": sum(verified) / len(verified) if verified else None,
            "verified_recall": sum(faithful) / len(faithful) if faithful else None,
            "verified_labelled": len(verified), "faithful_labelled": len(faithful),
            "unlabelled_sentences": len(pairs) - len(labelled)}


# -- retrieval --------------------------------------------------------------------------------------
def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of queries whose first relevant hit is at rank <= k (ranks start at 1; None: not found)."""
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr(ranks: Sequence[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks)


# -- output hygiene ---------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def overlap(a: str, b: str) -> float:
    """Share of b's tokens that a contains (multiset containment)."""
    tb = Counter(_tokens(b))
    return sum((Counter(_tokens(a)) & tb).values()) / sum(tb.values()) if tb else 0.0


def boilerplate_leaks(sentences: Sequence[str], removed: Sequence[str], threshold: float = 0.6) -> int:
    """Output sentences that reproduce text the cleaner removed (read-also links, promos, captions):
    most of a removed line's words (at least 3) reappear in the sentence."""
    lines = [r for r in removed if len(_tokens(r)) >= 3]
    return sum(1 for s in sentences if any(overlap(s, r) >= threshold for r in lines))


def language_share(sentences: Sequence[str], detect: Callable[[str], str], language: str = "en") -> float | None:
    """Share of sentences detected as `language` (too short to tell counts as a match)."""
    if not sentences:
        return None
    return sum(1 for s in sentences if detect(s) in (language, "und")) / len(sentences)


def coverage(cited: Sequence[str], reference: Sequence[str], threshold: float = 0.5) -> float | None:
    """Share of reference sentences that some cited source sentence covers (token containment),
    language-independent because citations point at the source-language sentences."""
    if not reference:
        return None
    return sum(1 for r in reference if any(overlap(c, r) >= threshold for c in cited)) / len(reference)


def mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
