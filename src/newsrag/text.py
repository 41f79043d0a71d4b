"""Language helpers shared by keyword search, summaries and the checker.

Indonesian and English news name the same things differently: "Korut" / "Korea Utara" / "North
Korea", "AS" / "US" / "Amerika Serikat", "Tiongkok" / "China"; and write numbers differently:
8,000 is "8.000" and 2.5 is "2,5" in Indonesian. Everything here maps both languages onto one
canonical form so that a keyword in either matches the other.
"""

from __future__ import annotations

import re
import unicodedata

# Canonical entity token -> surface forms (lower-case regexes, matched on word boundaries).
ENTITY_ALIASES: dict[str, list[str]] = {
    "korut": [r"korea utara", r"korut", r"rrdk", r"dprk", r"north korean?s?", r"n\. ?korea"],
    "korsel": [r"korea selatan", r"korsel", r"south korean?s?", r"s\. ?korea"],
    "amerikaserikat": [r"amerika serikat", r"united states", r"america(?:ns?)?", r"amerika"],
    "china": [r"tiongkok", r"china", r"chinese", r"cina", r"rrt", r"rrc"],
    "rusia": [r"rusia", r"russian?s?"],
    "ukraina": [r"ukraina", r"ukrainian?s?", r"ukraine"],
    "jepang": [r"jepang", r"japan(?:ese)?"],
    "pbb": [r"perserikatan bangsa-bangsa", r"pbb", r"united nations"],
    # Beyond the seeds' story (issue 16): the country and institution names Indonesian news writes
    # its own way. "Bank Indonesia" before "Indonesia", so the bank stays one name.
    "bankindonesia": [r"bank indonesia"],
    "indonesia": [r"indonesia(?:ns?)?"],
    "inggris": [r"inggris", r"britain", r"british", r"united kingdom", r"england", r"english"],
    "jerman": [r"jerman", r"germany", r"germans?"],
    "prancis": [r"prancis", r"perancis", r"france", r"french"],
    "belanda": [r"belanda", r"netherlands", r"dutch"],
    "arabsaudi": [r"arab saudi", r"saudi arabia", r"saudi"],
    "singapura": [r"singapura", r"singapore(?:ans?)?"],
    "filipina": [r"filipina", r"philippines?", r"filipinos?"],
    "mesir": [r"mesir", r"egypt(?:ians?)?"],
    "turki": [r"turki", r"turkey", r"t\u00fcrkiye", r"turkish"],
    "eropa": [r"eropa", r"europe(?:ans?)?"],
    "selandiabaru": [r"selandia baru", r"new zealand"],
    # The US central bank: "The Fed" in both languages, "bank sentral AS" in Indonesian (by then
    # "AS" has been folded to "amerikaserikat").
    "fed": [r"the federal reserve", r"federal reserve", r"the fed", r"bank sentral\s+amerikaserikat"],
}
# The countries among them (the rest are institutions and a region), by their canonical names.
COUNTRIES = frozenset(ENTITY_ALIASES) - {"pbb", "bankindonesia", "eropa", "fed"}
# Upper-case abbreviations that are also ordinary lower-case words ("as" in English, "us"), or too
# short to fold in lower case ("RI" for Republik Indonesia, "BI" for Bank Indonesia).
CASED_ALIASES: dict[str, str] = {"AS": "amerikaserikat", "A.S.": "amerikaserikat", "US": "amerikaserikat", "U.S.": "amerikaserikat", "UN": "pbb",
                                 "RI": "indonesia", "BI": "bankindonesia"}

MONTHS_EN_ID = {
    "january": "januari", "february": "februari", "march": "maret", "april": "april", "may": "mei",
    "june": "juni", "july": "juli", "august": "agustus", "september": "september",
    "october": "oktober", "november": "november", "december": "desember",
}

STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada dalam itu ini adalah akan telah sudah juga atau oleh
    karena sebagai bahwa tidak ada para saat secara tersebut mereka ia kami kita saya dia nya
    lebih agar bagi hingga namun tetapi serta antara setelah sejak masih bisa dapat kata hal
    the a an and or of to in on at for with by from is are was were be been has have had that
    this these those it its as which who whom what when where how why do does did not no
    """.split()
)

_ALIAS_RE = [
    (canon, re.compile(r"\b(?:" + "|".join(forms) + r")\b")) for canon, forms in ENTITY_ALIASES.items()
]
_CASED_RE = re.compile(r"(?<![\w.])(AS|A\.S\.|US|U\.S\.|UN|RI|BI)(?![\w])")
# A number may follow letters directly: Indonesian news writes "Rp6,98 triliun" and "Rp16.288", where
# a word boundary before the digits does not exist.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*\b(?![.,]\d)")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d+)\b")
# ...and the currency is a word of its own, so "Rp 6.98 trillion" finds "Rp" in "Rp6,98 triliun".
_CURRENCY_GLUED = re.compile(r"\b(Rp|RM|USD|IDR)(?=\d)", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def normalize_numbers(text: str) -> str:
    """'8.000' and '8,000' -> '8000'; Indonesian decimal '2,5' -> '2.5'."""
    text = _THOUSANDS.sub(lambda m: re.sub(r"[.,]", "", m.group(0)), text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


def canonical(text: str) -> str:
    """Lower-cased, accent-folded text with entity aliases and numbers in canonical form."""
    text = unicodedata.normalize("NFKC", text)
    text = _CASED_RE.sub(lambda m: f" {CASED_ALIASES[m.group(1)]} ", text)
    text = normalize_numbers(_CURRENCY_GLUED.sub(r"\1 ", text)).lower()
    for canon, pattern in _ALIAS_RE:
        text = pattern.sub(f" {canon} ", text)
    for en, id_ in MONTHS_EN_ID.items():
        text = re.sub(rf"\b{en}\b", id_, text)
    return text


def countries_named(text: str) -> set[str]:
    """The canonical names of the countries `text` names, in either language ("RI", "Tiongkok", "US")."""
    return set(re.findall(r"[a-z]+", canonical(text))) & COUNTRIES


def tokens(text: str) -> list[str]:
    """Keyword-search tokens: canonical words without stopwords. No stemmer: English stemmers
    mangle Indonesian affixes, and exact forms work well enough for news names and numbers."""
    return [t for t in _TOKEN.findall(canonical(text)) if t.isdigit() or (len(t) > 1 and t not in STOPWORDS)]
