"""`newsrag checker ...`: the claim checker's own commands. Heavy imports stay inside them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..settings import Settings, apply_offline_environment
from .data import DATA_DIR

app = typer.Typer(help="The claim checker (a cross-encoder trained here).", no_args_is_help=True)


@app.command("train")
def train_command(
    data: Annotated[Path, typer.Option(help="Training data; default: traindata/ of the source checkout.")] = DATA_DIR,
    out: Annotated[Path | None, typer.Option(help="Artefact folder; default: the package's artefact/.")] = None,
    seed: Annotated[int, typer.Option(help="Seeds the data draw, the batch order and the initial weights.")] = 13,
    max_steps: Annotated[int | None, typer.Option(help="Stop each stage after this many batches (a quick trial).")] = None,
    first: Annotated[Path | None, typer.Option(
        help="An artefact folder the first stage wrote: run only the second stage, from there.")] = None,
) -> None:
    """Reproduce the committed checker from the training data (two stages, about 1.4 hours on 2
    cores); run it from the root of a source checkout."""
    apply_offline_environment()
    from ..provision import ModelPaths
    from .model import ARTEFACT_DIR
    from .train import train

    _require_training_data(data)
    settings = Settings()
    base = ModelPaths(settings.models_dir).require_embedder()
    manifest = train(base, data, out or ARTEFACT_DIR, seed=seed, threads=settings.threads, max_steps=max_steps,
                     first=first, log=lambda line: typer.echo(line, err=True))
    typer.echo(f"thresholds {manifest['thresholds']}; validation {manifest['validation']}", err=True)


@app.command("calibrate")
def calibrate_command(
    data: Annotated[Path, typer.Option(help="Training data; default: traindata/ of the source checkout.")] = DATA_DIR,
    artefact: Annotated[Path | None, typer.Option(help="Artefact folder; default: the package's artefact/.")] = None,
) -> None:
    """Choose the committed checker's sentence thresholds again on its validation sets and write them
    into its manifest (the weights stay as they are; about 2 minutes on 2 cores)."""
    apply_offline_environment()
    from ..provision import ModelPaths
    from .model import ARTEFACT_DIR
    from .train import calibrate

    _require_training_data(data)  # its validation sets are drawn from it
    settings = Settings()
    base = ModelPaths(settings.models_dir).require_embedder()
    try:
        calibrate(base, data, artefact or ARTEFACT_DIR, threads=settings.threads,
                  log=lambda line: typer.echo(line, err=True))
    except RuntimeError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


def _require_training_data(data: Path) -> None:
    from .data import INDONLI_TRAIN

    if not (data / INDONLI_TRAIN).exists():
        typer.echo(f"error: no training data in {data}: it ships with the source checkout (traindata/), not "
                   "the installed package", err=True)
        raise typer.Exit(1)
