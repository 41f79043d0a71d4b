"""Commands that generate: ask and summarize, each sentence cited and verified."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    ArticleIds,
    DateFrom,
    DateTo,
    JsonFlag,
    Outlet,
    ProgressBars,
    components,
    emit,
    fail,
    require_generator,
    search_filter,
)

if TYPE_CHECKING:
    from ..components import Components


def ask(
    ctx: typer.Context,
    question: str,
    article: ArticleIds = None,
    outlet: Outlet = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    question_language: Annotated[bool, typer.Option(
        "--question-language", help="Answer in the question's language instead of English.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Answer a question from the articles, every sentence cited and verified."""
    if not question.strip():
        fail("the question is empty", 2)
    flt = search_filter(article, outlet, date_from, date_to)
    c = components(ctx)
    require_generator(c)
    result = c.answerer.ask(question, flt=flt, in_question_language=question_language).public()
    emit(result) if as_json else print_result(result)


def summarize(
    ctx: typer.Context,
    article_id: Annotated[str | None, typer.Argument(help="The article to summarize.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Precompute every article's summary.")] = False,
    query: Annotated[str | None, typer.Option("--query", help="Summarize what the articles say on a topic.")] = None,
    refresh: Annotated[bool, typer.Option(help="Ignore the cache and write the summary again.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """English summary of an article (or of a topic across articles), every sentence cited."""
    if sum([article_id is not None, all_, query is not None]) != 1:
        fail("give exactly one of ARTICLE_ID, --all or --query", 2)
    c = components(ctx)
    if query is not None:
        summarize_topic(c, query, as_json)
    elif all_:
        summarize_all(c, refresh, as_json)
    else:
        summarize_article(c, article_id, refresh, as_json)


def summarize_topic(c: Components, query: str, as_json: bool) -> None:
    if not query.strip():
        fail("the query is empty", 2)
    require_generator(c)
    result = c.summarizer.summarize_topic(query).public()
    emit(result) if as_json else print_result(result)


def summarize_article(c: Components, article_id: str, refresh: bool, as_json: bool) -> None:
    article = c.store.article(article_id)
    if article is None:
        fail(f"no article with id {article_id!r} (see `newsrag articles`)")
    require_generator(c)
    result = c.summarizer.summarize(article, refresh=refresh).public()
    emit(result) if as_json else print_result(result)


def summarize_all(c: Components, refresh: bool, as_json: bool) -> None:
    """Precompute every article's summary. The progress bar counts only the summaries to write, so
    its estimate (tqdm's remaining time, from the rate so far) is not flattered by cached ones."""
    stored = sorted(c.store.articles(), key=lambda a: a.id)
    require_generator(c)
    cached = {} if refresh else {a.id: r for a in stored if (r := c.summarizer.cached(a)) is not None}
    todo = [a for a in stored if a.id not in cached]
    if cached:
        typer.echo(f"{len(cached)} of {len(stored)} summaries already in the cache", err=True)
    bars, written = ProgressBars(), {}
    for i, article in enumerate(todo):
        bars("summarize", i, len(todo))
        written[article.id] = c.summarizer.summarize(article, refresh=refresh)
    bars("summarize", len(todo), len(todo))
    docs = [(cached.get(a.id) or written[a.id]).public() for a in stored]
    if as_json:
        emit(docs)
        return
    typer.echo(f"summaries ready for {len(docs)} articles ({len(cached)} from the cache)")


def print_result(doc: dict) -> None:
    """An answer or summary for people: the text, each sentence with its citations, the timings on stderr."""
    typer.echo(doc["answer"])
    for s in doc["sentences"]:
        mark = "verified" if s["verified"] else "NOT VERIFIED"
        typer.echo(f"\n  - {s['text']}  ({mark}{'; ' + s['note'] if s.get('note') else ''})")
        for c in s["citations"]:
            typer.echo(f"      [{c['sentence_id']}] support {c['support']:.2f}: {c['quote']}")
    timings = " ".join(f"{k}={v:.0f}" for k, v in doc["timings"].items())
    typer.echo(f"\n{doc['model']} · {doc['prompt_version']} · {timings}", err=True)


COMMANDS = (ask, summarize)
