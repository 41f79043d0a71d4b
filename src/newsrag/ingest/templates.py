"""An outlet's template: lines that repeat verbatim across its articles.

The cleaner's rules name kinds of furniture; an outlet's own widgets ("SCROLL TO CONTINUE WITH
CONTENT" in every Detik article, a newsletter line, a standard disclaimer) are found by repetition
instead: a sentence that appears word for word in articles of at least `MIN_STORIES` different
stories of one outlet is template, not news. Stories, not articles, because an outlet that
republishes one story (Detik runs the same text under several URLs) repeats every sentence of it.

The counts are derived from the article records each time (the records are the store's source of
truth), so deleting or re-ingesting an article can never leave a stale count behind. A template
sentence leaves an article's body with its id kept (later ids do not shift: citations stay valid)
and is recorded in `removed` with the reason, like every other removal.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from .article import Article

MIN_STORIES = 3
REASON = "outlet template"


def line_key(text: str) -> str:
    """Verbatim up to case and spacing: templates differ in nothing else."""
    return re.sub(r"\s+", " ", text).strip().lower()


def templates_by_outlet(articles: Iterable[Article]) -> dict[str, set[str]]:
    """The template lines of each outlet, counted over stories (clusters), not articles."""
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article in articles:
        if not article.outlet:
            continue
        outlet = article.outlet.lower()
        lines = {line_key(s.text) for s in article.sentences}
        lines |= {line_key(r["text"]) for r in article.removed if r["reason"] == REASON}
        for line in lines:
            stories[(outlet, line)].add(article.cluster or article.id)
    found: dict[str, set[str]] = defaultdict(set)
    for (outlet, line), clusters in stories.items():
        if len(clusters) >= MIN_STORIES:
            found[outlet].add(line)
    return found


def without_templates(article: Article, templates: dict[str, set[str]]) -> Article | None:
    """The article with its outlet's template sentences moved to `removed`; None when it has none.
    The content hash changes with what was moved, so the store writes it as a new version and an
    unchanged re-ingest (same text, same templates) is recognised as unchanged."""
    lines = templates.get((article.outlet or "").lower(), set())
    drop = [s for s in article.sentences if line_key(s.text) in lines]
    if not drop or len(drop) == len(article.body):  # a text that is all template is no article: leave it
        return None
    keys = sorted(line_key(s.text) for s in drop)
    digest = hashlib.sha256("\x00".join([article.content_hash, *keys]).encode()).hexdigest()
    return replace(
        article,
        sentences=[s for s in article.sentences if s not in drop],
        removed=article.removed + [{"text": s.text, "reason": REASON} for s in drop],
        content_hash=digest,
    )
