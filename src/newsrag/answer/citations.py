"""Reading the model's output: sentences and the `[n]` markers after them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.sentences import split_sentences

NOT_FOUND = "NOT_FOUND"
# "[2]", "[2, 5]", "[2][5]", "[2-3]"; the model sometimes writes full-width brackets.
_MARKER = re.compile(r"\s*[\[【]\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*[\]】]")
_LEADING = re.compile(r"^(?:\s*[\[【]\s*\d+(?:\s*[,;–-]\s*\d+)*\s*[\]】])+")
# "..., according to evidence [1]." / "(see evidence 2)": talk about the evidence, not a claim.
_EVIDENCE_TALK = re.compile(r",?\s*\(?(?:according to|as stated in|as shown in|see|from|in) (?:the )?evidence"
                            r"(?: sentences?)?(?:\s*\d+(?:\s*(?:,|and)\s*\d+)*)?\)?", re.IGNORECASE)
_LINE_NUMBER = re.compile(r"^\s*[\[【(]?\s*(\d+)\s*[\]】).:]\s*(.*)$")
# A sentence that only says where the one before it comes from, the model's other way of citing:
# "This can be seen in evidence points [4], [5], and [6]." (external-qa rail-finmin), "This
# information can be found in evidence sentences 1 and 2." (hep-deaths). Read as a sentence, it left
# "This can be seen points,, and." with the citations and the claim before it with none.
_CITES_THE_ONE_BEFORE = re.compile(
    r"^\W*(?:this|that|it|these|such|the)\s+(?:(?:information|answer|data|facts?|figures?)\s+)?"
    r"(?:can|could|is|are|was|were|may)\s+(?:be\s+)?(?:found|seen|shown|confirmed|stated|mentioned|supported|given|"
    r"provided|read)\s+(?:in|by|from|at)\s+(?:the\s+)?evidence\b[^.!?]*?\d", re.IGNORECASE)
# How such a sentence opens: while it is being written, the sentence before it may still get its citations.
MAY_CITE_THE_ONE_BEFORE = re.compile(
    r"^\W*(?:this|that|it|these|such|the (?:information|answer|data|facts?|figures?))\b", re.IGNORECASE)


@dataclass
class Drafted:
    text: str  # the sentence without its markers
    cited: list[int]  # evidence numbers that exist, in order
    invalid: list[int]  # numbers that point at no evidence (removed from the output)


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", group):
        if m := re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", part):
            lo, hi = int(m.group(1)), int(m.group(2))
            out.extend(range(lo, hi + 1) if 0 < hi - lo < 10 else [lo, hi])
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def is_not_found(output: str) -> bool:
    return NOT_FOUND in output.upper().replace(" ", "_")


def parse_cited(output: str, n_evidence: int) -> list[Drafted]:
    """Split an answer into sentences with their citations. A marker that opens a sentence belongs
    to the previous one ("... Russia. [11] China ..."); markers are taken out of the text."""
    pieces: list[tuple[str, list[int]]] = []
    for paragraph in output.splitlines():
        for sentence in split_sentences(paragraph):
            if lead := _LEADING.match(sentence):
                numbers = [n for g in _MARKER.findall(lead.group(0)) for n in _numbers(g)]
                if pieces:
                    pieces[-1][1].extend(numbers)
                    sentence = sentence[lead.end():]
            if pieces and _CITES_THE_ONE_BEFORE.match(sentence):
                pieces[-1][1].extend(int(n) for n in re.findall(r"\d+", sentence))
                continue
            numbers = [n for g in _MARKER.findall(sentence) for n in _numbers(g)]
            text = _EVIDENCE_TALK.sub("", _MARKER.sub("", sentence)).strip()
            text = re.sub(r"\s+([.,;:!?])", r"\1", text)
            if text and re.search(r"\w", text):
                pieces.append((text, numbers))
            elif pieces:
                pieces[-1][1].extend(numbers)
    out = []
    for text, numbers in pieces:
        unique = list(dict.fromkeys(numbers))
        out.append(Drafted(text, [n for n in unique if 1 <= n <= n_evidence],
                           [n for n in unique if not 1 <= n <= n_evidence]))
    return out


def parse_numbered_lines(output: str, expected: int) -> dict[int, str]:
    """`[n] text` lines of a summary rendering -> {n: text}; the first line for each n wins, and
    numbers outside 1..expected are ignored (the pipeline, not the model, fixes the citations)."""
    found: dict[int, str] = {}
    for line in output.splitlines():
        m = _LINE_NUMBER.match(line)
        if not m:
            continue
        n, text = int(m.group(1)), _MARKER.sub("", m.group(2)).strip()
        if 1 <= n <= expected and n not in found and re.search(r"\w", text):
            found[n] = text
    return found
