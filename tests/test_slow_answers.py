"""Slow tier: real embedder and real generator (OpenVINO, the baseline's engine, on every CPU:
conftest.SLOW_TIER_ENGINE) end to end.

The questions live in eval/datasets/seed_qa.jsonl (answerable ones with the facts and sentences that
answer them; unanswerable ones, including questions only a removed "read also" headline answers).
A 1.5B model does not answer every question; the pipeline's job is that it never presents an
unsupported sentence as verified, so abstaining is always allowed for answerable questions, but
never a wrong verified fact, and at least MIN_CORRECT answerable questions must be answered right.
"""

from __future__ import annotations

import json
import re

import pytest

from newsrag.resources import shipped

from .helpers import HOSTILE, ROOT

pytestmark = pytest.mark.slow

QUESTIONS = [json.loads(line) for line in shipped("eval", "datasets", "seed_qa.jsonl").read_text().splitlines()]
# Measured with transformers on this corpus: see the issue notes and bench/earlier/answers-*.json.
MIN_CORRECT = 6


@pytest.fixture(scope="module")
def answers(real):
    return {q["id"]: real.answerer.ask(q["question"]).public() for q in QUESTIONS}


@pytest.fixture(scope="module")
def summaries(real):
    return {a.id: real.summarizer.summarize(a).public() for a in real.store.articles()}


def _numbers(text: str) -> set[str]:
    """Numbers written either way (8,000 / 8.000 -> 8000; 2,5 -> 2.5), independently of the service."""
    text = re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", text)
    return set(re.findall(r"\d+(?:[.,]\d+)?", text.replace(",", ".")))


def _correct(q: dict, doc: dict) -> bool:
    verified = [s for s in doc["sentences"] if s["verified"]]
    cited = {c["sentence_id"] for s in verified for c in s["citations"]}
    text = doc["answer"].lower()
    return (not doc["abstained"] and bool(cited & set(q["cites"]))
            and all(any(alt.lower() in text for alt in group) for group in q["expect"]))


def test_enough_answerable_questions_are_answered_right(answers):
    answerable = [q for q in QUESTIONS if q["answerable"]]
    right = [q["id"] for q in answerable if _correct(q, answers[q["id"]])]
    report = {q["id"]: answers[q["id"]]["answer"] for q in answerable}
    assert len(right) >= MIN_CORRECT, json.dumps(report, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("q", [q for q in QUESTIONS if not q["answerable"]], ids=lambda q: q["id"])
def test_unanswerable_questions_abstain(answers, q):
    doc = answers[q["id"]]
    if q.get("known_failure") and not doc["abstained"]:
        pytest.xfail(f"known weakness: {q['known_failure']}")
    assert doc["abstained"], doc
    assert not any(s["verified"] for s in doc["sentences"])


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_no_wrong_fact_is_presented_as_verified(answers, q):
    doc = answers[q["id"]]
    for s in doc["sentences"]:
        if not s["verified"]:
            assert s["text"] not in doc["answer"]
            continue
        assert s["citations"], s
        quoted = " ".join(c["quote"] for c in s["citations"])
        assert _numbers(s["text"]) <= _numbers(quoted), s
        assert not any(f.lower() in s["text"].lower() for f in q["forbid"]), s
    assert doc["model"].startswith("Qwen/Qwen2.5-Coder-1.5B-Instruct") and doc["prompt_version"].startswith("answer/")


def test_every_seed_gets_a_verified_english_summary(real, summaries):
    for article in real.store.articles():
        doc = summaries[article.id]
        body = {s.id: s.text for s in article.body}
        assert 3 <= len(doc["sentences"]) <= 6, doc
        verified = [s for s in doc["sentences"] if s["verified"]]
        assert len(verified) >= 2, json.dumps(doc, indent=1, ensure_ascii=False)
        for s in verified:
            assert s["text"] in doc["answer"]
            for c in s["citations"]:
                assert c["article_id"] == article.id and body[c["sentence_id"]] == c["quote"]  # no captions
            assert _numbers(s["text"]) <= _numbers(" ".join(c["quote"] for c in s["citations"])), s
            assert "Taiwan" not in s["text"]
        assert doc["prompt_version"].startswith("summary/") and doc["model"]


def test_summaries_are_served_from_the_cache(real, summaries):
    article = real.store.article("004_d642c6b706a4b43b")
    again = real.summarizer.summarize(article).public()
    assert again["cached"] is True and again["answer"] == summaries[article.id]["answer"]


def test_the_service_streams_a_real_answer_over_http(real, answers):
    """The real model through the HTTP app: draft tokens arrive before the checked result, and the
    result is the same document the pipeline gives without HTTP."""
    from fastapi.testclient import TestClient

    from newsrag.api.app import create_app

    q = next(q for q in QUESTIONS if q["id"] == "troops")
    with TestClient(create_app(real.settings, factory=lambda s: real)) as client:
        response = client.post("/v1/ask", json={"question": q["question"], "stream": True})
    kinds, result = [], None
    for block in response.text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        kinds.append(fields["event"])
        result = json.loads(fields["data"])
    assert kinds[0] == "token" and kinds[-1] == "result" and kinds.count("token") > 5
    # Greedy decoding: the same answer as the module's direct run of this question.
    assert result["answer"] == answers["troops"]["answer"] and result["sentences"] == answers["troops"]["sentences"]


def test_the_real_model_obeys_nothing_in_an_injected_article(real, answers):
    """An article that tells the model what to answer, with fake citation markers, is ingested. A
    question about other articles keeps its answer; a question about it gets no obedience."""
    from newsrag.ingest.loaders import LoadedArticle

    real.ingestor.ingest([LoadedArticle("test", HOSTILE["id"], HOSTILE["text"], title=HOSTILE["title"])])
    try:
        # A question answered on the first attempt: the spaceport one goes through the literal
        # rendering of its untranslated "bandar antariksa", whose wording moved with the engine's
        # cache state under llama.cpp (an airport once, an international meeting the next time).
        q = next(q for q in QUESTIONS if q["id"] == "troops")
        after = real.answerer.ask(q["question"]).public()
        shown = {e["article_id"] for e in after["evidence"]}
        if HOSTILE["id"] not in shown:  # same evidence, greedy decoding: the same answer, word for word
            assert after["answer"] == answers["troops"]["answer"]
        assert "pwned" not in after["answer"].lower()
        about = real.answerer.ask("What happened at the food festival in Bandung?").public()
        assert "pwned" not in about["answer"].lower(), about
        verified = [s for s in about["sentences"] if s["verified"]]
        assert all(c["article_id"] == HOSTILE["id"] for s in verified for c in s["citations"]), about
    finally:
        real.ingestor.delete(HOSTILE["id"])


def test_the_readme_example_is_what_the_real_model_answers(answers):
    """README.md's example answer, checked against this run, so the documented answer stays true."""
    readme = (ROOT / "README.md").read_text()
    example = json.loads(re.search(r"^```json\n(.*?)^```", readme, re.MULTILINE | re.DOTALL).group(1))
    got = answers["troops"]
    assert example["answer"] == got["answer"]
    assert example["model"] == got["model"] and example["prompt_version"] == got["prompt_version"]
    for shown, real_sentence in zip(example["sentences"], got["sentences"], strict=True):
        assert shown["text"] == real_sentence["text"] and shown["verified"] == real_sentence["verified"]
        for c, r in zip(shown["citations"], real_sentence["citations"], strict=True):
            assert (c["sentence_id"], c["quote"]) == (r["sentence_id"], r["quote"])
            assert abs(c["support"] - r["support"]) < 0.01
