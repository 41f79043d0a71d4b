"""Scale-out by settings only: a real `chroma run` server and a real OpenAI-compatible generation
server, both on loopback, started and stopped by the tests. The service code is the same as in the
embedded default; only Settings differ."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from newsrag.api.app import create_app
from newsrag.components import Components

from .fakes import FakeSupportModel, ScriptedGenerator
from .helpers import A003, CORPUS, QUESTION, TROOPS_ID, cite_troops, events, remote, tuned
from .live import serve
from .servers import ChromaServer, SlowGenerator, generation_app


@pytest.fixture
def chroma(tmp_path):
    with ChromaServer(tmp_path / "chroma-server") as server:
        yield server


@pytest.mark.server
def test_the_service_runs_on_a_chroma_server_and_keeps_everything_across_its_restart(tmp_path, chroma, embedder):
    settings = tuned(tmp_path, chroma_url=chroma.url)
    generator = ScriptedGenerator(cite_troops, cite_troops)
    c = Components(settings, embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: generator)
    assert type(c.store._client).__name__ == "Client" and c.store.where == chroma.url  # the HTTP client
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    assert not settings.chroma_path.exists()  # nothing was written to an embedded store
    vectors = c.store.count_vectors()

    with TestClient(create_app(settings, factory=lambda s: c), raise_server_exceptions=False) as client:
        before = client.post("/v1/search", json={"query": QUESTION, "k": 5}).json()["hits"]
        assert TROOPS_ID in [h["sentence_id"] for h in before]
        answer = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert answer["sentences"][0]["verified"] and answer["sentences"][0]["citations"][0]["sentence_id"] == TROOPS_ID

        chroma.stop()
        chroma.start()
        assert client.get("/readyz").json()["ready"] is True
        assert len(client.get("/v1/articles").json()) == 5
        assert client.post("/v1/search", json={"query": QUESTION, "k": 5}).json()["hits"] == before
        streamed = client.post("/v1/ask", json={"question": QUESTION, "stream": True})
        assert events(streamed)[-1][1]["answer"] == answer["answer"]

    # A second process with the same settings sees the same store.
    other = Components(settings, embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: generator)
    assert other.store.count_vectors() == vectors
    assert other.ingestor.ingest_paths([CORPUS]).unchanged == 5


@pytest.mark.server
def test_a_stopped_chroma_server_gives_503_with_the_reason_and_the_service_recovers(tmp_path, chroma, embedder):
    settings = tuned(tmp_path, chroma_url=chroma.url, api_key=SecretStr("k"))
    generator = ScriptedGenerator()
    c = Components(settings, embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: generator)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    vectors = c.store.count_vectors()
    write = {"Authorization": "Bearer k"}
    article = {"id": "baru", "text": "Judul\n\nSebuah kalimat baru di sini. Dan satu lagi di sana."}

    with TestClient(create_app(settings, factory=lambda s: c), raise_server_exceptions=False) as client:
        chroma.stop()
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "store unreachable" in ready.json()["reason"]
        assert client.get("/healthz").status_code == 200  # the process itself is fine
        for method, path, body in [("GET", "/v1/articles", None), ("GET", f"/v1/articles/{A003}", None),
                                   ("POST", "/v1/search", {"query": QUESTION}),
                                   ("POST", "/v1/ask", {"question": QUESTION}),
                                   ("GET", f"/v1/articles/{A003}/summary", None),
                                   ("POST", "/v1/articles", article), ("DELETE", f"/v1/articles/{A003}", None)]:
            r = client.request(method, path, json=body, headers=write)
            assert r.status_code == 503, (path, r.status_code, r.text)
            assert r.json()["error"].startswith("the store is unavailable: Chroma at http://127.0.0.1:")
            assert r.headers["Retry-After"]
        kind, last = events(client.post("/v1/ask", json={"question": QUESTION, "stream": True}))[-1]
        assert kind == "error" and last["status"] == 503 and set(last) == {"error", "status"}
        assert last["error"].startswith("the store is unavailable: Chroma at http://127.0.0.1:"), last
        assert generator.calls == []  # nothing reached the model

        chroma.start()  # back, on the same port: no restart of the service, no reconnect call
        assert client.get("/readyz").json()["ready"] is True
        assert len(client.get("/v1/articles").json()) == 5 and c.store.count_vectors() == vectors
        generator.replies.append(cite_troops)
        assert client.post("/v1/ask", json={"question": QUESTION}).json()["sentences"][0]["verified"]
        assert client.post("/v1/articles", json=article, headers=write).status_code == 201


# -- the openai backend against a real OpenAI-compatible server --------------------------------
def test_the_openai_backend_answers_and_streams_through_a_real_server(tmp_path, embedder):
    backend = ScriptedGenerator(cite_troops, cite_troops)
    server_app = generation_app(backend, api_key="remote-secret")
    with serve(server_app) as url:
        c = remote(tmp_path, f"{url}/v1", embedder, openai_api_key=SecretStr("remote-secret"))
        assert c.generator.model_id == f"qwen-test (openai-compatible at {url}/v1)"
        with TestClient(create_app(c.settings, factory=lambda s: c), raise_server_exceptions=False) as client:
            plain = client.post("/v1/ask", json={"question": QUESTION}).json()
            streamed = events(client.post("/v1/ask", json={"question": QUESTION, "stream": True}))
    assert plain["sentences"][0]["citations"][0]["sentence_id"] == TROOPS_ID
    assert plain["model"].startswith("qwen-test")
    tokens = [d["text"] for e, d in streamed if e == "token"]
    assert len(tokens) > 5 and streamed[-1] == ("result", plain | {"timings": streamed[-1][1]["timings"]})
    sent = server_app.state.requests
    assert [r["stream"] for r in sent] == [True, True] and sent[0]["model"] == "qwen-test"
    assert sent[0]["messages"][0]["role"] == "system" and QUESTION in sent[0]["messages"][-1]["content"]


@pytest.mark.parametrize("case, status, says", [
    ("wrong key", 503, "generation server answered 401"),
    ("server down", 503, "failed"),
    ("hangs", 504, "timed out"),
])
def test_a_failing_generation_server_is_a_503_or_504_and_the_queue_drains(tmp_path, embedder, case, status, says):
    backend = SlowGenerator(3.0) if case == "hangs" else ScriptedGenerator(*[cite_troops] * 3)
    with serve(generation_app(backend, api_key="right")) as url:
        base = f"{url}/v1" if case != "server down" else "http://127.0.0.1:9/v1"  # port 9: nothing listens
        c = remote(tmp_path, base, embedder, openai_timeout=0.5,
                   openai_api_key=SecretStr("wrong" if case == "wrong key" else "right"))
        with TestClient(create_app(c.settings, factory=lambda s: c), raise_server_exceptions=False) as client:
            for _ in range(3):  # one at a time through the gate: each is released for the next
                r = client.post("/v1/ask", json={"question": QUESTION})
                assert r.status_code == status and says in r.json()["error"], r.text
            assert client.app.state.gate.admitted == 0


def test_a_chroma_url_with_a_password_is_never_repeated_in_messages():
    from newsrag.store import _redact

    assert _redact("https://user:s3cret@chroma.example:8443/") == "https://chroma.example:8443/"
    assert _redact("http://127.0.0.1:8001") == "http://127.0.0.1:8001"
