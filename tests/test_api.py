"""The HTTP API through its app factory: real Chroma, the fake embedder, the scripted generator."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from newsrag.api.app import create_app
from newsrag.backends.generator import GeneratorError, GeneratorTimeout

from .fakes import FailingGenerator, FakeSupportModel, echo
from .helpers import A003, CORPUS, GOOD, QUESTION, TROOPS_ID, WRITE, cite_troops, client_for, events


@pytest.fixture
def client(seeded):
    with client_for(seeded) as c:
        yield c


@pytest.fixture
def writer(seeded):
    with client_for(seeded, api_key=SecretStr("write-key"), max_article_bytes=5000) as c:
        yield c


@pytest.fixture
def asking(answering):
    with client_for(answering) as c:
        yield c


# -- health, reads, errors ---------------------------------------------------------------------
def test_health_and_readiness(client, seeded, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"ready": True, "embedder": "fake-hash-embedder",
                                            "generator": "fake-scripted-generator"}

    def down():
        raise ConnectionError("connection refused")

    monkeypatch.setattr(seeded.store, "ping", down)
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json() == {"ready": False, "reason": "store unreachable: connection refused"}


def test_articles_and_search(client):
    rows = client.get("/v1/articles").json()
    assert [r["id"] for r in rows] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    doc = client.get(f"/v1/articles/{A003}").json()
    assert doc["outlet"] == "GenPI.co" and doc["sentences"][10]["id"] == TROOPS_ID
    assert {"text": "(*)", "reason": "signature"} in doc["removed"]
    hits = client.post("/v1/search", json={"query": "8.000 tentara", "k": 3}).json()["hits"]
    assert hits and hits[0]["sentence_id"] == TROOPS_ID
    only = client.post("/v1/search", json={"query": "8.000 tentara", "article_ids": ["001_0f58f401bebbf1b7"]})
    assert {h["article_id"] for h in only.json()["hits"]} == {"001_0f58f401bebbf1b7"}


@pytest.mark.parametrize("method, path, body, status, says", [
    ("GET", "/v1/articles/nope", None, 404, "no article with id 'nope'"),
    ("GET", "/v1/articles/..%2F..%2Fetc%2Fpasswd", None, 404, "Not Found"),
    ("GET", "/v1/articles/a%20b", None, 404, "ids are 1-128 letters"),
    ("GET", "/v1/articles/nope/summary", None, 404, "no article"),
    ("GET", "/no/such/route", None, 404, "Not Found"),
    ("PUT", "/v1/articles", None, 405, "Method Not Allowed"),
    ("POST", "/v1/search", {"query": ""}, 422, "invalid request"),
    ("POST", "/v1/search", {"query": "   "}, 422, "the query is empty"),
    ("POST", "/v1/search", {"query": "x", "k": 0}, 422, "invalid request"),
    ("POST", "/v1/ask", {"question": " \n "}, 422, "the question is empty"),
    ("POST", "/v1/ask", {"question": "x" * 2001}, 422, "2001 characters long; the limit is 2000"),
    ("POST", "/v1/ask", {"question": 42}, 422, "invalid request"),
    ("POST", "/v1/ask", {}, 422, "invalid request"),
    ("POST", "/v1/chat/completions", {"messages": []}, 422, "List should have at least 1 item"),
    ("POST", "/v1/chat/completions", {"messages": [{"role": "system", "content": "hi"}]}, 422,
     "there is no user message"),
])
def test_bad_requests_get_a_json_4xx_that_says_what_is_wrong(client, method, path, body, status, says):
    r = client.request(method, path, json=body)
    assert r.status_code == status and r.headers["content-type"] == "application/json"
    assert says in json.dumps(r.json())


def test_malformed_json_is_a_422_not_a_crash(client):
    r = client.post("/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "invalid request"


# -- writes: keys, ingest, upload, delete --------------------------------------------------------
ARTICLE = {"id": "kupang-bridge", "title": "Jembatan baru di Kupang", "outlet": "Contoh", "published": "2024-11-04",
           "text": "Jembatan baru di Kupang diresmikan Senin (4/11/2024).\n\nGubernur meresmikan jembatan "
                   "sepanjang 300 meter itu bersama warga setempat."}


def test_writes_are_off_without_a_configured_key(client):
    r = client.post("/v1/articles", json=ARTICLE)
    assert r.status_code == 403 and "NEWSRAG_API_KEY" in r.json()["error"]
    assert client.delete(f"/v1/articles/{A003}").status_code == 403
    assert client.get(f"/v1/articles/{A003}").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "write-key"},
                                     {"Authorization": "Basic d3JpdGUta2V5"}])
def test_a_missing_or_wrong_key_gets_401_and_changes_nothing(writer, headers):
    before = writer.get("/v1/articles").json()
    r = writer.post("/v1/articles", json=ARTICLE, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "write-key" not in r.text
    assert writer.delete(f"/v1/articles/{A003}", headers=headers).status_code == 401
    assert writer.get("/v1/articles").json() == before


def test_an_unparsable_url_costs_the_outlet_not_the_upload(writer):
    """Found by the schema fuzz test: urlsplit raises on a "[" in the host, which was a 500."""
    r = writer.post("/v1/articles", json={**{k: v for k, v in ARTICLE.items() if k != "outlet"},
                                          "url": ":\u00ec[\u0085"}, headers=WRITE)
    assert r.status_code == 201 and r.json()["article"]["outlet"] is None


def test_ingest_one_article_as_json_then_again_then_delete(writer):
    r = writer.post("/v1/articles", json=ARTICLE, headers=WRITE)
    assert r.status_code == 201 and r.json()["status"] == "added"
    assert r.json()["article"]["title"] == "Jembatan baru di Kupang" and r.json()["article"]["outlet"] == "Contoh"
    assert writer.post("/v1/articles", json=ARTICLE, headers=WRITE).json()["status"] == "unchanged"
    changed = {**ARTICLE, "text": ARTICLE["text"] + " Biayanya 50 miliar rupiah."}
    r = writer.post("/v1/articles", json=changed, headers=WRITE)
    assert r.status_code == 200 and r.json()["status"] == "updated"
    hits = writer.post("/v1/search", json={"query": "jembatan Kupang", "k": 1}).json()["hits"]
    assert hits[0]["article_id"] == "kupang-bridge"
    assert writer.delete("/v1/articles/kupang-bridge", headers=WRITE).json() == {"deleted": "kupang-bridge"}
    assert writer.get("/v1/articles/kupang-bridge").status_code == 404
    assert writer.delete("/v1/articles/kupang-bridge", headers=WRITE).status_code == 404
    assert len(writer.get("/v1/articles").json()) == 5


@pytest.mark.parametrize("body, says", [
    ({**ARTICLE, "id": "../../etc/passwd"}, "`id` must be"),
    ({**ARTICLE, "text": "   "}, "missing or empty `text`"),  # a JSON body is read as a JSONL record
    ({**ARTICLE, "colour": "red"}, "Extra inputs are not permitted"),
    ({k: v for k, v in ARTICLE.items() if k != "text"}, "text: Field required"),
    ({**ARTICLE, "text": "Teks\x00biner"}, "binary content"),
    ({"text": "\u200b \u200b"}, "no article text left"),
])
def test_bad_articles_are_refused_with_the_reason(writer, body, says):
    r = writer.post("/v1/articles", json=body, headers=WRITE)
    assert 400 <= r.status_code < 500 and says in json.dumps(r.json()), r.json()
    assert len(writer.get("/v1/articles").json()) == 5


def test_an_uploaded_html_file_is_stored_as_text(writer):
    html = (b"<html><head><title>Banjir di Medan</title><script>alert(1)</script></head><body>"
            b"<p>Banjir melanda Medan pada Selasa (5/11/2024) setelah hujan deras.</p>"
            b"<p>Warga menulis &lt;b&gt;tolong&lt;/b&gt; di atap rumah mereka.</p></body></html>")
    r = writer.post("/v1/articles", files={"file": ("banjir.html", html, "text/html")},
                    data={"outlet": "Contoh"}, headers=WRITE)
    assert r.status_code == 201, r.json()
    doc = writer.get(f"/v1/articles/{r.json()['id']}").json()
    assert doc["title"] == "Banjir di Medan" and doc["outlet"] == "Contoh"
    text = " ".join(s["text"] for s in doc["sentences"])
    assert "alert(1)" not in text and "<b>tolong</b>" in text  # markup dropped, escaped text kept as text


def test_oversized_bodies_are_refused_before_they_are_read(writer):
    big = {**ARTICLE, "text": "Kata. " * 20_000}
    r = writer.post("/v1/articles", json=big, headers=WRITE)  # Content-Length says it all
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives, cut off at the limit
        yield b'{"text": "'
        for _ in range(200):
            yield b"Kata. " * 100
        yield b'"}'

    r = writer.post("/v1/articles", content=chunks(), headers={**WRITE, "content-type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]
    r = writer.post("/v1/articles", files={"file": ("big.txt", b"Kata. " * 1000, "text/plain")}, headers=WRITE)
    assert r.status_code == 413, r.json()
    assert writer.post("/v1/articles", content=b"text", headers={**WRITE, "content-type": "text/plain"}
                       ).status_code == 415
    assert len(writer.get("/v1/articles").json()) == 5


def test_a_read_key_closes_reads_and_the_write_key_opens_them(seeded):
    with client_for(seeded, read_api_key=SecretStr("read-key"), api_key=SecretStr("write-key")) as c:
        assert c.get("/v1/articles").status_code == 401
        assert c.post("/v1/search", json={"query": "tentara"}).status_code == 401
        assert c.get("/v1/articles", headers={"Authorization": "Bearer read-key"}).status_code == 200
        assert c.get("/v1/articles", headers=WRITE).status_code == 200
        assert c.post("/v1/articles", json=ARTICLE, headers={"Authorization": "Bearer read-key"}).status_code == 401
        assert c.get("/healthz").status_code == 200 and c.get("/").status_code == 200


# -- answers and summaries -----------------------------------------------------------------------
def test_ask_returns_the_verified_answer_document(asking, generator):
    generator.replies.append(cite_troops)
    doc = asking.post("/v1/ask", json={"question": QUESTION}).json()
    assert doc["answer"] == f"{GOOD}." and not doc["abstained"]
    assert doc["sentences"][0]["citations"][0]["sentence_id"] == TROOPS_ID
    assert doc["model"] == "fake-scripted-generator" and doc["prompt_version"].startswith("answer/v1@")


def test_ask_streams_tokens_then_each_checked_sentence_then_the_result(asking, generator):
    generator.replies += [cite_troops, cite_troops]
    plain = asking.post("/v1/ask", json={"question": QUESTION}).json()
    r = asking.post("/v1/ask", json={"question": QUESTION, "stream": True})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    got = events(r)
    kinds = [e for e, _ in got]
    assert kinds[-1] == "result" and kinds.count("token") > 3 and kinds.index("sentence") > kinds.index("token")
    assert "".join(d["text"] for e, d in got if e == "token").strip() == cite_troops(generator.calls[-1])
    (sentence,) = [d for e, d in got if e == "sentence"]
    result = got[-1][1]
    assert sentence == result["sentences"][0] and sentence["verified"]
    assert {k: v for k, v in result.items() if k != "timings"} == {k: v for k, v in plain.items() if k != "timings"}


def test_a_sentence_is_streamed_as_soon_as_it_is_checked(answering, generator):
    second = "Song Tao is the Chinese ambassador to North Korea [1]."
    generator.replies.append(lambda m: f"{cite_troops(m)} {second}")
    seen: list[tuple[int, str]] = []
    pieces: list[str] = []
    answering.answerer.ask(QUESTION, on_token=pieces.append,
                           on_sentence=lambda s: seen.append((len(pieces), s.text)))
    (first_at, first), (last_at, _) = seen
    assert first == f"{GOOD}." and first_at < len(pieces) and last_at == len(pieces)


def test_a_failing_generator_is_a_503_or_504_with_the_reason(seeded):
    for error, status in [(GeneratorError("connection refused"), 503), (GeneratorTimeout("no answer in 120 s"), 504)]:
        seeded.__dict__["generator"] = FailingGenerator(error)
        seeded.__dict__.pop("answerer", None)
        with client_for(seeded, min_relevance=-1) as c:
            r = c.post("/v1/ask", json={"question": "Berapa tentara Korea Utara di Rusia?"})
            assert r.status_code == status and str(error) in r.json()["error"]
            streamed = events(c.post("/v1/ask", json={"question": "tentara Korea Utara", "stream": True}))
            assert streamed[-1] == ("error", {"error": r.json()["error"], "status": status})
            assert c.get("/healthz").status_code == 200  # the gate was handed back
            assert c.app.state.gate.admitted == 0


def test_summary_is_written_once_then_served_from_the_cache(asking, generator):
    generator.replies.append(echo)
    first = asking.get(f"/v1/articles/{A003}/summary").json()
    assert first["cached"] is False and first["sentences"] and all(s["verified"] for s in first["sentences"])
    again = asking.get(f"/v1/articles/{A003}/summary").json()  # no reply scripted: must not generate
    assert again["cached"] is True and again["sentences"] == first["sentences"]
    generator.replies.append(echo)
    assert asking.get(f"/v1/articles/{A003}/summary?refresh=true").json()["cached"] is False
    assert len(generator.calls) == 2


# -- the page ------------------------------------------------------------------------------------
def test_the_chat_page_and_its_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/app.js"' in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "textContent" in script.text
    assert "innerHTML" not in script.text  # server text is never parsed as HTML
    assert client.get("/static/../settings.py").status_code == 404


def test_the_schema_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/readyz", "/v1/articles", "/v1/articles/{article_id}", "/v1/articles/{article_id}/summary",
            "/v1/ask", "/v1/search", "/v1/models", "/v1/chat/completions"} <= set(paths)
    assert set(paths["/v1/articles"]["post"]["requestBody"]["content"]) == {"application/json",
                                                                           "multipart/form-data"}


def test_the_schema_documents_every_body(client):
    """Each operation names the schema of its JSON body for success and for each error, and the two
    streams name each event's, so clients, and the fuzzing in test_hostile, can check every response."""
    schema = client.get("/openapi.json").json()
    named = schema["components"]["schemas"]

    def resolve(ref: str) -> dict:
        assert ref.startswith("#/components/schemas/"), ref
        return named[ref.removeprefix("#/components/schemas/")]

    operations = [(f"{method.upper()} {path}", op) for path, ops in schema["paths"].items()
                  for method, op in ops.items()]
    assert len(operations) == 12
    for name, op in operations:
        assert any(status.startswith("2") for status in op["responses"]), name
        for status, response in op["responses"].items():
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref") or body.get("items", {}).get("$ref")  # a list: GET /v1/articles
            assert ref and resolve(ref)["properties"], f"{name} {status}: {body}"
    streamed = {name: op["responses"]["200"]["content"]["text/event-stream"]["schema"]["anyOf"]
                for name, op in operations if "text/event-stream" in op["responses"]["200"]["content"]}
    assert set(streamed) == {"POST /v1/ask", "POST /v1/chat/completions"}
    for name, kinds in streamed.items():
        for event in kinds:
            fields = resolve(event["$ref"])["properties"]
            data = fields["data"]
            assert fields["event"]["const"] and (data.get("const") == "[DONE]" or (
                data["contentMediaType"] == "application/json" and resolve(data["contentSchema"]["$ref"])
            )), (name, event)


def test_the_app_has_one_settings_object_and_its_components_carry_it(seeded):
    with client_for(seeded, max_question_chars=10) as c:
        assert c.app.state.components.settings.max_question_chars == 10
        r = c.post("/v1/search", json={"query": "x" * 11})
        assert r.status_code == 422 and "the limit is 10" in r.json()["error"]
    other = seeded.settings.model_copy(update={"queue_size": 0, "max_question_chars": 10})
    with (pytest.raises(ValueError, match=r"other settings than the app was given \(max_question_chars, queue_size\)"),
          TestClient(create_app(other, factory=lambda s: seeded))):
        pass


def test_the_service_refuses_to_start_without_a_real_generator(settings, embedder):
    from newsrag.components import Components, GeneratorUnavailable
    from newsrag.store import ChromaStore

    def factory(s):  # the real generator wiring, with no model provisioned in s.models_dir
        s.chroma_path.mkdir(parents=True, exist_ok=True)
        return Components(s, store=ChromaStore.connect(path=str(s.chroma_path)), embedder=lambda: embedder,
                          support=FakeSupportModel)

    with pytest.raises(GeneratorUnavailable, match="newsrag models fetch"), TestClient(create_app(settings, factory=factory)):
        pass
