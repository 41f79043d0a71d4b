"""Running the (blocking, CPU-bound) answer and summary pipelines from async routes.

Both take a turn at the gate first, so a refused request is refused before any response starts.
A streamed request runs its pipeline on a worker thread that pushes events onto an asyncio queue.
The turn is handed back when the pipeline's thread ends, not when the client goes away, because
the model keeps the cores busy until it stops. Nobody waits for work that nobody will read: the
model stops at its next token once the client has gone (streamed or not) or the server is told to
stop (`backends.generator.stop_when`); before, an abandoned summary kept the only generator busy
for minutes while later requests got 429.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from ..backends.generator import Cancelled, GeneratorError, GeneratorTimeout, stop_when
from ..store import StoreUnavailable
from .gate import GenerationGate

log = logging.getLogger("newsrag.api")
T = TypeVar("T")
Emit = Callable[[str, Any], None]


def as_http(e: Exception) -> HTTPException:
    """The HTTP error for a failure of the pipeline: generator, timeout, store, or a bug."""
    if isinstance(e, Cancelled):  # the server is stopping (a client that left reads nothing)
        return HTTPException(503, f"generation stopped: {e}", headers={"Retry-After": "30"})
    if isinstance(e, GeneratorTimeout):
        return HTTPException(504, f"the generator timed out: {e}")
    if isinstance(e, GeneratorError):
        return HTTPException(503, f"the generator failed: {e}", headers={"Retry-After": "30"})
    if isinstance(e, StoreUnavailable):
        return HTTPException(503, f"the store is unavailable: {e}", headers={"Retry-After": "10"})
    log.exception("generation failed")
    return HTTPException(500, "internal error while generating; the server log has the details")


async def generate(gate: GenerationGate, request: Request, fn: Callable[[], T]) -> T:
    """`fn()` on a worker thread in a turn at the gate, stopped if the client leaves meanwhile."""
    gone = threading.Event()

    def run() -> T:
        with stop_when(lambda: "the client went away" if gone.is_set() else gate.stop_reason()):
            return fn()

    async with gate.turn():
        watcher = asyncio.create_task(_watch_disconnect(request, gone))
        try:
            return await run_in_threadpool(run)
        except HTTPException:
            raise
        except Exception as e:
            raise as_http(e) from e
        finally:
            watcher.cancel()


async def _watch_disconnect(request: Request, gone: threading.Event, every_s: float = 0.25) -> None:
    while not await request.is_disconnected():
        await asyncio.sleep(every_s)
    gone.set()


class _ClientGone(Exception):
    pass


class EventStream:
    """`work(emit)` on a worker thread; iterate to get `(event, data)` pairs, ending with
    `("result", value)` or `("error", {"error": ..., "status": ...})`."""

    def __init__(self, gate: GenerationGate, started: float, work: Callable[[Emit], Any]) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._gone = threading.Event()
        self._gate, self._started = gate, started
        threading.Thread(target=self._run, args=(work,), name="newsrag-stream", daemon=True).start()

    @classmethod
    async def open(cls, gate: GenerationGate, work: Callable[[Emit], Any]) -> EventStream:
        return cls(gate, await gate.acquire(), work)

    def _emit(self, event: str, data: Any) -> None:
        if self._gone.is_set():
            raise _ClientGone  # unwinds the pipeline: nobody is reading any more
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (event, data))

    def _stop_reason(self) -> str | None:
        return "the client went away" if self._gone.is_set() else self._gate.stop_reason()

    def _run(self, work: Callable[[Emit], Any]) -> None:
        try:
            with stop_when(self._stop_reason):  # between events too: a summary's model emits none
                outcome = ("result", work(self._emit))
        except _ClientGone:
            outcome = ("gone", None)
        except Exception as e:  # noqa: BLE001 - every failure ends the stream with an error event
            http = as_http(e)
            outcome = ("error", {"error": http.detail, "status": http.status_code})
        finally:
            self._loop.call_soon_threadsafe(self._gate.release, self._started)
        self._loop.call_soon_threadsafe(self._queue.put_nowait, outcome)

    async def __aiter__(self) -> AsyncIterator[tuple[str, Any]]:
        try:
            while True:
                event, data = await self._queue.get()
                if event == "gone":
                    return
                yield event, data
                if event in ("result", "error"):
                    return
        finally:
            self._gone.set()
