"""What every command shares: one JSON document on stdout, a one-line failure with its exit code,
progress bars on stderr, the search-filter options, and the components built from the context."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ..settings import Settings, apply_offline_environment

if TYPE_CHECKING:  # importing components pulls in the retriever and friends: not for `--help`
    from ..backends.generator import Generator
    from ..components import Components
    from ..retrieve.hybrid import SearchFilter

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
ArticleIds = Annotated[list[str] | None, typer.Option("--article", help="Only these article ids.")]
Outlet = Annotated[str | None, typer.Option(help="Only this outlet.")]
DateFrom = Annotated[str | None, typer.Option("--from", help="Published on or after (ISO date).")]
DateTo = Annotated[str | None, typer.Option("--to", help="Published on or before (ISO date).")]


def emit(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


class ProgressBars:
    """tqdm bars on stderr, one per label, for `Progress` callbacks."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(label)
        if bar is None:
            bar = self.bars[label] = tqdm(total=total, desc=label, file=sys.stderr, leave=True)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()


def components(ctx: typer.Context) -> Components:
    """The components from the factory `make_cli` put on the context, built from this environment."""
    apply_offline_environment()
    return ctx.obj(Settings())


def require_generator(c: Components) -> Generator:
    """The components' generator, loaded now, or a failure saying why (no model, no endpoint)."""
    from ..backends.generator import GeneratorError
    from ..components import GeneratorUnavailable

    try:
        return c.generator
    except (GeneratorUnavailable, GeneratorError) as e:
        fail(str(e))


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be an ISO date like 2024-11-01, got {value!r}", 2)


def search_filter(article: list[str] | None, outlet: str | None, date_from: str | None,
                  date_to: str | None) -> SearchFilter:
    from ..retrieve.hybrid import SearchFilter

    return SearchFilter(article_ids=article or None, outlet=outlet,
                        date_from=parse_date(date_from, "--from"), date_to=parse_date(date_to, "--to"))
