"""Turn a scraped news page into body paragraphs, photo captions and a record of what was removed.

Scraped Indonesian news carries page furniture that must never become evidence: "Baca juga:" links
followed by an unrelated headline, comment forms, newsletter and signature widgets, share buttons,
pagination, "read us on Google News" promos and image URLs. Removing text silently would hide what the
cleaner did, so every removal is recorded with its reason; captions are kept but marked, because they
describe a photo (often from another day), not the story.

Rules work line by line: scraped text keeps one paragraph or widget per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Bumped whenever the rules change, so re-ingesting re-cleans stored articles (see pipeline.py).
CLEANER_VERSION = "1"

_I = re.IGNORECASE

# "Baca juga:", "BACA:", "(Baca juga: ...)", "Lihat juga:", "Simak juga:", "Read also:".
_READ_ALSO = re.compile(r"^\(?\s*(baca(?:\s+juga)?|lihat\s+juga|simak\s+juga|read\s+also|see\s+also)\s*:", _I)
_READ_ALSO_INLINE = re.compile(r"\s*\(\s*(?:baca\s+juga|lihat\s+juga|simak\s+juga)\s*:[^)]*\)\s*", _I)

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
]

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
# "JAKARTA, KOMPAS.com -".
_DATELINE = re.compile(
    r"^(?P<head>(?:[A-Z][A-Z .'-]{2,40}?(?:,\s*)?)?(?:[A-Za-z0-9-]+\.(?:co\.id|co|com|id|net|org)(?:\.[a-z]{2})?)"
    r"|[A-Z][A-Z .'-]{2,40}?)\s*[–—-]{1,2}\s+(?=\S)"
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
        if skip_next_as_headline:
            skip_next_as_headline = False
            out.removed.append(Removed(line, "read-also headline"))
        elif m := _READ_ALSO.match(line):
            out.removed.append(Removed(line, "read-also link"))
            skip_next_as_headline = not line[m.end():].strip(" )")  # a bare "Baca juga:": the headline follows
        elif reason := _furniture(line):
            out.removed.append(Removed(line, reason))
            if reason == "byline":
                out.bylines.append(line)
        else:
            _keep(line, out)
    return out


def _furniture(line: str) -> str | None:
    """Why a whole line is page furniture rather than article text, or None when it is not."""
    reason = next((r for pat, r in _FURNITURE if pat.search(line)), None)
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
