"""Running the (blocking, CPU-bound) answer and summary pipelines from async routes.

Both take a turn at the gate first, so a refused request is refused before any response starts.
A streamed request runs its pipeline on a worker thread that pushes events onto an asyncio queue;
the turn is handed back when that thread ends, not when the client goes away, because the model
keeps the cores busy until it stops. It stops within a few tokens of the client leaving: the next
event raises in the pipeline, which closes the model's stream (`backends.generator.streaming`).
A request that is not streamed is not watched for a disconnect: it runs to its end.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from ..backends.generator import GeneratorError, GeneratorTimeout
from ..store import StoreUnavailable
from .gate import GenerationGate

log = logging.getLogger("newsrag.api")
T = TypeVar("T")
Emit = Callable[[str, Any], None]


def as_http(e: Exception) -> HTTPException:
    """The HTTP error for a failure of the pipeline: generator, timeout, store, or a bug."""
    if isinstance(e, GeneratorTimeout):
        return HTTPException(504, f"the generator timed out: {e}")
    if isinstance(e, GeneratorError):
        return HTTPException(503, f"the generator failed: {e}", headers={"Retry-After": "30"})
    if isinstance(e, StoreUnavailable):
        return HTTPException(503, f"the store is unavailable: {e}", headers={"Retry-After": "10"})
    log.exception("generation failed")
    return HTTPException(500, "internal error while generating; the server log has the details")


async def generate(gate: GenerationGate, fn: Callable[[], T]) -> T:
    async with gate.turn():
        try:
            return await run_in_threadpool(fn)
        except HTTPException:
            raise
        except Exception as e:
            raise as_http(e) from e


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

    def _run(self, work: Callable[[Emit], Any]) -> None:
        try:
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
