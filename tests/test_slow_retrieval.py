"""Slow tier: the real EmbeddingGemma over the seed corpus, end to end through ingest and search."""

import json
import subprocess
import sys

import pytest

from .helpers import CORPUS, ROOT

pytestmark = pytest.mark.slow

# English questions about the seeds, each with the sentence(s) that answer it.
QUESTIONS = [
    ("How many North Korean soldiers does the US say are in Russia?", {"003_947d3406dd9cb8aa:11"}),
    ("Who is the US State Department spokesperson who asked China to use its influence?", {"000_538c3b98ea35e6a2:2"}),
    ("Where did Putin meet Kim Jong Un in September 2023?", {"000_538c3b98ea35e6a2:10"}),
    ("What car did Putin give Kim Jong Un as a gift?", {"001_0f58f401bebbf1b7:13"}),
    ("Who is the senior US official for North Korea and who is his Chinese counterpart?", {"001_0f58f401bebbf1b7:5"}),
    ("What does Washington accuse North Korea of supplying to Russia?", {"001_0f58f401bebbf1b7:10"}),
    ("How did Chinese embassy spokesperson Liu Pengyu describe the new sanctions on Chinese companies?", {"001_0f58f401bebbf1b7:19"}),
    ("Who is Shi Yinhong?", {"002_e5d37d7331889734:19", "003_947d3406dd9cb8aa:14"}),
    ("What balance does Dennis Wilder say Beijing has to find?", {"002_e5d37d7331889734:22"}),
    ("What did Chinese foreign ministry spokesperson Lin Jian say when asked about the meeting?", {"002_e5d37d7331889734:10"}),
    ("Who did North Korea's ambassador to China meet in Beijing?", {"004_d642c6b706a4b43b:7"}),
    ("Where did senior US and Chinese officials trade sharp public criticism?", {"004_d642c6b706a4b43b:9"}),
    ("How many top US diplomats met China's ambassador in Washington?", {"002_e5d37d7331889734:6", "003_947d3406dd9cb8aa:3"}),
    ("What aid might China soon give North Korea?", {"004_d642c6b706a4b43b:6"}),
]


# Known miss: the spokesperson question. His name is in a sentence that does not mention what he
# said (that is the sentence before), so a sentence-level index ranks it 10th-12th at any weighting.
MIN_TOP3 = 13


def test_english_questions_find_their_indonesian_answers_in_top3(real):
    misses = []
    for question, answers in QUESTIONS:
        top3 = [h.sentence_id for h in real.retriever.search(question, k=3)]
        if not answers & set(top3):
            misses.append((question, top3))
    hits = len(QUESTIONS) - len(misses)
    print(f"recall@3 {hits}/{len(QUESTIONS)}; misses: {misses}")
    assert hits >= MIN_TOP3, misses


def test_indonesian_question_and_filters(real):
    hits = real.retriever.search("Berapa jumlah tentara Korea Utara di Rusia menurut AS?", k=3)
    assert "003_947d3406dd9cb8aa:11" in [h.sentence_id for h in hits]
    from newsrag.retrieve.hybrid import SearchFilter
    only = real.retriever.search("Kim Jong Un", k=5, flt=SearchFilter(article_ids=["004_d642c6b706a4b43b"]))
    assert only and {h.article_id for h in only} == {"004_d642c6b706a4b43b"}


def test_reingest_with_real_embedder_changes_nothing(real):
    n = real.store.count_vectors()
    again = real.ingestor.ingest_paths([CORPUS])
    assert again.public() == {"added": 0, "updated": 0, "unchanged": 5, "rejected": []}
    assert real.store.count_vectors() == n


def test_models_status_reports_every_model_provisioned():
    """`newsrag models status` on the machine the slow tier runs on (the fetch itself, run twice,
    is tests/test_models.py's, with a fake downloader)."""
    out = subprocess.run([sys.executable, "-m", "newsrag.cli", "models", "status", "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["missing"] == []
