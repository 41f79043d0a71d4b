"""Every eval metric on hand-made cases whose right answer is worked out by hand."""

from __future__ import annotations

import pytest

from newsrag.eval import metrics as m
from newsrag.eval.compare import compare
from newsrag.ingest.meta import detect_language


def test_answer_normalisation_exact_match_and_f1():
    assert m.normalize_answer("  The 8,000 Soldiers!") == "8000 soldiers"
    assert m.exact_match("the Panthera tigris sumatrensis.", ["Panthera tigris sumatrensis"]) == 1.0
    assert m.exact_match("Panthera tigris", ["Panthera tigris sumatrensis"]) == 0.0
    # pred: panthera tigris (2 tokens), gold 3 tokens, 2 shared: p = 1, r = 2/3, F1 = 0.8
    assert m.token_f1("Panthera tigris", ["Panthera tigris sumatrensis"]) == pytest.approx(0.8)
    assert m.token_f1("harimau", ["Panthera tigris sumatrensis", "harimau sumatera"]) == pytest.approx(2 / 3)
    assert m.token_f1("", ["1959"]) == 0.0


def test_contains_answer_needs_whole_tokens():
    assert m.contains_answer("IC mulai dikembangkan pada tahun 1959.", ["1959"]) == 1.0
    assert m.contains_answer("Pada tahun 19590.", ["1959"]) == 0.0
    assert m.contains_answer("anything", [""]) == 0.0


def toy_judge(sentence: str, passages) -> bool:
    """Supported when every word of the sentence appears in the passages together."""
    words = set(" ".join(passages).lower().split())
    return set(sentence.lower().split()) <= words


def test_citation_recall_and_precision_follow_alce():
    # Both citations needed together: recall 1, and neither is irrelevant (removing one breaks it).
    assert m.citation_recall("a b", ["a", "b"], toy_judge) == 1.0
    assert m.citation_precision("a b", ["a", "b"], toy_judge) == (2, 2)
    # "c" alone does not support, and the rest ("a b") still does: irrelevant.
    assert m.citation_precision("a b", ["a b", "c"], toy_judge) == (1, 2)
    # Two citations that each support alone: both relevant (neither fails alone).
    assert m.citation_precision("a", ["a", "a x"], toy_judge) == (2, 2)
    # The set does not support the sentence: recall 0 and every citation irrelevant.
    assert m.citation_recall("a z", ["a", "b"], toy_judge) == 0.0
    assert m.citation_precision("a z", ["a", "b"], toy_judge) == (0, 2)
    assert m.citation_recall("a", [], toy_judge) == 0.0 and m.citation_precision("a", [], toy_judge) == (0, 0)


def test_citation_scores_aggregate_over_sentences_and_citations():
    scores = m.citation_scores([("a b", ["a b", "c"]), ("z", ["a"])], toy_judge)
    assert scores == {"citation_recall": 0.5, "citation_precision": pytest.approx(1 / 3)}
    assert m.citation_scores([], toy_judge) == {"citation_recall": None, "citation_precision": None}


def test_faithfulness_is_the_supported_share_or_undefined():
    assert m.claim_faithfulness([True, False, True, True]) == 0.75
    assert m.claim_faithfulness([]) is None


def test_abstention_precision_and_recall():
    answerable = [True, True, False, False, False]
    abstained = [True, False, True, True, False]
    # 3 abstentions, 2 of them on unanswerable; 3 unanswerable, 2 declined.
    assert m.abstention_scores(answerable, abstained) == {"abstention_precision": pytest.approx(2 / 3),
                                                          "abstention_recall": pytest.approx(2 / 3)}
    assert m.abstention_scores([True], [False]) == {"abstention_precision": None, "abstention_recall": None}


def test_balanced_accuracy_ignores_the_class_mix():
    labels = [True] * 8 + [False] * 2
    always_yes = [True] * 10
    assert m.balanced_accuracy(labels, always_yes) == 0.5  # plain accuracy would say 0.8
    assert m.balanced_accuracy([True, True, False, False], [True, False, False, False]) == 0.75
    with pytest.raises(ValueError):
        m.balanced_accuracy([True], [True])


def test_roc_auc_counts_ordered_pairs_and_half_ties():
    assert m.roc_auc([True, False], [0.9, 0.1]) == 1.0
    assert m.roc_auc([True, False], [0.1, 0.9]) == 0.0
    assert m.roc_auc([True, True, False, False], [0.8, 0.4, 0.4, 0.2]) == pytest.approx((2 + 1.5) / 4)


def test_the_checker_metrics_are_the_checkers_own_not_a_copy():
    from newsrag.checker import calibrate

    assert m.balanced_accuracy is calibrate.balanced_accuracy and m.roc_auc is calibrate.roc_auc


def test_bootstrap_interval_brackets_the_estimate_and_is_reproducible():
    labels = [True] * 30 + [False] * 30
    scores = [0.9] * 24 + [0.2] * 6 + [0.1] * 24 + [0.8] * 6  # 80% right on each side
    predicted = [s >= 0.5 for s in scores]
    low, high = m.bootstrap_interval(m.balanced_accuracy, labels, predicted)
    assert m.balanced_accuracy(labels, predicted) == pytest.approx(0.8)
    # Standard error of each recall sqrt(.8 * .2 / 30) = .073, of their mean .052: about +-0.1.
    assert 0.65 < low < 0.75 and 0.85 < high < 0.95
    assert m.bootstrap_interval(m.balanced_accuracy, labels, predicted) == (low, high)  # seeded
    assert m.bootstrap_interval(m.balanced_accuracy, labels, predicted, seed=1) != (low, high)
    narrow = m.bootstrap_interval(m.balanced_accuracy, labels, predicted, level=0.5)
    assert low <= narrow[0] <= narrow[1] <= high


def test_bootstrap_interval_of_a_perfect_separation_is_a_point():
    # Every resample of a perfect ranking is perfect: nothing to be unsure about.
    assert m.bootstrap_interval(m.roc_auc, [True, False, True, False], [0.9, 0.1, 0.8, 0.2], n=50) == (1.0, 1.0)


def test_bootstrap_interval_skips_resamples_that_lack_a_class():
    # Two items: half the resamples hold one class only and have no balanced accuracy; the rest
    # hold one of each and are right, so the interval is (1, 1) and nothing raised.
    assert m.bootstrap_interval(m.balanced_accuracy, [True, False], [True, False], n=200) == (1.0, 1.0)
    with pytest.raises(ValueError):
        m.bootstrap_interval(m.balanced_accuracy, [True, True], [True, False], n=20)


def test_verified_precision_and_recall_against_hand_labels():
    pairs = [(True, True), (True, True), (True, False), (False, True), (False, False), (True, None), (False, None)]
    # Verified and labelled: 3, 2 of them faithful. Faithful: 3, 2 of them verified. 2 unlabelled.
    assert m.verified_scores(pairs) == {"verified_precision": pytest.approx(2 / 3),
                                        "verified_recall": pytest.approx(2 / 3), "verified_labelled": 3,
                                        "faithful_labelled": 3, "unlabelled_sentences": 2}
    nothing = m.verified_scores([(True, None), (False, False)])
    assert nothing["verified_precision"] is None and nothing["verified_recall"] is None
    assert nothing["unlabelled_sentences"] == 1


def test_recall_at_k_and_mrr():
    ranks = [1, 3, None, 10]
    assert m.recall_at_k(ranks, 1) == 0.25 and m.recall_at_k(ranks, 5) == 0.5 and m.recall_at_k(ranks, 10) == 0.75
    assert m.mrr(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 10) / 4)


def test_boilerplate_leaks_count_sentences_that_repeat_removed_text():
    removed = ["Baca Juga: Korea Utara Kirim Tentara ke Rusia", "(*)"]
    sentences = ["Baca juga: Korea Utara kirim tentara ke Rusia.", "The US says 8,000 soldiers are in Russia."]
    assert m.boilerplate_leaks(sentences, removed) == 1
    assert m.boilerplate_leaks(["(*)"], removed) == 0  # removed lines under 3 words never count


def test_output_language_share():
    english = "The United States says that eight thousand soldiers are in Russia."
    indonesian = "Amerika Serikat mengatakan bahwa tentara yang dikirim itu berada di Rusia."
    assert m.language_share([english, indonesian], detect_language) == 0.5
    assert m.language_share([], detect_language) is None


def test_coverage_of_reference_sentences_by_cited_sentences():
    reference = ["Dua pemuda dikenai sanksi adat.", "Mereka mencuri sekarung jengkol di kebun warga."]
    cited = ["Dua pemuda warga Aceh dikenai sanksi adat setelah kedapatan mencuri."]
    assert m.coverage(cited, reference) == 0.5
    assert m.coverage(cited, []) is None


def test_mean_skips_missing_values():
    assert m.mean([1.0, None, 3.0]) == 2.0 and m.mean([None]) is None


def test_suite_latency_interpolates_like_the_bench_and_skips_untimed_items():
    from newsrag.eval.suites import latency

    rows = [{"timings": {"total_ms": v}} for v in (5.0, 1.0, 3.0, 2.0)] + [{"timings": {}}]
    # sorted 1, 2, 3, 5: p50 halfway between 2 and 3; p95 at rank 2.85, i.e. 3 + 0.85 * (5 - 3)
    assert latency(rows) == {"latency_p50_ms": 2.5, "latency_p95_ms": pytest.approx(4.7)}
    assert latency([{"timings": {}}]) == {"latency_p50_ms": None, "latency_p95_ms": None}


def run_with(**metrics):
    return {"suites": {"seed-qa": {"metrics": {"n": 10, **metrics}, "items": []}}}


def test_a_metric_that_falls_beyond_its_tolerance_is_a_regression():
    before = run_with(faithfulness=0.90, grounding_errors=0.2, latency_p50_ms=1000.0, accuracy=0.6)
    after = run_with(faithfulness=0.86, grounding_errors=0.9, latency_p50_ms=1400.0, accuracy=0.45)
    changes = {c.metric: c for c in compare(before, after)}
    assert not changes["faithfulness"].regressed  # -0.04, tolerance 0.05
    assert changes["grounding_errors"].regressed  # +0.7 errors per output, tolerance 0.5
    assert not changes["latency_p50_ms"].regressed  # +40%, tolerance +50%
    assert changes["accuracy"].regressed and "REGRESSED" in changes["accuracy"].line()
    assert "n" not in changes
    assert not any(c.regressed for c in compare(before, before))


def test_verified_precision_may_not_drop_at_all_and_interval_ends_are_not_gated():
    before = run_with(verified_precision=0.8, verified_recall=0.9, unlabelled_sentences=0,
                      indonli_news_balanced_accuracy=0.80, indonli_news_balanced_accuracy_low=0.77,
                      crosslingual_seeds_accuracy_wrong_speaker=1.0)
    after = run_with(verified_precision=0.79, verified_recall=0.8, unlabelled_sentences=9,
                     indonli_news_balanced_accuracy=0.78, indonli_news_balanced_accuracy_low=0.5,
                     crosslingual_seeds_accuracy_wrong_speaker=0.0)
    changes = {c.metric: c for c in compare(before, after)}
    assert changes["verified_precision"].regressed  # any drop
    assert not changes["verified_recall"].regressed  # -0.1: one faithful sentence of 8 may be lost
    assert not changes["indonli_news_balanced_accuracy"].regressed  # -0.02, tolerance 0.03
    for name in ("unlabelled_sentences", "indonli_news_balanced_accuracy_low",
                 "crosslingual_seeds_accuracy_wrong_speaker"):
        assert not changes[name].regressed and changes[name].allowed is None
