"""A sentence window: each retrieved sentence shown with the body sentences around it.

Search finds single sentences, and a single sentence often leans on the one before it: 001 names the
Aurus limousine in one sentence and says "Washington sanctioned the car maker" in the next, so the
hit alone cannot answer "which car maker did Washington sanction?". The window shows the model the
neighbours as well; citations still point at single sentences, and a claim that needs two adjacent
sentences cites both.

Overlapping windows of one article merge into one passage in reading order; passages keep the order
of their best hit, so width 0 is exactly the hits in rank order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..ingest.article import Article
from ..store import ArticleLookup
from .hybrid import Hit

# The widths the eval measures (suites `*-evidence` and `retrieval`).
MEASURED_WIDTHS = (0, 1, 2)


@dataclass(frozen=True)
class Shown:
    """One evidence sentence: a hit, or a neighbour of one shown for context (`hit` None)."""

    article_id: str
    sentence_id: str
    text: str
    position: int | None  # index in its article's body; None when the article changed since search
    hit: Hit | None

    def follows(self, other: Shown) -> bool:
        """Is this the body sentence right after `other`, in the same article?"""
        return (self.article_id == other.article_id and self.position is not None
                and other.position is not None and self.position == other.position + 1)


def hit_articles(hits: Sequence[Hit], lookup: ArticleLookup) -> dict[str, Article | None]:
    """Each hit's article, looked up once per article, for `sentence_window`."""
    return {a: lookup.article(a) for a in dict.fromkeys(h.article_id for h in hits)}


def sentence_window(hits: Sequence[Hit], articles: Mapping[str, Article | None], width: int) -> list[Shown]:
    """The hits with `width` body sentences either side, merged into passages (see the module).
    `articles` holds each hit's article as search saw it (None: gone since)."""
    passages: list[dict[int | None, Shown]] = []  # each one article's, keyed by body position
    for hit in hits:
        article = articles.get(hit.article_id)
        body = article.body if article is not None else []
        at = next((i for i, s in enumerate(body) if s.id == hit.sentence_id), None)
        if at is None:  # the article changed since the search: the hit alone, as found
            passages.append({None: Shown(hit.article_id, hit.sentence_id, hit.text, None, hit)})
            continue
        window = {i: Shown(hit.article_id, body[i].id, body[i].text, i, hit if i == at else None)
                  for i in range(max(0, at - width), min(len(body), at + width + 1))}
        overlapping = [n for n, p in enumerate(passages)
                       if next(iter(p.values())).article_id == hit.article_id and p.keys() & window.keys()]
        if not overlapping:
            passages.append(window)
            continue
        into = passages[overlapping[0]]  # the earliest: a passage keeps its best hit's place
        for n in reversed(overlapping[1:]):  # a window bridging two passages joins them
            _merge(into, passages.pop(n))
        _merge(into, window)
    return [shown for passage in passages
            for _, shown in sorted(passage.items(), key=lambda kv: -1 if kv[0] is None else kv[0])]


def _merge(into: dict[int | None, Shown], other: dict[int | None, Shown]) -> None:
    """Add `other`'s sentences; where both hold one, the hit wins over the neighbour."""
    for i, shown in other.items():
        if i not in into or (into[i].hit is None and shown.hit is not None):
            into[i] = shown
