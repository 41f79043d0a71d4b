"""The checker's training data and arithmetic, without the model: the mixture is reproducible and
keeps validation apart from training, batches cover every pair once, the loss reads binary labels
as P(entailment), and the threshold is the best mean balanced accuracy."""

from __future__ import annotations

import random

import pytest

from newsrag.checker.calibrate import balanced_accuracy, best_threshold, roc_auc
from newsrag.checker.data import (
    CONTRAST,
    CONTRAST_B,
    INDONLI_TRAIN,
    XLING_GLOB,
    Pair,
    build_mixture,
    build_refresher,
    length_batches,
    read_jsonl,
)

from .helpers import TRAINDATA


@pytest.fixture(scope="module")
def mixture():
    return build_mixture(TRAINDATA, seed=13)


def test_the_mixture_is_reproducible_and_sized_as_documented(mixture):
    again = build_mixture(TRAINDATA, seed=13)
    assert [(p.source, p.claim) for p in again.train[:50]] == [(p.source, p.claim) for p in mixture.train[:50]]
    counts = {s: sum(1 for p in mixture.train if p.set == s) for s in ("mnli", "factcg", "xling")}
    assert counts["mnli"] == 4000 and counts["factcg"] == 800 and counts["xling"] > 1000
    assert len(mixture.val["indonli-val"]) == 500 and len(mixture.val["mnli-dev"]) == 200
    assert set(mixture.files) >= {"nli_id_indonli_train.jsonl", "xling_indonli_train_a.jsonl"}
    assert all(len(h) == 64 for h in mixture.files.values())


def test_a_held_out_cross_lingual_pair_keeps_its_indonesian_original_out_of_training(mixture):
    held = {(p.source, p.claim) for p in mixture.val["xling-val"]}
    assert held and not held & {(p.source, p.claim) for p in mixture.train}
    xling = [r for f in sorted(TRAINDATA.glob(XLING_GLOB)) for r in read_jsonl(f)]
    origins = {r["derived_from"] for r in xling if (r["premise"], r["hypothesis"]) in held}
    originals = {(r["premise"], r["hypothesis"]) for r in read_jsonl(TRAINDATA / INDONLI_TRAIN) if r["id"] in origins}
    assert len(originals) == len(origins) > 50
    assert not originals & {(p.source, p.claim) for p in mixture.train}


def test_validation_never_overlaps_training(mixture):
    trained = {(p.source, p.claim) for p in mixture.train}
    for name, pairs in mixture.val.items():
        assert not trained & {(p.source, p.claim) for p in pairs}, name


def test_length_batches_cover_every_pair_once():
    pairs = [Pair("x" * random.Random(i).randint(1, 300), "c", "entailment", "t") for i in range(101)]
    batches = length_batches(pairs, 16, random.Random(0))
    assert sorted(id(p) for b in batches for p in b) == sorted(id(p) for p in pairs)
    assert all(len(b) <= 16 for b in batches)


def test_binary_labels_are_scored_as_entailment_against_the_rest():
    torch = pytest.importorskip("torch")
    from newsrag.checker.train import _loss

    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3]])
    three = [Pair("s", "c", "neutral", "t"), Pair("s", "c", "contradiction", "t")]
    assert float(_loss(logits, three)) == pytest.approx(
        float(torch.nn.functional.cross_entropy(logits, torch.tensor([1, 2]))))
    binary = [Pair("s", "c", "supported", "t"), Pair("s", "c", "unsupported", "t")]
    p = torch.softmax(logits, -1)
    expected = -(torch.log(p[0, 0]) + torch.log(p[1, 1] + p[1, 2])) / 2
    assert float(_loss(logits, binary)) == pytest.approx(float(expected), rel=1e-5)


def test_best_threshold_maximises_mean_balanced_accuracy():
    a = ([True, True, False, False], [0.9, 0.6, 0.4, 0.1])
    b = ([True, False, False], [0.7, 0.5, 0.2])
    t, score = best_threshold([a, b])
    assert t == 0.6 and score == pytest.approx(1.0)  # 0.5 would let b's negative through
    assert balanced_accuracy(*[a[0], [s >= t for s in a[1]]]) == 1.0


def test_indonesian_claims_get_a_threshold_chosen_on_indonesian_claims_alone():
    """An Indonesian claim's entailed pairs score lower: one threshold over every set would refuse
    them, so they get one of their own, from the Indonesian-claim pairs of indonli-val and mnli-dev."""
    from newsrag.checker.train import sentence_thresholds

    src = "Presiden Joko Widodo meresmikan jembatan baru di Bandung pada hari Senin."
    indonesian = [Pair(src, "Presiden meresmikan sebuah jembatan di kota Bandung.", "entailment", "indonli-val"),
                  Pair(src, "Presiden menolak untuk meresmikan jembatan di kota Bandung.", "contradiction",
                       "indonli-val")]
    english = [Pair(src, "The president opened a new bridge in Bandung on Monday.", "entailment", "xling-val"),
               Pair(src, "The president refused to open the new bridge in Bandung.", "contradiction", "xling-val")]
    sets = {"indonli-val": indonesian, "xling-val": english, "contrast-val": english}
    scored = {"indonli-val": ([True, False], [0.3, 0.1]), "xling-val": ([True, False], [0.8, 0.4]),
              "contrast-val": ([True, False], [0.8, 0.4])}
    thresholds, figures = sentence_thresholds(scored, sets)
    assert thresholds["sentence_indonesian"] == 0.3 and thresholds["sentence"] == 0.5
    assert thresholds["chosen_on"] == {"sentence": ["indonli-val", "xling-val", "contrast-val"],
                                       "sentence_indonesian": ["indonli-val (Indonesian claims)"]}
    assert figures["indonli-val (Indonesian claims)"]["balanced_accuracy"] == 1.0
    assert figures["indonli-val"]["balanced_accuracy"] == 0.5  # at the threshold over every set


def test_roc_auc_counts_ties_half():
    assert roc_auc([True, False], [0.5, 0.5]) == 0.5
    assert roc_auc([True, True, False], [0.9, 0.3, 0.5]) == 0.5


@pytest.fixture(scope="module")
def refresher():
    return build_refresher(TRAINDATA, seed=13)


def test_the_second_stage_adds_what_the_first_left_unused(mixture, refresher):
    first = {(p.source, p.claim) for p in mixture.train}
    fresh = [p for p in refresher.train if p.set in ("mnli", "factcg", "contrast")]
    assert fresh and not first & {(p.source, p.claim) for p in fresh}
    counts = {s: sum(1 for p in refresher.train if p.set == s) for s in ("mnli", "factcg", "contrast", "xling")}
    assert counts["mnli"] == 2000 and counts["factcg"] > 1000 and counts["contrast"] > 400
    assert counts["xling"] == sum(1 for p in mixture.train if p.set == "xling")  # replayed once


def test_the_second_stage_validates_on_pairs_it_never_trained_on(refresher):
    trained = {(p.source, p.claim) for p in refresher.train}
    for name, pairs in refresher.val.items():
        assert not trained & {(p.source, p.claim) for p in pairs}, name


def test_a_held_out_contrastive_premise_keeps_every_rendering_out_of_training(refresher):
    held = {p.source for p in refresher.val["contrast-val"]}
    assert len(held) >= 10
    assert not held & {p.source for p in refresher.train if p.set == "contrast"}
    assert {p.label for p in refresher.val["contrast-val"]} >= {"entailment", "neutral", "contradiction"}


@pytest.fixture(scope="module")
def with_candidate(tmp_path_factory):
    """The training data plus the candidate second contrastive file, as a trial run sees it."""
    data = tmp_path_factory.mktemp("traindata")
    for p in [*TRAINDATA.glob("*.jsonl"), TRAINDATA / "candidates" / CONTRAST_B]:
        (data / p.name).symlink_to(p)
    return build_refresher(data, seed=13)


def test_a_second_contrastive_file_holds_out_premises_of_its_own(with_candidate):
    held = {p.source for p in with_candidate.val["contrast-b-val"]}
    assert len(held) >= 10
    assert not held & {p.source for p in with_candidate.train if p.set == "contrast"}
    assert {p.label for p in with_candidate.val["contrast-b-val"]} >= {"entailment", "neutral", "contradiction"}


def test_a_second_contrastive_file_leaves_the_first_files_split_and_draws_as_they_were(refresher, with_candidate):
    # The committed artefact's validation figures stay comparable only if adding a file moves nothing.
    assert "contrast-b-val" not in refresher.val
    assert with_candidate.val["contrast-val"] == refresher.val["contrast-val"]
    assert {p for p in with_candidate.train if p.set != "contrast"} == {p for p in refresher.train if p.set != "contrast"}


@pytest.mark.parametrize("path", [CONTRAST, f"candidates/{CONTRAST_B}"])
def test_every_contrastive_premise_has_a_faithful_rendering_and_an_edit(path):
    rows = read_jsonl(TRAINDATA / path)
    by_premise: dict[str, set[str]] = {}
    for r in rows:
        assert r["premise_lang"] == "id" and r["hypothesis_lang"] == "en"
        assert (r["how"] == "faithful") == (r["label"] == "entailment")
        by_premise.setdefault(r["derived_from"], set()).add(r["how"])
    assert all("faithful" in hows and len(hows) >= 2 for hows in by_premise.values())


@pytest.mark.parametrize("recorded", [0.5, 0.6])
def test_calibrate_writes_the_indonesian_threshold_only_when_it_recomputes_the_english_one(
        tmp_path, monkeypatch, recorded):
    """`newsrag checker calibrate` rescores the validation sets with the committed weights; scores
    that do not give the manifest's English threshold back are not the artefact's, and it refuses."""
    import json
    from types import SimpleNamespace

    import numpy as np

    from newsrag.checker import train

    src = "Presiden Joko Widodo meresmikan jembatan baru di Bandung pada hari Senin."
    claims = {"Presiden meresmikan sebuah jembatan di kota Bandung.": 0.3,
              "Presiden menolak untuk meresmikan jembatan di kota Bandung.": 0.1,
              "The president opened a new bridge in Bandung on Monday.": 0.8,
              "The president refused to open the new bridge in Bandung.": 0.4}
    val = {"indonli-val": [Pair(src, c, label, "indonli-val") for c, label in zip(list(claims)[:2],
                                                                                 ("entailment", "contradiction"))],
           "xling-val": [Pair(src, c, label, "xling-val") for c, label in zip(list(claims)[2:],
                                                                             ("entailment", "contradiction"))],
           "factcg-val": []}
    val["contrast-val"] = val["xling-val"]  # two English sets to one Indonesian: the English threshold is 0.5

    class Scorer:
        def __init__(self, *parts):
            pass

        def probabilities(self, pairs):
            return np.array([[claims[claim], 0.0, 1 - claims[claim]] for _, claim in pairs])

    monkeypatch.setattr(train, "load_network", lambda base, artefact, threads: (None, None, None))
    monkeypatch.setattr(train, "_Scorer", Scorer)
    monkeypatch.setattr(train, "build_refresher", lambda data_dir: SimpleNamespace(val=val))
    manifest = {"thresholds": {"sentence": recorded, "document": 0.54, "chosen_on": {"document": ["factcg-val"]}},
                "validation": {"factcg-val": {"n": 1}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    if recorded != 0.5:
        with pytest.raises(RuntimeError, match="comes out 0.5, the manifest has 0.6"):
            train.calibrate(tmp_path, tmp_path, tmp_path, log=lambda line: None)
        assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
        return
    written = train.calibrate(tmp_path, tmp_path, tmp_path, log=lambda line: None)
    assert json.loads((tmp_path / "manifest.json").read_text()) == written
    assert written["thresholds"]["sentence_indonesian"] == 0.3 and written["thresholds"]["document"] == 0.54
    assert written["thresholds"]["chosen_on"]["document"] == ["factcg-val"]
    assert written["validation"]["factcg-val"] == {"n": 1}
    assert "indonli-val (Indonesian claims)" in written["validation"]
    assert written["calibrated"]["command"] == "newsrag checker calibrate"


@pytest.mark.parametrize("command", ["train", "calibrate"])
def test_the_checker_commands_say_where_the_training_data_lives_when_it_is_missing(tmp_path, command):
    """Both draw from traindata/, which ships with the source checkout, not the installed package."""
    from typer.testing import CliRunner

    from newsrag.cli import make_cli

    result = CliRunner().invoke(make_cli(), ["checker", command, "--data", str(tmp_path)])
    assert result.exit_code == 1 and f"no training data in {tmp_path}" in result.output
