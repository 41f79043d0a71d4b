"""`newsrag check`: a claim against given sources, one article or the corpus, and `--jsonl` rows in
bulk, with the lexical fake support model (threshold 0.3; "tidak"/"not" on one side only is a
contradiction) over the seed articles in real Chroma."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsrag.answer.check import Source
from newsrag.answer.factcheck import check_claim, check_rows, read_jsonl, with_neighbours
from newsrag.cli import make_cli
from newsrag.components import Components

from .fakes import FakeEmbedder, FakeSupportModel
from .helpers import A000, A001, A003, CORPUS, NOT_ASKED, TROOPS, TROOPS_ID, TROOPS_SOURCE, WANG


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NEWSRAG_SUPPORT_THRESHOLD", raising=False)
    embedder, support = FakeEmbedder(), FakeSupportModel()

    def factory(settings):
        return Components(settings, embedder=lambda: embedder, support=lambda: support)  # the store: real Chroma

    app, runner = make_cli(factory), CliRunner()

    def run(*args, code=0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    def run_json(*args):
        return json.loads(run("check", *args, "--json").stdout)

    run("ingest", str(CORPUS))
    run.json, run.support = run_json, support
    return run


# -- one claim -----------------------------------------------------------------------------------
def test_a_claim_restating_a_seed_sentence_is_supported_by_that_sentence(cli):
    doc = cli.json(TROOPS)
    (s,) = doc["sentences"]
    assert doc["status"] == s["status"] == "supported" and s["reason"] is None and s["problems"] == []
    assert s["evidence"][0]["sentence_ids"] == [TROOPS_ID] and s["evidence"][0]["text"] == TROOPS_SOURCE
    assert s["probability"] == s["evidence"][0]["p_entailment"] > 0.7
    assert doc["model"] == "fake-lexical-support" and doc["threshold"] == 0.3
    # One model call for the sentence: each of the 6 hits alone, and with its article neighbours.
    (call,) = cli.support.calls
    assert len(call) > 6 and (TROOPS_SOURCE, TROOPS) in call
    assert (f"{_sentence(cli, 10)} {TROOPS_SOURCE}", TROOPS) in call
    assert (f"{TROOPS_SOURCE} {_sentence(cli, 12)}", TROOPS) in call


def _sentence(cli, n: int) -> str:
    doc = json.loads(cli("show", A003, "--json").stdout)
    return next(s["text"] for s in doc["sentences"] if s["id"] == f"{A003}:{n}")


def test_a_negated_claim_is_contradicted_by_the_sentence_it_negates(cli):
    doc = cli.json(NOT_ASKED)
    (s,) = doc["sentences"]
    assert doc["status"] == s["status"] == "contradicted"
    best = s["evidence"][0]
    assert best["sentence_ids"] == [f"{A000}:1"] and best["p_contradiction"] > 0.7 and best["p_entailment"] == 0.0
    assert s["reason"] == f"{A000}:1 contradicts it (P(contradiction) {best['p_contradiction']:.2f})"


def test_given_sources_are_judged_together_as_one_premise(cli):
    claim = "Blinken bertemu Wang Yi di Munich pada 16 Februari."
    sources = ["Menteri Luar Negeri AS Antony Blinken bertemu Wang Yi.", "Pertemuan itu di Munich pada 16 Februari."]
    doc = cli.json(claim, "--source", sources[0], "--source", sources[1])
    (s,) = doc["sentences"]
    assert s["status"] == "supported" and s["problems"] == []
    assert s["evidence"] == [{"article_id": "given", "sentence_id": "given:0", "sentence_ids": ["given:0", "given:1"],
                              "text": " ".join(sources), "p_entailment": s["probability"], "p_contradiction": 0.0}]
    assert cli.support.calls == [[(" ".join(sources), claim)]]  # nothing retrieved
    alone = cli.json(claim, "--source", sources[1])["sentences"][0]
    assert alone["status"] == "not_found" and "name 'wang' is not in the cited source" in alone["reason"]


def test_a_wrong_number_is_not_supported_whatever_the_model_says(cli):
    doc = cli.json("Korea Utara mengirim 80.000 tentara ke Rusia.",
                   "--source", "Korea Utara mengirim 8.000 tentara ke Rusia.")
    (s,) = doc["sentences"]
    assert doc["status"] == "not_found" and s["evidence"][0]["p_entailment"] > 0.5
    assert s["problems"] == ["number 80000 is not in the cited source"] == [s["reason"]]


def test_article_restricts_the_evidence_to_that_article(cli):
    own = cli.json(TROOPS, "--article", A003)["sentences"][0]
    assert own["status"] == "supported" and own["evidence"][0]["sentence_ids"] == [TROOPS_ID]
    other = cli.json(TROOPS, "--article", A001)["sentences"][0]
    assert other["status"] == "not_found" and {e["article_id"] for e in other["evidence"]} == {A001}
    assert "number 8000 is not in the cited source" in other["reason"]


def test_each_sentence_is_judged_and_the_claim_is_as_strong_as_its_weakest(cli):
    doc = cli.json(f"{TROOPS} Pisang goreng enak sekali di Bandung.")
    assert [s["status"] for s in doc["sentences"]] == ["supported", "not_found"] and doc["status"] == "not_found"
    doc = cli.json(f"{TROOPS}\n{NOT_ASKED}")
    assert [s["status"] for s in doc["sentences"]] == ["supported", "contradicted"] and doc["status"] == "contradicted"


def test_human_output_gives_status_probability_and_the_best_quote(cli):
    out = cli("check", TROOPS).stdout
    assert out.startswith("SUPPORTED\n")
    p = cli.json(TROOPS)["sentences"][0]["probability"]
    assert f"supported, P(supported) {p:.2f}" in out and f"[{TROOPS_ID}] {TROOPS_SOURCE}" in out
    assert "CONTRADICTED" in cli("check", NOT_ASKED).stdout


@pytest.mark.parametrize("args, code, says", [
    ((), 2, "give either a CLAIM or --jsonl FILE"),
    ((TROOPS, "--jsonl", "rows.jsonl"), 2, "give either a CLAIM or --jsonl FILE"),
    ((TROOPS, "--source", "x y z", "--article", A003), 2, "either --source or --article"),
    (("--jsonl", "rows.jsonl", "--article", A003), 2, "apply to a CLAIM"),
    ((TROOPS, "--source", "  "), 2, "a --source is empty"),
    (("  ",), 2, "the claim is empty"),
    ((TROOPS, "--article", "nope"), 1, "no article with id 'nope' (see `newsrag articles`)"),
    (("--jsonl", "no-such-file.jsonl"), 1, "cannot read no-such-file.jsonl"),
])
def test_bad_invocations_exit_with_a_one_line_reason(cli, args, code, says):
    result = cli("check", *args, code=code)
    assert says in result.output and result.output.count("\n") == 1


def test_a_file_that_is_not_utf8_is_refused(cli, tmp_path):
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes('{"premise": "café", "hypothesis": "café"}\n'.encode("latin-1"))
    assert "cannot read" in cli("check", "--jsonl", str(bad), code=1).output


def test_a_checker_that_cannot_load_is_a_clear_refusal(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))

    def missing():
        raise FileNotFoundError("service/checker/artefact/manifest.json")

    embedder = FakeEmbedder()
    app = make_cli(lambda s: Components(s, embedder=lambda: embedder, support=missing))
    result = CliRunner().invoke(app, ["check", TROOPS])
    assert result.exit_code == 1 and "the claim checker cannot be loaded" in result.output
    assert "manifest.json" in result.output


# -- rows in bulk --------------------------------------------------------------------------------
def test_jsonl_scores_every_row_shape_in_order_and_reports_bad_lines(cli, tmp_path):
    rows = tmp_path / "rows.jsonl"
    document = (CORPUS / f"{A003}.txt").read_text()
    rows.write_text("\n".join([
        json.dumps({"id": "p1", "premise": WANG, "hypothesis": WANG, "label": 1}),
        json.dumps({"id": "d1", "document": document, "claim": TROOPS, "label": "faithful"}),
        "{not json",
        "",
        json.dumps({"id": "s1", "source": "Korea Utara mengirim 8.000 tentara ke Rusia.",
                    "claim": "Korea Utara mengirim 80.000 tentara ke Rusia.", "label": 0}),
        json.dumps({"id": "x1", "text": "no known shape"}),
        json.dumps({"premise": WANG, "hypothesis": "Pisang goreng enak sekali di Bandung hari ini."}),
        json.dumps(["a", "list"]),
    ]) + "\n")
    result = cli("check", "--jsonl", str(rows))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 5, 6, 7, 8]
    assert out[0] == {"line": 1, "id": "p1", "label": 1, "score": 1.0, "supported": True, "problems": []}
    assert out[1]["id"] == "d1" and out[1]["label"] == "faithful" and out[1]["supported"] is True
    assert out[1]["score"] > 0.5 and "problems" not in out[1]
    assert out[2]["error"].startswith("not JSON")
    assert out[3]["id"] == "s1" and out[3]["supported"] is False and out[3]["score"] > 0.5
    assert out[3]["problems"] == ["number 80000 is not in the cited source"]
    assert out[4] == {"line": 6, "id": "x1", "error": "a row needs exactly one of premise+hypothesis, "
                                                     "document+claim or source+claim"}
    assert out[5]["supported"] is False and out[5]["score"] < 0.3 and "id" not in out[5]
    assert out[6] == {"line": 8, "error": "a row must be a JSON object"}
    assert "3 of 7 rows could not be checked" in result.stderr


def test_sentence_rows_get_exactly_the_verdict_the_checker_gives(answering):
    pairs = [(TROOPS, "AS mengatakan 8.000 tentara Korea Utara berada di Rusia."),
             (TROOPS, "AS mengatakan 80.000 tentara Korea Utara berada di Rusia."),
             (WANG, "Blinken mengatakan kepada Wang bahwa hal ini harus ditunda."),
             (WANG, "Pisang goreng."),
             (WANG, "Wang tidak mengatakan kepada Blinken bahwa hal ini harus ditunda.")]
    out = list(check_rows(answering, enumerate([{"premise": p, "hypothesis": h} for p, h in pairs], start=1)))
    for (p, h), o in zip(pairs, out, strict=True):
        v = answering.checker.check(h, [Source("a", "a:1", p)])
        assert (o["score"], o["supported"], o["problems"]) == (round(v.support, 4), v.verified, list(v.problems))
    assert [o["supported"] for o in out] == [True, False, True, False, False]  # the fake cannot tell who told whom


def test_rows_go_to_the_model_in_batches(answering):
    rows = [{"premise": WANG, "hypothesis": f"Wang mengatakan kepada Blinken bahwa hal {i} harus ditunda."}
            for i in range(5)]
    answering.support_model.calls.clear()
    out = list(check_rows(answering, enumerate(rows, start=1), batch=2))
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert [len(c) for c in answering.support_model.calls] == [2, 2, 1]


def test_read_jsonl_numbers_lines_and_keeps_bad_ones():
    parsed = list(read_jsonl(['{"a": 1}', "", "nope", "[1]"]))
    assert [n for n, _ in parsed] == [1, 3, 4] and parsed[0][1] == {"a": 1} and parsed[2][1] == [1]
    assert isinstance(parsed[1][1], ValueError)


# -- evidence ------------------------------------------------------------------------------------
def test_each_hit_is_also_read_with_its_neighbours_once(answering):
    body = {s.id: s.text for s in answering.store.article(A003).body}
    hit = lambda n: Source(A003, f"{A003}:{n}", body[f"{A003}:{n}"])
    candidates = with_neighbours(answering.store, [hit(11), hit(12), hit(1)])
    assert [[s.sentence_id.split(":")[1] for s in c] for c in candidates] == [
        ["11"], ["12"], ["1"], ["10", "11"], ["11", "12"], ["12", "13"], ["1", "2"]]


def test_check_claim_refuses_two_kinds_of_evidence(answering):
    with pytest.raises(ValueError, match="not both"):
        check_claim(answering, TROOPS, ["x y z"], A003)
