"""A saved web page as an article: its main content, its metadata, and a record of what was left out.

trafilatura finds the main content (menus, related links, comments and footers are not the story) and
reads the page's metadata; htmldate finds the date the article was first published. Both are
imported when a page is read, so `import newsrag` and `newsrag --help` stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import url_host

# trafilatura's bias, chosen on the html_pages benchmark (`newsrag eval html-pages`, issue 16): share of
# article snippets kept / of furniture snippets absent: precision 0.949 / 0.918, balanced 0.966 / 0.907,
# recall 0.966 / 0.902. Precision: a furniture line taken as evidence costs more than a lost line, which
# stays visible in `removed`.
FAVOR = "precision"

# Page furniture by its tag. trafilatura's main pass drops these anyway; pruning them first keeps its
# fallbacks (readability, justext) from taking a menu for the article when a page has no article.
_FURNITURE = ["//nav", "//footer", "//aside", "//menu"]
# Block elements of the page, each one line of the plain rendering that `removed` is made from.
_PAGE_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul"})
_PAGE_SKIP = ("script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object")
# Elements of trafilatura's output tree that start a new line (`lb` is a <br>).
_BODY_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "lb", "div", "note"})
_CAPTION = "Foto: "  # what clean.py recognises as a caption: kept, marked, never evidence


@dataclass
class HtmlPage:
    title: str | None
    text: str  # main content, one paragraph per line; empty when the page has none
    url: str | None
    published: str | None  # ISO date
    outlet: str | None
    author: str | None
    removed: list[str] = field(default_factory=list)  # visible text blocks that are not in `text`


def read_html(html: str, url: str | None = None) -> HtmlPage:
    """Read one page; `url` is where it came from, used when the page names no canonical URL."""
    import trafilatura
    from htmldate import find_date
    from trafilatura.utils import load_html

    tree = load_html(html)  # lxml, tolerant of broken markup and of an XML declaration
    if tree is None:
        return HtmlPage(None, "", url, None, None, None)
    blocks = _visible_blocks(tree)
    _captions_as_paragraphs(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True, prune_xpath=_FURNITURE,
        favor_precision=FAVOR == "precision", favor_recall=FAVOR == "recall")
    if doc is None:  # nothing that looks like an article: the loader rejects the page, saying so
        return HtmlPage(None, "", url, None, None, None, removed=blocks)
    headlines = _drop_headlines(doc.body)
    title = _one_line(doc.title) or next(iter(headlines), None)
    lines = [ln for ln in _body_lines(doc.body) if ln != title]
    page_url = doc.url or url
    # htmldate with original_date looks for the first publication, not the last update.
    published = find_date(html, url=page_url, original_date=True) or doc.date
    kept = "\n".join([title or "", *lines])
    return HtmlPage(
        title=title, text="\n".join(lines), url=page_url, published=published,
        outlet=_outlet(doc.sitename, page_url), author=_one_line(doc.author),
        removed=[b for b in blocks if b not in kept])


def _one_line(text: str | None) -> str | None:
    return (" ".join(text.split()) or None) if text else None


def _visible_blocks(tree) -> list[str]:
    """The page as a reader sees it, one block element per line, each once: what extraction
    leaves out of it is recorded, so nothing is dropped silently."""
    from lxml import etree

    parts: list[str] = []
    walker = etree.iterwalk(tree, events=("start", "end"))  # not recursive: pages nest divs deeply
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag in _PAGE_SKIP:
                walker.skip_subtree()  # its "end" still comes, with the tail
                continue
            parts.append("\n" if tag in _PAGE_BLOCKS else "")
            parts.append((el.text or "") if tag else "")
        else:
            parts.append("\n" if tag in _PAGE_BLOCKS else "")
            parts.append(el.tail or "")
    seen: dict[str, None] = {}
    for line in "".join(parts).split("\n"):
        line = " ".join(line.split())
        if line:
            seen.setdefault(line)
    return list(seen)


def _captions_as_paragraphs(tree) -> None:
    """trafilatura drops <figure> with its caption; a caption is worth keeping (marked as one), so
    each becomes a paragraph in a plain <div>, and only those inside the article survive extraction."""
    for caption in tree.iter("figcaption"):
        text = caption.text_content().strip()
        if text and not re.match(r"foto\b", text, re.IGNORECASE):
            caption.text = _CAPTION + (caption.text or "").lstrip()
        caption.tag = "p"
    for figure in tree.iter("figure"):
        figure.tag = "div"


def _drop_headlines(body) -> list[str]:
    """Take the <h1> headings out of trafilatura's output and return their texts: one is the headline,
    which is the title rather than a body line; others are site headings ("News", "Details")."""
    from lxml import etree

    texts = []
    for head in body.xpath('.//head[@rend="h1"]'):
        texts.append(" ".join("".join(head.itertext()).split()))
        head.tag = "dropped"
    etree.strip_elements(body, "dropped", with_tail=False)
    return [t for t in texts if t]


def _body_lines(body) -> list[str]:
    """trafilatura's output tree as lines: a paragraph, heading or list item per line, a table row
    per line with its cells separated by ' | '."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            parts.append("\n" if el.tag in _BODY_BLOCKS else "")
            parts.append(el.text or "")
        else:
            parts.append("\n" if el.tag in _BODY_BLOCKS else " | " if el.tag == "cell" else "")
            parts.append(el.tail or "")
    lines = (" ".join(ln.split()).strip(" |") for ln in "".join(parts).split("\n"))
    return [ln for ln in lines if ln]


_HOST = re.compile(r"^(?:www\.|w[0-9]+\.)")


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site's name; without one (trafilatura then gives the URL's host, "news.detik.com"), the
    registered domain of the URL ("detik.com")."""
    host = url_host(url)
    if sitename and not (host and _HOST.sub("", host) == _HOST.sub("", sitename.lower()).split(":")[0]):
        return sitename
    if not host:
        return None
    from courlan import extract_domain

    return extract_domain(url, fast=True) or _HOST.sub("", host)
