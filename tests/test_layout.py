"""The shape the codebase promises: the README's map names only paths that exist, no function in the
package is longer than 60 lines, and the core never imports the eval or the bench (one direction:
the eval and the bench use the service, never the reverse)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .helpers import ROOT

README = (ROOT / "README.md").read_text()
PACKAGE = ROOT / "src" / "newsrag"
TOP_LEVEL = ("src/", "tests/", "eval/", "bench/", "traindata/", "LICENSES/", ".ci/", "Dockerfile", "Makefile")
MAX_FUNCTION_LINES = 60


def backticked(text: str) -> list[str]:
    return re.findall(r"`([^`\s]+)`", text)


def test_every_repository_path_the_readme_names_exists():
    named = [p for p in backticked(README) if p.startswith(TOP_LEVEL) and "<" not in p]
    assert len(named) > 20  # the map and the prose name dozens: a parsing slip would find none
    missing = [p for p in named if not (ROOT / p).exists()]
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_file_a_map_row_names_exists_under_the_row_s_folder():
    rows = re.findall(r"^\| `([^`]+)`(?:, `[^`]+`)* \| (.*) \|$", README, re.MULTILINE)
    assert len(rows) >= 10
    missing = []
    for folder, what in rows:
        if not folder.endswith("/"):
            continue
        for name in backticked(what):
            if re.fullmatch(r"[\w./-]+(/|\.py|\.md|\.j2)", name) and not (ROOT / folder / name).exists() \
                    and not (ROOT / name).exists():
                missing.append(f"{folder}{name}")
    assert not missing, f"README's map names files that do not exist: {missing}"


def long_functions() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_in_the_package_is_longer_than_60_lines():
    assert not long_functions()


def imported_modules(path: Path) -> set[str]:
    """Absolute names of what a module imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            names.update({module} | {f"{module}.{a.name}" for a in node.names})
    return names


def test_the_service_never_imports_the_eval_or_the_bench():
    # The CLI is the one place that puts them together (`newsrag eval`, `newsrag bench`).
    outside = [p for p in PACKAGE.rglob("*.py")
               if not p.is_relative_to(PACKAGE / "eval") and not p.is_relative_to(PACKAGE / "bench")
               and not p.is_relative_to(PACKAGE / "cli") and p.name not in ("cli.py", "__main__.py")]
    assert len(outside) > 30
    wrong = {str(p.relative_to(ROOT)): sorted(n for n in imported_modules(p)
                                              if n.startswith(("newsrag.eval", "newsrag.bench")))
             for p in outside}
    assert not {k: v for k, v in wrong.items() if v}
