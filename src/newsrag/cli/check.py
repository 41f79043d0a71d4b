"""`newsrag check`: one claim against the articles or given sources, or `--jsonl` rows in bulk."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import JsonFlag, ProgressBars, components, emit, fail

if TYPE_CHECKING:
    from ..components import Components


def check(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Argument(help="The claim to check (one or more sentences).")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Check against this text instead of the articles (repeatable; checked together).")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Check against this article only.")] = None,
    jsonl: Annotated[Path | None, typer.Option(
        "--jsonl", help="Score each row of this file: premise+hypothesis, document+claim or source+claim.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Sentences retrieved per claim sentence.")] = 6,
    as_json: JsonFlag = False,
) -> None:
    """Is a claim supported by the articles (or by given sources)? With --jsonl, one JSON result per
    row on stdout, in input order (label and id passed through)."""
    if (claim is None) == (jsonl is None):
        fail("give either a CLAIM or --jsonl FILE", 2)
    if source and article is not None:
        fail("give either --source or --article, not both", 2)
    if jsonl is not None and (source or article is not None):
        fail("--source and --article apply to a CLAIM, not to --jsonl rows", 2)
    if jsonl is not None:
        check_file(components(ctx), jsonl)
        return
    doc = check_one(components(ctx), claim, source or None, article, k)
    emit(doc) if as_json else print_claim_check(doc)


def check_one(c: Components, claim: str, sources: list[str] | None, article_id: str | None, k: int) -> dict:
    """The claim's result document, or a one-line failure: exit 2 for a bad claim, 1 for what is missing."""
    from ..answer.factcheck import CheckerUnavailable, UnknownArticle, check_claim

    if sources is not None and not all(s.strip() for s in sources):
        fail("a --source is empty", 2)
    try:
        return check_claim(c, claim, sources, article_id, k=k)
    except ValueError as e:
        fail(str(e), 2)
    except UnknownArticle as e:
        fail(f"{e.args[0]} (see `newsrag articles`)")
    except CheckerUnavailable as e:
        fail(str(e))


def print_claim_check(doc: dict) -> None:
    """For people: the claim's status, then each sentence with its probability and best evidence."""
    typer.echo(doc["status"].upper().replace("_", " "))
    for s in doc["sentences"]:
        typer.echo(f"\n  - {s['text']}\n    {s['status']}, P(supported) {s['probability']:.2f}"
                   + (f": {s['reason']}" if s["reason"] else ""))
        if s["evidence"]:
            best = s["evidence"][0]
            typer.echo(f"    [{' + '.join(best['sentence_ids'])}] {best['text']}")
    typer.echo(f"\n{doc['model']} · threshold {doc['threshold']:.2f}", err=True)


def check_file(c: Components, path: Path) -> None:
    """One compact JSON object per row on stdout, flushed as it goes; progress on stderr."""
    from ..answer.factcheck import CheckerUnavailable, check_rows, load_checker, read_jsonl

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        fail(f"cannot read {path}: {e}")
    try:
        load_checker(c)  # before the first row, so a missing checker is one clear failure
    except CheckerUnavailable as e:
        fail(str(e))
    rows = list(read_jsonl(lines))
    bars, errors = ProgressBars(), 0
    for done, result in enumerate(check_rows(c, rows), start=1):
        errors += "error" in result
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if done % 64 == 0 or done == len(rows):
            bars("check", done, len(rows))
    if errors:
        typer.echo(f"{errors} of {len(rows)} rows could not be checked (see their \"error\")", err=True)


COMMANDS = (check,)
