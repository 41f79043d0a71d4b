"""Replace suites of the committed baseline with those of newer runs, recording each in meta.merged.

    python eval/answers-2026-12-06/merge.py eval/baseline/results.json RUN/results.json SUITE [SUITE ...]

The baseline's report.html is rendered again from the merged results (newsrag.eval.report.render).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsrag.eval.report import render


def merge(baseline: dict, run: dict, suites: list[str]) -> None:
    for name in suites:
        baseline["suites"][name] = run["suites"][name]
        meta = run["meta"]
        baseline["meta"].setdefault("merged", []).append({
            "suite": name, "command": meta["command"], "git": meta["git"], "started": meta["started"],
            "duration_s": meta["duration_s"], "limit": meta["limits"].get(name, meta["limit"]),
            "checker": meta["models"]["checker"], "relabelled": meta.get("relabelled")})


if __name__ == "__main__":
    base_path, run_path, *names = sys.argv[1:]
    base, run = json.loads(Path(base_path).read_text()), json.loads(Path(run_path).read_text())
    merge(base, run, names)
    Path(base_path).write_text(json.dumps(base, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    Path(base_path).with_name("report.html").write_text(render(base), encoding="utf-8")
