"""The README's examples, executed, so they stay true: every shell line (the CLI with the fake
embedder and the extractive fake generator behind real Chroma; curl against a live server; a real
`chroma run`), the Python client example, and the answer example's shape. The slow tier checks the
example answer itself against the real model (tests/test_slow_answers.py)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsrag.api.app import create_app
from newsrag.cli import make_cli
from newsrag.components import Components, real_generator
from newsrag.eval.fake import ExtractiveGenerator
from newsrag.settings import Settings

from .fakes import FakeEmbedder, FakeSupportModel
from .helpers import CORPUS, ROOT
from .live import serve
from .servers import ChromaServer

README = (ROOT / "README.md").read_text()
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
BLOCKS = [(m.group(1), m.group(2)) for m in FENCE.finditer(README)]

# Lines the fast tier does not run, each with the reason and where it is covered instead.
NOT_RUN = {
    "make run": "the two commands themselves: CI runs `make test`, and `make run` ends in a server",
    "make test": "CI runs it (.ci/run)",
    "newsrag models fetch": "downloads 2.3 GB: `make test` runs it before the tests (the models target)",
    "newsrag serve": "blocks: the curl lines run against create_app on a live loopback server instead",
    "newsrag eval run --baseline eval/baseline/results.json": "the real ~50 min regression run",
    "newsrag eval run --suite seed-qa --limit 5": "real models; the slow tier runs test_slow_eval.py",
    "newsrag eval compare eval/baseline/results.json eval/runs/<time>/results.json": "a placeholder path; "
        "tests/test_eval_run.py runs compare",
    "newsrag eval relabel eval/runs/<time>/results.json": "a placeholder path; tests/test_eval_run.py runs relabel",
    "newsrag bench --out bench/results-$(date +%F).json": "real models, 13 min: a command whose results are "
        "committed (bench/README.md); tests/test_bench.py runs its parts",
    "docker build -t newsrag .": "built and run with podman by tests/test_container.py (`make test-docker`)",
    "docker run -p 8000:8000 -e NEWSRAG_API_KEY=change-me -v newsrag-data:/data newsrag": "as above",
}


def shell_lines(code: str) -> list[str]:
    """Commands of a shell block: continuations joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", code)
    out = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            out.append(line.split("  #")[0].rstrip() if "  #" in line else line.rstrip())
    return out


def test_the_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    lang, code = BLOCKS[0]
    assert README.index("```") < README.index("\n## ")  # before anything else
    assert lang == "sh" and [line.split("#")[0].strip() for line in code.splitlines()] == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_line_left_out_is_still_in_the_readme():
    lines = {line for lang, code in BLOCKS if lang == "sh" for line in shell_lines(code)}
    assert set(NOT_RUN) <= lines, set(NOT_RUN) - lines


class Shell:
    """Runs README shell lines in order, as a user would in one terminal."""

    def __init__(self, tmp: Path, monkeypatch, stack: ExitStack) -> None:
        self.tmp, self.monkeypatch, self.stack = tmp, monkeypatch, stack
        self.embedder = FakeEmbedder()
        self.cli = make_cli(self.factory)
        self.server_url: str | None = None
        self.server_env: dict[str, str] = {}
        self.server = ExitStack()
        stack.callback(self.server.close)
        self.rewrites: dict[str, str] = {}
        monkeypatch.chdir(ROOT)  # paths in the README are relative to the repository
        monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp / "data"))
        for name in list(os.environ):
            if name.startswith("NEWSRAG_") and name != "NEWSRAG_DATA_DIR":
                monkeypatch.delenv(name)

    def factory(self, settings: Settings) -> Components:
        return Components(settings, embedder=lambda: self.embedder,
                          support=FakeSupportModel, generator=ExtractiveGenerator)

    def run(self, line: str) -> str:
        for old, new in self.rewrites.items():
            line = line.replace(old, new)
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            for assignment in words[1:]:
                name, _, value = assignment.partition("=")
                self.monkeypatch.setenv(name, value)
            return ""
        if words[0] == "newsrag":
            result = CliRunner().invoke(self.cli, words[1:])
            assert result.exit_code == 0, f"{line}\n{result.output}"
            return result.stdout
        if words[0] == "chroma":
            server = self.stack.enter_context(ChromaServer(self.tmp / "chroma-server"))
            self.rewrites[f"127.0.0.1:{words[words.index('--port') + 1]}"] = f"127.0.0.1:{server.port}"
            return ""
        if words[0] == "curl":
            env = {k: v for k, v in os.environ.items() if k.startswith("NEWSRAG_")}
            if self.server_url is None or env != self.server_env:  # (re)start `newsrag serve` after exports
                self.server.close()
                app = create_app(Settings(), factory=self.factory)
                self.server_url, self.server_env = self.server.enter_context(serve(app)), env
            line = line.replace("http://127.0.0.1:8000", self.server_url)
            done = subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=ROOT, timeout=120,
                                  check=False)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
            return done.stdout
        raise AssertionError(f"the README runs a command this test does not know how to run: {line}")


@pytest.mark.server  # the README's scale-out section runs `chroma run`
def test_every_shell_example_runs(tmp_path, monkeypatch):
    ran, outputs = 0, {}
    with ExitStack() as stack:
        shell = Shell(tmp_path, monkeypatch, stack)
        shell.run("newsrag ingest")  # where `make run` leaves a user
        for lang, code in BLOCKS[1:]:
            if lang != "sh":
                continue
            for line in shell_lines(code):
                if line in NOT_RUN:
                    continue
                out = outputs[line] = shell.run(line)
                ran += 1
                if line.startswith("curl"):
                    events = re.findall(r"^data: (.*)$", out, re.MULTILINE)
                    doc = json.loads(events[-1]) if events else json.loads(out)
                    assert "error" not in doc, f"{line}\n{out[:500]}"
            # Whatever a block exported must make valid settings, and a named generator must build.
            settings = Settings()
            if settings.generator == "openai":
                generator = real_generator(settings)
                assert generator.model_id == (f"{os.environ['NEWSRAG_OPENAI_MODEL']} (openai-compatible at "
                                              f"{os.environ['NEWSRAG_OPENAI_BASE_URL']})")
    assert ran >= 25
    # The example answer has the shape the service returns (its content: the slow tier).
    at = next(i for i, (lang, _) in enumerate(BLOCKS) if lang == "json")
    example, served = json.loads(BLOCKS[at][1]), json.loads(outputs[shell_lines(BLOCKS[at - 1][1])[0]])
    assert set(example) <= set(served) and set(example["sentences"][0]) <= set(served["sentences"][0])
    assert set(example["sentences"][0]["citations"][0]) == set(served["sentences"][0]["citations"][0])


def test_the_python_client_example_runs(tmp_path, monkeypatch, capsys):
    (code,) = [code for lang, code in BLOCKS if lang == "python" and "OpenAI(" in code]
    settings = Settings(data_dir=tmp_path / "data")
    embedder = FakeEmbedder()
    c = Components(settings, embedder=lambda: embedder, support=FakeSupportModel, generator=ExtractiveGenerator)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    with serve(create_app(settings, factory=lambda s: c)) as url:
        exec(compile(code.replace("http://127.0.0.1:8000", url), "README.md", "exec"), {})  # noqa: S102  (the README's own code)
    printed = capsys.readouterr().out.splitlines()
    assert re.search(r"\[1\]$", printed[0]), printed
    assert printed[1].startswith("[{'n': 1, 'article_id': ") and "'sentence_id': " in printed[1], printed


@pytest.fixture(autouse=True)
def _no_network_for_models(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
