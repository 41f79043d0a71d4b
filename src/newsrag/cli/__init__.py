"""The `newsrag` command line.

`--json` prints exactly one JSON document on stdout (other tools parse it); progress and messages
go to stderr. Heavy modules are imported inside the commands, so `newsrag --help` stays instant.

Commands live at module level, one small module per topic; `make_cli` assembles them into a root
app whose click context carries the components factory (`ctx.obj`), so tests pass a factory with
fake backends and every command builds its components the same way (`common.components`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from . import answers, bench, check, library, serve
from .models import app as models_app

if TYPE_CHECKING:
    from ..components import Components, ComponentsFactory
    from ..settings import Settings

HELP = "Cited, verified answers and summaries over news articles."


def real_components(settings: Settings) -> Components:
    """The production factory, imported on first use: the wiring pulls in the retriever and the store."""
    from ..components import build_components

    return build_components(settings)


def make_cli(factory: ComponentsFactory = real_components) -> typer.Typer:
    """The root app; its commands build their components with `factory` (click passes `obj` down)."""
    from ..checker.cli import app as checker_app  # light: training imports torch when it runs
    from ..eval.cli import app as eval_app  # light: the harness imports its heavy parts when it runs

    app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, context_settings={"obj": factory})
    app.add_typer(models_app, name="models")
    app.add_typer(eval_app, name="eval")
    app.add_typer(checker_app, name="checker")
    for command in (*library.COMMANDS, *answers.COMMANDS, *check.COMMANDS, *serve.COMMANDS, *bench.COMMANDS):
        app.command()(command)
    return app


app = make_cli()
