"""Turn a scraped news page into body paragraphs, photo captions and a record of what was removed.

Scraped Indonesian news carries page furniture that must never become evidence: "Baca juga:" links
followed by an unrelated headline, comment forms, newsletter and signature widgets, share buttons,
pagination, "read us on Google News" promos and image URLs. Removing text silently would hide what the
cleaner did, so every removal is recorded with its reason; captions are kept but marked, because they
describe a photo (often from another day), not the story.

Rules work line by line: scraped text keeps one paragraph or widget per line. They name kinds of
furniture, not one outlet's widgets: "also read/watch" links and video promos in their Indonesian and
English forms (with or without a colon), all-caps interface lines ("SCROLL TO CONTINUE WITH CONTENT"),
embed placeholders ("[Gambas:Video 20detik]"), credits and signatures. What no rule names, an outlet's
own template, is found by repetition across its articles (templates.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import OUTLETS

# Bumped whenever the rules change, so re-ingesting re-cleans stored articles (see pipeline.py); the
# sentence splitter's rules too, since they set the sentences' ids ("3": a full stop with no space after it).
CLEANER_VERSION = "3"

_I = re.IGNORECASE

# "Also read/watch" in the forms outlets use: "Baca juga:", "BACA:", "(Baca juga: ...)", "Lihat juga:",
# "Simak juga Video ...", "Tonton juga Video: ...", "Saksikan Video Pilihan Berikut Ini:", "Read also:",
# "Watch:". A colon is optional once "juga" or "video" says it is a promo; a bare "Baca"/"Simak" needs one,
# since "Simak" and "Lihat" also open real sentences.
_PROMO_VERB = r"(?:baca|lihat|simak|tonton|saksikan|klik|read|see|watch|also\s+read|read\s+more)"
_READ_ALSO = re.compile(
    rf"^[(\[]?\s*(?:{_PROMO_VERB}\s*:"
    rf"|{_PROMO_VERB}\s+(?:juga|also|pula)\b"
    rf"|{_PROMO_VERB}\s+(?:(?:juga|pula)\s+)?(?:video|foto|infografis|berita|artikel)\b)", _I)
_READ_ALSO_INLINE = re.compile(
    r"\s*\(\s*(?:baca|lihat|simak|tonton|saksikan)(?:\s+(?:juga|pula))?(?:\s+video)?\s*:[^)]*\)\s*", _I)

_FURNITURE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(leave a reply|tinggalkan balasan|tinggalkan komentar)\b", _I), "comment form"),
    (re.compile(r"^(your email address will not be published|alamat email anda tidak akan)", _I), "comment form"),
    (re.compile(r"^\*+$"), "comment form"),
    (re.compile(r"^(tidak dapat menyimpan tanda tangan|silakan coba lagi\.?$)", _I), "signature widget"),
    (re.compile(r"^(langganan anda berhasil|berlangganan|subscribe\b|daftar newsletter)", _I), "subscription widget"),
    (re.compile(r"^(bagikan artikel ini|bagikan|share( this)?( article)?|cari berita lain di sini)\s*:?$", _I), "share widget"),
    (re.compile(r"^(halaman\s*)?\d{1,3}$", _I), "page number"),
    (re.compile(r"^(selanjutnya|sebelumnya|next|previous|load more|lihat semua)\s*»?$", _I), "pagination"),
    (re.compile(r"^sumber\s*:?$", _I), "page label"),
    (re.compile(r"^(silakan|simak|ikuti|baca|dapatkan|follow)\b.*google news", _I), "promo"),
    (re.compile(r"^(editor|penulis|reporter|pewarta|redaktur)\s*:", _I), "byline"),
    (re.compile(r"^https?://\S+$", _I), "bare URL"),
    (re.compile(r"^\[\s*gambas\s*:[^\]]*\]$", _I), "embed placeholder"),
    (re.compile(r"^(advertisement|iklan|adv|sponsored|konten\s+sponsor|promo)\s*:?$", _I), "advertisement"),
    (re.compile(r"^(artikel ini (pertama kali )?(telah |sudah )?(tayang|terbit|dimuat)|this (article|story) (was|first) "
                r"(originally )?(published|appeared)|(diadaptasi|diterjemahkan|disadur|adapted|translated) (oleh|dari|by|from)\b)",
                _I), "syndication note"),
    (re.compile(r"^(disclosure|pengungkapan|koreksi|ralat|correction|pembaruan|update)\s*(\([^)]{0,60}\))?\s*:", _I),
     "editorial note"),
    (re.compile(r"^(sumber|source)(\s+(berita|artikel|foto))?\s*:?\s*[\w.&-]+(\s+[\w.&-]+)?\.?$", _I), "source credit"),
    (re.compile(r"^[^\w]+$"), "separator"),
    # Live shows and "follow the full report" promos: "Saksikan Live ...", "... Ikuti laporannya selengkapnya."
    # Scraped links are often glued to the words around them ("jurnalisdetikBaliselengkapnya"): no \b before.
    (re.compile(r"^(saksikan|tonton|watch)\s+(live|siaran|streaming)\b|\blive\s*streaming\b"
                r"|\b(ikuti|simak|saksikan|tonton)\b.{0,100}selengkapnya\b", _I), "promo"),
    (re.compile(r"^(dapatkan|ikuti|follow|gabung|join)\b.{0,80}\b(whatsapp|telegram|instagram|twitter|facebook|"
                r"tiktok|youtube|channel|saluran|newsletter)\b", _I), "promo"),
    (re.compile(r"^(copyright|hak cipta)\b|^©", _I), "copyright"),
    (re.compile(r"^(pilihan editor|rekomendasi|berita terkait|artikel terkait|related( articles?| stories)?|"
                r"terpopuler|most popular|tags?|topik)\s*:?", _I), "related links"),
    # Author and desk codes alone on a line: "(rdp/eds)", "(ugo / ugo)", "(M054)", "(Uu. T008)", "[ded]", "(*)".
    (re.compile(r"^[(\[]\s*(?!(?:foto|photo|files?|ilustrasi|dok)\b)(?:\*|[a-z]{1,5}\.?\s*\d{0,4}"
                r"(?:\s*[/.]?\s*[a-z]{1,5}\d{0,4}){0,3})\s*[)\]]$", _I), "signature"),
]

# An interface line in capitals: "SCROLL TO CONTINUE WITH CONTENT", "BACA JUGA", "ADVERTISEMENT".
# Two or more words and no sentence punctuation, so an acronym or an all-caps dateline inside a
# paragraph ("WASHINGTON - ...") stays.
_ALL_CAPS_LINE = re.compile(r"^[A-Z][A-Z ]{3,60}[A-Z]$")

# An image URL as scraped, sometimes with its slashes turned into spaces ("https: img.x.com a b.jpg").
_IMAGE_URL = re.compile(r"^https?:?/*\s?(?:\S+\s){0,40}?\S*\.(?:jpe?g|png|gif|webp)\b\s*", _I)

_CAPTION = re.compile(
    r"^(foto\s*file|file\s*foto|foto|photo|\(files?\)|ilustrasi|illustration)\b\s*:?"
    r"|\((?:foto|photo|dok|dokumentasi)\s*:[^)]*\)\s*$"
    r"|\(photo by [^)]*\)\s*$"
    r"|\b(?:REUTERS|AFP|AP|ANTARA)(?:/[A-Z][\w .]*)+",
    _I,
)

# A byline with a timestamp: "Agregasi VOA, · Rabu 24 Maret 2021 08:17 WIB".
_BYLINE_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(WIB|WITA|WIT)\b")

# Dateline at the start of the first paragraph: "INIKATA.co.id –", "GenPI.co -", "WASHINGTON —",
# "JAKARTA, KOMPAS.com -", "Jakarta, CNN Indonesia --", "Jakarta (ANTARA) -".
_OUTLET_NAME = "|".join(re.escape(n) for n in sorted({*OUTLETS.values(), "ANTARA News", "Antaranews"}, key=len, reverse=True))
_DATELINE = re.compile(
    r"^(?P<head>(?:[A-Z][A-Z .'-]{2,40}?(?:,\s*)?)?(?:[A-Za-z0-9-]+\.(?:co\.id|co|com|id|net|org)(?:\.[a-z]{2})?)"
    r"|[A-Z][A-Z .'-]{2,40}?"
    rf"|[A-Z][A-Za-z .'-]{{2,30}}?(?:,\s*|\s*\()(?i:{_OUTLET_NAME})\)?"
    r")\s*(?:[–—-]\s*){1,2}(?=\S)"
)
# Trailing author signature: "(Fajar/Inikata)", "(ant/rid)", "(*)".
_SIGNATURE = re.compile(r"\s*\((?:\*|[A-Za-z][\w .]{0,30}/[\w .]{1,30})\)\s*$")


@dataclass
class Removed:
    text: str
    reason: str


@dataclass
class Cleaned:
    title: str | None
    paragraphs: list[tuple[str, str]]  # (kind, text) with kind "body" or "caption", in page order
    removed: list[Removed] = field(default_factory=list)
    dateline: str | None = None  # the text of the dateline, e.g. "INIKATA.co.id" or "WASHINGTON"
    bylines: list[str] = field(default_factory=list)  # removed byline lines, kept for metadata


def _looks_like_headline(line: str) -> bool:
    return len(line) <= 200 and not line.rstrip().endswith((".", "”", '"')) and not _DATELINE.match(line)


def clean(raw: str, title: str | None = None) -> Cleaned:
    """Clean one article. `title` is given for sources with a separate title field (JSONL, HTML);
    otherwise the first line is taken as the headline when it looks like one."""
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if title is None and lines and _looks_like_headline(lines[0]) and len(lines) > 1:
        title = lines.pop(0)
    out = Cleaned(title=title.strip() if title else None, paragraphs=[])
    skip_next_as_headline = False
    for line in lines:
        if skip_next_as_headline and _looks_like_headline(line):
            skip_next_as_headline = False
            out.removed.append(Removed(line, "read-also headline"))
        elif _READ_ALSO.match(line) and (":" in line or not line.rstrip().endswith(".")):  # a link, not a sentence
            out.removed.append(Removed(line, "read-also link"))
            # A bare "Baca juga:" puts the linked headline on the next line; a video promo does not.
            skip_next_as_headline = line.rstrip(" )").endswith(":") and not re.search(r"video|foto", line, _I) \
                and len(line) <= 25
        else:
            skip_next_as_headline = False
            if reason := _furniture(line):
                out.removed.append(Removed(line, reason))
                if reason == "byline":
                    out.bylines.append(line)
            else:
                _keep(line, out)
    return out


def _furniture(line: str) -> str | None:
    """Why a whole line is page furniture rather than article text, or None when it is not."""
    reason = next((r for pat, r in _FURNITURE if pat.search(line)), None)
    if reason is None and _ALL_CAPS_LINE.match(line) and " " in line:
        return "interface line"
    if reason is None and _BYLINE_TIME.search(line) and len(line) <= 120:
        return "byline"
    return reason


def _keep(line: str, out: Cleaned) -> None:
    """A line of the article: a leading image URL is removed, a caption is kept as one, the rest
    is body text once inline furniture is stripped."""
    if m := _IMAGE_URL.match(line):
        out.removed.append(Removed(m.group(0).strip(), "image URL"))
        line = line[m.end():].strip()
        if not line:
            return
    if _CAPTION.search(line):
        out.paragraphs.append(("caption", line))
        return
    line = _strip_inline(line, out)
    if line:
        out.paragraphs.append(("body", line))


def _strip_inline(line: str, out: Cleaned) -> str:
    for m in _READ_ALSO_INLINE.finditer(line):
        out.removed.append(Removed(m.group(0).strip(), "read-also link"))
    line = _READ_ALSO_INLINE.sub(" ", line).strip()
    if out.dateline is None and not any(kind == "body" for kind, _ in out.paragraphs):
        m = _DATELINE.match(line)
        if m:
            out.dateline = m.group("head").strip(" ,")
            out.removed.append(Removed(m.group(0).strip(), "dateline"))
            line = line[m.end():]
    m = _SIGNATURE.search(line)
    if m:
        out.removed.append(Removed(m.group(0).strip(), "signature"))
        line = line[: m.start()]
    return line.strip()
