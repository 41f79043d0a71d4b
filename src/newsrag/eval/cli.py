"""`newsrag eval run` / `compare` / `relabel` / `html-pages`.

Heavy imports stay inside the commands, so `newsrag --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="Regression evals: faithfulness, citations, accuracy, abstention, the checker itself.",
                  no_args_is_help=True)


@app.command()
def run(
    suite: Annotated[list[str] | None, typer.Option("--suite", help="Suite to run (repeatable); default: all.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N items per suite.", min=1)] = None,
    limit_for: Annotated[list[str] | None, typer.Option(
        "--limit-for", help="SUITE=N: another limit for one suite (repeatable), e.g. indosum=3.")] = None,
    backend: Annotated[str | None, typer.Option(
        help="fake, llamacpp, openvino, transformers or openai; default: the configured generator (NEWSRAG_GENERATOR).")] = None,
    baseline: Annotated[Path | None, typer.Option(help="results.json to hold this run to.")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for results.json and report.html; default: eval/runs/<time> under the working directory.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bars.")] = False,
) -> None:
    """Run suites, write results.json and report.html; with --baseline, exit 1 on a regression."""
    from newsrag.settings import Settings, apply_offline_environment

    from .run import run as run_suites
    from .run import write

    settings = Settings()
    backend = backend or settings.generator  # the baseline was made with the default engine
    names, limits = suite_names(suite, backend), suite_limits(limit_for)
    before = json.loads(baseline.read_text()) if baseline else None
    apply_offline_environment()
    out = out or Path("eval") / "runs" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = run_suites(names, backend=backend, limit=limit, limits=limits, settings=settings,
                         command=invoked_command(), progress=not quiet, on_suite=lambda partial: write(partial, out))
    json_path, html_path = write(results, out)
    print_metrics(results)
    typer.echo(f"wrote {json_path} and {html_path} ({results['meta']['duration_s']} s)")
    if before is not None:
        hold_to_baseline(before, results, baseline)


def suite_names(suite: list[str] | None, backend: str) -> list[str]:
    """The suites to run (default: all), after checking them and the backend against what exists."""
    from .run import BACKENDS
    from .suites import SUITES

    if backend not in BACKENDS:
        raise typer.BadParameter(f"backend must be one of {', '.join(BACKENDS)}", param_hint="--backend")
    names = suite or list(SUITES)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise typer.BadParameter(f"unknown suite {unknown}; known: {', '.join(SUITES)}", param_hint="--suite")
    return names


def suite_limits(specs: list[str] | None) -> dict[str, int]:
    """`--limit-for SUITE=N` options as {suite: N}."""
    from .suites import SUITES

    limits = {}
    for spec in specs or []:
        name, _, n = spec.partition("=")
        if name not in SUITES or not n.isdigit() or int(n) < 1:
            raise typer.BadParameter(f"expected SUITE=N with a known suite and N >= 1, got {spec!r}",
                                     param_hint="--limit-for")
        limits[name] = int(n)
    return limits


def invoked_command(name: str = "run") -> str:
    """The command line as typed, recorded in results.json so a run can be repeated."""
    return f"newsrag eval {name} {shlex.join(sys.argv[sys.argv.index(name) + 1:] if name in sys.argv else [])}".rstrip()


def print_metrics(results: dict[str, Any]) -> None:
    for name, s in results["suites"].items():
        shown = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in s["metrics"].items())
        typer.echo(f"{name}: {shown}")
        missing = s.get("notes", {}).get("unlabelled_sentences")
        if missing:  # precision against hand labels covers only labelled sentences: say what is left out
            typer.echo(f"note: {name}: {len(missing)} output sentence(s) have no hand label (listed under notes in "
                       "results.json and the report); label them in src/newsrag/eval/datasets/output_labels.jsonl")


def hold_to_baseline(before: dict[str, Any], results: dict[str, Any], baseline: Path) -> None:
    """Print each metric that fell beyond its tolerance and exit 1 if any did."""
    from .compare import compare, item_sets_differ

    changes = compare(before, results)
    for suite_name in item_sets_differ(before, results):
        typer.echo(f"note: {suite_name} ran on other items than the baseline; its numbers are not like for like")
    regressed = [c for c in changes if c.regressed]
    for c in regressed:
        typer.echo(c.line())
    if regressed:
        typer.echo(f"{len(regressed)} metric(s) fell beyond tolerance against {baseline}", err=True)
        raise typer.Exit(1)
    typer.echo(f"no regression against {baseline} ({len(changes)} metrics compared)")


@app.command("compare")
def compare_runs(
    before: Annotated[Path, typer.Argument(help="Earlier results.json.", exists=True, dir_okay=False)],
    after: Annotated[Path, typer.Argument(help="Later results.json.", exists=True, dir_okay=False)],
) -> None:
    """Diff two runs: every metric, flagged where it moved the wrong way beyond its tolerance, and
    the items whose correctness changed. Exit 1 if anything regressed."""
    from .compare import compare, item_sets_differ

    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    changes = compare(a, b)
    for c in changes:
        typer.echo(c.line())
    for name in item_sets_differ(a, b):
        typer.echo(f"note: {name} ran on different items in the two runs")
    print_correctness_changes(a, b)
    if any(c.regressed for c in changes):
        raise typer.Exit(1)


def print_correctness_changes(a: dict[str, Any], b: dict[str, Any]) -> None:
    """`fixed:` or `broke:` for each item in both runs whose `correct` changed."""
    for name, suite in a["suites"].items():
        later = {r["id"]: r for r in b["suites"].get(name, {}).get("items", [])}
        for row in suite["items"]:
            other = later.get(row["id"])
            was, now = row["metrics"].get("correct"), other and other["metrics"].get("correct")
            if other and was is not None and now is not None and was != now:
                typer.echo(f"{'fixed' if now > was else 'broke'}: {name} {row['id']}")


@app.command("relabel")
def relabel_run(
    results: Annotated[Path, typer.Argument(help="A run's results.json (or a merged X.json), rewritten in place.",
                                            exists=True,
                                            dir_okay=False)],
) -> None:
    """Apply the hand labels written since a run (datasets/output_labels.jsonl) to its verdicts and
    recompute its labelled figures; rewrites that file and its report beside it."""
    from .run import relabel, write_to

    data = json.loads(results.read_text())
    done = relabel(data)
    write_to(data, results)
    print_metrics(data)
    typer.echo(f"relabelled {', '.join(done) or 'no suite'} in {results}")


@app.command("html-pages")
def html_pages(
    pages: Annotated[Path, typer.Option(help="Saved pages with expected.jsonl (the html_pages benchmark).")] = Path(
        "../shared/evaldata/html_pages"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the results, with the command, as JSON.")] = False,
) -> None:
    """HTML ingestion on saved news pages: the share of article snippets kept in the body sentences
    and the share of furniture snippets (menus, related links, comments) absent from them."""
    from importlib.metadata import version

    from newsrag.ingest import html

    from .html_pages import run as run_pages

    if not (pages / "expected.jsonl").is_file():
        raise typer.BadParameter(f"{pages} has no expected.jsonl: point --pages at the html_pages benchmark folder",
                                 param_hint="--pages")
    results = {"command": invoked_command("html-pages"), "extractor": {
        "trafilatura": version("trafilatura"), "htmldate": version("htmldate"), "favor": html.FAVOR},
        **run_pages(pages)}
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    c = results["counts"]
    for f in results["failures"]:
        lost, kept = (f"lost {s!r}" for s in f["missing"]), (f"kept {s!r}" for s in f["present"])
        typer.echo(f"{f['file']}: {f['rejected'] or '; '.join([*lost, *kept])}")
    typer.echo(f"{results['pages']} pages: kept {results['kept']:.3f} ({c['kept']}/{c['with']} article snippets), "
               f"absent {results['absent']:.3f} ({c['absent']}/{c['without']} furniture snippets)")
