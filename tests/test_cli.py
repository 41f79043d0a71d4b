"""The CLI's JSON contracts, driven through typer with the fake embedder behind real Chroma."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newsrag.cli import make_cli
from newsrag.components import Components

from .fakes import FakeEmbedder, FakeSupportModel
from .helpers import CORPUS, ROOT


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    embedder = FakeEmbedder()

    def factory(settings):
        return Components(settings, embedder=lambda: embedder, support=FakeSupportModel)  # the store: real Chroma

    runner = CliRunner()
    app = make_cli(factory)

    def run(*args, code=0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    return run


def test_help_does_not_import_torch():
    code = ("import sys; from typer.testing import CliRunner; from newsrag.cli import app; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
            "bad = [m for m in ('torch', 'transformers', 'chromadb', 'llama_index') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
    out = subprocess.run([sys.executable, "-c", "import newsrag, sys; print('torch' in sys.modules)"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_json_contracts(cli):
    report = json.loads(cli("ingest", str(CORPUS), "--json").stdout)
    assert report == {"added": 5, "updated": 0, "unchanged": 0, "rejected": []}
    assert json.loads(cli("ingest", str(CORPUS), "--json").stdout)["unchanged"] == 5

    rows = json.loads(cli("articles", "--json").stdout)
    assert [r["id"] for r in rows] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    for r in rows:
        assert set(r) == {"id", "title", "outlet", "published", "language", "n_sentences", "cluster"}
    assert rows[0]["published"] == "2023-10-02" and rows[0]["outlet"] == "INIKATA.co.id"

    doc = json.loads(cli("show", "000_538c3b98ea35e6a2", "--json").stdout)
    assert {"id", "title", "sentences", "removed"} <= set(doc)
    assert doc["sentences"][0] == {"id": "000_538c3b98ea35e6a2:1", "kind": "body", "text": doc["sentences"][0]["text"]}
    assert {"text": "India jadi Negara dengan Jumlah Penduduk Terbanyak di Dunia", "reason": "read-also headline"} in doc["removed"]

    hits = json.loads(cli("search", "8.000 tentara Korea Utara", "--k", "3", "--json").stdout)["hits"]
    assert len(hits) == 3 and set(hits[0]) == {"article_id", "sentence_id", "text", "score"}
    assert "003_947d3406dd9cb8aa:11" in [h["sentence_id"] for h in hits]

    filtered = json.loads(cli("search", "Korea Utara", "--outlet", "VOA", "--json").stdout)["hits"]
    assert filtered and {h["article_id"] for h in filtered} == {"004_d642c6b706a4b43b"}
    dated = json.loads(cli("search", "Korea Utara", "--from", "2023-01-01", "--to", "2023-12-31", "--json").stdout)["hits"]
    assert dated and {h["article_id"] for h in dated} == {"000_538c3b98ea35e6a2"}
    one = json.loads(cli("search", "China", "--article", "001_0f58f401bebbf1b7", "--json").stdout)["hits"]
    assert one and {h["article_id"] for h in one} == {"001_0f58f401bebbf1b7"}

    assert json.loads(cli("delete", "004_d642c6b706a4b43b", "--json").stdout) == {"deleted": True, "id": "004_d642c6b706a4b43b"}
    assert len(json.loads(cli("articles", "--json").stdout)) == 4


def test_errors_are_clear(cli):
    assert "no article with id 'nope'" in cli("show", "nope", code=1).output
    assert "ISO date" in cli("search", "x", "--from", "kemarin", code=2).output
    assert "the query is empty" in cli("search", "  ", code=2).output
    assert "no article with id" in cli("delete", "nope", code=1).output
