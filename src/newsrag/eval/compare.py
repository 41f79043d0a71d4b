"""What each headline metric means, which way is better, how far it may move before a run counts
as a regression, and the comparison of two runs.

Tolerances are absolute (shares move by 0.05 = 5 points) except latency, which is relative
(+50%): timings on shared 2-core machines vary that much between identical runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Metric:
    about: str
    higher_is_better: bool | None  # None: reported, never gated
    tolerance: float | None = None
    relative: bool = False


METRICS: dict[str, Metric] = {
    "accuracy": Metric("Answerable questions answered right: the gold facts in the answer and a gold sentence cited.",
                       True, 0.1),
    "exact_match": Metric("Normalised exact match of the answer with a gold span (SQuAD normalisation).", True, 0.05),
    "f1": Metric("Best token F1 of the answer against the gold spans.", True, 0.05),
    "contains": Metric("A gold span appears, normalised, inside the answer (answers are sentences, not spans).",
                       True, 0.05),
    "abstention_precision": Metric("Of the questions it declined, the share that were unanswerable.", True, 0.1),
    "abstention_recall": Metric("Of the unanswerable questions, the share it declined.", True, 0.1),
    "forbidden_rate": Metric("Answers stating a fact known to be wrong for the question (e.g. 80,000 for 8.000).",
                             False, 0.0),
    "faithfulness": Metric("Claim faithfulness (RAGAS-style): the share of sentences the model wrote that their "
                           "cited sources support, before the pipeline drops the unsupported ones. Judged by the "
                           "pipeline's own checker: not independent.", True, 0.05),
    "citation_recall": Metric("ALCE citation recall of the sentences shown: the cited passages together support "
                              "the sentence. Judged by the pipeline's own checker: not independent.", True, 0.05),
    "citation_precision": Metric("ALCE citation precision: a citation is irrelevant when it alone does not support "
                                 "the sentence and the other citations do. Judged by the pipeline's own checker: "
                                 "not independent.", True, 0.05),
    # Independent of the checker: its verdicts against hand labels of the outputs. Precision is what a
    # user relies on (a verified sentence is shown as checked), so it may not drop at all; recall may
    # lose one faithful sentence (one of seed-qa's 8 labelled faithful ones is 0.125).
    "verified_precision": Metric("Of the drafted sentences the checker verified and a hand label covers, the share "
                                 "labelled faithful (datasets/output_labels.jsonl): independent of the checker.",
                                 True, 0.0),
    "verified_recall": Metric("Of the drafted sentences labelled faithful by hand, the share the checker verified.",
                              True, 0.15),
    "verified_labelled": Metric("Verified sentences with a hand label (verified_precision's denominator).", None),
    "faithful_labelled": Metric("Sentences labelled faithful by hand (verified_recall's denominator).", None),
    "unlabelled_sentences": Metric("Drafted sentences no hand label covers (same suite, item, text and cited "
                                   "sentence ids); listed in the suite's notes: label them by hand, never guess.",
                                   None),
    "grounding_errors": Metric("Numbers, dates, weekdays, roles and names per output that the cited text lacks "
                               "(every sentence the model wrote).", False, 0.5),
    "boilerplate_leaks": Metric("Sentences shown per output that repeat text the cleaner removed "
                                "(read-also links, promos, captions).", False, 0.0),
    "output_language": Metric("Share of shown sentences detected as English.", True, 0.05),
    "abstained": Metric("Share of outputs that gave no answer or summary.", False, 0.1),
    "coverage": Metric("Share of the gold (Indonesian, extractive) summary sentences covered by a cited sentence.",
                       True, 0.1),
    "removal_precision": Metric("Share of the lines the cleaner removed that were labelled furniture (a body line "
                                "removed is story lost).", True, 0.01),
    "removal_recall": Metric("Share of the lines labelled furniture that the cleaner removed.", True, 0.05),
    "body_lines_lost": Metric("Lines labelled body that the cleaner removed.", False, 0),
    "lines": Metric("Labelled lines in the run.", None),
    "furniture_lines": Metric("Lines labelled furniture.", None),
    "removed_lines": Metric("Lines the cleaner removed.", None),
    "captions": Metric("Lines labelled caption.", None),
    "captions_kept_as_caption": Metric("Caption lines kept and marked as captions (never evidence).", None),
    "outlets": Metric("Outlets among the items.", None),
    "latency_p50_ms": Metric("Median time per item, milliseconds.", False, 0.5, relative=True),
    "latency_p95_ms": Metric("95th percentile time per item, milliseconds.", False, None),
}
for _k in (1, 5, 10):
    for _level in ("article", "sentence"):
        METRICS[f"{_level}_recall@{_k}"] = Metric(
            f"Share of questions with the gold {_level} among the top {_k} hits.", True, 0.05)
for _level in ("article", "sentence"):
    METRICS[f"{_level}_mrr"] = Metric(f"Mean reciprocal rank of the gold {_level}.", True, 0.05)

# The checker's labelled sets. Gated on the point estimates: the model is deterministic, so a run
# on the same items moves only when the checker changes. The 83 hand-written seeds are small (one
# item moves balanced accuracy by about 0.025), so they get more room.
_CHECKER_SETS = {
    "indonli_news": (("IndoNLI news (976, Indonesian), sentence level: entailment vs neutral or contradiction. "
                      "Published 2-way: XLM-R-large (392k translated MNLI) 83.3, (10k IndoNLI) 78.9, IndoBERT-large "
                      "76.4, IndoBERT-lite-base 74.3, mBERT 69.5, hypothesis-only ~58"), 0.03),
    "summac_cogensumm": (("SummaC CoGenSumm (400, English), document level: consistent vs not. Published: "
                          "SummaC-ZS 70.4"), 0.03),
    "crosslingual_seeds": (("Hand-written English claims against Indonesian seed sentences (83), sentence level; "
                            "never trained or tuned on"), 0.05),
}
for _set, (_what, _tolerance) in _CHECKER_SETS.items():
    METRICS[f"{_set}_balanced_accuracy"] = Metric(
        f"Checker's balanced accuracy at the shipped threshold on {_what}.", True, _tolerance)
    METRICS[f"{_set}_roc_auc"] = Metric(f"ROC-AUC of the checker's score on {_what}.", True, _tolerance)
    for _name in ("balanced_accuracy", "roc_auc"):
        for _end, _side in (("low", "lower"), ("high", "upper")):
            METRICS[f"{_set}_{_name}_{_end}"] = Metric(
                f"The {_side} end of the 95% percentile-bootstrap interval of {_set}_{_name} (1000 resamples of "
                "the items).", None)
    METRICS[f"{_set}_threshold"] = Metric("The threshold the verdicts used (the shipped checker's, or the "
                                          "settings' override for sentences).", None)
    METRICS[f"{_set}_n"] = Metric("Items of this set in the run.", None)


def definition(name: str) -> Metric | None:
    """A metric's definition; the per-class accuracies of the checker's sets are named after classes
    found in the data, so they share one."""
    if name in METRICS:
        return METRICS[name]
    if any(name.startswith(f"{s}_accuracy_") for s in _CHECKER_SETS):
        return Metric("Share of this class's items the checker got right (for IndoNLI the 3-way label; for the "
                      "seeds the kind of error, see datasets/checker_crosslingual.md). Small classes: a pointer to "
                      "what fails, not gated.", None)
    return None


@dataclass(frozen=True)
class Change:
    suite: str
    metric: str
    before: float
    after: float
    regressed: bool
    allowed: float | None

    def line(self) -> str:
        delta = self.after - self.before
        flag = "REGRESSED" if self.regressed else "ok"
        allowed = "" if self.allowed is None else f" (allowed {self.allowed:+.3g})"
        return f"{flag:9} {self.suite:15} {self.metric:36} {self.before:10.4g} -> {self.after:<10.4g} {delta:+.4g}{allowed}"


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every headline metric present in both runs, flagged when it moved the wrong way by more than
    its tolerance."""
    changes = []
    for suite, old in before["suites"].items():
        new = after["suites"].get(suite)
        if new is None:
            continue
        for name, was in old["metrics"].items():
            now = new["metrics"].get(name)
            if not isinstance(was, (int, float)) or not isinstance(now, (int, float)) or name == "n":
                continue
            spec = definition(name)
            allowed, regressed = None, False
            if spec and spec.higher_is_better is not None and spec.tolerance is not None:
                allowed = spec.tolerance * (abs(was) if spec.relative else 1)
                worse = (was - now) if spec.higher_is_better else (now - was)
                regressed = worse > allowed + 1e-9
                allowed = -allowed if spec.higher_is_better else allowed
            changes.append(Change(suite, name, float(was), float(now), regressed, allowed))
    return changes


def item_sets_differ(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Suites whose items differ between the runs: their aggregates are not like for like."""
    out = []
    for suite, old in before["suites"].items():
        new = after["suites"].get(suite)
        if new is not None and [i["id"] for i in old["items"]] != [i["id"] for i in new["items"]]:
            out.append(suite)
    return out
