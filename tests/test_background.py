"""Summaries written in the background while the generator is idle: questions go first, each
article's JSON says where its summary stands, a failure is reported and does not stop the rest."""

from __future__ import annotations

import time

from pydantic import SecretStr

from .fakes import echo
from .helpers import GOOD, QUESTION, WRITE, cite_troops, client_for

LONG = " ".join(["word"] * 2000)  # 100 s at 50 ms a piece: it only ends if something stops it


def statuses(client) -> dict[str, str]:
    return {a["id"]: a["summary_status"] for a in client.get("/v1/articles").json()}


def wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


def test_the_service_writes_every_missing_summary_and_then_serves_it_from_the_cache(answering, generator):
    generator.replies.extend([echo] * 5)
    with client_for(answering, summarize_in_background=True) as client:
        wait_until(lambda: set(statuses(client).values()) == {"ready"})
        assert len(generator.calls) == 5
        some = next(iter(statuses(client)))
        summary = client.get(f"/v1/articles/{some}/summary").json()
        assert summary["cached"] is True and len(generator.calls) == 5  # no model call on request
        assert client.get(f"/v1/articles/{some}").json()["summary_status"] == "ready"


def test_a_question_stops_a_background_summary_and_goes_first(answering, generator):
    generator.delay = 0.05
    generator.replies.extend([LONG, cite_troops, *[echo] * 5])
    with client_for(answering, summarize_in_background=True) as client:
        wait_until(lambda: len(generator.calls) == 1)  # a summary is being written
        assert "writing" in statuses(client).values()
        answer = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert answer["answer"] == f"{GOOD}." and generator.abandoned == 1  # the summary gave way
        generator.delay = 0.0
        wait_until(lambda: set(statuses(client).values()) == {"ready"})
        assert len(generator.calls) == 7  # the stopped summary was written again, after the question


def test_an_ingested_article_is_queued_and_a_failed_summary_says_so(answering, generator):
    def broken(messages):
        raise RuntimeError("the model fell over")

    generator.replies.extend([echo] * 5)
    article = {"id": "baru", "text": "Judul\n\nSebuah kalimat baru di sini. Dan satu lagi di sana."}
    with client_for(answering, summarize_in_background=True, api_key=SecretStr("write-key")) as client:
        wait_until(lambda: set(statuses(client).values()) == {"ready"})
        generator.replies.append(broken)
        created = client.post("/v1/articles", json=article, headers=WRITE).json()
        assert created["article"]["summary_status"] in {"queued", "writing", "failed"}
        wait_until(lambda: statuses(client)["baru"] == "failed")
        generator.replies.append(echo)
        assert client.get("/v1/articles/baru/summary").status_code == 200  # asked for, it is written
        assert statuses(client)["baru"] == "ready"


def test_with_background_summaries_off_the_status_says_what_is_cached(answering, generator):
    generator.replies.append(echo)
    with client_for(answering, summarize_in_background=False) as client:
        time.sleep(0.5)  # time enough for a background writer, were there one, to start
        assert set(wait_until(lambda: statuses(client)).values()) == {"missing"} and generator.calls == []
        some = next(iter(statuses(client)))
        assert client.get(f"/v1/articles/{some}/summary").json()["cached"] is False
        assert statuses(client)[some] == "ready"
