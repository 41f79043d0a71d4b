"""Summaries: extract, then write.

1. Extract (`select_salient`, pure): the article's most central body sentences, never captions or
   removed boilerplate, never two that say the same thing, in reading order.
2. Write: the model renders each picked sentence as one short English sentence, on a line that
   starts with the pick's number. The citation of each English sentence is therefore fixed by the
   pipeline (the pick it renders), not guessed by the model.
3. Verify each rendering against its source; one that fails is rendered again by a plainer,
   literal prompt and verified again; one that fails twice is kept out of the summary text.
Summaries are cached in the store by (article content hash, model, prompt versions).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..backends.generator import Generator, complete
from ..ingest.article import Article, Sentence
from ..prompts import Prompt
from ..retrieve.hybrid import HybridRetriever, SearchFilter
from ..store import ArticleLookup, SummaryCache
from ..text import tokens
from .ask import ABSTAIN, AnswerOptions
from .check import Checker, Source
from .citations import parse_numbered_lines
from .english import english_notation
from .untranslated import held_back, noted, restored
from .result import Result, ResultSentence, ms_since

SOURCE_LANGUAGES = {"id": "Indonesian", "en": "English"}
SAME = 0.5  # token cosine at which two sentences say the same thing (wire retellings reach .6-.9)
TOPIC_FLOOR = 0.8  # topic summaries use hits within this fraction of the best hit's similarity
MIN_TOKENS = 6  # shorter sentences are fragments of quotes ("Posisi ini tetap tidak berubah.")


def _cos(a: Counter, b: Counter) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def select_salient(sentences: Sequence[Sentence], title: str | None, n: int) -> list[Sentence]:
    """Pick up to `n` body sentences by centrality (shared vocabulary with the rest of the article),
    overlap with the headline and position (news puts the point first), greedily skipping any
    sentence too close to one already picked. Returns them in reading order."""
    body = [(i, s, Counter(tokens(s.text))) for i, s in enumerate(sentences) if s.kind == "body"]
    candidates = [b for b in body if sum(b[2].values()) >= MIN_TOKENS] or body
    if not candidates:
        return []
    head = Counter(tokens(title or ""))
    scored = []
    for pos, (i, s, vec) in enumerate(candidates):
        others = [_cos(vec, o[2]) for o in body if o[0] != i]
        centrality = sum(others) / len(others) if others else 0.0
        headline = sum(1 for t in head if t in vec) / len(head) if head else 0.0
        position = 1.0 - pos / len(candidates)
        scored.append((centrality + 0.5 * headline + 0.3 * position, i, s, vec))
    scored.sort(key=lambda x: -x[0])
    picked: list[tuple[int, Sentence, Counter]] = []
    for _, i, s, vec in scored:
        if len(picked) == n:
            break
        if all(_cos(vec, p[2]) < SAME for p in picked):
            picked.append((i, s, vec))
    return [s for _, s, _ in sorted(picked, key=lambda p: p[0])]


def summary_length(n_body: int) -> int:
    """3-6 sentences: 4 for a typical news story, 5 for long ones, all of a very short one."""
    return min(n_body, 4 if n_body <= 16 else 5)


@dataclass(frozen=True)
class Group:
    """One summary line: the sentence it renders, plus sentences of other articles that say the same."""
    primary: Source
    agreeing: tuple[Source, ...] = ()


class Summarizer:
    def __init__(self, cache: SummaryCache, articles: ArticleLookup, retriever: HybridRetriever, checker: Checker,
                 generator: Generator, summary_prompt: Prompt, literal_prompt: Prompt, *, max_tokens: int = 300,
                 topic_options: AnswerOptions = AnswerOptions(k=20)) -> None:
        self.cache = cache
        self.articles = articles  # date, language, outlet and story cluster of each hit's article
        self.retriever = retriever
        self.checker = checker
        self.generator = generator
        self.summary_prompt = summary_prompt
        self.literal_prompt = literal_prompt
        self.max_tokens = max_tokens
        self.topic_options = topic_options

    @property
    def prompt_version(self) -> str:
        return f"{self.summary_prompt.id}+{self.literal_prompt.id}"

    def cache_key(self, article: Article) -> str:
        parts = ["summary", article.content_hash, self.generator.model_id, self.prompt_version,
                 self.checker.model_id, str(self.checker.threshold), str(self.checker.indonesian_threshold)]
        return "summary-" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]

    # -- one article ---------------------------------------------------------------------------
    def cached(self, article: Article) -> Result | None:
        """The stored summary of this exact article text, model and prompts, if there is one."""
        if (doc := self.cache.cache_get(self.cache_key(article))) is None:
            return None
        result = Result.from_public(json.loads(doc))
        result.extra["cached"] = True
        return result

    def summarize(self, article: Article, *, refresh: bool = False) -> Result:
        key = self.cache_key(article)
        if not refresh and (cached := self.cached(article)) is not None:
            return cached
        t = time.perf_counter()
        picks = select_salient(article.sentences, article.title, summary_length(len(article.body)))
        groups = [Group(Source(article.id, s.id, s.text)) for s in picks]
        timings = {"retrieve_ms": ms_since(t)}
        result = self._write(groups, article.title, article.outlet, article.published, article.language,
                             timings)
        result.extra.update({"article_id": article.id, "cached": False})
        self.cache.cache_put(key, json.dumps(result.public(), ensure_ascii=False), [article.id])
        return result

    # -- a topic across articles ---------------------------------------------------------------
    def summarize_topic(self, query: str, flt: SearchFilter = SearchFilter(), n: int = 5) -> Result:
        t = time.perf_counter()
        hits = self.retriever.search(query, k=self.topic_options.k, flt=flt)
        relevance = max((h.similarity or 0.0 for h in hits), default=0.0)
        # Only hits close to the best one: the tail of a ranking drifts off the topic.
        floor = max(self.topic_options.min_relevance, TOPIC_FLOOR * relevance)
        groups = self._group([h for h in hits if (h.similarity or 0.0) >= floor], n)
        timings = {"retrieve_ms": ms_since(t), "generate_ms": 0.0, "verify_ms": 0.0}
        if relevance < self.topic_options.min_relevance or not groups:
            return Result(ABSTAIN["no_relevant_evidence"], True, [], self.generator.model_id,
                          self.prompt_version, timings, {"query": query, "abstain_reason": "no_relevant_evidence",
                                                         "agreements": []})
        articles = self._articles_of(groups)

        # Oldest first, so the summary reads as the story developed.
        def when(g: Group) -> tuple:
            a = articles.get(g.primary.article_id)
            return (a.published or "9999") if a else "9999", g.primary.sentence_id
        groups.sort(key=when)
        languages = {articles[g.primary.article_id].language for g in groups if g.primary.article_id in articles}
        result = self._write(groups, f"what the articles say about: {query}", None, None,
                             languages.pop() if len(languages) == 1 else "id", timings)
        result.extra.update({"query": query, "agreements": self._agreements(result, articles)})
        return result

    def _articles_of(self, groups: Sequence[Group]) -> dict[str, Article]:
        """The articles the groups' sentences come from, by id (an article deleted since is left out)."""
        ids = dict.fromkeys(s.article_id for g in groups for s in (g.primary, *g.agreeing))
        return {a: article for a in ids if (article := self.articles.article(a)) is not None}

    def _group(self, hits, n: int) -> list[Group]:
        """Best-ranked hits become summary lines; a hit from another article that says the same as
        a chosen line joins it as an agreeing source; at most two lines per article."""
        chosen: list[tuple[Source, Counter, list[Source]]] = []
        per_article: Counter = Counter()
        for h in hits:
            vec = Counter(tokens(h.text))
            if sum(vec.values()) < MIN_TOKENS:
                continue
            src = Source(h.article_id, h.sentence_id, h.text)
            same = next((c for c in chosen if _cos(vec, c[1]) >= SAME), None)
            if same is not None:
                if h.article_id != same[0].article_id and all(a.article_id != h.article_id for a in same[2]):
                    same[2].append(src)
                continue
            if len(chosen) < n and per_article[h.article_id] < 2:
                chosen.append((src, vec, []))
                per_article[h.article_id] += 1
        return [Group(p, tuple(a)) for p, _, a in chosen]

    @staticmethod
    def _agreements(result: Result, articles: dict[str, Article]) -> list[dict]:
        """Where outlets agree: a line backed by several articles, and articles of one story cluster."""
        out = []
        for i, s in enumerate(result.sentences):
            ids = list(dict.fromkeys(c.article_id for c in s.citations))
            if s.verified and len(ids) > 1:
                out.append({"kind": "same_fact", "sentence": i, "articles": ids,
                            "outlets": [getattr(articles.get(a), "outlet", None) for a in ids]})
        cited = {c.article_id for s in result.sentences for c in s.citations}
        clusters: dict[str, list[str]] = {}
        for a in sorted(cited):
            if a in articles:
                clusters.setdefault(articles[a].cluster or a, []).append(a)
        for cluster, ids in clusters.items():
            if len(ids) > 1:
                outlets = [articles[a].outlet for a in ids]
                out.append({"kind": "same_story", "cluster": cluster, "articles": ids, "outlets": outlets,
                            "note": f"{', '.join(ids)} carry the same story (near-identical text): "
                                    "they are one source retold, not independent confirmation."})
        return out

    # -- shared: render, verify, fall back -----------------------------------------------------
    def _write(self, groups: Sequence[Group], title: str | None, outlet: str | None, published: str | None,
               language: str, timings: dict[str, float]) -> Result:
        timings.setdefault("generate_ms", 0.0)
        timings.setdefault("verify_ms", 0.0)
        source_language = SOURCE_LANGUAGES.get(language, "Indonesian")
        if not groups:
            return Result(ABSTAIN["not_in_evidence"], True, [], self.generator.model_id, self.prompt_version,
                          timings, {"abstain_reason": "not_in_evidence"})
        rendered = self._render(groups, title, outlet, published, source_language, timings)
        lines, failed = self._verify_rendered(rendered, groups, timings)
        sentences = self._complete(groups, lines, failed, source_language, timings)
        verified = [s.text for s in sentences if s.verified]
        abstain = None if verified else "unverified"
        return Result(" ".join(verified) if verified else ABSTAIN["unverified"], abstain is not None,
                      sentences, self.generator.model_id, self.prompt_version, timings,
                      {"abstain_reason": abstain})

    def _render(self, groups: Sequence[Group], title: str | None, outlet: str | None, published: str | None,
                source_language: str, timings: dict[str, float]) -> dict[int, str]:
        """The model's numbered renderings of the groups' sentences: {line number: text}."""
        messages = self.summary_prompt.render(
            system={"source_language": source_language},
            user={"title": title, "outlet": outlet, "published": published,
                  "sentences": [{"n": i, "text": g.primary.shown} for i, g in enumerate(groups, start=1)]})
        t = time.perf_counter()
        output = complete(self.generator, messages, max_tokens=self.max_tokens)
        timings["generate_ms"] += ms_since(t)
        return parse_numbered_lines(output, len(groups))

    def _verify_rendered(self, rendered: dict[int, str], groups: Sequence[Group], timings: dict[str, float]
                         ) -> tuple[dict[int, ResultSentence], dict[int, ResultSentence]]:
        """(verified lines, failed lines) by the number of the group each renders."""
        lines: dict[int, ResultSentence] = {}
        failed: dict[int, ResultSentence] = {}
        for i, text in rendered.items():
            line = self._verify(text, groups[i - 1], timings)
            (lines if line.verified else failed)[i] = line
        # The model sometimes numbers its lines off by one; a line that fails against its own
        # sentence but is supported by another, still unrendered, one is moved there.
        for i, line in list(failed.items()):
            for j in range(1, len(groups) + 1):
                if j != i and j not in lines:
                    moved = self._verify(line.text, groups[j - 1], timings)
                    if moved.verified:
                        moved.note = f"the model numbered this line [{i}]; it renders sentence [{j}]"
                        lines[j] = moved
                        break
        return lines, failed

    def _complete(self, groups: Sequence[Group], lines: dict[int, ResultSentence], failed: dict[int, ResultSentence],
                  source_language: str, timings: dict[str, float]) -> list[ResultSentence]:
        """One line per group, in order: a group without a verified line gets a literal rendering,
        verified in turn; a group whose literal rendering is empty gets no line."""
        sentences = []
        for i, group in enumerate(groups, start=1):
            line = lines.get(i)
            if line is None:
                why = failed[i].note if i in failed else "the summary had no line for this sentence"
                literal = self._literal(group.primary, source_language, timings)
                line = self._verify(literal, group, timings, literal=True) if literal else None
                if line is not None:
                    line.note = (f"rendered literally after the first rendering failed ({why})" if line.verified
                                 else f"{line.note}; first rendering also failed ({why})")
                if (line is None or not line.verified) and i in failed and failed[i].held_back:
                    line = restored(failed[i])  # its only fault was the untranslated words
            if line is not None:
                sentences.append(line)
        return sentences

    def _literal(self, source: Source, source_language: str, timings: dict[str, float]) -> str | None:
        messages = self.literal_prompt.render(system={"source_language": source_language},
                                              user={"sentence": source.shown})
        t = time.perf_counter()
        output = complete(self.generator, messages, max_tokens=self.max_tokens // 2)
        timings["generate_ms"] += ms_since(t)
        text = next((line.strip() for line in output.splitlines() if line.strip()), "")
        return text or None

    def _verify(self, text: str, group: Group, timings: dict[str, float], literal: bool = False) -> ResultSentence:
        """A line is checked against the sentence it renders; an agreeing sentence of another
        article is cited too only if it backs the line on its own. A first rendering that keeps
        Indonesian words is held back for a literal one, whose words stand (`untranslated`)."""
        t = time.perf_counter()
        text = english_notation(text)  # summaries are English
        results = self.checker.check_each(text, [[s] for s in (group.primary, *group.agreeing)])
        citations = [group.primary.cite(results[0].support)]
        if results[0].verified:
            citations += [s.cite(v.support) for s, v in zip(group.agreeing, results[1:], strict=True) if v.verified]
        timings["verify_ms"] += ms_since(t)
        line = ResultSentence(text, citations, results[0].verified,
                              None if results[0].verified else f"unsupported: {results[0].reason}")
        return noted(line) if literal else held_back(line)
