"""Article metadata from the text itself and its URL: outlet, publication date, language.

Indonesian news states dates in several forms: a byline timestamp ("Rabu 24 Maret 2021 08:17 WIB"),
a weekday with day/month in brackets ("Senin, (2/10)", "Selasa (23/3)"), or with the year
("Jumat (1/11/2024)"). When the year is missing we infer it from the context: the years the article
mentions, checked against the stated weekday (2 October is a Monday in 2023, not in 2024).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6}

_WEEKDAY = r"(?P<wd>senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Rabu 24 Maret 2021", "Rabu, 24 Maret 2021 08:17 WIB", "24 Maret 2021"
_LONG_DATE = re.compile(rf"(?:{_WEEKDAY},?\s+)?(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
# "Senin, (2/10)", "Jumat (1/11/2024)", "Selasa (23/3)"
_SHORT_DATE = re.compile(rf"{_WEEKDAY},?\s*\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\s*\)", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def infer_year(day: int, month: int, weekday: int | None, context_years: list[int]) -> int | None:
    """Pick the year for a day/month without one: among the years the text mentions (and the year
    after the latest, since news often cites last year's events), prefer one whose weekday matches,
    latest first."""
    if not context_years:
        return None
    latest = max(context_years)
    candidates = sorted(set(context_years) | {latest + 1}, reverse=True)
    if weekday is not None:
        for y in candidates:
            date = _make(y, month, day)
            if date and date.weekday() == weekday:
                return y
    return latest if _make(latest, month, day) else None


def parse_published(bylines: list[str], body: str) -> dt.date | None:
    """The publication date: a byline timestamp wins; else the first weekday-dated expression in
    the body (Indonesian outlets date the reported statement that way)."""
    for line in bylines:
        m = _LONG_DATE.search(line)
        if m:
            date = _make(int(m["y"]), MONTHS[m["m"].lower()], int(m["d"]))
            if date:
                return date
    years = [int(y) for y in _YEAR.findall(body + " " + " ".join(bylines))]
    for m in _SHORT_DATE.finditer(body):
        day, month = int(m["d"]), int(m["m"])
        weekday = WEEKDAYS.get(m["wd"].lower().replace("’", "'"))
        if m["y"]:
            year = int(m["y"])
            year += 2000 if year < 100 else 0
        else:
            year = infer_year(day, month, weekday, years)
        if year and (date := _make(year, month, day)):
            return date
    return None


# Common Indonesian outlets by registered domain, with the name they print. Any other site is named by
# its registered domain ("example.co.id"), which says which outlet it is just as well.
OUTLETS = {
    "detik.com": "detikcom", "kompas.com": "Kompas.com", "kompas.id": "Kompas", "cnnindonesia.com": "CNN Indonesia",
    "cnbcindonesia.com": "CNBC Indonesia", "antaranews.com": "ANTARA", "tempo.co": "Tempo",
    "liputan6.com": "Liputan6.com", "tribunnews.com": "Tribunnews.com", "okezone.com": "Okezone",
    "merdeka.com": "merdeka.com", "suara.com": "Suara.com", "republika.co.id": "Republika", "kumparan.com": "kumparan",
    "viva.co.id": "VIVA", "bisnis.com": "Bisnis.com", "kontan.co.id": "Kontan", "jawapos.com": "Jawa Pos",
    "sindonews.com": "SINDOnews", "idntimes.com": "IDN Times", "beritasatu.com": "Beritasatu",
    "mediaindonesia.com": "Media Indonesia", "thejakartapost.com": "The Jakarta Post", "jpnn.com": "JPNN",
    "voaindonesia.com": "VOA Indonesia", "dailysocial.id": "DailySocial", "inews.id": "iNews", "genpi.co": "GenPI.co",
    "inikata.co.id": "INIKATA", "poskota.co.id": "Poskota", "rimanews.com": "Rimanews", "bola.net": "Bola.net",
}
# Second-level suffixes under which a registered domain has three labels ("detik.co.id", "bbc.co.uk").
_SECOND_LEVEL = {"co", "com", "or", "ac", "go", "net", "org", "web", "my", "sch", "gov", "edu", "ne"}


def url_host(url: str | None) -> str:
    """The URL's host, lower case; "" for none, or for a URL that does not parse: URLs come from
    uploaders and pages, and a bad one costs the outlet, not the upload (the API fuzz test sent
    ":ì[" and urlsplit raised "Invalid IPv6 URL")."""
    if not url:
        return ""
    try:
        return (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def registered_domain(url: str | None) -> str | None:
    """"news.detik.com" -> "detik.com", "www.kontan.co.id" -> "kontan.co.id"; None for no host."""
    host = url_host(url)
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2 or all(label.isdigit() for label in labels):
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL belongs to: its printed name for the common Indonesian outlets, else the
    registered domain."""
    domain = registered_domain(url)
    return OUTLETS.get(domain, domain) if domain else None


def parse_given_date(value: str | None, from_text: dt.date | None = None) -> dt.date | None:
    """A date given beside the text (JSONL `published`, a page's metadata): ISO ("2025-09-18",
    "2025-09-18T07:49:00+07:00") or slashed ("9/18/2025 7:49", "18/9/2025"). A slashed date that reads
    both ways (3/4/2025) is not guessed: the date the text states is used instead."""
    if not value:
        return from_text
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})\b", value)
    if not m:
        return from_text
    a, b, y = (int(g) for g in m.groups())
    readings = {d for d in (_make(y, a, b), _make(y, b, a)) if d}
    if len(readings) == 1:
        return readings.pop()
    return from_text  # both readings (or none) valid: the text's own date, or nothing guessed


_DOMAIN = re.compile(r"[A-Za-z0-9-]+\.(?:co\.id|co|com|id|net|org)(?:\.[a-z]{2})?$")
_OUTLET_NAMES = {n.lower() for n in OUTLETS.values()} | {"antara news", "antaranews"}
_BYLINE_SOURCE = re.compile(r"^(?:agregasi|sumber|source)\s+(?P<src>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)", re.IGNORECASE)


def parse_outlet(dateline: str | None, bylines: list[str]) -> tuple[str | None, str | None]:
    """(outlet, place) from the dateline and bylines. "INIKATA.co.id" is an outlet; "WASHINGTON" is
    a place; "JAKARTA, KOMPAS.com" is both; "Agregasi VOA" credits VOA."""
    outlet = place = None
    if dateline:
        head, _, tail = dateline.replace("(", ",").replace(")", "").rpartition(",")
        for part in (p.strip() for p in (head, tail) if p.strip()):
            if _DOMAIN.search(part) or part.lower() in _OUTLET_NAMES:
                outlet = part
            else:
                place = part.title()
    if outlet is None:
        for line in bylines:
            m = _BYLINE_SOURCE.match(line)
            if m:
                outlet = m["src"].strip(" ,·")
                break
    return outlet, place


_ID_WORDS = frozenset("yang dan di dengan untuk dari itu ini tidak akan pada dalam telah bahwa kata juga oleh ke atau sebagai mereka".split())
_EN_WORDS = frozenset("the and of to in is that for on with was as by it are be this from has have said".split())


def detect_language(text: str) -> str:
    """'id', 'en' or 'und', from function-word counts: enough for news prose, no model needed."""
    words = re.findall(r"[a-z]+", text.lower())
    n_id = sum(w in _ID_WORDS for w in words)
    n_en = sum(w in _EN_WORDS for w in words)
    if n_id + n_en < 3:
        return "und"
    return "id" if n_id >= n_en else "en"
