"""`pip install .` into a clean virtual environment, then the commands a user runs, from a directory
that is not the checkout: nothing may depend on the source tree (prompts, seeds, eval datasets are
package data) and nothing may be written inside site-packages.

The clean venv gets newsrag alone (`--no-deps`); its dependencies are borrowed from the test's own
environment through a .pth line, so the test checks the package, not PyPI (`make test` on a fresh
clone installs those from PyPI already). Real models: the slow tier.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.slow
QUESTION = "How many North Korean soldiers does the US say are in Russia?"


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A clean venv holding an installed (not editable) newsrag, and the environment to run it in."""
    where = tmp_path_factory.mktemp("install")
    venv = where / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSRAG_", "PYTHON", "VIRTUAL_ENV"))}
    run([sys.executable, "-m", "venv", str(venv)], where, env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)], where, env)
    site = Path(run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    where, env).strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env |= {"NEWSRAG_DATA_DIR": str(where / "data"), "NEWSRAG_MODELS_DIR": str(ROOT / ".models"),
            "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}
    return where, env


def test_the_installed_package_is_the_one_that_runs(installed):
    where, env = installed
    origin = run(["python", "-c", "import newsrag; print(newsrag.__file__)"], where, env).strip()
    assert origin.startswith(str(where / "venv")) and "/src/" not in origin


def test_ingest_ask_eval_and_bench_work_from_another_directory(installed):
    where, env = installed
    elsewhere = where / "elsewhere"
    elsewhere.mkdir()
    report = json.loads(run(["newsrag", "ingest", "--json"], elsewhere, env))  # the shipped seeds
    assert report["added"] == 5 and not report["rejected"]
    answer = json.loads(run(["newsrag", "ask", QUESTION, "--json"], elsewhere, env))
    assert answer["prompt_version"].startswith("answer/v1@") and any(s["verified"] for s in answer["sentences"])
    run(["newsrag", "eval", "run", "--backend", "fake", "--suite", "seed-qa", "--limit", "2", "--quiet"],
        elsewhere, env)
    (results,) = (elsewhere / "eval" / "runs").glob("*/results.json")
    assert json.loads(results.read_text())["suites"]["seed-qa"]["metrics"]
    assert "--checker-only" in run(["newsrag", "bench", "--help"], elsewhere, env)
    package = Path(run(["python", "-c", "import newsrag; print(newsrag.__file__)"], elsewhere, env).strip()).parent
    assert not list(package.rglob("runs")) and not (package / "eval" / "runs").exists()
