"""Slow tier: the eval harness on a small real-model subset (the full runs are `newsrag eval run`,
whose committed baseline is eval/baseline/). It shares the real models of the `real` fixture.

The quality gate proper is `newsrag eval run --baseline eval/baseline/results.json`; this test checks
that the harness runs the real pipeline end to end and that its invariants hold on real output."""

from __future__ import annotations

import pytest

from newsrag.eval.run import run
from newsrag.settings import Settings

pytestmark = pytest.mark.slow


def test_a_small_real_run_of_the_harness(real):
    results = run(["seed-qa", "checker", "retrieval"], backend="transformers", limit=None,
                  limits={"seed-qa": 2, "checker": 60, "retrieval": 10}, settings=Settings(), command="slow tier",
                  progress=False, loaded=(real.embedder, real.generator, real.support_model))
    suites = results["suites"]
    assert all(s["metrics"]["errors"] == 0 for s in suites.values()), {
        k: [i.get("error") for i in s["items"]] for k, s in suites.items()}
    assert results["meta"]["models"]["generator"].startswith("Qwen/Qwen2.5-Coder-1.5B-Instruct")
    assert results["meta"]["models"]["checker"] == real.support_model.model_id

    qa = suites["seed-qa"]
    assert [i["id"] for i in qa["items"]] == ["troops", "troops-id"]
    assert qa["metrics"]["forbidden_rate"] == 0.0  # never 80,000 for 8.000
    for item in qa["items"]:
        shown = [v for v in item["verdicts"] if v["verified"]]
        assert all(v["citations"] for v in shown)
        assert item["output"]["abstained"] or any(n in item["output"]["answer"] for n in ("8,000", "8.000", "8000"))

    checker = suites["checker"]["metrics"]
    assert checker["indonli_news_n"] == checker["summac_cogensumm_n"] == checker["crosslingual_seeds_n"] == 20
    for item in suites["checker"]["items"]:  # a verdict: no deterministic problem and the score at the threshold
        out = item["output"]
        assert out["predicted"] == (out["score"] >= out["threshold"] and not out["problems"]), item["id"]
    # Better than chance with 95% confidence on the first 20 IndoNLI news pairs (10 entailed): the
    # whole 95% bootstrap interval of the ROC-AUC lies above 0.5. A checker that cannot rank an
    # entailed hypothesis above a neutral or contradicting one fails here.
    assert checker["indonli_news_roc_auc_low"] > 0.5, checker
    # TyDi/IDK-MRC questions share their passage's words: the gold passage is in the top 10 for most.
    assert suites["retrieval"]["metrics"]["article_recall@10"] >= 0.5
