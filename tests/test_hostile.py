"""Hostile input: the service's own OpenAPI schema fuzzed by Schemathesis, prompt injection in an
article, paths that try to leave the data directory, and secrets that must never be echoed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from pydantic import SecretStr
from schemathesis.specs.openapi.checks import positive_data_acceptance

from newsrag.api.app import create_app
from newsrag.components import Components
from newsrag.eval.fake import ExtractiveGenerator

from .fakes import FakeSupportModel, echo
from .helpers import A003, CORPUS, GOOD, HOSTILE, QUESTION, TROOPS_ID, WRITE, cite_troops, client_for, remote
from .live import serve
from .servers import generation_app

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def settings_(settings):
    return settings.model_copy(update={"api_key": SecretStr("write-key"), "max_article_bytes": 20_000})


@pytest.fixture
def served(settings_, embedder):
    """A real server over the seeds, with the extractive generator, and its /openapi.json."""
    settings_.chroma_path.mkdir(parents=True)
    c = Components(settings_, embedder=lambda: embedder, support=FakeSupportModel,
                   generator=ExtractiveGenerator)
    assert c.ingestor.ingest_paths([CORPUS]).added == 5
    with serve(create_app(settings_, factory=lambda s: c)) as url:
        yield url, schemathesis.openapi.from_url(f"{url}/openapi.json")


def test_schemathesis_finds_no_server_error_and_no_schema_violation(served):
    """Every operation of /openapi.json, fuzzed with valid and invalid data through a real server.
    Checks (schemathesis' default set): no 5xx; every status code, content type, header and body
    (each streamed event's too) as the schema documents; invalid data refused. Left out:
    `positive_data_acceptance`, because a schema cannot say that an article needs words
    (`{"text": "0"}` is schema-valid and rightly refused with 422)."""
    _, schema = served
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12, [op.label for op in operations]
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.call_and_validate(headers=WRITE, excluded_checks=[positive_data_acceptance])

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - every operation's findings, then fail once
            failures.append(f"{op.label}: {e}")
    assert not failures, "\n\n".join(failures)


CHAT = [{"role": "user", "content": QUESTION}]
# Random data seldom gets past validation to an answer: the success of each generating operation,
# streamed and not, checked against the schema on purpose.
ANSWERED = [("POST /v1/ask", {"body": {"question": QUESTION}}),
            ("POST /v1/ask", {"body": {"question": QUESTION, "stream": True}}),
            ("POST /v1/chat/completions", {"body": {"messages": CHAT}}),
            ("POST /v1/chat/completions", {"body": {"messages": CHAT, "stream": True}}),
            ("GET /v1/articles/{article_id}/summary", {"path_parameters": {"article_id": A003}}),
            ("POST /v1/articles", {"body": HOSTILE}),
            ("DELETE /v1/articles/{article_id}", {"path_parameters": {"article_id": HOSTILE["id"]}})]


def test_every_answer_streamed_or_not_matches_the_schema(served):
    _, schema = served
    operations = {result.ok().label: result.ok() for result in schema.get_all_operations()}
    for label, parts in ANSWERED:
        case = operations[label].Case(media_type="application/json" if "body" in parts else None, **parts)
        response = case.call_and_validate(headers=WRITE, excluded_checks=[positive_data_acceptance])
        assert response.status_code in (200, 201), (label, response.text)
        if parts.get("body", {}).get("stream"):
            assert response.headers["content-type"][0].startswith("text/event-stream")
            assert response.text.count("data: ") > 2, response.text  # the events were there to check


def test_a_streamed_event_that_breaks_its_schema_is_caught(served):
    """The events' schemas are applied, not skipped: a draft token documented as a number fails."""
    url, schema = served
    doc = schema.raw_schema
    doc["components"]["schemas"]["TokenPublic"]["properties"]["text"] = {"type": "integer"}
    case = schemathesis.openapi.from_dict(doc)["/v1/ask"]["POST"].Case(
        body={"question": QUESTION, "stream": True}, media_type="application/json")
    with pytest.raises(BaseExceptionGroup, match="schema"):
        case.call_and_validate(base_url=url, headers=WRITE, excluded_checks=[positive_data_acceptance])


# -- prompt injection ----------------------------------------------------------------------------
def test_an_injected_article_changes_no_other_answer_and_forges_no_citation(answering, generator):
    generator.replies.extend([cite_troops, cite_troops])
    with client_for(answering, api_key=SecretStr("write-key")) as client:
        before = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert client.post("/v1/articles", json=HOSTILE, headers=WRITE).status_code == 201
        after = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert after["answer"] == before["answer"] == f"{GOOD}."
    assert [c["sentence_id"] for s in after["sentences"] for c in s["citations"]] == [TROOPS_ID]

    # The prompt after the hostile article: one `[n]` per evidence line, at its start, numbered
    # 1..k. Markers inside article text are shown as "(n)", so none can pose as our own.
    prompt = generator.calls[-1][-1].content
    evidence = [line for line in prompt.splitlines() if line.startswith("[")]
    assert [int(re.match(r"\[(\d+)\]", line).group(1)) for line in evidence] == list(range(1, len(evidence) + 1))
    assert len(re.findall(r"\[\d+\]", prompt)) == len(evidence)
    hostile = [line for line in evidence if "festival-bandung" in line or "PWNED" in line or "80.000" in line]
    assert all("(" in line for line in hostile if "PWNED" in line or "80.000" in line)
    assert generator.calls[-1][0] == generator.calls[0][0]  # the system prompt is fixed


def test_an_injected_article_does_not_change_another_summary(answering, generator):
    generator.replies.extend([echo, echo, echo])
    with client_for(answering, api_key=SecretStr("write-key")) as client:
        before = client.get(f"/v1/articles/{A003}/summary").json()
        assert client.post("/v1/articles", json=HOSTILE, headers=WRITE).status_code == 201
        after = client.get(f"/v1/articles/{A003}/summary?refresh=true").json()
        own = client.get(f"/v1/articles/{HOSTILE['id']}/summary").json()
    assert generator.calls[1] == generator.calls[0]  # the same prompt, word for word
    assert after["sentences"] == before["sentences"]
    # Its own summary renders its sentences as quoted data; "[2] and [3]" in the text cite nothing.
    assert len(own["sentences"]) >= 3, own
    for s in own["sentences"]:
        (cite,) = s["citations"]  # exactly the sentence it renders; never the "[2]", "[3]" in its text
        assert cite["article_id"] == HOSTILE["id"]
        # The source's own markers come back as text "(n)", not as citations of other sentences.
        assert re.findall(r"\((\d+)\)", s["text"]) == re.findall(r"\[(\d+)\]", cite["quote"]), s


# -- paths ---------------------------------------------------------------------------------------
def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("filename", ["../../../escape.txt", "/etc/escape.txt", "..\\..\\escape.txt",
                                      "....//....//escape.txt", "%2e%2e%2fescape.txt"])
def test_an_upload_filename_cannot_leave_the_data_directory(seeded, tmp_path, filename):
    outside = files_under(tmp_path.parent) - files_under(seeded.settings.data_dir)
    with client_for(seeded, api_key=SecretStr("write-key")) as client:
        r = client.post("/v1/articles", files={"file": (filename, b"Judul\n\nIsi berita yang pendek.", "text/plain")},
                        headers=WRITE)
        assert r.status_code == 201, r.json()
        article_id = r.json()["id"]
        assert re.fullmatch(r"[A-Za-z0-9._-]+", article_id) and ".." not in article_id and "/" not in article_id
        assert client.get(f"/v1/articles/{article_id}").status_code == 200
    assert files_under(tmp_path.parent) - files_under(seeded.settings.data_dir) == outside


@pytest.mark.parametrize("path", ["/v1/articles/..%2F..%2Fetc%2Fpasswd", "/v1/articles/%2e%2e",
                                  "/v1/articles/..%2Fsecret/summary", "/static/..%2F..%2Fsettings.py",
                                  "/static/../app.py"])
def test_ids_and_static_paths_cannot_reach_other_files(client, path):
    r = client.get(path)
    assert r.status_code in (404, 422) and r.headers["content-type"].startswith("application/json"), r.text


@pytest.fixture
def client(seeded):
    with client_for(seeded) as c:
        yield c


# -- secrets -------------------------------------------------------------------------------------
SECRETS = {"api_key": "write-secret-1234", "read_api_key": "read-secret-5678",
           "openai_api_key": "remote-secret-9012"}


def test_secrets_never_appear_in_logs_errors_or_settings(tmp_path, embedder, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx and uvicorn included
    backend = generation_app(ExtractiveGenerator(), api_key="the-server-wants-another-key")
    with serve(backend) as remote_url:
        c = remote(tmp_path, f"{remote_url}/v1", embedder,
                   **{k: SecretStr(v) for k, v in SECRETS.items()})
        app = create_app(c.settings, factory=lambda s: c)
        bodies = [repr(c.settings), str(c.settings), c.settings.model_dump_json()]
        with serve(app) as url:
            import httpx

            with httpx.Client(base_url=url) as http:
                for headers in ({}, {"Authorization": f"Bearer {SECRETS['api_key']}x"},
                                {"Authorization": f"Bearer {SECRETS['read_api_key']}"},
                                {"Authorization": f"Bearer {SECRETS['api_key']}"}):
                    for method, path, body in [("GET", "/v1/articles", None), ("POST", "/v1/ask", {"question": QUESTION}),
                                               ("POST", "/v1/articles", {"text": "Judul\n\nIsi."}),
                                               ("GET", "/readyz", None), ("POST", "/v1/chat/completions",
                                                                          {"model": "newsrag", "messages": []})]:
                        r = http.request(method, path, json=body, headers=headers)
                        bodies.append(f"{r.status_code} {r.headers} {r.text}")
    failed_generation = [b for b in bodies if "generation server answered 401" in b]
    assert failed_generation  # the remote server refused our key, and we said so without the key
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert logged  # something was logged, so the check below looks at real log lines
    for name, secret in SECRETS.items():
        for text in (logged, *bodies):
            assert secret not in text, f"{name} leaked: {text[:300]}"
