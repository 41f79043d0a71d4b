"""Claims against whole documents (`newsrag check --jsonl` rows with `document`+`claim`, CoGenSumm).

A cross-encoder reads 256 tokens, a news article is thousands. As in SummaC, a claim is split into
sentences; each sentence is scored against the few passages of the document that share most words
with it (windows of consecutive sentences, so a fact split over two sentences is seen whole), and
keeps its best score; the claim is as supported as its least supported sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..ingest.sentences import split_sentences
from ..text import tokens
from .model import SupportModel, support

# Chosen on factcg-val (206 FactCG claims against news paragraphs, never the eval's CoGenSumm), the
# committed model, P(entailment), best 3 passages: ROC-AUC 0.722 with single sentences, 0.816 with
# windows of 2, 0.869 with 3 (the whole paragraph truncated to 256 tokens: 0.842). Scoring 1, 2, 5 or
# 8 passages instead of 3 moved it by less than 0.01. Measured by `bench/checker-documents/study.py`.
WINDOW = 3  # sentences per passage
CANDIDATES = 3  # passages scored per claim sentence


def sentences_of(text: str) -> list[str]:
    """Sentences line by line: a line break ends a sentence even without a full stop."""
    return [s for line in text.splitlines() for s in split_sentences(line)]


def passages(document: str, window: int = WINDOW) -> list[str]:
    sentences = sentences_of(document)
    if len(sentences) <= window:
        return [" ".join(sentences)] if sentences else []
    return [" ".join(sentences[i:i + window]) for i in range(len(sentences) - window + 1)]


def closest(claim: str, candidates: Sequence[str], k: int = CANDIDATES) -> list[str]:
    """The `k` passages that share most claim words (counted once each), in document order."""
    wanted = Counter(tokens(claim))
    shared = [sum(1 for t in set(tokens(p)) if t in wanted) for p in candidates]
    best = sorted(range(len(candidates)), key=lambda i: (-shared[i], i))[:k]
    return [candidates[i] for i in sorted(best)]


def document_support(model: SupportModel, rows: Sequence[tuple[str, str]]) -> list[float]:
    """P(supported) for each (document, claim): min over claim sentences of max over passages.
    All pairs of all rows go to the model in one call, so it can batch them by length."""
    plan: list[list[list[int]]] = []  # row -> claim sentence -> pair indices
    pairs: list[tuple[str, str]] = []
    for document, claim in rows:
        found = passages(document)
        row = []
        for sentence in split_sentences(claim) or [claim]:
            picked = closest(sentence, found) or [document]
            row.append(list(range(len(pairs), len(pairs) + len(picked))))
            pairs.extend((p, sentence) for p in picked)
        plan.append(row)
    scores = support(model, pairs)
    return [float(min(max(scores[i] for i in idx) for idx in row)) for row in plan]
