"""What the words around a number say of it: a fraction, a bound ("kurang dari", "more than") and
the start of a change ("dari 10% menjadi 30%").

`verify`'s number checks compare digits, so they pass "about 18 million tons" against "kurang
daripada 18 juta ton" (less than: the 18 is there) and see nothing to compare in "half a percentage
point" against "seperempat poin" (a quarter: no digit on either side). Both sentences were verified
and labelled unfaithful in eval/answer-k-2026-12-07; of the 326 hand-labelled sentences of the
committed runs the two rules flag 6, all unfaithful (probe_quantities.txt there). Likewise "up to
10%" passes against "dari rata-rata 10% menjadi 30%": the third rule, added after, flags only that
sentence among 333 labelled ones, 12 of which cite a change, and nothing in IndoNLI or FactCG.
Each rule fires only on a contradiction the source states, as `verify.reversed_directions` does: a
source that names no fraction, or gives the number unbounded or outside a change somewhere, is left
to the support model.

Both sides come in `text.canonical` form (lower case, "8.000" and "8,000" both "8000").
"""

from __future__ import annotations

import re

from .lexicon import BOUNDS_EN, BOUNDS_ID, FRACTIONS

# A quarter of a year is no fraction of the number beside it: "the third quarter", "quarter-on-quarter".
_PERIOD = r"(?<!first )(?<!second )(?<!third )(?<!fourth )(?<!last )(?<!this )(?<!next )(?<!each )(?<!on-)(?<!on )"
_FRACTION_FORMS = {
    name: re.compile(_PERIOD + r"(?<![\w/.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w/]|\.\d|[- ]on[- ])")
    for name, forms in FRACTIONS.items()
}

# What may stand between a bound word and its number: a currency, an approximation, a verb of reaching
# ("hampir mencapai Rp 7 triliun": nearly reaching Rp 7 trillion, which an answer gave as "reached Rp 7
# trillion"; external-qa rail-cdb-loan, eval/readings-2026-12-08/picked).
_BETWEEN = r"(?:\s+(?:rp\.?|us\$|\$|usd|idr|sekitar|around|about|roughly|some|mencapai|menyentuh|menembus))*\s*"
# The source's bound is read in Indonesian only. Read in English too, it fired on FactCG's English
# news for 4 supported claims and 1 unsupported (a threshold "warming more than 1.5 degrees" against
# "a threshold of 1.5 degrees"; "over 60 years" against "a 60-year milestone"); in Indonesian, on
# IndoNLI's train split, for 4 contradicted and 5 other hypotheses of 10,330, and on the labelled
# outputs only for unfaithful ones (probe_quantities.txt in eval/answer-k-2026-12-07).
_SOURCE_BOUND = {side: re.compile(rf"\b(?:{words}){_BETWEEN}$") for side, words in BOUNDS_ID.items()}
# The sentence keeps the bound in either language.
_BOUND_WORDS = {side: rf"\b(?:{BOUNDS_ID[side]}|{BOUNDS_EN[side]})" for side in BOUNDS_ID}


def swapped_fractions(text: str, src: str) -> list[str]:
    """A fraction the sentence states where the source states only another: "half a percentage
    point" against "seperempat poin"."""
    said = [name for name, form in _FRACTION_FORMS.items() if form.search(text)]
    given = [name for name, form in _FRACTION_FORMS.items() if form.search(src)]
    return [f"fraction '{name}' is not in the cited source, which gives '{given[0]}'"
            for name in said if name not in given and given]


def _occurrences(number: str, text: str) -> list[int]:
    """Where `number` starts in `text` as a whole number ("18" is not in "180" or "1.18")."""
    return [m.start() for m in re.finditer(rf"(?<![\d.]){re.escape(number)}(?!\d|[.,]\d)", text)]


def source_bound(src: str, at: int) -> str | None:
    """The side ("under", "over") an Indonesian bound word just before position `at` puts the amount on."""
    before = src[max(0, at - 40):at]
    return next((side for side, pattern in _SOURCE_BOUND.items() if pattern.search(before)), None)


def dropped_bounds(text: str, src: str, numbers: set[str]) -> list[str]:
    """A number the source gives only as a bound ("kurang daripada 18 juta": under 18 million) and
    the sentence as an amount ("about 18 million") or as the opposite bound. A bound after the
    number ("Rp 80 triliun atau lebih") is not read: "atau lebih" also ends lists."""
    found = []
    for number in sorted(numbers):
        sides = {source_bound(src, at) for at in _occurrences(number, src)}
        if len(sides) != 1 or None in sides:
            continue  # not in the source, given unbounded somewhere, or bounded both ways
        side = sides.pop()
        # The sentence may put its bound on the noun ("the minimum depth is 1.35 metres"): any of
        # the side's words before the number keeps it.
        if any(not re.search(_BOUND_WORDS[side], text[:at]) for at in _occurrences(number, text)):
            found.append(f"the cited source gives {number} only as a bound ({'less' if side == 'under' else 'more'} "
                         f"than {number}); the sentence does not keep the bound")
    return found


# "dari rata-rata 10% menjadi 30%", "dari 5.75% ke 5.5%", "dari Rp 16288 menjadi Rp 16300": where a
# change started and where it went. Read in Indonesian only, as the bounds are; "dari 2023 hingga 2024"
# (hingga, sampai: until) marks a period or a range more often than a change, and is not read.
_AMOUNT_WORDS = r"(?:\s+(?:rata-rata|sekitar|level|posisi|angka|rp\.?|us\$|\$|usd|idr))*\s*"
_UNIT = r"(?:\s*(?:%|persen|juta|miliar|triliun|ribu|ton|basis poin|poin|bps))?"
_CHANGE = re.compile(rf"\bdari{_AMOUNT_WORDS}(?P<start>\d+(?:\.\d+)?){_UNIT}\s+(?:menjadi|ke)"
                     rf"{_AMOUNT_WORDS}(?P<end>\d+(?:\.\d+)?)")


def _only_as(role: str, number: str, src: str) -> set[str] | None:
    """The other ends of the changes of `src` ("dari X menjadi Y") that `number` is the `role`
    ("start" or "end") of, when every time `src` gives `number` it is that; else None."""
    other = "end" if role == "start" else "start"
    changes = {m.start(role): m.group(other) for m in _CHANGE.finditer(src)}
    at = _occurrences(number, src)
    if not at or any(i not in changes for i in at):
        return None
    return {changes[i] for i in at}


def dropped_change_ends(text: str, src: str, numbers: set[str]) -> list[str]:
    """A number the source gives only as where a change started ("margin dari rata-rata 10% menjadi
    30%") that the sentence states as the amount ("margins could rise by up to 10%"): neither where
    the change went nor "from" before it. The sentence was verified and labelled unfaithful twice
    (external-qa durian-margin)."""
    found = []
    for number in sorted(numbers):
        ends = _only_as("start", number, src)
        if ends is None:
            continue  # not in the source, or given somewhere not as a change's start
        if ends & numbers or all(re.search(r"\bfrom\b(?:\s+\S+){0,4}\s*$", text[:i])
                                 for i in _occurrences(number, text)):
            continue
        found.append(f"the cited source gives {number} as where a change started (from {number} to "
                     f"{'/'.join(sorted(ends))}); the sentence gives neither 'from' nor where it went")
    return found


# "by 30%", "by up to 30 percent": the size of a change, not the level it reached.
_BY = re.compile(r"\bby(?:\s+(?:up to|about|around|roughly|some|nearly|almost|approximately|rp\.?|us\$|\$))*\s*$")


def change_end_as_size(text: str, src: str, numbers: set[str]) -> list[str]:
    """A number the source gives only as where a change went ("dari rata-rata 10% menjadi 30%": from
    10% to 30%) that the sentence gives as the size of the change ("could rise by 30%"). Verified at
    P 0.57 and labelled unfaithful (external-qa durian-margin, eval/readings-2026-12-08/openvino)."""
    found = []
    for number in sorted(numbers):
        starts = _only_as("end", number, src)
        if starts is None:
            continue  # not in the source, or given somewhere not as where a change went
        if any(_BY.search(text[:i]) for i in _occurrences(number, text)):
            found.append(f"the cited source gives {number} as where a change went (from {'/'.join(sorted(starts))} "
                         f"to {number}); the sentence gives it as the size of the change ('by {number}')")
    return found
