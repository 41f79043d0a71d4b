"""`newsrag bench`: the service's costs beside its references, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..settings import Settings, apply_offline_environment
from .common import JsonFlag, emit, fail


def bench(
    out: Annotated[Path | None, typer.Option(help="Write the JSON here (default: stdout only).")] = None,
    backend: Annotated[list[str] | None, typer.Option(
        "--backend", help="Engine to measure (repeatable): llamacpp, openvino, transformers, transformers-int4 or "
                          "openai; "
                          "default: every local one installed.")] = None,
    questions: Annotated[int, typer.Option(min=1, max=3, help="Seed questions per backend.")] = 3,
    sizes: Annotated[str, typer.Option(help="Synthetic corpus sizes, in sentences.")] = "1000,10000,100000",
    checker_only: Annotated[bool, typer.Option(
        "--checker-only", help="Only the claim checker's cost per checked sentence (about a minute).")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Measure the service beside its references (bare engine, bare embedder, cold path); about
    15 minutes on 2 cores with the real models. Prints a table (or the JSON with --json)."""
    from ..bench.run import ENGINES, run, run_checker, table

    apply_offline_environment()
    size_list = parse_sizes(sizes)  # before any model loads
    if unknown := [b for b in backend or [] if b not in ENGINES]:
        fail(f"unknown --backend {', '.join(unknown)}; known: {', '.join(ENGINES)}")
    progress = lambda msg: typer.echo(msg, err=True)
    doc = (run_checker(Settings(), progress) if checker_only else
           run(Settings(), backends=backend, questions=questions, sizes=size_list, progress=progress))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        typer.echo(f"wrote {out}", err=True)
    emit(doc) if as_json else typer.echo(table(doc))


def parse_sizes(sizes: str) -> list[int]:
    try:
        return [int(x) for x in sizes.split(",")]
    except ValueError:
        fail(f"--sizes must be comma-separated integers, got {sizes!r}")


COMMANDS = (bench,)
