"""Checking a claim someone brings (`newsrag check`, `POST /v1/check`), and scoring labelled rows in
bulk (`newsrag check --jsonl`), with the same `Checker` that verifies answers and summaries.

A claim is split into sentences, and each is checked on its own against evidence:
- given source texts: all of them together, as one premise (as a sentence citing them is checked);
- an article id: that article's sentences closest to the claim sentence;
- neither: the closest sentences of the whole corpus.
Retrieved sentences are checked alone and with each neighbour of their article (a fact is often
split over two sentences: "Blinken met Wang." "He told him ..."), all in one call to the model.
A sentence is `supported` when some evidence passes the checker (no unbacked names or numbers, and
P(supported) at least its threshold), `contradicted` when the model finds some evidence contradicts
it, otherwise `not_found`. The claim is supported when all its sentences are, contradicted when one is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..checker.documents import document_support, sentences_of
from ..checker.model import Remembered
from ..retrieve.hybrid import SearchFilter
from ..store import ArticleLookup
from .check import Checker, Source, premise
from .verify import CheckResult

CONTRADICTION = 0.5  # P(contradiction) at which, being also the likeliest label, evidence contradicts
BATCH_ROWS = 64  # rows of `check_rows` whose pairs go to the model in one call
_NO_ROW = np.zeros(3, dtype=np.float32)


class UnknownArticle(LookupError):
    pass


class CheckerUnavailable(RuntimeError):
    """The support model cannot be loaded (weights not provisioned, artefact missing)."""


def load_checker(components) -> Checker:
    """The components' checker, loaded now, or a refusal that says why."""
    try:
        return components.checker
    except (RuntimeError, OSError, ImportError) as e:
        raise CheckerUnavailable(f"the claim checker cannot be loaded: {e}") from e


def _recording(checker: Checker) -> tuple[Checker, Remembered]:
    recorded = Remembered(checker.model)
    return Checker(recorded, checker.override), recorded


# -- one claim -----------------------------------------------------------------------------------
def check_claim(components, claim: str, sources: Sequence[str] | None = None,
                article_id: str | None = None, k: int = 6) -> dict:
    """`{"claim", "status", "sentences": [{"text", "status", "probability", "problems", "reason",
    "evidence"}], "model", "threshold"}`. Raises ValueError for an empty claim or for both
    `sources` and `article_id`, UnknownArticle, CheckerUnavailable."""
    if sources is not None and article_id is not None:
        raise ValueError("give either sources or an article id, not both")
    sentences = sentences_of(claim)
    if not sentences:
        raise ValueError("the claim is empty")
    if article_id is not None and components.store.article(article_id) is None:
        raise UnknownArticle(f"no article with id {article_id!r}")
    checker, recorded = _recording(load_checker(components))
    checked = []
    for sentence in sentences:
        if sources is not None:
            candidates = [[Source("given", f"given:{i}", text) for i, text in enumerate(sources)]]
        else:
            candidates = retrieved_candidates(components, sentence, article_id, k)
        checked.append(check_sentence(checker, recorded, sentence, candidates))
    statuses = {s["status"] for s in checked}
    status = ("supported" if statuses == {"supported"} else
              "contradicted" if "contradicted" in statuses else "not_found")
    return {"claim": claim, "status": status, "sentences": checked, "model": checker.model_id,
            "threshold": checker.threshold_for(claim)}


def retrieved_candidates(components, sentence: str, article_id: str | None, k: int) -> list[list[Source]]:
    flt = SearchFilter(article_ids=[article_id]) if article_id is not None else SearchFilter()
    hits = components.retriever.search(sentence, k=k, flt=flt)
    return with_neighbours(components.store, [Source(h.article_id, h.sentence_id, h.text) for h in hits])


def with_neighbours(store: ArticleLookup, hits: Sequence[Source]) -> list[list[Source]]:
    """Each hit alone, then each hit with the body sentence before and after it in its article
    (each pair once, in article order)."""
    articles: dict[str, Any] = {}
    pairs: dict[tuple[str, str], list[Source]] = {}
    for hit in hits:
        if hit.article_id not in articles:
            articles[hit.article_id] = store.article(hit.article_id)
        article = articles[hit.article_id]
        body = [Source(hit.article_id, s.id, s.text) for s in article.body] if article else []
        at = next((i for i, s in enumerate(body) if s.sentence_id == hit.sentence_id), None)
        if at is None:
            continue  # the article changed since the search
        for a, b in ((at - 1, at), (at, at + 1)):
            if a >= 0 and b < len(body):
                pairs.setdefault((body[a].sentence_id, body[b].sentence_id), [body[a], body[b]])
    return [[h] for h in hits] + list(pairs.values())


@dataclass(frozen=True)
class _Scored:
    sources: Sequence[Source]
    result: CheckResult
    row: np.ndarray  # (entailment, neutral, contradiction)

    @property
    def contradicts(self) -> bool:
        return bool(self.row[2] >= CONTRADICTION and self.row[2] >= self.row.max())

    def public(self) -> dict:
        return {"article_id": self.sources[0].article_id, "sentence_id": self.sources[0].sentence_id,
                "sentence_ids": [s.sentence_id for s in self.sources], "text": premise(self.sources),
                "p_entailment": round(float(self.row[0]), 4), "p_contradiction": round(float(self.row[2]), 4)}


def check_sentence(checker: Checker, recorded: Remembered, sentence: str, candidates: Sequence[Sequence[Source]]) -> dict:
    """One claim sentence against its candidate premises: one call to the model for all of them."""
    results = checker.check_each(sentence, candidates)
    scored = [_Scored(c, v, recorded.rows.get((premise(c), sentence), _NO_ROW))
              for c, v in zip(candidates, results, strict=True)]
    if any(s.result.verified for s in scored):
        status, key = "supported", lambda s: (not s.result.verified, -s.result.support)
    elif any(s.contradicts for s in scored):
        status, key = "contradicted", lambda s: (not s.contradicts, -float(s.row[2]))
    else:
        status, key = "not_found", lambda s: -s.result.support
    ranked = sorted(scored, key=key)  # stable: ties keep the search's order
    best = ranked[0] if ranked else None
    return {"text": sentence, "status": status, "probability": round(best.result.support, 4) if best else 0.0,
            "problems": list(best.result.problems) if best else [], "reason": _reason(status, best),
            "evidence": [s.public() for s in ranked]}


def _reason(status: str, best: _Scored | None) -> str | None:
    if best is None:
        return "no evidence found"
    if status == "supported":
        return None
    if status == "contradicted":
        ids = " + ".join(s.sentence_id for s in best.sources)
        return f"{ids} contradicts it (P(contradiction) {float(best.row[2]):.2f})"
    return best.result.reason


# -- rows in bulk --------------------------------------------------------------------------------
DOCUMENT = ("document", "claim")
SHAPES = (("premise", "hypothesis"), DOCUMENT, ("source", "claim"))


class NotJson(ValueError):
    pass


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value), or a NotJson in place of the value; blank lines are skipped."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            yield n, NotJson(f"not JSON: {e}")


def _shape(row: Any) -> tuple[str, str] | str:
    """The row's (source field, claim field), or what is wrong with it."""
    if isinstance(row, NotJson):
        return str(row)
    if not isinstance(row, dict):
        return "a row must be a JSON object"
    found = [s for s in SHAPES if all(f in row for f in s)]
    if len(found) != 1:
        return "a row needs exactly one of premise+hypothesis, document+claim or source+claim"
    for field in found[0]:
        if not isinstance(row[field], str) or not row[field].strip():
            return f"`{field}` must be a non-empty string"
    return found[0]


def check_rows(components, rows: Iterable[tuple[int, Any]], batch: int = BATCH_ROWS) -> Iterator[dict]:
    """One result per (line number, row), in order: `{"line", "score", "supported"}` plus `id` and
    `label` when the row has them (so an outside harness can score the output), `problems` for
    sentence rows; or `{"line", "error"}`. Sentence rows (premise+hypothesis, source+claim) get
    exactly the result `Checker.check` gives a sentence citing that source; document rows get
    `document_support` against the model's document threshold. The model sees `batch` rows at once."""
    checker, recorded = _recording(load_checker(components))
    chunk: list[tuple[int, Any]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= batch:
            yield from _check_chunk(checker, recorded, chunk)
            chunk = []
    yield from _check_chunk(checker, recorded, chunk)


def _check_chunk(checker: Checker, recorded: Remembered, chunk: list[tuple[int, Any]]) -> Iterator[dict]:
    shapes = [_shape(row) for _, row in chunk]
    valid = [(row, shape) for (_, row), shape in zip(chunk, shapes, strict=True) if isinstance(shape, tuple)]
    recorded.rows.clear()  # earlier chunks' rows are not asked for again: memory stays flat
    recorded.prime([(row[a], row[b]) for row, (a, b) in valid if a != "document"])  # one call
    documents = [(row["document"], row["claim"]) for row, shape in valid if shape == DOCUMENT]
    document_scores = iter(document_support(recorded.model, documents) if documents else [])
    for (line, row), shape in zip(chunk, shapes, strict=True):
        out: dict[str, Any] = {"line": line}
        out.update({f: row[f] for f in ("id", "label") if isinstance(row, dict) and f in row})
        if isinstance(shape, str):
            yield {**out, "error": shape}
        elif shape == DOCUMENT:
            score = next(document_scores)
            yield {**out, "score": round(score, 4), "supported": score >= recorded.document_threshold}
        else:  # served from the primed rows: no model call here
            v = checker.check(row[shape[1]], [Source("row", f"row:{line}", row[shape[0]])])
            yield {**out, "score": round(v.support, 4), "supported": v.verified, "problems": list(v.problems)}
