"""Commands over the stored articles: ingest, articles, show, delete, search."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import ArticleIds, DateFrom, DateTo, JsonFlag, Outlet, ProgressBars, components, emit, fail, search_filter


def ingest(ctx: typer.Context, paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders; default: the five seed articles shipped with newsrag.")] = None,
        as_json: JsonFlag = False) -> None:
    """Ingest .txt/.md/.html files, folders and .jsonl (one article per line)."""
    from ..resources import shipped

    bars = ProgressBars()
    report = components(ctx).ingestor.ingest_paths(paths or [shipped("corpus")],
                                                   progress=lambda d, t: bars("ingest", d, t))
    if as_json:
        emit(report.public())
        return
    typer.echo(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
               f"rejected {len(report.rejected)}")
    for r in report.rejected:
        typer.echo(f"  rejected {r.path}: {r.reason}")


def articles(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List stored articles."""
    rows = [a.summary() for a in sorted(components(ctx).store.articles(), key=lambda a: a.id)]
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']}  {r['published'] or '----------'}  {r['outlet'] or '-':<14}  "
                   f"{r['n_sentences']:>3} sent.  cluster={r['cluster']}  {r['title'] or ''}")


def show(ctx: typer.Context, article_id: str, as_json: JsonFlag = False) -> None:
    """Show an article's cleaned sentences and, separately, the text removed from it."""
    article = components(ctx).store.article(article_id)
    if article is None:
        fail(f"no article with id {article_id!r} (see `newsrag articles`)")
    doc = article.public()
    if as_json:
        emit(doc)
        return
    typer.echo(f"{doc['title']}\n{doc['outlet'] or '-'} · {doc['published'] or 'date unknown'} · "
               f"{doc['language']} · cluster {doc['cluster']}\n")
    for s in doc["sentences"]:
        typer.echo(f"[{s['id']}]{' (caption)' if s['kind'] == 'caption' else ''} {s['text']}")
    typer.echo("\nremoved:")
    for r in doc["removed"]:
        typer.echo(f"  ({r['reason']}) {r['text']}")


def delete(ctx: typer.Context, article_id: str, as_json: JsonFlag = False) -> None:
    """Delete an article and its vectors."""
    existed = components(ctx).ingestor.delete(article_id)
    if as_json:
        emit({"deleted": existed, "id": article_id})
    if not existed:
        fail(f"no article with id {article_id!r}")


def search(
    ctx: typer.Context,
    query: str,
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="Number of hits.")] = 10,
    article: ArticleIds = None,
    outlet: Outlet = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    as_json: JsonFlag = False,
) -> None:
    """Hybrid (dense + BM25) search returning sentence-level hits."""
    flt = search_filter(article, outlet, date_from, date_to)
    if not query.strip():
        fail("the query is empty", 2)
    hits = components(ctx).retriever.search(query, k=k, flt=flt)
    if as_json:
        emit({"hits": [h.public() for h in hits]})
        return
    for h in hits:
        typer.echo(f"{h.score:.4f}  [{h.sentence_id}]  {h.text}")


COMMANDS = (ingest, articles, show, delete, search)
