"""An Indonesian-aware sentence splitter.

Generic splitters break Indonesian news in the wrong places: "8.000" (Indonesian thousands),
"(23/3)" dates, titles such as "Dr." or "Jend.", initials ("Joe R. Biden") and quotes that close
after the full stop ("... lakukan.”"). This one only ends a sentence at terminal punctuation
(optionally followed by closing quotes or brackets) that is followed by whitespace and something
that can start a sentence, and never after a known abbreviation or a single initial.
"""

from __future__ import annotations

import re

# Lower-cased, without the final dot. Indonesian titles, ranks and Latin/English abbreviations that
# appear in news copy.
ABBREVIATIONS = frozenset(
    """
    dr drs dra prof ir h hj kh st sdr sdri bpk bu pak no nos jl jln kec kab kel prov
    dll dsb dst tsb yth a.n u.p s.h s.e s.pd s.t s.kom m.si m.sc m.a ph.d tbk pt cv rp
    kol letjen mayjen brigjen jend kapt lettu letda serka kompol kombes irjen komjen
    mr mrs ms jr sr vs co inc ltd corp gov sen rep e.g i.e u.s u.k etc approx
    """.split()
)

_TERMINAL = r"[.!?…]+"
_CLOSERS = r"[\"'”’»)\]]*"
_OPENERS = r"[\"'“‘«(\[]"
# A candidate boundary: terminal punctuation, optional closers, whitespace, then a sentence start.
_BOUNDARY = re.compile(rf"({_TERMINAL}{_CLOSERS})(\s+)(?=(?:{_OPENERS})*[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# A full stop with the space after it left out, a typo of news copy: "... dalam pertemuan itu.Ia
# mendesak ..." and "... Kamis (18/9/2025).Powell ..." in one Detik article (external-qa's fed
# questions got the two sentences as one). After two lower-case letters or a closing bracket, before a
# capitalised word; "A.S.", "U.S.Army" and "detik.com" do not match, and an abbreviation still does not
# end a sentence ("dll.Ini").
_GLUED = re.compile(r"(?:(?<=[a-z]{2})|(?<=\)))\.(?=[A-Z][a-z])")


def _is_abbreviation(text_before_dot: str) -> bool:
    m = _WORD_BEFORE.search(text_before_dot)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Joe R. Biden"
    return word.lower().rstrip(".") in ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph (no newlines expected) into sentences, whitespace-normalised."""
    text = _GLUED.sub(". ", " ".join(paragraph.split()))
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        punct = m.group(1)
        if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1 and _is_abbreviation(text[start:m.start()]):
            continue
        out.append(text[start:m.end(1)].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
