"""Faults: an ingest killed with SIGKILL midway, and 20 asks at once against the bounded queue."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from newsrag.api.app import create_app
from newsrag.components import Components
from newsrag.settings import Settings

from .fakes import FakeSupportModel
from .helpers import CORPUS, GOOD, QUESTION, ROOT, evidence_number, sharing
from .live import serve

# Runs in a child process: ingests `corpus` into `data`, and SIGKILLs itself right after the
# `nth` call of one store write (the journal entry, the vectors, or the record), so the kill lands
# at a chosen point inside a write instead of wherever a timer happens to fall.
CHILD = """
import os, signal, sys
from pathlib import Path
from newsrag.eval.fake import FakeEmbedder, FakeSupportModel
from newsrag.components import Components
from newsrag.settings import Settings

data, corpus, part, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = Components(Settings(data_dir=Path(data)), embedder=FakeEmbedder, support=FakeSupportModel, generator=lambda: None)
store = c.store
target = {"journal": store._journal, "vectors": store._vectors, "record": store._records}[part]
method = "add" if part == "vectors" else "upsert"
original, calls = getattr(target, method), [0]

def killing(*args, **kwargs):
    out = original(*args, **kwargs)
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return out

object.__setattr__(target, method, killing)  # both are pydantic models: plain setattr refuses
c.ingestor.ingest_paths([Path(corpus)])
print("finished without being killed")
"""


def corpus_versions(tmp_path: Path) -> tuple[Path, Path]:
    """v1: the seeds and eight short articles; v2: every seed changed, six short articles the
    same and two new ones, so a run of v2 over v1 updates, keeps and adds."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    v1.mkdir(), v2.mkdir()
    for seed in sorted(CORPUS.glob("*.txt")):
        text = seed.read_text()
        (v1 / seed.name).write_text(text)
        (v2 / seed.name).write_text(text + "\n\nKalimat tambahan untuk versi kedua artikel ini.\n")
    for i in range(10):
        body = f"Berita nomor {i}\n\nKota {i} menggelar festival ke-{i}. Ribuan warga datang ke alun-alun kota {i}."
        if i < 8:
            (v1 / f"short{i}.txt").write_text(body)
        if i >= 2:
            (v2 / f"short{i}.txt").write_text(body)
    return v1, v2


def snapshot(data: Path) -> dict:
    """Everything a reader could see: records, vectors (ids and owners), pending journal entries."""
    c = Components(Settings(data_dir=data), embedder=lambda: None, support=FakeSupportModel, generator=lambda: None)
    s = c.store
    vectors = s._sentences.get(include=["metadatas"])
    return {"records": sorted((a.id, a.content_hash) for a in s.articles()),
            "vectors": sorted(vectors["ids"]),
            "vector_owners": sorted({(m["article_id"], m["content_hash"]) for m in vectors["metadatas"]}),
            "journal": s._journal.get(include=[])["ids"]}


def ingest(data: Path, corpus: Path, embedder) -> None:
    c = Components(Settings(data_dir=data), embedder=lambda: embedder, support=FakeSupportModel, generator=lambda: None)
    c.ingestor.ingest_paths([corpus])


@pytest.mark.parametrize("part, nth", [("journal", 3), ("vectors", 2), ("vectors", 7), ("record", 4)])
def test_an_ingest_killed_midway_leaves_nothing_half_written_once_run_again(tmp_path, embedder, part, nth):
    v1, v2 = corpus_versions(tmp_path)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    for data in (clean, killed):
        ingest(data, v1, embedder)
    ingest(clean, v2, embedder)  # the reference: the same v2 run, not interrupted
    child = subprocess.run([sys.executable, "-c", CHILD, str(killed), str(v2), part, str(nth)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    half = snapshot(killed)
    assert half != snapshot(clean)  # the kill really left the store between versions

    ingest(killed, v2, embedder)  # run again
    after = snapshot(killed)
    assert after == snapshot(clean)
    assert after["journal"] == []
    assert {a for a, _ in after["vector_owners"]} <= {a for a, _ in after["records"]}  # no orphans
    assert len(after["vector_owners"]) == len(after["records"]) == 15  # one version each


def test_twenty_concurrent_asks_are_answered_or_cleanly_refused(answering, generator):
    def reply(messages):
        return f"{GOOD} [{evidence_number(messages, '8.000 tentara')}]."

    generator.replies.extend([reply] * 20)
    generator.delay = 0.01
    app = create_app(answering.settings.model_copy(update={"queue_size": 4}), factory=sharing(answering))
    with serve(app) as url, httpx.Client(base_url=url, timeout=120) as http:
        def ask(i: int) -> httpx.Response:
            return http.post("/v1/ask", json={"question": QUESTION, "stream": i % 2 == 1})

        with ThreadPoolExecutor(20) as pool:
            responses = list(pool.map(ask, range(20)))
        statuses = [r.status_code for r in responses]
        assert len(responses) == 20 and set(statuses) <= {200, 429}, statuses
        answered = [r for r in responses if r.status_code == 200]
        refused = [r for r in responses if r.status_code == 429]
        assert 5 <= len(answered) and len(answered) + len(refused) == 20
        for r in answered:
            last = r.text.strip().split("\n\n")[-1] if r.headers["content-type"].startswith("text/event-stream") else None
            doc = r.json() if last is None else json.loads(last.split("data: ", 1)[1])
            assert doc["answer"] == f"{GOOD}.", doc
        for r in refused:
            assert "busy" in r.json()["error"] and int(r.headers["Retry-After"]) >= 1
        assert len(generator.calls) == len(answered)  # every admitted request ran exactly once
        assert app.state.gate.admitted == 0
        assert http.post("/v1/ask", json={"question": QUESTION}).status_code == 200  # drained
