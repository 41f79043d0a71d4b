"""Prompt templates: versioned Jinja files under newsrag/prompts/<task>/<version>/ (package data),
rendered strictly.

A prompt's recorded version is "<task>/<version>@<sha8>", the hash covering the template text, so
an edited template can never pass for the one a cached result was made with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends.generator import Message
from .resources import shipped

PARTS = ("system", "user")


class PromptError(RuntimeError):
    """A prompt template is missing or does not render."""


@dataclass(frozen=True)
class Prompt:
    task: str
    version: str
    sources: dict[str, str]  # part -> template text

    @property
    def id(self) -> str:
        digest = hashlib.sha256("\x00".join(self.sources[p] for p in PARTS).encode()).hexdigest()
        return f"{self.task}/{self.version}@{digest[:8]}"

    def render(self, system: dict[str, Any], user: dict[str, Any]) -> list[Message]:
        import jinja2

        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                                 keep_trailing_newline=False)
        out = []
        for part, variables in (("system", system), ("user", user)):
            try:
                text = env.from_string(self.sources[part]).render(**variables)
            except jinja2.TemplateError as e:
                raise PromptError(f"prompt {self.task}/{self.version}/{part}.j2: {e}") from e
            out.append(Message(part, text.strip()))
        return out


def load_prompt(task: str, version: str, root: Path | None = None) -> Prompt:
    """The template pair under `root` (default: the shipped prompts)."""
    root = root or shipped("prompts")
    folder = root / task / version
    sources = {}
    for part in PARTS:
        path = folder / f"{part}.j2"
        if not path.is_file():
            raise PromptError(f"prompt template {path} is missing")
        sources[part] = path.read_text(encoding="utf-8")
    return Prompt(task, version, sources)


def available(root: Path | None = None) -> list[tuple[str, str]]:
    """Every (task, version) folder under `root` (default: the shipped prompts)."""
    root = root or shipped("prompts")
    return sorted((d.parent.name, d.name) for d in root.glob("*/*") if (d / "system.j2").is_file())
