"""Slow tier: the eval harness on a small real-model subset (the full runs are `newsrag eval run`,
whose committed baseline is eval/baseline/). It shares the real models of the `real` fixture."""

from __future__ import annotations

import pytest

from eval.run import run
from service.settings import Settings

pytestmark = pytest.mark.slow


def test_a_small_real_run_of_the_harness(real):
    results = run(["seed-qa", "checker", "retrieval"], backend="transformers", limit=None,
                  limits={"seed-qa": 2, "checker": 20, "retrieval": 10}, settings=Settings(), command="slow tier",
                  progress=False, loaded=(real.embedder, real.generator))
    suites = results["suites"]
    assert all(s["metrics"]["errors"] == 0 for s in suites.values())
    # troops and troops-id: both answered right and verified by the real model on every run so far.
    qa = suites["seed-qa"]["metrics"]
    assert qa["accuracy"] == 1.0 and qa["faithfulness"] > 0 and qa["citation_recall"] == 1.0
    # The checker separates IndoNLI entailments from the rest better than chance even on 10 pairs
    # (measured on the full 300 in the committed baseline).
    assert suites["checker"]["metrics"]["indonli_news_roc_auc"] > 0.6
    assert suites["retrieval"]["metrics"]["article_recall@10"] >= 0.8
    assert results["meta"]["models"]["generator"].startswith("Qwen/Qwen2.5-Coder-1.5B-Instruct")
