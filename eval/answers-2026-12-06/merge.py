"""Replace suites of the committed baseline with those of newer runs, recording each in meta.merged.

    python eval/answers-2026-12-06/merge.py eval/baseline/results.json RUN/results.json SUITE [SUITE ...]

The baseline's results.json and report.html are written as a run writes them (newsrag.eval.run.write).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsrag.eval.run import write


def merge(baseline: dict, run: dict, suites: list[str]) -> None:
    for name in suites:
        baseline["suites"][name] = run["suites"][name]
        meta = run["meta"]
        baseline["meta"].setdefault("merged", []).append({
            "suite": name, "command": meta["command"], "git": meta["git"], "started": meta["started"],
            "duration_s": meta["duration_s"], "limit": meta["limits"].get(name, meta["limit"]),
            "checker": meta["models"]["checker"], "generator": meta["models"]["generator"],
            "relabelled": meta.get("relabelled")})


if __name__ == "__main__":
    base_path, run_path, *names = sys.argv[1:]
    base, run = json.loads(Path(base_path).read_text()), json.loads(Path(run_path).read_text())
    merge(base, run, names)
    write(base, Path(base_path).parent)
