"""`newsrag eval html-pages`: does HTML ingestion keep the article and drop the page furniture?

Each page of the benchmark (whole saved news pages with menus, related links and comments, from the
trafilatura project's extraction benchmark) comes with snippets the article must contain (`with`)
and snippets it must not (`without`). A page goes through the product's own path, the loader and
then the cleaner, and only the body sentences are scored: captions and removed lines are never
evidence, so they count as absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def normalise(text: str) -> str:
    """Whitespace collapsed: sentence splitting and line joins must not decide a match."""
    return " ".join(text.split())


def score(body: str, with_: list[str], without: list[str]) -> tuple[int, int, int, int]:
    """(with-snippets kept, their number, without-snippets absent, their number); case-sensitive
    substring matching after whitespace normalisation."""
    body = normalise(body)
    kept = sum(normalise(s) in body for s in with_)
    absent = sum(normalise(s) not in body for s in without)
    return kept, len(with_), absent, len(without)


def page_body(path: Path) -> tuple[str, str | None]:
    """The body text that ingestion makes of one saved page, and the rejection reason if it made none."""
    from newsrag.ingest.article import build_article
    from newsrag.ingest.loaders import Rejected, load_bytes

    loaded = load_bytes(path.read_bytes(), path.name, origin=str(path))
    if isinstance(loaded, Rejected):
        return "", loaded.reason
    article = build_article(loaded.article_id, loaded.text, title=loaded.title, url=loaded.url,
                            published=loaded.published, outlet=loaded.outlet)
    body = " ".join(s.text for s in article.body)
    return body, None if body else "no article text left after cleaning"


def run(pages: Path) -> dict[str, Any]:
    """Score every page listed in `pages`/expected.jsonl: the shares over all snippets, and each page
    that lost a `with` snippet, kept a `without` one or was rejected."""
    rows = [json.loads(line) for line in (pages / "expected.jsonl").read_text().splitlines() if line.strip()]
    totals = [0, 0, 0, 0]
    failures = []
    for row in rows:
        body, rejected = page_body(pages / row["file"])
        counts = score(body, row["with"], row["without"])
        totals = [t + c for t, c in zip(totals, counts)]
        body = normalise(body)
        missing = [s for s in row["with"] if normalise(s) not in body]
        present = [s for s in row["without"] if normalise(s) in body]
        if missing or present or rejected:
            failures.append({"file": row["file"], "rejected": rejected, "missing": missing, "present": present})
    kept, n_with, absent, n_without = totals
    return {
        "pages": len(rows),
        "kept": round(kept / n_with, 4) if n_with else None,
        "absent": round(absent / n_without, 4) if n_without else None,
        "counts": {"kept": kept, "with": n_with, "absent": absent, "without": n_without},
        "failures": failures,
    }
