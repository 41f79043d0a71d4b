"""How a source sentence is shown to the model: as data, in one line, with nothing that reads as
one of our own citation markers.

Article text is untrusted. A sentence carrying "[3]" would put a citation into the model's mouth
(a model copies what it sees), and a line break followed by "[7] ..." would forge a numbered line
of evidence. Markers become "(3)" and whitespace one space; the names are then glossed.
"""

from __future__ import annotations

import re

from .glossary import gloss

_MARKER = re.compile(r"[\[【]\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*[\]】]")


def as_evidence(text: str) -> str:
    return gloss(" ".join(_MARKER.sub(r"(\1)", text).split()))
