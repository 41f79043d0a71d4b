"""The Article record: what ingestion makes of one source text, and what `newsrag show` prints."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from .clean import CLEANER_VERSION, clean
from .meta import detect_language, outlet_from_url, parse_given_date, parse_outlet, parse_published
from .sentences import split_sentences

# Article ids become Chroma ids, URL path segments and file names: keep them to a safe alphabet.
ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def date_key(value: str | dt.date | None) -> int:
    """A date as the integer yyyymmdd that Chroma filters and numpy masks compare; 0 when unknown
    (Chroma metadata cannot be null, and no real date sorts below it)."""
    if value is None:
        return 0
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.year * 10000 + value.month * 100 + value.day


def valid_article_id(value: str) -> bool:
    return bool(ARTICLE_ID.match(value)) and ".." not in value


def slugify(text: str, max_len: int = 60) -> str:
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_len].rstrip("-")


@dataclass
class Sentence:
    id: str  # "ARTICLE_ID:N", N counted from 1 in reading order; stable for the same content
    text: str
    kind: str  # "body" or "caption"; captions are never evidence


@dataclass
class Article:
    id: str
    title: str | None
    outlet: str | None
    place: str | None
    published: str | None  # ISO date
    language: str
    url: str | None
    sentences: list[Sentence]
    removed: list[dict]
    content_hash: str
    cluster: str | None = None
    signature: list[int] = field(default_factory=list)  # MinHash, for story clustering
    embedder: str = ""  # model id of the vectors stored for this version
    author: str | None = None

    @property
    def body(self) -> list[Sentence]:
        return [s for s in self.sentences if s.kind == "body"]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Article:
        data = json.loads(text)
        data["sentences"] = [Sentence(**s) for s in data["sentences"]]
        return cls(**data)

    def summary(self) -> dict:
        """The `newsrag articles --json` row."""
        return {
            "id": self.id, "title": self.title, "outlet": self.outlet, "published": self.published,
            "language": self.language, "n_sentences": len(self.body), "cluster": self.cluster,
        }

    def public(self) -> dict:
        """The `newsrag show --json` document."""
        return {
            **self.summary(), "place": self.place, "url": self.url, "author": self.author,
            "sentences": [{"id": s.id, "text": s.text, "kind": s.kind} for s in self.sentences],
            "removed": self.removed,
        }


def content_hash(*parts: str | None) -> str:
    h = hashlib.sha256(f"cleaner={CLEANER_VERSION}".encode())
    for p in parts:
        h.update(b"\x00" + (p or "").encode())
    return h.hexdigest()


def build_article(article_id: str, raw: str, *, title: str | None = None, url: str | None = None,
                  published: str | None = None, outlet: str | None = None, author: str | None = None,
                  extracted_away: list[str] | None = None) -> Article:
    """Clean `raw`, split it into sentences with stable ids and read its metadata. Explicit
    metadata (JSONL fields, a page's own metadata) wins over the URL, and the URL over what the text
    says. `extracted_away`: what HTML extraction left out of the page, recorded with the removals."""
    cleaned = clean(raw, title=title)
    sentences: list[Sentence] = []
    for kind, paragraph in cleaned.paragraphs:
        for text in split_sentences(paragraph):
            sentences.append(Sentence(id=f"{article_id}:{len(sentences) + 1}", text=text, kind=kind))
    body_text = " ".join(s.text for s in sentences if s.kind == "body")
    found_outlet, place = parse_outlet(cleaned.dateline, cleaned.bylines)
    date = parse_given_date(published, parse_published(cleaned.bylines, body_text))
    return Article(
        id=article_id,
        title=cleaned.title or _title_from(body_text),
        outlet=outlet or outlet_from_url(url) or found_outlet,
        place=place,
        published=date.isoformat() if date else None,
        language=detect_language(body_text),
        url=url,
        sentences=sentences,
        removed=[{"text": t, "reason": "not main content (page extraction)"} for t in extracted_away or []]
        + [{"text": r.text, "reason": r.reason} for r in cleaned.removed],
        content_hash=content_hash(raw, title, url, published, outlet, author),
        author=author,
    )


def _title_from(body: str, max_len: int = 120) -> str | None:
    """Articles scraped without a headline get their first sentence, cut at a word boundary."""
    first = split_sentences(body)[:1]
    if not first:
        return None
    text = first[0]
    return text if len(text) <= max_len else text[:max_len].rsplit(" ", 1)[0] + " …"
