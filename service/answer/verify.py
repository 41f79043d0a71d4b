"""Is an English sentence supported by the Indonesian sentences it cites?

Two independent signals, as explicit steps:
1. `problems()`: deterministic checks. Every number, date, weekday, role and name in the English
   sentence must appear in the cited text, after both sides are put in one canonical form
   (8,000 = "8.000", 2.5 = "2,5", October = "Oktober" = "(2/10)", North Korea = "Korut",
   US = "AS", China = "Tiongkok", ambassador = "duta besar"). Similarity cannot do this: measured
   with EmbeddingGemma, "80,000 soldiers" against "8.000 tentara" scores .82, as high as a faithful
   sentence.
2. A cross-lingual similarity (EmbeddingGemma's STS prompt) between the sentence and its sources,
   which catches sentences that share the names and numbers but not the meaning (.45-.69 measured
   for unrelated or contradicting claims, .86-.92 for faithful renderings).
`verdict()` combines them; it is pure, so the thresholds are unit-tested without a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import ENTITY_ALIASES, MONTHS_EN_ID, canonical
from .lexicon import EN_NUMBER_WORDS, ID_NUMBER_WORDS, NAME_WORDS, NOT_NAMES, ROLES, SOFT_NUMBERS, WEEKDAYS

# Measured on hand-written pairs against seed sentences (see tests/test_slow_answers.py):
# faithful English renderings .86-.92, role swaps and invented places .79-.87 (the checks catch
# those), unrelated or contradicting claims .45-.69.
SUPPORT_THRESHOLD = 0.75

_MONTHS_ID = list(dict.fromkeys(MONTHS_EN_ID.values()))
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-.]*[A-Za-z]|[A-Za-z]")
_ALIAS_FORMS = [
    (canon, re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.IGNORECASE))
    for canon, forms in ENTITY_ALIASES.items()
]
# Endings of English common nouns, adjectives and adverbs that names rarely have.
_COMMON_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ing|ed|ly|ism|ance|ence|ship|ies)$", re.IGNORECASE)
_ACRONYM_ALIASES = {"US": "amerikaserikat", "U.S.": "amerikaserikat", "AS": "amerikaserikat",
                    "UN": "pbb", "DPRK": "korut", "PRC": "china", "ROK": "korsel"}


def expand_numeric_dates(text: str) -> str:
    """Indonesian news writes dates as "(2/10)" or "(1/11/2024)": add the month's name, so that an
    English "October 2" can be checked against it."""
    def name(m: re.Match) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return m.group(0)
        return f"{m.group(0)} {day} {_MONTHS_ID[month - 1]}" + (f" {year}" if year else "")
    return _NUMERIC_DATE.sub(name, text)


def _source_form(sources: Sequence[str]) -> str:
    text = canonical(expand_numeric_dates(" ".join(sources)))
    for word, digit in ID_NUMBER_WORDS.items():
        text = re.sub(rf"\b{word}\b", f"{word} {digit}", text)
    return " " + re.sub(r"\s+", " ", text) + " "


def _has(source: str, form: str) -> bool:
    """`form` starts a word in `source`; suffixes are allowed (Indonesian "pemimpinnya")."""
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}", source) is not None


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".") for n in _NUMBER.findall(text)}


def _name_tokens(sentence: str) -> list[str]:
    """Canonical tokens of the names in an English sentence: capitalised words that are not
    sentence openers or pronouns, with multi-word aliases ("North Korea") folded first."""
    text = sentence
    for acronym, canon in _ACRONYM_ALIASES.items():
        text = re.sub(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", f" Ent{canon} ", text)
    for canon, pattern in _ALIAS_FORMS:
        text = pattern.sub(f" Ent{canon} ", text)
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group(0)).strip(".'’-")
        if not word or not word[0].isupper():
            continue
        opener = not text[: m.start()].strip(" \"“'‘(") or text[: m.start()].rstrip(" \"“'‘(")[-1] in ".!?:"
        if opener and _COMMON_SUFFIX.search(word):
            continue  # "Inflation rose ...", "Officially, ...": capitalised only by position
        if word.startswith("Ent") and word[3:] in ENTITY_ALIASES:
            out.append(word[3:])
            continue
        lower = word.lower()
        if (lower in NOT_NAMES or lower in MONTHS_EN_ID or lower in WEEKDAYS or lower in ROLES
                or lower in EN_NUMBER_WORDS):
            continue  # checked by their own rules below, or not names at all
        out.extend(t for t in re.split(r"[-.'’]", canonical(word)) if len(t) > 1 and not t.isdigit())
    return out


def problems(sentence: str, sources: Sequence[str]) -> list[str]:
    """What in `sentence` the cited `sources` do not back up; empty when everything checks."""
    src = _source_form(sources)
    src_numbers = _numbers(src)
    text = canonical(sentence)
    found: list[str] = []

    words = {d for w, d in EN_NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text)} - SOFT_NUMBERS
    for n in sorted(_numbers(text) | words):
        if n not in src_numbers:
            found.append(f"number {n} is not in the cited source")
    for month in _MONTHS_ID:
        if re.search(rf"\b{month}\b", text) and not _has(src, month):
            found.append(f"month {month} is not in the cited source")
    for en, id_ in WEEKDAYS.items():
        if re.search(rf"\b{en}\b", text) and not _has(src, id_):
            found.append(f"day {en.capitalize()} ({id_}) is not in the cited source")
    for role, forms in ROLES.items():
        if re.search(rf"\b{role}\b", text) and not any(_has(src, f) for f in forms):
            found.append(f"role '{role}' ({'/'.join(forms)}) is not in the cited source")
    for token in dict.fromkeys(_name_tokens(sentence)):
        forms = NAME_WORDS.get(token, ()) + (token,)
        if not any(_has(src, f) for f in forms):
            found.append(f"name '{token}' is not in the cited source")
    return found


@dataclass(frozen=True)
class Verdict:
    verified: bool
    support: float  # the sentence's similarity to its sources, 0-1
    problems: tuple[str, ...]

    @property
    def reason(self) -> str | None:
        if self.verified:
            return None
        if self.problems:
            return "; ".join(self.problems)
        return f"similarity to the cited source {self.support:.2f} is below {SUPPORT_THRESHOLD}"


def verdict(similarity: float, found: Sequence[str], threshold: float = SUPPORT_THRESHOLD) -> Verdict:
    """Supported means: nothing unbacked by the deterministic checks, and similar enough."""
    support = min(1.0, max(0.0, float(similarity)))
    return Verdict(verified=bool(not found and support >= threshold), support=support, problems=tuple(found))
