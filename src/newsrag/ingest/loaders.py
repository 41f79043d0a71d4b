"""Read articles from files and folders: .txt, .md, .html and .jsonl (one article per line).

Each file (or JSONL line) becomes a `LoadedArticle` or a `Rejected` with a reason a person can act on;
one bad file never stops the batch. Sizes are checked with stat() before anything is read, so an oversized file is
refused without loading it.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .article import slugify, valid_article_id

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".jsonl"}


@dataclass
class LoadedArticle:
    """An article as read, before cleaning: `origin` says where from (a path, `path:line`, a request)."""

    origin: str
    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    removed: list[str] = field(default_factory=list)  # what HTML extraction left out of the page


@dataclass
class Rejected:
    path: str
    reason: str


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def id_from_stem(stem: str) -> str:
    return stem if valid_article_id(stem) else f"{slugify(stem) or 'article'}-{short_hash(stem, 6)}"


def decode(data: bytes, what: str, charset: str | None = None) -> str | Rejected:
    """UTF-8 text (or, failing that, text in the `charset` a page declares), or the reason it is not acceptable."""
    if not data.strip():
        return Rejected(what, "empty")
    if b"\x00" in data:
        return Rejected(what, "binary content (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if not charset or charset == "utf-8":
            return Rejected(what, f"not UTF-8: invalid byte at offset {e.start}")
        try:
            text = data.decode(charset)
        except UnicodeDecodeError as e2:
            return Rejected(what, f"neither UTF-8 nor its declared {charset}: invalid byte at offset {e2.start}")
    binary = binary_reason(text)
    return Rejected(what, binary) if binary else text


def binary_reason(text: str) -> str | None:
    """Why decoded text is binary rather than an article, or None. Checked on text, not only on bytes:
    a JSON string can carry a NUL as `\\u0000`, which no byte check sees."""
    if "\x00" in text:
        return "binary content (NUL bytes), not a text article"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        return "binary content (control characters), not a text article"
    return None


def iter_files(paths: list[Path]) -> Iterator[Path | Rejected]:
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        elif p.is_file():
            yield p if p.suffix.lower() in SUFFIXES else Rejected(str(p), f"unsupported file type {p.suffix or '(none)'}; use .txt, .md, .html or .jsonl")
        else:
            yield Rejected(str(p), "no such file or folder")


def load(paths: list[Path], max_bytes: int) -> Iterator[LoadedArticle | Rejected]:
    for f in iter_files(paths):
        if isinstance(f, Rejected):
            yield f
        elif f.suffix.lower() == ".jsonl":
            yield from _load_jsonl(f, max_bytes)
        else:
            yield _load_text_file(f, max_bytes)


def _load_text_file(f: Path, max_bytes: int) -> LoadedArticle | Rejected:
    size = f.stat().st_size
    if size > max_bytes:
        return Rejected(str(f), f"{size} bytes is over the limit of {max_bytes} bytes")
    return load_bytes(f.read_bytes(), f.name, origin=str(f))


def load_bytes(data: bytes, filename: str, *, origin: str | None = None) -> LoadedArticle | Rejected:
    """One uploaded or read file: the suffix says how to read it (.html, .md, anything else: text)."""
    origin = origin or filename
    name = Path(filename)
    suffix = name.suffix.lower()
    article_id = id_from_stem(name.stem or "article")
    if suffix in {".html", ".htm"}:
        return _load_html(data, origin, article_id)
    text = decode(data, origin)
    if isinstance(text, Rejected):
        return text
    title = None
    if suffix in {".md", ".markdown"}:
        title, text = markdown_to_text(text)
    return LoadedArticle(origin=origin, article_id=article_id, text=text, title=title)


def _load_html(data: bytes, origin: str, article_id: str) -> LoadedArticle | Rejected:
    from .html import read_html

    html = decode(data, origin, charset=declared_charset(data))
    if isinstance(html, Rejected):
        return html
    page = read_html(html)
    if not page.text.strip():
        return Rejected(origin, "no article text found in the HTML page")
    return LoadedArticle(origin=origin, article_id=article_id, text=page.text, title=page.title, url=page.url,
                         published=page.published, outlet=page.outlet, author=page.author, removed=page.removed)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in a <meta> near its top (older pages: windows-1252, iso-8859-1),
    if Python knows it; UTF-8 is tried first all the same."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _load_jsonl(f: Path, max_bytes: int) -> Iterator[LoadedArticle | Rejected]:
    with f.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{f}:{lineno}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Rejected(where, f"{len(raw)} bytes is over the limit of {max_bytes} bytes")
                continue
            line = decode(raw, where)
            if isinstance(line, Rejected):
                yield line
                continue
            yield load_record(line, where)


def load_record(line: str, where: str) -> LoadedArticle | Rejected:
    """One JSONL line: an object with `text`, optionally `id`, `title`, `url`, `published`, `outlet`."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return Rejected(where, f"invalid JSON: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return Rejected(where, "each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, "missing or empty `text`")
    if binary := binary_reason(text):
        return Rejected(where, binary)
    fields = {}
    for key in ("id", "title", "url", "published", "outlet"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Rejected(where, f"`{key}` must be a string")
        fields[key] = value.strip() if value else None
    article_id = fields["id"]
    if article_id is not None and not valid_article_id(article_id):
        return Rejected(where, "`id` must be 1-128 characters of letters, digits, '.', '_' or '-'")
    if article_id is None:
        base = slugify(fields["title"] or "") or "article"
        article_id = f"{base}-{short_hash(text)}"
    return LoadedArticle(origin=where, article_id=article_id, text=text, title=fields["title"],
                  url=fields["url"], published=fields["published"], outlet=fields["outlet"])


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1")


def markdown_to_text(md: str) -> tuple[str | None, str]:
    title = None
    lines = []
    for line in md.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            if title is None and stripped.startswith("# "):
                title = heading
                continue
            stripped = heading
        stripped = _MD_IMAGE.sub("", stripped)
        stripped = _MD_LINK.sub(r"\1", stripped)
        stripped = _MD_EMPH.sub(r"\2", stripped)
        stripped = re.sub(r"^([-*+]|\d+\.)\s+", "", stripped)
        stripped = stripped.lstrip("> ").strip()
        if stripped:
            lines.append(stripped)
    return title, "\n".join(lines)
