"""Real servers the tests start on 127.0.0.1 and stop again: a `chroma run` process, and a
minimal OpenAI-compatible generation server in front of any Generator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Self

import httpx
from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from newsrag.backends.generator import Generator, Message

from .live import free_port


def find_chroma() -> str | None:
    """The `chroma` command of the chromadb package installed beside this interpreter (or on PATH)."""
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else shutil.which("chroma")


def chroma_executable() -> str:
    found = find_chroma()
    if not found:
        raise RuntimeError("the chromadb package's `chroma` command is not installed")
    return found


class ChromaServer:
    """`chroma run --path DIR` on a free loopback port; `stop()` and `start()` again on the same
    port and data, as an operator restarting the server would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None
        self._log = path.parent / f"{path.name}-server.log"

    def start(self) -> Self:
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [chroma_executable(), "run", "--path", str(self.path), "--host", "127.0.0.1",
                 "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {self._log.read_text()[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def generation_app(generator: Generator, *, api_key: str | None = None) -> FastAPI:
    """The part of the OpenAI API that the `openai` backend and vLLM/TGI share: chat completions,
    plain and streamed over server-sent events, behind an optional Bearer key."""
    app = FastAPI()
    app.state.requests = []

    @app.post("/v1/chat/completions")
    async def chat(request: Request, authorization: str | None = Header(None)):
        if api_key and authorization != f"Bearer {api_key}":
            raise HTTPException(401, "bad key")
        body = await request.json()
        app.state.requests.append(body)
        messages = [Message(m["role"], m["content"]) for m in body["messages"]]
        pieces = generator.stream(messages, max_tokens=body.get("max_tokens", 256))
        if not body.get("stream"):
            text = "".join([p async for p in iterate_in_threadpool(pieces)])
            return JSONResponse({"object": "chat.completion", "model": body["model"], "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]})
        return StreamingResponse(_events(pieces, body["model"]), media_type="text/event-stream")

    return app


async def _events(pieces: Iterator[str], model: str):
    def chunk(delta: dict, finish: str | None = None) -> str:
        return "data: " + json.dumps({"object": "chat.completion.chunk", "model": model, "choices": [
            {"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"

    yield chunk({"role": "assistant"})
    async for piece in iterate_in_threadpool(pieces):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"


class SlowGenerator:
    """Sleeps before its first piece: a generation server that hangs."""

    model_id = "fake-slow-generator"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        time.sleep(self.seconds)
        yield "Too late."
