"""Podman for the container test (`make test-docker`, tests/test_container.py).

- Its own configuration (tests/podman/*.conf) and storage, in a folder outside the repository, so the
  build context stays small and the images survive between runs (that is the layer cache).
- A base image made from Debian packages with debootstrap, for machines that reach no image registry:
  the Dockerfile's `PYTHON` build argument, whose default stays python:3.11-slim-bookworm.
- An optional local index for torch's wheel (`TORCH_WHEELS=/folder/of/wheels`) where PyTorch's own
  index is out of reach: served on loopback, given to the build as `TORCH_INDEX`.
- The HEALTHCHECK run by hand: podman schedules it with systemd timers, and not every machine has systemd.
Podman runs as root here (rootful storage and networking).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .helpers import ROOT

PODMAN_ROOT = Path(tempfile.gettempdir()) / "newsrag-podman"
CONF_TEMPLATES = Path(__file__).with_name("podman")
BASE_IMAGE = "localhost/newsrag-base:bookworm"
IMAGE = "localhost/newsrag:test"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
# Debian bookworm's python3 is 3.11; passwd (useradd) is already in minbase.
BASE_PACKAGES = "python3-venv,python-is-python3,ca-certificates"
HOST_CAS = Path("/usr/local/share/ca-certificates")
# Fixed: the index's URL is a build argument, and build arguments are part of the cache key of every
# RUN step after them, so a new port each run would rebuild everything.
WHEEL_INDEX_PORT = 38417


class Podman:
    """`podman` with the test's own configuration and storage under `root`."""

    def __init__(self, root: Path = PODMAN_ROOT) -> None:
        self.root = root
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        (root / "tmp").mkdir(exist_ok=True)
        for name in ("containers.conf", "storage.conf"):
            text = (CONF_TEMPLATES / name).read_text().replace("{root}", str(root))
            (root / name).write_text(text)
        # buildah keeps build scratch and RUN --mount=type=cache folders under TMPDIR (default /var/tmp).
        self.env = {**os.environ, "CONTAINERS_CONF": str(root / "containers.conf"),
                    "CONTAINERS_STORAGE_CONF": str(root / "storage.conf"), "TMPDIR": str(root / "tmp")}

    def __call__(self, *args: str, check: bool = True, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
        proc = subprocess.run(["podman", *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False, **kw)
        if check and proc.returncode != 0:
            raise AssertionError(f"podman {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
        return proc

    def logged(self, log: str, *args: str, timeout: float) -> tuple[float, str]:
        """Run a long podman command with its output in logs/<log>; (seconds, output)."""
        start = time.monotonic()
        path = self.logs / log
        with path.open("w") as out:
            proc = subprocess.run(["podman", *args], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=timeout, check=False)
        text = path.read_text()
        assert proc.returncode == 0, f"podman {args[0]} exited {proc.returncode} ({path}):\n{text[-6000:]}"
        return time.monotonic() - start, text

    def has_image(self, name: str) -> bool:
        return self("image", "exists", name, check=False).returncode == 0


def make_base_image(podman: Podman, name: str = BASE_IMAGE) -> None:
    """A Debian bookworm image with Python 3.11 and venv, from debootstrap: a stand-in for
    python:3.11-slim-bookworm where no registry is reachable. Used to test the image only, never shipped."""
    with tempfile.TemporaryDirectory(dir=podman.root) as tmp:
        rootfs = Path(tmp) / "rootfs"
        with (podman.logs / "debootstrap.log").open("w") as log:
            subprocess.run(["debootstrap", "--variant=minbase", f"--include={BASE_PACKAGES}", "bookworm",
                            str(rootfs), DEBIAN_MIRROR], stdout=log, stderr=subprocess.STDOUT, check=True)
        trust_host_cas(rootfs)
        # Downloaded .debs and apt lists (~95 MB): an image's users run apt-get update anyway.
        for leftovers in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for path in (rootfs / leftovers).glob("*"):
                if path.is_file():
                    path.unlink()
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "--numeric-owner", "-cf", "-", "."],
                               stdout=subprocess.PIPE)
        podman("import", "--change", "ENV LANG=C.UTF-8",
               "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               "--change", 'CMD ["python3"]', "-", name, stdin=tar.stdout, timeout=600)
        assert tar.wait() == 0


def trust_host_cas(rootfs: Path) -> None:
    """Where egress is TLS-intercepted, pip inside the build trusts only what the host trusts: copy the
    host's local CAs into the test base (Debian's pip reads /etc/ssl/certs). No-op without any."""
    cas = sorted(HOST_CAS.glob("*.crt"))
    if not cas:
        return
    for ca in cas:
        shutil.copy(ca, rootfs / "usr/local/share/ca-certificates" / ca.name)
    env = {k: v for k, v in os.environ.items() if k != "TMPDIR"}  # the host's TMPDIR is not in the chroot
    subprocess.run(["chroot", str(rootfs), "update-ca-certificates"], env=env, capture_output=True, check=True)


@contextmanager
def wheel_index(folder: Path) -> Iterator[str]:
    """Serve a folder of wheels as a simple (PEP 503) index on loopback; yields its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        for wheel in folder.glob("*.whl"):
            project = Path(tmp) / wheel.name.split("-")[0].lower().replace("_", "-")
            project.mkdir(exist_ok=True)
            (project / wheel.name).symlink_to(wheel.resolve())
        handler = functools.partial(_QuietHandler, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", WHEEL_INDEX_PORT), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output to the test
        pass


@contextmanager
def torch_build_args() -> Iterator[list[str]]:
    """`--build-arg TORCH_INDEX=...` from TORCH_WHEELS (a local folder) or TORCH_INDEX; none: the
    Dockerfile's default, PyTorch's CPU index."""
    if wheels := os.environ.get("TORCH_WHEELS"):
        with wheel_index(Path(wheels)) as url:
            yield ["--build-arg", f"TORCH_INDEX={url}"]
    elif index := os.environ.get("TORCH_INDEX"):
        yield ["--build-arg", f"TORCH_INDEX={index}"]
    else:
        yield []


def build(podman: Podman, tag: str, context: Path, log: str, extra: list[str]) -> tuple[float, str]:
    """`podman build` of the Dockerfile in `context`; (seconds, build output).

    --format docker: the OCI image config has no HEALTHCHECK, podman would drop it. --network host: the
    build reaches a loopback wheel index, PyPI through the host's own route."""
    return podman.logged(log, "build", "--format", "docker", "--layers", "--network", "host",
                         "--build-arg", f"PYTHON={BASE_IMAGE}", *extra, "-t", tag, str(context), timeout=5400)


def context_copy(dest: Path) -> Path:
    """What the .dockerignore lets into the build context, copied with its times (the layer cache compares
    the files)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("Dockerfile", ".dockerignore", "pyproject.toml", "requirements.lock", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "src", dest / "src", ignore=ignore)
    return dest


def wait_healthy(podman: Podman, container: str, timeout: float = 600) -> float:
    """Run the HEALTHCHECK until podman calls the container healthy; seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        podman("healthcheck", "run", container, check=False, timeout=60)
        state = json.loads(podman("inspect", "--format", "{{json .State}}", container).stdout)
        if state["Health"]["Status"] == "healthy":
            return time.monotonic() - start
        if not state["Running"]:
            break
        time.sleep(2)
    logs = podman("logs", "--tail", "40", container, check=False)
    raise AssertionError(f"{container} not healthy: {state['Health']}\n{logs.stdout}{logs.stderr}")


def cached_steps(build_output: str) -> dict[str, bool]:
    """Each build step ("[stage] STEP n/m: INSTRUCTION ...") and whether buildah took it from the cache.

    Stages interleave: a COPY --from builds the stage it names first, so a step's "--> Using cache" can
    come after that stage's own steps. Each step but FROM ends with a "--> <id>" line: a stack pairs them."""
    steps: dict[str, bool] = {}
    pending: list[str] = []
    for line in build_output.splitlines():
        if line.startswith("[") and " STEP " in line:
            step = line.split(": ", 1)[1]
            steps[step] = False
            if not step.startswith("FROM "):
                pending.append(step)
        elif line.startswith("--> Using cache") and pending:
            steps[pending[-1]] = True
        elif line.startswith("--> ") and pending:
            pending.pop()
    return steps
