"""`newsrag eval run` end to end with the fake backend: every suite, results.json, report.html, and
the baseline gate that fails a run when a metric falls beyond its tolerance."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from newsrag.cli import app
from newsrag.eval.report import render
from newsrag.eval.suites import SUITES

runner = CliRunner()


@pytest.fixture(scope="module")
def fake_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    # Every seed question (answerable or not, with and without gold facts); a pair of each of the
    # checker's three sets; 2 items of the rest.
    result = runner.invoke(app, ["eval", "run", "--backend", "fake", "--limit", "2", "--limit-for", "seed-qa=20",
                                 "--limit-for", "checker=6", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "results.json").read_text()), result.output


def test_every_suite_runs_and_records_what_made_it(fake_run):
    _, results, printed = fake_run
    meta = results["meta"]
    assert meta["backend"] == "fake" and meta["limit"] == 2
    assert meta["models"] == {"generator": "fake-extractive-generator", "embedder": "fake-hash-embedder",
                              "checker": "fake-lexical-support"}
    assert meta["checker_thresholds"] == {"sentence": 0.3, "sentence_indonesian": 0.3, "document": 0.3}
    assert meta["prompts"]["answer"].startswith("answer/v1@") and len(meta["git"]["commit"]) == 40
    assert "openai_api_key" in meta["settings"] and meta["command"].startswith("newsrag eval run")
    assert set(results["suites"]) == set(SUITES)
    for name, suite in results["suites"].items():
        assert suite["metrics"]["errors"] == 0, [i.get("error") for i in suite["items"]]
        assert suite["metrics"]["n"] == len(suite["items"]) == {"seed-qa": 20, "checker": 6}.get(name, 2), name
        for item in suite["items"]:
            assert {"id", "input", "output", "verdicts", "metrics", "timings"} <= set(item)
            assert item["timings"]["total_ms"] > 0
        assert f"{name}: n {len(suite['items'])}" in printed
    qa = results["suites"]["seed-qa"]["metrics"]
    assert qa["abstention_recall"] is not None and qa["accuracy"] is not None  # both kinds of question ran


def test_answers_and_summaries_carry_per_sentence_verdicts(fake_run):
    _, results, _ = fake_run
    qa = results["suites"]["seed-qa"]
    first = qa["items"][0]
    assert first["input"]["question"] and first["output"]["prompt_version"].startswith("answer/v1@")
    for v in first["verdicts"]:
        assert {"text", "verified", "citations", "grounding_errors"} <= set(v)
    summary = results["suites"]["seed-summaries"]["items"][0]
    assert summary["verdicts"] and all(v["citations"] for v in summary["verdicts"])
    # The fake summarises by restating each sentence, so every sentence it wrote is verified and
    # faithfulness (the share of written sentences verified) is exactly 1.
    assert [v["verified"] for v in summary["verdicts"]] == [True] * len(summary["verdicts"])
    assert summary["metrics"]["faithfulness"] == 1.0
    assert results["suites"]["retrieval"]["metrics"]["n_passages"] > 2  # distractors indexed too


def test_the_report_shows_every_suite_with_its_definitions(fake_run):
    out, results, _ = fake_run
    html = (out / "report.html").read_text()
    for name in results["suites"]:
        assert f'id="{name}"' in html
    assert "Claim faithfulness (RAGAS-style)" in html and "SummaC-ZS 70.4" in html
    assert "judged by the pipeline&#39;s own checker" in html  # said where the pipeline judges itself
    assert "unlabelled sentences" in html and "published anchors" in html  # the notes are shown


def test_the_report_escapes_what_it_shows():
    results = {"meta": {"backend": "fake", "git": {"commit": None, "dirty": False}, "models": {"generator": "g",
                        "embedder": "e"}, "prompts": {}, "command": "c", "started": "s", "duration_s": 1, "limit": 1},
               "suites": {"x": {"about": "a", "metrics": {}, "items": [
                   {"id": "<script>alert(1)</script>", "input": {"q": "<img src=x>"}, "output": None,
                    "verdicts": [], "metrics": {}, "timings": {}}]}}}
    html = render(results)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x>" not in html


def test_a_baseline_gate_passes_on_par_and_fails_on_a_regression(tmp_path):
    # The baseline is a run of the same items (the module's run asks all 20 seed questions).
    first = runner.invoke(app, ["eval", "run", "--backend", "fake", "--limit", "2", "--suite", "seed-qa",
                                "--out", str(tmp_path / "first"), "--quiet"])
    assert first.exit_code == 0, first.output
    # Latency is gated too (+50%), but a loaded test machine can make a run that much slower, so
    # this test holds the run to a baseline without its timings.
    untimed = json.loads((tmp_path / "first" / "results.json").read_text())
    for suite in untimed["suites"].values():
        suite["metrics"] = {k: v for k, v in suite["metrics"].items() if not k.startswith("latency")}
    (tmp_path / "untimed.json").write_text(json.dumps(untimed))
    same = runner.invoke(app, ["eval", "run", "--backend", "fake", "--limit", "2", "--suite", "seed-qa",
                               "--baseline", str(tmp_path / "untimed.json"), "--out", str(tmp_path / "a"), "--quiet"])
    assert same.exit_code == 0, same.output
    assert "no regression against" in same.output

    tampered = json.loads(json.dumps(untimed))
    tampered["suites"]["seed-qa"]["metrics"]["faithfulness"] = 2.0  # a baseline no run can reach
    (tmp_path / "high.json").write_text(json.dumps(tampered))
    worse = runner.invoke(app, ["eval", "run", "--backend", "fake", "--limit", "2", "--suite", "seed-qa",
                                "--baseline", str(tmp_path / "high.json"), "--out", str(tmp_path / "b"), "--quiet"])
    assert worse.exit_code == 1
    line = next(x for x in worse.output.splitlines() if x.startswith("REGRESSED"))
    assert "faithfulness" in line and "-1" in line and "(allowed -0.05)" in line

    assert runner.invoke(app, ["eval", "compare", str(tmp_path / "untimed.json"),
                               str(tmp_path / "a" / "results.json")]).exit_code == 0
    diff = runner.invoke(app, ["eval", "compare", str(tmp_path / "high.json"), str(tmp_path / "b" / "results.json")])
    assert diff.exit_code == 1 and "REGRESSED" in diff.output


def test_bad_arguments_are_refused_with_the_reason():
    assert "unknown suite" in runner.invoke(app, ["eval", "run", "--suite", "nope"]).output
    assert "backend must be one of" in runner.invoke(app, ["eval", "run", "--backend", "gpt"]).output
    assert "expected SUITE=N" in runner.invoke(app, ["eval", "run", "--limit-for", "seed-qa=0"]).output


def test_python_dash_m_newsrag_is_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "newsrag", "eval", "run", "--help"], cwd=tmp_path, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and "--baseline" in done.stdout


def test_a_short_checker_run_holds_both_classes_of_each_set_it_reaches():
    def sets(n):
        return [(i["set"], i["label"]) for i in SUITES["checker"].items(n)]

    assert sets(4) == [("indonli-news", True), ("indonli-news", False),
                       ("summac-cogensumm", True), ("summac-cogensumm", False)]
    assert sets(7)[-2:] == [("crosslingual-seeds", True), ("crosslingual-seeds", False)] and len(sets(7)) == 7
    full = Counter(s for s, _ in sets(None))
    assert full == {"indonli-news": 976, "summac-cogensumm": 400, "crosslingual-seeds": 83}


def test_the_checker_suite_reports_each_set_with_intervals_and_anchors(fake_run):
    _, results, _ = fake_run
    checker = results["suites"]["checker"]
    metrics = checker["metrics"]
    for key in ("indonli_news", "summac_cogensumm", "crosslingual_seeds"):
        assert metrics[f"{key}_n"] == 2 and metrics[f"{key}_threshold"] == 0.3
        for name in ("balanced_accuracy", "roc_auc"):
            assert metrics[f"{key}_{name}_low"] <= metrics[f"{key}_{name}"] <= metrics[f"{key}_{name}_high"]
    assert {"indonli_news_accuracy_entailment", "crosslingual_seeds_accuracy_faithful"} <= set(metrics)
    anchors = {(a["set"], a["balanced_accuracy"]) for a in checker["notes"]["published_anchors"]}
    assert ("indonli-news", 0.833) in anchors and ("summac-cogensumm", 0.704) in anchors
    wrong = {w["id"] for w in checker["notes"]["crosslingual_seeds_wrong"]}
    assert wrong == {i["id"] for i in checker["items"] if i["input"]["set"] == "crosslingual-seeds"
                     and not i["metrics"]["correct"]}


def test_the_checker_suite_batches_the_model_and_judges_as_the_product_does():
    from newsrag.answer.check import Checker, Source
    from newsrag.checker.documents import document_support
    from newsrag.eval.fake import ExtractiveGenerator, FakeEmbedder, FakeSupportModel
    from newsrag.eval.run import run
    from newsrag.settings import Settings

    model = FakeSupportModel()
    results = run(["checker"], backend="fake", limit=6, settings=Settings(), command="test", progress=False,
                  loaded=(FakeEmbedder(), ExtractiveGenerator(), model))
    items = {i["id"]: i for i in SUITES["checker"].items(6)}
    # Two calls in all: every sentence-level pair at once, then every document-level pair at once.
    assert len(model.calls) == 2 and len(model.calls[0]) == 4
    plain = Checker(FakeSupportModel())
    for row in results["suites"]["checker"]["items"]:
        item = items[row["id"]]
        if item["level"] == "sentence":
            v = plain.check(item["claim"], [Source("x", "y", item["source"])])
            assert (row["output"]["predicted"], row["output"]["score"]) == (v.verified, v.support)
        else:
            [score] = document_support(FakeSupportModel(), [(item["source"], item["claim"])])
            assert row["output"]["score"] == pytest.approx(score) and row["output"]["predicted"] == (score >= 0.3)


def test_output_sentences_are_looked_up_in_the_hand_labels_and_the_rest_listed(fake_run):
    from newsrag.eval.suites import hand_label

    liu = "Liu Pengyu is a spokesperson for the Chinese embassy in Washington."
    verdicts = [{"text": liu, "citations": ["003_947d3406dd9cb8aa:7"]},
                {"text": liu, "citations": []},  # other citations: another sentence, unlabelled
                {"text": liu + " ", "citations": ["003_947d3406dd9cb8aa:7"]}]  # other text: the same
    hand_label("seed-qa", "liu", verdicts)
    assert [v["faithful"] for v in verdicts] == [True, None, None]
    age = [{"text": "Kim Jong Un is 78 years old.", "citations": ["004_d642c6b706a4b43b:3"]}]
    hand_label("seed-qa", "kim-age", age)
    assert age[0]["faithful"] is False
    hand_label("seed-summaries", "kim-age", age)  # another suite: not labelled
    assert age[0]["faithful"] is None

    _, results, printed = fake_run
    for name in ("seed-qa", "seed-summaries"):
        suite = results["suites"][name]
        drafted = [v for i in suite["items"] for v in i["verdicts"]]
        unlabelled = [v for v in drafted if v["faithful"] is None]
        # The fake generator restates Indonesian evidence: nothing it writes is labelled.
        assert unlabelled and suite["metrics"]["unlabelled_sentences"] == len(unlabelled)
        assert [(u["item"], u["text"]) for u in suite["notes"]["unlabelled_sentences"]] == [
            (i["id"], v["text"]) for i in suite["items"] for v in i["verdicts"] if v["faithful"] is None]
        assert f"note: {name}: {len(unlabelled)} output sentence(s) have no hand label" in printed


def test_results_so_far_are_handed_over_after_each_suite():
    from newsrag.eval.run import run
    from newsrag.settings import Settings

    seen = []
    run(["seed-qa", "checker"], backend="fake", limit=1, settings=Settings(), command="test", progress=False,
        on_suite=lambda partial: seen.append(list(partial["suites"])))
    assert seen == [["seed-qa"], ["seed-qa", "checker"]]


def test_relabel_applies_labels_written_after_the_run(fake_run, tmp_path):
    out, results, _ = fake_run
    liu = "Liu Pengyu is a spokesperson for the Chinese embassy in Washington."  # labelled faithful
    suite = results["suites"]["seed-qa"]
    row = next(r for r in suite["items"] if r["id"] == "liu")
    row["verdicts"].append({"text": liu, "verified": True, "citations": ["003_947d3406dd9cb8aa:7"], "faithful": None})
    before = dict(suite["metrics"])
    (tmp_path / "results.json").write_text(json.dumps(results))

    result = runner.invoke(app, ["eval", "relabel", str(tmp_path / "results.json")])
    assert result.exit_code == 0, result.output
    after = json.loads((tmp_path / "results.json").read_text())
    suite = after["suites"]["seed-qa"]
    assert next(r for r in suite["items"] if r["id"] == "liu")["verdicts"][-1]["faithful"] is True
    assert suite["metrics"]["verified_labelled"] == (before["verified_labelled"] or 0) + 1
    assert suite["metrics"]["unlabelled_sentences"] == before["unlabelled_sentences"]  # the added one was labelled
    assert liu not in [u["text"] for u in suite["notes"]["unlabelled_sentences"]]
    assert suite["metrics"]["accuracy"] == before["accuracy"]  # what no label touches stays
    assert "seed-qa" in after["meta"]["relabelled"]["suites"] and "checker" not in after["meta"]["relabelled"]["suites"]
    assert (tmp_path / "report.html").exists() and "relabelled seed-qa" in result.output


def test_without_backend_a_run_uses_the_configured_generator(monkeypatch, tmp_path):
    """A plain run is of the default engine (the one "auto" picks for the CPU: here one without
    AVX-512), and follows NEWSRAG_GENERATOR where it names another."""
    import newsrag.cpu
    import newsrag.eval.run as eval_run

    monkeypatch.setattr(newsrag.cpu, "CPUINFO", tmp_path / "no-cpuinfo")
    chosen = []

    def record(settings, backend):
        chosen.append(backend)
        raise RuntimeError("stop before loading models")

    monkeypatch.setattr(eval_run, "backends", record)
    monkeypatch.delenv("NEWSRAG_GENERATOR", raising=False)
    runner.invoke(app, ["eval", "run", "--suite", "seed-qa", "--quiet"])
    monkeypatch.setenv("NEWSRAG_GENERATOR", "transformers")
    runner.invoke(app, ["eval", "run", "--suite", "seed-qa", "--quiet"])
    assert chosen == ["llamacpp", "transformers"]


def test_relabel_rewrites_the_file_it_is_given_not_a_results_json_beside_it(fake_run, tmp_path):
    """A merged run is kept as another name ("merged.json"): relabelling it used to write a
    results.json beside it and leave the merged file as it was."""
    _, results, _ = fake_run
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps(results))

    result = runner.invoke(app, ["eval", "relabel", str(merged)])
    assert result.exit_code == 0, result.output
    assert "relabelled" in json.loads(merged.read_text())["meta"]
    assert (tmp_path / "merged.html").exists()
    assert not (tmp_path / "results.json").exists() and not (tmp_path / "report.html").exists()
