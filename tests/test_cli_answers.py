"""`newsrag ask` and `newsrag summarize` through typer, with the scripted generator, and the
refusal to run without a real generator."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsrag.cli import make_cli
from newsrag.components import Components, GeneratorUnavailable, real_generator
from newsrag.settings import Settings

from .fakes import FakeEmbedder, FakeSupportModel, ScriptedGenerator, echo
from .helpers import CORPUS


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSRAG_MIN_RELEVANCE", "0.15")
    monkeypatch.setenv("NEWSRAG_SUPPORT_THRESHOLD", "0.3")
    embedder, generator = FakeEmbedder(), ScriptedGenerator()

    def factory(settings):
        return Components(settings, embedder=lambda: embedder, support=FakeSupportModel,  # the store: real Chroma
                          generator=lambda: generator)

    app, runner = make_cli(factory), CliRunner()

    def run(*args, code=0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    run("ingest", str(CORPUS))
    run.generator = generator
    return run


def test_ask_json(cli):
    cli.generator.replies.append("NOT_FOUND")
    doc = json.loads(cli("ask", "Berapa tentara Korea Utara yang menurut AS berada di Rusia?", "--json").stdout)
    assert doc["abstained"] and doc["abstain_reason"] == "not_in_evidence" and doc["model"]


def test_ask_rejects_an_empty_question_and_a_bad_date(cli):
    assert "empty" in cli("ask", "  ", code=2).output
    assert "ISO date" in cli("ask", "Siapa Liu Pengyu?", "--from", "yesterday", code=2).output


def test_summarize_one_article_then_from_the_cache(cli):
    cli.generator.replies.append(echo)
    first = json.loads(cli("summarize", "003_947d3406dd9cb8aa", "--json").stdout)
    second = json.loads(cli("summarize", "003_947d3406dd9cb8aa", "--json").stdout)
    assert first["cached"] is False and second["cached"] is True and first["answer"] == second["answer"]


def test_summarize_all_precomputes_every_article(cli):
    cli.generator.replies.extend([echo] * 5)
    docs = json.loads(cli("summarize", "--all", "--json").stdout)
    assert sorted(d["article_id"] for d in docs) == sorted(p.name.split(".")[0] for p in CORPUS.glob("*.txt"))
    assert "5 articles (5 from the cache)" in cli("summarize", "--all").output


def test_summarize_needs_exactly_one_target(cli):
    assert "exactly one" in cli("summarize", code=2).output
    assert "exactly one" in cli("summarize", "003_947d3406dd9cb8aa", "--all", code=2).output
    assert "no article" in cli("summarize", "nope", code=1).output


def test_without_a_provisioned_model_it_refuses_and_says_what_to_do(tmp_path):
    with pytest.raises(GeneratorUnavailable, match="newsrag models fetch"):
        real_generator(Settings(models_dir=tmp_path))
    with pytest.raises(GeneratorUnavailable, match="NEWSRAG_OPENAI_BASE_URL"):
        real_generator(Settings(models_dir=tmp_path, generator="openai"))
    with pytest.raises(GeneratorUnavailable, match="needs .*gguf: run `newsrag models fetch`"):
        real_generator(Settings(models_dir=tmp_path, generator="llamacpp"))


def test_a_corrupt_gguf_is_refused_with_its_path(tmp_path):
    from newsrag.provision import GENERATOR, ModelPaths

    gguf = ModelPaths(tmp_path).gguf
    with gguf.open("wb") as f:
        f.truncate(GENERATOR.size)  # the right size (sparse: no disk used), not a model
    with pytest.raises(GeneratorUnavailable, match=f"llama.cpp could not load {gguf}"):
        real_generator(Settings(models_dir=tmp_path, generator="llamacpp"))


def test_the_real_cli_refuses_to_answer_without_a_generator(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSRAG_MODELS_DIR", str(tmp_path / "models"))
    embedder = FakeEmbedder()

    def factory(settings):  # real generator wiring, fake embedder so nothing else is missing
        return Components(settings, embedder=lambda: embedder, support=FakeSupportModel)

    for args in (["ask", "Siapa Liu Pengyu?"], ["summarize", "--query", "Korea Utara"], ["serve"]):
        result = CliRunner().invoke(make_cli(factory), args)
        assert result.exit_code == 1 and "newsrag models fetch" in result.output, args
