"""Slow tier: the eval harness on a small real-model subset (the full runs are `newsrag eval run`,
whose committed baseline is eval/baseline/). It shares the real models of the `real` fixture.

The quality gate proper is `newsrag eval run --baseline eval/baseline/results.json`; this test checks
that the harness runs the real pipeline end to end and that its invariants hold on real output."""

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
    assert all(s["metrics"]["errors"] == 0 for s in suites.values()), {
        k: [i.get("error") for i in s["items"]] for k, s in suites.items()}
    assert results["meta"]["models"]["generator"].startswith("Qwen/Qwen2.5-Coder-1.5B-Instruct")

    qa = suites["seed-qa"]
    assert [i["id"] for i in qa["items"]] == ["troops", "troops-id"]
    assert qa["metrics"]["forbidden_rate"] == 0.0  # never 80,000 for 8.000
    for item in qa["items"]:
        shown = [v for v in item["verdicts"] if v["verified"]]
        assert all(v["citations"] for v in shown)
        assert item["output"]["abstained"] or any(n in item["output"]["answer"] for n in ("8,000", "8.000", "8000"))

    checker = suites["checker"]["metrics"]
    assert checker["summac_cogensumm_n"] == 10 and checker["indonli_news_n"] == 10
    assert 0 <= checker["summac_cogensumm_roc_auc"] <= 1 and 0 <= checker["indonli_news_balanced_accuracy"] <= 1
    # TyDi/IDK-MRC questions share their passage's words: the gold passage is in the top 10 for most.
    assert suites["retrieval"]["metrics"]["article_recall@10"] >= 0.5
