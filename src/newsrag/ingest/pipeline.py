"""Ingestion: load -> clean -> split -> embed -> store, then re-cluster stories.

Unchanged articles (same content hash, same embedder) are skipped without embedding. Sentences of
several articles are embedded together, because the embedder is much faster on full batches than on
one short article at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..backends.embedder import Embedder
from ..store import WritableStore
from . import dedup
from .article import Article, build_article
from .loaders import LoadedArticle, Rejected, load
from .templates import templates_by_outlet, without_templates

Progress = Callable[[int, int], None]  # (articles done, articles total)


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    sentences_embedded: int = 0

    def public(self) -> dict:
        """The `newsrag ingest --json` document."""
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [{"path": r.path, "reason": r.reason} for r in self.rejected]}


class Ingestor:
    def __init__(self, store: WritableStore, embedder: Embedder, *, max_bytes: int, batch_sentences: int = 64,
                 on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.max_bytes = max_bytes
        self.batch_sentences = batch_sentences
        self.on_change = on_change or (lambda: None)
        self._templates: dict[str, set[str]] = {}  # outlet -> its template lines, as of this ingest

    def ingest_paths(self, paths: list[Path], progress: Progress | None = None) -> IngestReport:
        return self.ingest(list(load(paths, self.max_bytes)), progress)

    def ingest(self, loaded: Iterable[LoadedArticle | Rejected], progress: Progress | None = None) -> IngestReport:
        report = IngestReport()
        self.store.repair()  # finish whatever an interrupted run left behind
        items = list(loaded)
        self._templates = templates_by_outlet(self.store.articles()) if any(
            isinstance(i, LoadedArticle) for i in items) else {}
        seen: set[str] = set()
        batch: list[tuple[Article, bool]] = []
        for done, item in enumerate(items, start=1):
            if isinstance(item, Rejected):
                report.rejected.append(item)
            elif item.article_id in seen:
                report.rejected.append(Rejected(item.origin, f"duplicate article id {item.article_id} in this batch"))
            else:
                seen.add(item.article_id)
                self._consider(item, report, batch)
                if sum(len(a.body) for a, _ in batch) >= self.batch_sentences:
                    self._write(batch, report)
            if progress:
                progress(done, len(items))
        self._write(batch, report)
        if report.added or report.updated:
            if self._strip_new_templates(self.recluster()):
                self.recluster()
        return report

    def _strip_new_templates(self, articles: list[Article]) -> int:
        """Re-clean the stored articles (as just re-clustered: templates count stories) that hold a
        line which this ingest revealed as their outlet's template (the third story repeating it):
        their body loses it and is embedded again."""
        self._templates = templates_by_outlet(articles)
        changed = [a for a in (without_templates(a, self._templates) for a in articles) if a is not None]
        for article in changed:
            article.signature = dedup.signature(" ".join(s.text for s in article.body))
            texts = [s.text for s in article.body]
            self.store.put(article, self.embedder.embed_documents(texts, [article.title] * len(texts)))
        if changed:
            self.on_change()
        return len(changed)

    def _consider(self, loaded: LoadedArticle, report: IngestReport, batch: list[tuple[Article, bool]]) -> None:
        article = build_article(loaded.article_id, loaded.text, title=loaded.title, url=loaded.url,
                                published=loaded.published, outlet=loaded.outlet, author=loaded.author,
                                extracted_away=loaded.removed)
        article = without_templates(article, self._templates) or article
        if not any(re.search(r"\w", s.text) for s in article.body):  # e.g. only zero-width spaces
            report.rejected.append(Rejected(loaded.origin, "no article text left after cleaning"))
            return
        article.embedder = self.embedder.model_id
        existing = self.store.article(article.id)
        if existing and existing.content_hash == article.content_hash and existing.embedder == article.embedder:
            report.unchanged += 1
            return
        article.signature = dedup.signature(" ".join(s.text for s in article.body))
        article.cluster = existing.cluster if existing else article.id
        batch.append((article, existing is not None))

    def _write(self, batch: list[tuple[Article, bool]], report: IngestReport) -> None:
        if not batch:
            return
        texts, titles = [], []
        for article, _ in batch:
            texts += [s.text for s in article.body]
            titles += [article.title] * len(article.body)
        vectors = self.embedder.embed_documents(texts, titles)
        offset = 0
        for article, existed in batch:
            n = len(article.body)
            self.store.put(article, vectors[offset:offset + n])
            offset += n
            report.sentences_embedded += n
            if existed:
                report.updated += 1
            else:
                report.added += 1
        batch.clear()
        self.on_change()

    def recluster(self) -> list[Article]:
        """Re-cluster every stored article; returns them, their clusters updated."""
        articles = self.store.articles()
        self.store.set_clusters(articles, dedup.clusters({a.id: a.signature or [0] for a in articles}))
        self.on_change()
        return articles

    def delete(self, article_id: str) -> bool:
        existed = self.store.delete(article_id)
        if existed:
            self.recluster()
        return existed
