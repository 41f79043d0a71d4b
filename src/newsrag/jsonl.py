"""JSON Lines files: one JSON value a line. The eval datasets, the bench's checker pairs and the
checker's training data are all kept this way."""

from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    """Every row of the file, in order; blank lines are skipped, a malformed line raises (these are
    files we ship or copied with provenance: a bad line is a bug to see, not a row to drop)."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
