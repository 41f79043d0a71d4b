"""The service over real HTTP on loopback: the official `openai` client, and the generator queue."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import openai
import pytest

from newsrag.api.app import create_app
from newsrag.api.gate import Busy, GenerationGate

from .helpers import GOOD, QUESTION, TROOPS_ID, cite_troops, sharing
from .live import serve


@pytest.fixture
def live(answering):
    app = create_app(answering.settings, factory=lambda s: answering)
    with serve(app) as base:
        yield base, app


@pytest.fixture
def client(live):
    base, _ = live
    return openai.OpenAI(base_url=f"{base}/v1", api_key="unused", timeout=30, max_retries=0)


def test_models_lists_the_pipeline(client):
    (model,) = client.models.list().data
    assert model.id == "newsrag" and model.model_extra["generator"] == "fake-scripted-generator"


def test_chat_completion_carries_markers_and_structured_citations(client, generator):
    generator.replies.append(cite_troops)
    done = client.chat.completions.create(model="newsrag", messages=[{"role": "user", "content": QUESTION}])
    assert done.choices[0].message.content == f"{GOOD}. [1]" and done.choices[0].finish_reason == "stop"
    extra = done.model_extra["newsrag"]
    (citation,) = extra["citations"]
    assert citation["n"] == 1 and citation["sentence_id"] == TROOPS_ID and "8.000 tentara" in citation["quote"]
    assert extra["model"] == "fake-scripted-generator" and extra["prompt_version"].startswith("answer/v1@")


def test_streamed_chat_sends_the_same_verified_text(client, generator):
    generator.replies += [cite_troops, cite_troops]
    whole = client.chat.completions.create(model="newsrag", messages=[{"role": "user", "content": QUESTION}])
    chunks = list(client.chat.completions.create(
        model="newsrag", messages=[{"role": "user", "content": QUESTION}], stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["newsrag"]["citations"] == whole.model_extra["newsrag"]["citations"]


def test_an_unanswerable_chat_question_says_so(client, generator):
    generator.replies.append("NOT_FOUND")
    done = client.chat.completions.create(
        model="newsrag", messages=[{"role": "user", "content": "Siapa presiden Korea Utara menurut tentara Rusia?"}])
    assert done.model_extra["newsrag"]["abstained"] and "do not answer" in done.choices[0].message.content


def test_a_follow_up_is_searched_with_the_question_before_it(client, generator):
    generator.replies.append(cite_troops)
    client.chat.completions.create(model="newsrag", messages=[
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": f"{GOOD}. [1]"},
        {"role": "user", "content": [{"type": "text", "text": "Di perbatasan mana?"}]},
    ])
    prompt = generator.calls[-1][-1].content
    assert "8.000 tentara" in prompt and prompt.rstrip().endswith("Question: Di perbatasan mana?")


def test_a_client_error_comes_back_as_an_openai_error(client):
    with pytest.raises(openai.UnprocessableEntityError, match="no user message"):
        client.chat.completions.create(model="newsrag", messages=[{"role": "assistant", "content": "hi"}])


def test_past_the_queue_a_request_is_refused_with_retry_after(answering, generator):
    generator.delay = 0.1
    generator.replies.append(cite_troops)
    settings = answering.settings.model_copy(update={"queue_size": 0})
    app = create_app(settings, factory=sharing(answering))
    with serve(app) as base:
        first: dict = {}
        runner = threading.Thread(target=lambda: first.update(
            r=httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=30)))
        runner.start()
        deadline = time.monotonic() + 10
        while app.state.gate.admitted == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        refused = httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=30)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "busy" in refused.json()["error"]
        runner.join()
        assert first["r"].status_code == 200 and first["r"].json()["answer"] == f"{GOOD}."
        assert app.state.gate.admitted == 0


def test_the_gate_queues_then_refuses_then_times_out():
    async def scenario():
        gate = GenerationGate(concurrency=1, queue_size=1, wait_s=0.2)
        running = await gate.acquire()
        waiting = asyncio.create_task(gate.acquire())
        await asyncio.sleep(0.01)
        with pytest.raises(Busy) as full:
            await gate.acquire()
        assert full.value.status == 429 and full.value.retry_after >= 1
        with pytest.raises(Busy) as late:
            await waiting  # nobody released within wait_s
        assert late.value.status == 503 and gate.admitted == 1
        gate.release(running)
        assert gate.admitted == 0
        async with gate.turn():
            assert gate.admitted == 1
        assert gate.admitted == 0

    asyncio.run(scenario())


LONG = " ".join(["word"] * 2000)  # 100 s at the slow generator's 50 ms a piece


@pytest.fixture
def slow_generator(generator):
    generator.delay = 0.05
    return generator


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize("path", ["/v1/ask", "/v1/articles/{troops}/summary?refresh=true"])
def test_a_client_that_leaves_an_unstreamed_request_stops_the_model(live, slow_generator, path):
    base, _ = live
    slow_generator.replies += [LONG, cite_troops]
    url = base + path.format(troops=TROOPS_ID.split(":")[0])
    request = (lambda: httpx.post(url, json={"question": QUESTION}, timeout=1.0)) if path == "/v1/ask" else (
        lambda: httpx.get(url, timeout=1.0))
    with pytest.raises(httpx.ReadTimeout):
        request()  # the client gives up after a second and closes the connection
    wait_for(lambda: slow_generator.abandoned == 1, timeout=5)  # not 100 s later
    answer = httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=10)
    assert answer.status_code == 200, answer.text  # the gate is free again


def test_sigterm_stops_running_generations_and_the_server_exits_in_seconds(answering, slow_generator):
    import signal

    import uvicorn

    from newsrag.cli.serve import stopping_server

    from .live import free_port

    slow_generator.replies += [LONG, LONG]
    app = create_app(answering.settings, factory=lambda s: answering)
    port = free_port()
    server = stopping_server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"), app)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started)
    base, responses = f"http://127.0.0.1:{port}", []

    def unstreamed():
        responses.append(httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=60))

    def streamed():
        with httpx.stream("POST", f"{base}/v1/ask", json={"question": QUESTION, "stream": True}, timeout=60) as r:
            responses.append("".join(r.iter_text()))

    clients = [threading.Thread(target=unstreamed), threading.Thread(target=streamed)]
    for t in clients:
        t.start()
    wait_for(lambda: len(slow_generator.calls) == 1)  # one decodes, the other waits its turn
    t = time.monotonic()
    server.handle_exit(signal.SIGTERM, None)  # what uvicorn's signal handler calls
    thread.join(15)
    assert not thread.is_alive() and time.monotonic() - t < 10
    for c in clients:
        c.join(5)
    assert slow_generator.abandoned == 1 and len(slow_generator.calls) == 1  # the waiting one never started
    unstreamed_response = next(r for r in responses if isinstance(r, httpx.Response))
    streamed_text = next(r for r in responses if isinstance(r, str))
    assert unstreamed_response.status_code == 503 and "stopping" in unstreamed_response.json()["error"]
    assert "stopping" in streamed_text
