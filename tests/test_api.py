"""The (foundation-level) HTTP app through its factory, with real Chroma and the fake embedder."""

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app

from .conftest import CORPUS


@pytest.fixture
def client(seeded):
    app = create_app(seeded.settings, factory=lambda s: seeded)
    with TestClient(app) as c:
        yield c


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"ready": True}


def test_articles_and_search(client):
    rows = client.get("/v1/articles").json()
    assert [r["id"] for r in rows] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    doc = client.get("/v1/articles/003_947d3406dd9cb8aa").json()
    assert doc["outlet"] == "GenPI.co" and doc["sentences"][10]["id"] == "003_947d3406dd9cb8aa:11"
    hits = client.post("/v1/search", json={"query": "8.000 tentara", "k": 3}).json()["hits"]
    assert hits and hits[0]["sentence_id"] == "003_947d3406dd9cb8aa:11"


def test_errors_are_json_4xx(client):
    r = client.get("/v1/articles/nope")
    assert r.status_code == 404 and "no article" in r.json()["error"]
    r = client.post("/v1/search", json={"query": ""})
    assert r.status_code == 422 and r.json()["error"] == "invalid request"
    r = client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()
    assert client.post("/v1/search", json={"query": "x", "k": 0}).status_code == 422
    assert client.post("/v1/search", json={"query": "   "}).status_code == 422


def test_the_service_refuses_to_start_without_a_real_generator(settings, embedder):
    from service.components import Components, GeneratorUnavailable
    from service.store import ChromaStore

    def factory(s):  # the real generator wiring, with no model provisioned in s.models_dir
        s.chroma_path.mkdir(parents=True, exist_ok=True)
        return Components(s, store=ChromaStore.connect(path=str(s.chroma_path)), embedder=lambda: embedder)

    with pytest.raises(GeneratorUnavailable, match="newsrag models fetch"):
        with TestClient(create_app(settings, factory=factory)):
            pass
