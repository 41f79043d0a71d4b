"""Summaries with a scripted generator: extraction, fixed citations, fallback, caching, topics."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from newsrag.answer.glossary import gloss
from newsrag.answer.summarize import SAME, Summarizer, _cos, select_salient, summary_length
from newsrag.components import Components
from newsrag.resources import shipped
from newsrag.text import tokens

from .fakes import KnownArticles, MemoryCache, echo, numbered
from .helpers import CORPUS

A001 = "001_0f58f401bebbf1b7"
A003 = "003_947d3406dd9cb8aa"
TOPIC = "China menggunakan pengaruhnya terhadap Rusia dan Korea Utara guna mencegah eskalasi"


def test_extraction_skips_captions_and_repeats_and_keeps_reading_order(answering):
    article = answering.store.article(A001)
    picks = select_salient(article.sentences, article.title, summary_length(len(article.body)))
    assert 3 <= len(picks) <= 6 and len(picks) == summary_length(len(article.body))
    assert all(p.kind == "body" for p in picks)
    assert [p.id for p in picks] == sorted((p.id for p in picks), key=lambda i: int(i.split(":")[1]))
    vectors = [Counter(tokens(p.text)) for p in picks]
    assert all(_cos(a, b) < SAME for i, a in enumerate(vectors) for b in vectors[i + 1:])


def test_a_short_article_is_summarized_whole():
    from newsrag.ingest.article import build_article

    article = build_article("short", "Judul\n\nPresiden meresmikan jembatan baru di kota itu pada hari Senin pagi.")
    assert [s.text for s in select_salient(article.sentences, article.title, summary_length(1))] == [
        article.body[0].text]


def test_each_summary_sentence_cites_the_sentence_it_renders(answering, generator):
    generator.replies.append(echo)
    article = answering.store.article(A003)
    doc = answering.summarizer.summarize(article).public()
    assert not doc["abstained"] and doc["article_id"] == A003 and doc["cached"] is False
    picked = numbered(generator.calls[0])
    assert len(doc["sentences"]) == len(picked)
    for s, text in zip(doc["sentences"], picked.values(), strict=True):
        # The model sees names and titles glossed into English; the citation quotes the original.
        assert s["verified"] and s["text"] == text and gloss(s["citations"][0]["quote"]) == text
        assert s["citations"][0]["sentence_id"].startswith(A003)
    assert doc["prompt_version"].startswith("summary/v1@") and "+literal/v1@" in doc["prompt_version"]


def test_a_failing_line_falls_back_to_a_literal_rendering(answering, generator):
    def second_line_wrong(messages):
        lines = numbered(messages)
        lines[2] = "Taiwan sent 99,999 soldiers to the moon."
        return "\n".join(f"[{n}] {t}" for n, t in lines.items())

    generator.replies.extend([second_line_wrong, lambda m: m[-1].content])  # literal: the sentence itself
    doc = answering.summarizer.summarize(answering.store.article(A003)).public()
    assert len(generator.calls) == 2
    second = numbered(generator.calls[0])[2]
    assert generator.calls[1][-1].content == second  # the literal prompt got exactly that sentence
    s = doc["sentences"][1]
    assert s["verified"] and s["text"] == second and "rendered literally" in s["note"]
    assert "99,999" not in doc["answer"] and "Taiwan" not in doc["answer"]


def test_misnumbered_lines_are_moved_to_the_sentence_they_render(answering, generator):
    def swapped(messages):
        lines = numbered(messages)
        lines[1], lines[2] = lines[2], lines[1]
        return "\n".join(f"[{n}] {t}" for n, t in lines.items())

    generator.replies.append(swapped)
    doc = answering.summarizer.summarize(answering.store.article(A003)).public()
    picked = numbered(generator.calls[0])
    assert len(generator.calls) == 1  # no literal fallback needed
    assert [gloss(s["citations"][0]["quote"]) for s in doc["sentences"][:2]] == [picked[1], picked[2]]
    assert all(s["verified"] for s in doc["sentences"]) and "numbered this line" in doc["sentences"][0]["note"]


def test_a_summary_that_cannot_be_verified_abstains(answering, generator):
    generator.replies.append(lambda m: "\n".join(f"[{n}] Taiwan won." for n in numbered(m)))
    generator.replies.extend([lambda m: "Taiwan won the war in 1999."] * 6)
    doc = answering.summarizer.summarize(answering.store.article(A003)).public()
    assert doc["abstained"] and doc["abstain_reason"] == "unverified"
    assert doc["sentences"] and not any(s["verified"] for s in doc["sentences"])


def test_summaries_are_cached_until_content_model_or_prompt_change(answering, generator, tmp_path):
    generator.replies.append(echo)
    first = answering.summarizer.summarize(answering.store.article(A003)).public()
    again = answering.summarizer.summarize(answering.store.article(A003)).public()  # no reply scripted
    assert again["cached"] is True and again["answer"] == first["answer"] and len(generator.calls) == 1

    # The prompt changes: an edited template is a new version, so the cache misses.
    shutil.copytree(shipped("prompts"), tmp_path / "prompts")
    (tmp_path / "prompts/summary/v1/system.j2").write_text(
        (shipped("prompts") / "summary/v1/system.j2").read_text() + "\nBe brief.")
    edited = Components(answering.settings.model_copy(update={"prompts_dir": tmp_path / "prompts"}),
                        store=answering.store, embedder=lambda: answering.embedder,
                        support=lambda: answering.support_model, generator=lambda: generator)
    generator.replies.append(echo)
    assert edited.summarizer.summarize(edited.store.article(A003)).public()["cached"] is False

    # The model changes.
    generator.model_id = "another-model"
    generator.replies.append(echo)
    assert answering.summarizer.summarize(answering.store.article(A003)).public()["cached"] is False
    generator.model_id = "fake-scripted-generator"

    # The article changes.
    text = next(CORPUS.glob("003_*")).read_text()
    (tmp_path / f"{A003}.txt").write_text(text.replace("8.000", "9.000"))
    answering.ingestor.ingest_paths([tmp_path / f"{A003}.txt"])
    generator.replies.append(echo)
    assert answering.summarizer.summarize(answering.store.article(A003)).public()["cached"] is False
    assert len(generator.calls) == 4


def test_deleting_an_article_drops_its_cached_summary(answering, generator):
    generator.replies.append(echo)
    article = answering.store.article(A003)
    answering.summarizer.summarize(article)
    key = answering.summarizer.cache_key(article)
    assert answering.store.cache_get(key) is not None
    answering.ingestor.delete(A003)
    assert answering.store.cache_get(key) is None


def test_refresh_ignores_the_cache(answering, generator):
    generator.replies.extend([echo, echo])
    answering.summarizer.summarize(answering.store.article(A003))
    assert answering.summarizer.summarize(answering.store.article(A003), refresh=True).public()["cached"] is False


def test_a_topic_summary_cites_several_articles_and_notes_the_shared_wire_story(answering, generator):
    generator.replies.append(echo)
    doc = answering.summarizer.summarize_topic(TOPIC).public()
    assert not doc["abstained"] and doc["query"]
    cited = {c["article_id"] for s in doc["sentences"] for c in s["citations"]}
    assert len(cited) >= 2
    same_story = [a for a in doc["agreements"] if a["kind"] == "same_story"]
    assert same_story and set(same_story[0]["articles"]) == {"002_e5d37d7331889734", A003}


def test_a_topic_nothing_covers_abstains_without_generating(answering, generator):
    doc = answering.summarizer.summarize_topic("recipes for sourdough bread baking").public()
    assert doc["abstained"] and doc["abstain_reason"] == "no_relevant_evidence" and generator.calls == []


@pytest.mark.parametrize("article_id", [p.name.split(".")[0] for p in sorted(CORPUS.glob("*.txt"))])
def test_every_seed_gets_three_to_six_summary_sentences(answering, article_id):
    article = answering.store.article(article_id)
    picks = select_salient(article.sentences, article.title, summary_length(len(article.body)))
    assert 3 <= len(picks) <= 6


def summarizer_with(answering: Components, *, cache=None, articles=None) -> Summarizer:
    """The components' summarizer with another cache or article lookup."""
    s = answering.summarizer
    return Summarizer(cache=s.cache if cache is None else cache, articles=s.articles if articles is None else articles,
                      retriever=s.retriever, checker=s.checker, generator=s.generator,
                      summary_prompt=s.summary_prompt, literal_prompt=s.literal_prompt, topic_options=s.topic_options)


def test_a_summary_is_kept_in_the_cache_the_summarizer_is_given(answering, generator):
    cache = MemoryCache()
    summarizer = summarizer_with(answering, cache=cache)
    article = answering.store.article(A003)
    generator.replies.append(echo)
    first = summarizer.summarize(article).public()
    again = summarizer.summarize(article).public()  # no reply scripted
    assert cache.puts == [(summarizer.cache_key(article), [A003])]
    assert again["cached"] is True and again["answer"] == first["answer"]
    assert answering.store.cache_get(summarizer.cache_key(article)) is None  # only in the given cache


def test_a_topic_summary_reads_story_clusters_from_its_article_lookup(answering, generator):
    # Only one of the two AP retellings is known, so nothing says the two are one story.
    known = KnownArticles([answering.store.article(A003)])
    generator.replies.append(echo)
    doc = summarizer_with(answering, articles=known).summarize_topic(TOPIC).public()
    cited = {c["article_id"] for s in doc["sentences"] for c in s["citations"]}
    assert not doc["abstained"] and {A003, "002_e5d37d7331889734"} <= cited
    assert sorted(known.asked) == sorted(set(known.asked)) and cited <= set(known.asked)  # each once
    assert [a for a in doc["agreements"] if a["kind"] == "same_story"] == []
