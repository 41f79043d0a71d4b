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
                           "cited sources support, before the pipeline drops the unsupported ones.", True, 0.05),
    "citation_recall": Metric("ALCE citation recall of the sentences shown: the cited passages together support "
                              "the sentence (judged by the project's checker).", True, 0.05),
    "citation_precision": Metric("ALCE citation precision: a citation is irrelevant when it alone does not support "
                                 "the sentence and the other citations do.", True, 0.05),
    "grounding_errors": Metric("Numbers, dates, weekdays, roles and names per output that the cited text lacks "
                               "(every sentence the model wrote).", False, 0.5),
    "boilerplate_leaks": Metric("Sentences shown per output that repeat text the cleaner removed "
                                "(read-also links, promos, captions).", False, 0.0),
    "output_language": Metric("Share of shown sentences detected as English.", True, 0.05),
    "abstained": Metric("Share of outputs that gave no answer or summary.", False, 0.1),
    "coverage": Metric("Share of the gold (Indonesian, extractive) summary sentences covered by a cited sentence.",
                       True, 0.1),
    "latency_p50_ms": Metric("Median time per item, milliseconds.", False, 0.5, relative=True),
    "latency_p95_ms": Metric("95th percentile time per item, milliseconds.", False, None),
    "summac_cogensumm_balanced_accuracy": Metric("Checker on SummaC CoGenSumm: mean of recall on consistent and on "
                                                 "inconsistent summaries.", True, 0.03),
    "summac_cogensumm_roc_auc": Metric("Checker score on SummaC CoGenSumm: ROC-AUC.", True, 0.03),
    "indonli_news_balanced_accuracy": Metric("Checker on IndoNLI news: entailment vs neutral or contradiction.",
                                             True, 0.03),
    "indonli_news_roc_auc": Metric("Checker score on IndoNLI news: ROC-AUC.", True, 0.03),
}
for _k in (1, 5, 10):
    for _level in ("article", "sentence"):
        METRICS[f"{_level}_recall@{_k}"] = Metric(
            f"Share of questions with the gold {_level} among the top {_k} hits.", True, 0.05)
for _level in ("article", "sentence"):
    METRICS[f"{_level}_mrr"] = Metric(f"Mean reciprocal rank of the gold {_level}.", True, 0.05)


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
            spec = METRICS.get(name)
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
