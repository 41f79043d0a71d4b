"""The image, built and run with podman (`make test-docker`; not part of `make test`: a cold build
downloads 2.3 GB of weights and takes about 15 minutes). Where no registry is reachable the base is made
from Debian packages (tests/container.py); `TORCH_WHEELS=/folder` serves torch's wheel locally."""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.request

import pytest

from .container import (
    BASE_IMAGE,
    IMAGE,
    Podman,
    build,
    cached_steps,
    context_copy,
    make_base_image,
    torch_build_args,
    wait_healthy,
)
from .helpers import ROOT, TROOPS_ID

pytestmark = pytest.mark.docker

TIMINGS: dict[str, float] = {}


def readme_question() -> dict:
    """The request body of the README's example (`curl .../v1/ask ... -d '{...}'`)."""
    match = re.search(r"/v1/ask -H 'content-type: application/json' \\\n\s*-d '(\{.*?\})'", (ROOT / "README.md").read_text())
    assert match, "the README's example asks POST /v1/ask"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def podman() -> Podman:
    return Podman()


@pytest.fixture(scope="module")
def image(podman: Podman) -> str:
    if not podman.has_image(BASE_IMAGE):
        start = time.monotonic()
        make_base_image(podman)
        TIMINGS["base image (debootstrap + import)"] = time.monotonic() - start
    with torch_build_args() as args:
        TIMINGS["build"], _ = build(podman, IMAGE, ROOT, "build.log", args)
    return IMAGE


@pytest.fixture(scope="module", autouse=True)
def report_timings():
    yield
    print("\n".join(f"{name}: {seconds:.0f} s" for name, seconds in TIMINGS.items()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(port: int, body: dict) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/ask", data=json.dumps(body).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=900) as response:
        return json.load(response)


def test_the_image_gets_healthy_and_answers_the_readme_question_as_non_root(podman: Podman, image: str):
    name, port = "newsrag-test", free_port()
    podman("rm", "-f", "-t", "0", name, check=False)
    podman("run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8000", image)
    try:
        TIMINGS["start to healthy"] = wait_healthy(podman, name)
        start = time.monotonic()
        doc = ask(port, readme_question())
        TIMINGS["answer"] = time.monotonic() - start
        assert not doc["abstained"], doc
        assert "8,000" in doc["answer"], doc["answer"]
        cited = [c for s in doc["sentences"] if s["verified"] for c in s["citations"]]
        assert TROOPS_ID in {c["sentence_id"] for c in cited}, doc["sentences"]
        assert podman("exec", name, "id", "-u").stdout.strip() == "10001"
        # Honest about what it ships: everything the openvino engine reads, and not the GGUF.
        status = json.loads(podman("exec", name, "newsrag", "models", "status", "--json").stdout)
        assert status["missing"] == [], status
        shipped = podman("exec", name, "ls", "/models").stdout.split()
        assert sorted(shipped) == ["embeddinggemma-300m", "qwen2.5-coder-1.5b-instruct-openvino"], shipped
        assert "OpenVINO" in doc["model"], doc["model"]
    finally:
        podman("rm", "-f", "-t", "0", name, check=False)


def test_a_code_edit_rebuilds_without_provisioning_or_copying_the_weights(podman: Podman, image: str, tmp_path):
    context = context_copy(tmp_path)
    init = context / "src" / "newsrag" / "__init__.py"
    init.write_text(init.read_text() + f"\n# an edit at {time.time_ns()}\n")  # new each run: never cached
    with torch_build_args() as args:
        TIMINGS["rebuild after a code edit"], output = build(podman, "localhost/newsrag:edited", context,
                                                             "rebuild.log", args)
    try:
        steps = cached_steps(output)
        weights = {step: cached for step, cached in steps.items() if "/models" in step and "--from=models" in step
                   or "provision.py" in step}
        assert len(weights) == 4 and all(weights.values()), weights
        assert not steps["COPY src/ src/"]
        code = podman("run", "--rm", "localhost/newsrag:edited", "python", "-c",
                      "import inspect, sys, newsrag; sys.stdout.write(inspect.getsource(newsrag))").stdout
        assert code == init.read_text()  # the image runs the edited code, not a cached copy of the old
    finally:
        podman("rmi", "localhost/newsrag:edited", check=False)
