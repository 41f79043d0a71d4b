"""Files shipped inside the package: the prompt templates, the seed corpus and the eval datasets.

Found through `importlib.resources`, never relative to a source checkout, so an installed package
works from any directory. setuptools installs package data as plain files (never a zip), which is
why a real `Path` can be handed to code that opens, globs or ingests it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped(*parts: str) -> Path:
    """The shipped file or folder at `parts` under the package, e.g. `shipped("prompts")`."""
    path = files("newsrag").joinpath(*parts)
    if not isinstance(path, Path):  # a zipped install; setuptools never makes one
        raise RuntimeError(f"newsrag is installed as {path!r}; install it unzipped (pip install .)")
    return path
