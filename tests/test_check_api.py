"""`POST /v1/check` through the app factory: real Chroma, the fake embedder and support model."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from newsrag.store import StoreUnavailable

from .helpers import A000, A001, A003, NOT_ASKED, TROOPS, TROOPS_ID, TROOPS_SOURCE, WANG, client_for


@pytest.fixture
def client(seeded):
    with client_for(seeded) as c:
        yield c


def test_a_supported_claim_comes_back_with_its_evidence(client):
    r = client.post("/v1/check", json={"claim": TROOPS})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert set(doc) == {"claim", "status", "sentences", "model", "threshold"}
    assert doc["claim"] == TROOPS and doc["status"] == "supported"
    assert doc["model"] == "fake-lexical-support" and doc["threshold"] == 0.3
    (s,) = doc["sentences"]
    assert set(s) == {"text", "status", "probability", "problems", "reason", "evidence"}
    assert s["status"] == "supported" and s["reason"] is None and s["problems"] == [] and s["probability"] > 0.7
    best = s["evidence"][0]
    assert best == {"article_id": A003, "sentence_id": TROOPS_ID, "sentence_ids": [TROOPS_ID], "text": TROOPS_SOURCE,
                    "p_entailment": s["probability"], "p_contradiction": 0.0}


def test_a_negated_claim_is_contradicted(client):
    doc = client.post("/v1/check", json={"claim": NOT_ASKED}).json()
    assert doc["status"] == "contradicted" and doc["sentences"][0]["evidence"][0]["sentence_id"] == f"{A000}:1"


def test_sources_and_article_id_choose_the_evidence(client):
    given = client.post("/v1/check", json={"claim": WANG, "sources": [WANG, "Pertemuan itu di Munich."]}).json()
    (s,) = given["sentences"]
    assert s["status"] == "supported" and [e["sentence_ids"] for e in s["evidence"]] == [["given:0", "given:1"]]
    other = client.post("/v1/check", json={"claim": TROOPS, "article_id": A001}).json()
    assert other["status"] == "not_found"
    assert {e["article_id"] for e in other["sentences"][0]["evidence"]} == {A001}


@pytest.mark.parametrize("body, says", [
    ({"claim": TROOPS, "sources": [WANG], "article_id": A003}, "not both"),
    ({"claim": TROOPS, "sources": []}, "at least 1 item"),
    ({"claim": TROOPS, "sources": ["  "]}, "at least 1 character"),
    ({"claim": TROOPS, "sources": [WANG] * 21}, "at most 20 items"),
    ({"claim": ""}, "at least 1 character"),
    ({"claim": "  \n "}, "the claim is empty"),
    ({"claim": "x" * 2001}, "2001 characters long; the limit is 2000"),
    ({"claim": TROOPS, "source": WANG}, "Extra inputs are not permitted"),
    ({}, "claim: Field required"),
])
def test_invalid_checks_are_422_with_the_reason(client, body, says):
    r = client.post("/v1/check", json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert says in json.dumps(r.json())


@pytest.mark.parametrize("article_id, says", [("nope", "no article with id 'nope'"), ("a b", "ids are 1-128")])
def test_an_unknown_article_is_a_404(client, article_id, says):
    r = client.post("/v1/check", json={"claim": TROOPS, "article_id": article_id})
    assert r.status_code == 404 and says in r.json()["error"]


def test_a_read_key_protects_it(seeded):
    with client_for(seeded, read_api_key=SecretStr("read-key")) as c:
        assert c.post("/v1/check", json={"claim": TROOPS}).status_code == 401
        r = c.post("/v1/check", json={"claim": TROOPS}, headers={"Authorization": "Bearer read-key"})
        assert r.status_code == 200 and r.json()["status"] == "supported"


def test_a_store_that_is_down_is_a_503(client, seeded, monkeypatch):
    def down(*args, **kwargs):
        raise StoreUnavailable("Chroma at test does not answer: connection refused")

    monkeypatch.setattr(seeded.store, "article", down)
    r = client.post("/v1/check", json={"claim": TROOPS, "article_id": A003})
    assert r.status_code == 503 and "connection refused" in r.json()["error"]


def test_a_checker_that_cannot_load_is_a_503(settings, embedder, generator):
    from newsrag.components import Components

    def missing():
        raise FileNotFoundError("service/checker/artefact/manifest.json")

    c = Components(settings, embedder=lambda: embedder, support=missing, generator=lambda: generator)
    with client_for(c) as client:
        r = client.post("/v1/check", json={"claim": TROOPS, "sources": [WANG]})
    assert r.status_code == 503 and "the claim checker cannot be loaded" in r.json()["error"]


def test_the_schema_documents_the_route(client):
    schema = client.get("/openapi.json").json()
    route = schema["paths"]["/v1/check"]["post"]
    assert {"401", "404", "422", "503"} <= set(route["responses"])
    ok = route["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/CheckPublic"}
    body = schema["components"]["schemas"]["CheckCreate"]
    assert set(body["properties"]) == {"claim", "sources", "article_id"} and body["required"] == ["claim"]
