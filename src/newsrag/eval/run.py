"""Running suites: one set of backends loaded once, a fresh store per suite, a progress bar, and
`results.json` + `report.html` with everything needed to reproduce and compare the run."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsrag.answer.check import Checker
from newsrag.components import Components
from newsrag.settings import Settings
from newsrag.store import ChromaStore

from .suites import SUITES, Context, Suite, citation_check

BACKENDS = ("fake", "transformers", "llamacpp", "openvino", "openai")


def git_state() -> dict[str, Any]:
    """The commit of the package's own checkout; None for an installed copy outside one."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=Path(__file__).parent, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"commit": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def backends(settings: Settings, backend: str):
    """(embedder, generator, support model), loaded once for all suites. `fake` is only ever used
    when named, and then for all three: a fake pipeline checked by the real checker is neither."""
    if backend == "fake":
        from .fake import ExtractiveGenerator, FakeEmbedder, FakeSupportModel

        return FakeEmbedder(), ExtractiveGenerator(), FakeSupportModel()
    from newsrag.components import real_embedder, real_generator, real_support_model

    return (real_embedder(settings), real_generator(settings.model_copy(update={"generator": backend})),
            real_support_model(settings))


def run(suites: list[str], *, backend: str, limit: int | None, settings: Settings, command: str,
        progress: bool = True, limits: dict[str, int] | None = None, loaded=None,
        on_suite: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """`limits` overrides `limit` per suite; `loaded` is an (embedder, generator, support model)
    triple already in memory (the slow test tier shares its models instead of loading second copies);
    `on_suite` gets the results so far after each suite, so an hour-long run that is stopped keeps
    what it did."""
    started = time.time()
    git = git_state()  # now: a commit made while a long run goes on is not the code that ran
    embedder, generator, support = loaded or backends(settings, backend)
    limits = limits or {}
    out: dict[str, Any] = {"suites": {}}
    prompts: dict[str, str] = {}

    checker = Checker(support, settings.support_threshold)

    def meta() -> dict[str, Any]:
        return {
            "started": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.time() - started, 1),
            "command": command, "git": git, "backend": backend, "limit": limit, "limits": limits,
            "models": {"generator": generator.model_id, "embedder": embedder.model_id, "checker": support.model_id},
            # What "verified" meant in this run: the settings can override the sentence thresholds.
            "checker_thresholds": {"sentence": checker.threshold, "sentence_indonesian": checker.indonesian_threshold,
                                   "document": support.document_threshold},
            "prompts": prompts,
            "settings": json.loads(settings.model_dump_json(exclude={"data_dir", "models_dir", "prompts_dir"})),
            "python": platform.python_version(), "machine": platform.machine(), "suites_done": list(out["suites"]),
        }

    with tempfile.TemporaryDirectory(prefix="newsrag-eval-") as tmp:
        for name in suites:
            data = Path(tmp) / name
            s = settings.model_copy(update={"data_dir": data, **({} if backend == "fake" else {"generator": backend})})
            s.chroma_path.mkdir(parents=True)
            c = Components(s, store=ChromaStore.connect(path=str(s.chroma_path), prefix=s.collection),
                           embedder=lambda: embedder, generator=lambda: generator, support=lambda: support)
            prompts = {task: c.prompt(task).id for task in ("answer", "summary", "literal")}
            out["suites"][name] = run_suite(SUITES[name], c, limits.get(name, limit), progress)
            if on_suite:
                on_suite({"meta": meta(), "suites": out["suites"]})
    return {"meta": meta(), "suites": out["suites"]}


def run_suite(suite: Suite, components: Components, limit: int | None, progress: bool) -> dict[str, Any]:
    """One suite over its own store: its items prepared, run one by one and aggregated."""
    from tqdm import tqdm

    ctx = Context(components, citation_check(components.checker), limit)
    items = suite.items(limit)
    t = time.perf_counter()
    suite.prepare(ctx, items)
    prepare_s = time.perf_counter() - t
    rows = [_run_item(suite, ctx, item)
            for item in tqdm(items, desc=suite.name, file=sys.stderr, disable=not progress, unit="item")]
    ok = [r for r in rows if not r.get("error")]
    # `notes` (optional): what is not a headline number, e.g. the output sentences no hand label covers.
    notes = suite.notes(ok) if hasattr(suite, "notes") else {}
    return {"about": suite.about, "metrics": {**suite.aggregate(ok), "errors": len(rows) - len(ok)},
            "notes": notes, "prepare_s": round(prepare_s, 1), "items": rows}


def _run_item(suite: Suite, ctx: Context, item: dict) -> dict[str, Any]:
    try:
        return suite.run(ctx, item)
    except Exception as e:  # noqa: BLE001  one broken item is a finding, not the end of the run
        return {"id": item.get("id"), "input": item, "output": None, "verdicts": [], "metrics": {},
                "timings": {}, "error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc(limit=5)}


def write(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """A run's folder: results.json and report.html."""
    return write_to(results, out_dir / "results.json")


def write_to(results: dict[str, Any], json_path: Path) -> tuple[Path, Path]:
    """`json_path` itself, and its report beside it: report.html beside a results.json, X.html beside
    any other X.json (so that relabelling a merged "X.json" rewrites X, not a results.json beside it)."""
    from .report import render

    json_path.parent.mkdir(parents=True, exist_ok=True)
    beside = json_path.name == "results.json"
    html_path = json_path.with_name("report.html") if beside else json_path.with_suffix(".html")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    html_path.write_text(render(results), encoding="utf-8")
    return json_path, html_path


def relabel(results: dict[str, Any]) -> list[str]:
    """Apply today's hand labels to a finished run and recompute what depends on them: each
    hand-labelled suite's verified precision and recall, and its list of unlabelled sentences.
    Outputs are labelled after the run that wrote them (labels follow outputs, never the reverse),
    so this is how a run's labelled figures become complete without running it again; the meta
    records when and with which labels. Returns the suites it rescored."""
    from .suites import DATASETS, hand_label

    done = []
    for name, out in results["suites"].items():
        suite = SUITES.get(name)
        if suite is None or "unlabelled_sentences" not in out.get("notes", {}):
            continue  # not a suite whose outputs are hand-labelled
        ok = [r for r in out["items"] if not r.get("error")]
        for row in ok:
            hand_label(name, row["id"], row["verdicts"])
        out["metrics"] = {**suite.aggregate(ok), "errors": len(out["items"]) - len(ok)}
        out["notes"] = {**out["notes"], **suite.notes(ok)}
        done.append(name)
    labels = (DATASETS / "output_labels.jsonl").read_bytes()
    results["meta"]["relabelled"] = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "suites": done,
        "labels_sha256": hashlib.sha256(labels).hexdigest(), "git": git_state()}
    return done
