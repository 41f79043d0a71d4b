"""The benchmark's arithmetic and its synthetic retrieval corpus, without models (the full
`newsrag bench` needs them and runs as a command, not a test)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from newsrag.bench import checker, retrieval
from newsrag.bench.run import headline, table
from newsrag.bench.stats import decode_bound_tok_s, decode_rate, latency, median, percentile, ratio, share_of_bound
from newsrag.cli import make_cli


def test_percentile_matches_numpy():
    values = list(np.random.default_rng(0).exponential(size=37))
    for q in (0, 5, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(np.percentile(values, q))
    with pytest.raises(ValueError):
        percentile([], 50)


def test_latency_is_in_milliseconds():
    assert latency([0.010, 0.020, 0.030]) == {"n": 3, "p50_ms": 20.0, "p95_ms": 29.0, "mean_ms": 20.0}


def test_decode_rate_excludes_the_first_token_and_refuses_nonsense():
    assert decode_rate(11, first_s=2.0, last_s=4.0) == 5.0  # 10 tokens after the first, in 2 s
    assert decode_rate(1, 2.0, 4.0) is None and decode_rate(5, 4.0, 4.0) is None


def test_median_skips_missing_figures():
    assert median([3.0, None, 1.0, 2.0]) == 2.0 and median([None]) is None


def test_decode_share_of_the_bandwidth_bound():
    assert decode_bound_tok_s(20.0, 2_000_000_000) == 10.0  # 20 GB/s reading 2 GB a token
    assert share_of_bound(9.0, 20.0, 2_000_000_000) == 0.9
    assert share_of_bound(None, 20.0, 1) is None and share_of_bound(9.0, 20.0, None) is None


def test_ratio():
    assert ratio(9.5, 10.0) == 0.95 and ratio(None, 1.0) is None and ratio(1.0, 0.0) is None


def test_search_over_the_synthetic_corpus_finds_hits_at_each_size(tmp_path):
    out = retrieval.measure(tmp_path, [200, 400], keyword_weight=0.1, dim=16, queries=10)
    assert [r["sentences"] for r in out] == [200, 400]
    assert all(r["search"]["n"] == 10 and 0 < r["search"]["p50_ms"] <= r["search"]["p95_ms"] for r in out)


def test_the_table_shows_each_headline_figure_with_its_target():
    def engine(decode, weights, ttfts, **more):
        return {"service_vs_bare": {"decode_ratio": 0.99, "ttft_ratio": 1.1, "service_decode_tok_s": decode,
                                    "cold_ttft_s": 9.0},
                "questions": [{"ttft_s": t, "total_s": t + 3} for t in ttfts], "peak_rss_gib": 3.1,
                "weight_bytes": weights, **more}

    doc = {"ingestion": {"ratio": 0.97}, "embedder": {"query": {"p50_ms": 45.0}}, "memory": {"read_gb_s": 20.0},
           "generation": {"llamacpp": engine(12.0, 1_000_000_000, [7.5, 4.0],
                                             summary={"cold_s": 38.0, "cached": {"p95_ms": 12.0}}),
                          "transformers": engine(3.0, 6_000_000_000, [11.0])},
           "retrieval": [{"sentences": 100000, "search": {"p95_ms": 41.0}}],
           "checker": {"check": {"p95_ms": 180.0}, "recite": {"p95_ms": 420.0}}}
    doc["headline"] = headline(doc)
    lines = table(doc).splitlines()
    assert any(line.split() == ["llamacpp_service_vs_bare_decode", "0.99", ">=", "0.95"] for line in lines)
    # 20 GB/s over 1 GB of weights bounds decode at 20 tok/s; over 6 GB at 3.33
    assert any(line.split() == ["llamacpp_decode_share_of_bound", "0.6"] for line in lines)
    assert any(line.split() == ["transformers_decode_share_of_bound", "0.9"] for line in lines)
    assert any(line.split() == ["transformers_vs_llamacpp_decode", "0.25"] for line in lines)
    assert any(line.split() == ["llamacpp_decode_tok_s", "12.0", ">=", "9.0"] for line in lines)
    assert any(line.split() == ["llamacpp_warm_ttft_s", "4.0", "<=", "5.0"] for line in lines)
    assert any(line.split() == ["summary_cold_s", "38.0", "<=", "60.0"] for line in lines)
    assert not any(line.startswith("transformers_warm_ttft_s") for line in lines)  # one question: no warm one
    assert any(line.split() == ["search_p95_ms_at_100000", "41.0", "<=", "50.0"] for line in lines)
    assert any(line.split() == ["cached_summary_p95_ms", "12.0", "<=", "50.0"] for line in lines)
    assert any(line.split() == ["ingest_vs_bare_embedder", "0.97", ">=", "0.9"] for line in lines)
    assert any(line.split() == ["checker_p95_ms_per_sentence", "180.0", "<=", "500.0"] for line in lines)


def test_the_checker_figure_times_each_check_and_each_recitation():
    from newsrag.answer.check import Checker
    from newsrag.eval.fake import FakeSupportModel

    model = FakeSupportModel()
    out = checker.measure(Checker(model), n=5)
    assert out["model"] == "fake-lexical-support" and out["sentences"] == 5
    assert out["check"]["n"] == 5 and out["recite"]["n"] == 5
    # warm-up, then per claim: its own source, the failing citation, and one batch of alternatives
    assert len(model.calls) >= 1 + 5 * 2


def test_bad_sizes_are_refused_before_any_model_loads():
    result = CliRunner().invoke(make_cli(), ["bench", "--sizes", "10k"])
    assert result.exit_code == 1 and "--sizes must be comma-separated integers" in result.output


def test_bench_refuses_an_engine_it_does_not_know_before_loading_anything():
    from typer.testing import CliRunner

    from newsrag.cli import app

    result = CliRunner().invoke(app, ["bench", "--backend", "transformers-int3"])
    assert result.exit_code != 0
    assert "unknown --backend transformers-int3" in result.output and "transformers-int4" in result.output


@pytest.mark.parametrize("fails", [False, True])
def test_the_bench_removes_its_stores_when_done_or_failed(monkeypatch, settings, fails):
    """The stores it builds (1.2 GB with the synthetic corpora) were left in /tmp after every run."""
    from newsrag.bench import run as bench

    seen = []

    def measure(settings, work, **_):
        (work / "data").mkdir()
        (work / "data" / "store.bin").write_bytes(b"x" * 1024)
        seen.append(work)
        if fails:
            raise RuntimeError("engine failed")
        return {"done": True}

    monkeypatch.setattr(bench, "_measure", measure)
    if fails:
        with pytest.raises(RuntimeError):
            bench.run(settings)
    else:
        assert bench.run(settings) == {"done": True}
    assert seen and not seen[0].exists()
