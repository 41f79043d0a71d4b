"""Verification of drafted sentences against the sources they cite, shared by answers, summaries,
`newsrag check`, `POST /v1/check` and the eval.

`Checker.check(sentence, sources) -> CheckResult` is the one call. A sentence is verified when
1. the deterministic checks of `verify.problems` find nothing unbacked (every number, date, weekday,
   role and name of the sentence appears in the cited text): vetoes that a learned model can miss
   ("80,000 soldiers" against "8.000 tentara"); and
2. the support model (`newsrag.checker`), reading all cited sentences together as one premise,
   gives P(supported) at least the threshold chosen on validation data.
`support` is that probability.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..checker.model import SupportModel, support
from .evidence import as_evidence
from .result import Citation
from .untranslated import mostly_indonesian
from .verify import CheckResult, check_result, problems

MIN_WORDS = 3
_WORDS = re.compile(r"\w+")
# What is left of a sentence that was only a list of citations ("This can be seen in [1], [2], and [3]."
# with its markers taken out) or was cut off ("... are mentioned and."): two commas with nothing
# between, or a last word that joins to nothing. The support model verified both of these in
# external-qa (eval/vetoes-2026-12-07/keyword-weight); of 449 labelled sentences the rule flags 6,
# all unfaithful.
_UNFINISHED = re.compile(r",\s*,|\b(?:and|or|but|nor|the|an)\s*[.!?]*\s*$", re.IGNORECASE)
# A sentence about the evidence rather than the news: "This information can be found." The support
# model verified it (P 0.56) against the hepatitis sentence the model had named (external-qa
# hep-deaths, eval/readings-2026-12-08/picked). Of the 2,091 distinct sentences in the committed runs
# (answers, summaries, checker sets), it matches that one and "This information is provided." only.
_ABOUT_THE_EVIDENCE = re.compile(
    r"^\W*(?:this|that|it|such|the)\s+(?:(?:information|evidence|answer|data|fact)\s+)?(?:can|could|is|was|may|has)\s+"
    r"(?:be(?:en)?\s+)?(?:found|seen|shown|confirmed|stated|mentioned|given|provided|verified|read)"
    r"(?:\s+(?:here|there|above|below|in (?:the )?(?:evidence|articles?|text|sources?)(?: sentences?)?))?\W*$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One source sentence: what the model is shown (`shown`) and what a sentence citing it is
    checked against (`text`) come from this one object, so the two cannot drift apart."""

    article_id: str
    sentence_id: str
    text: str

    @property
    def shown(self) -> str:
        return as_evidence(self.text)

    def cite(self, support: float) -> Citation:
        return Citation(self.article_id, self.sentence_id, self.text, support)


def premise(sources: Sequence[Source]) -> str:
    """Several citations are checked together, in the order given, as one premise."""
    return " ".join(s.text for s in sources)


def not_a_statement(sentence: str) -> str | None:
    """Why `sentence` says nothing checkable, or None."""
    if len(_WORDS.findall(sentence)) < MIN_WORDS:
        return f"fewer than {MIN_WORDS} words"  # "8,000" or "HACKED" can match a source and say nothing
    if _UNFINISHED.search(sentence):
        return "unfinished: a list of citations without its numbers, or a sentence cut off"
    if _ABOUT_THE_EVIDENCE.search(sentence):
        return "it talks about the evidence, not about the news"
    return None


class Checker:
    def __init__(self, model: SupportModel, threshold: float | None = None) -> None:
        self.model = model
        self.override = threshold  # one threshold for every claim, from the settings; None: the model's

    @property
    def model_id(self) -> str:
        return self.model.model_id

    @property
    def threshold(self) -> float:
        """The threshold for English claims, the product's own."""
        return self.model.threshold if self.override is None else self.override

    @property
    def indonesian_threshold(self) -> float:
        return self.model.indonesian_threshold if self.override is None else self.override

    def threshold_for(self, claim: str) -> float:
        """The model's scores sit lower for Indonesian claims than for English ones with the same
        evidence, so each language has its threshold, both chosen on validation pairs of that
        language (the checker's manifest)."""
        return self.indonesian_threshold if mostly_indonesian(claim) else self.threshold

    def check(self, sentence: str, sources: Sequence[Source]) -> CheckResult:
        return self.check_each(sentence, [list(sources)])[0]

    def check_each(self, sentence: str, candidates: Sequence[Sequence[Source]]) -> list[CheckResult]:
        """One result per candidate premise (a list of sources), with one call to the model."""
        if reason := not_a_statement(sentence):
            return [CheckResult(False, 0.0, (f"not a statement ({reason})",)) for _ in candidates]
        scored = [i for i, c in enumerate(candidates) if c]
        scores = support(self.model, [(premise(candidates[i]), sentence) for i in scored])
        p = dict(zip(scored, (float(x) for x in scores), strict=True))
        threshold = self.threshold_for(sentence)
        return [check_result(p[i], problems(sentence, [s.text for s in c]), threshold) if c
                else CheckResult(False, 0.0, ("no citation",)) for i, c in enumerate(candidates)]

    def best_alternative(self, sentence: str,
                         candidates: Sequence[Sequence[Source]]) -> tuple[int, CheckResult] | None:
        """The candidate premise (one source, or adjacent ones) that does support `sentence`, when
        the cited one does not: the model often cites the neighbour of the right sentence, or one of
        two sentences that only together say what it wrote. Only candidates that pass the
        deterministic checks go to the model, all in one batch; the most supported one wins (the
        earlier on a tie). Returns its index in `candidates`."""
        open_ = [i for i, c in enumerate(candidates) if c and not problems(sentence, [s.text for s in c])]
        results = self.check_each(sentence, [candidates[i] for i in open_])
        passing = [(v.support, i, v) for i, v in zip(open_, results, strict=True) if v.verified]
        if not passing:
            return None
        _, i, v = max(passing, key=lambda x: (x[0], -x[1]))
        return i, v
