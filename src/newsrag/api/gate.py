"""A bounded queue in front of the generator.

On 2 CPU cores one generation uses both cores, so two at once are each half as fast and neither
user is served sooner. Requests therefore take turns: `concurrency` run, up to `queue_size` wait,
and the rest are refused at once with 429 and a Retry-After, instead of piling up until clients
time out. A request that waits longer than `wait_s` gets 503. Once the server is told to stop (`stop()`),
new requests get 503 and the running generations stop at their next token (`stop_reason`).
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Busy(Exception):
    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class GenerationGate:
    def __init__(self, *, concurrency: int = 1, queue_size: int = 4, wait_s: float = 300.0) -> None:
        self.concurrency = concurrency
        self.queue_size = queue_size
        self.wait_s = wait_s
        self._slots = asyncio.Semaphore(concurrency)
        self._admitted = 0  # running + waiting
        self._typical_s = 20.0  # moving average of a turn's length, for Retry-After
        self._stopping = threading.Event()  # set from a signal handler, read on worker threads

    def stop(self) -> None:
        """The server is shutting down: refuse new turns, and tell running ones (`stop_reason`)."""
        self._stopping.set()

    def stop_reason(self) -> str | None:
        return "the server is stopping" if self._stopping.is_set() else None

    @property
    def admitted(self) -> int:
        return self._admitted

    def retry_after(self) -> int:
        turns = max(1, self._admitted - self.concurrency + 1) / self.concurrency
        return max(1, math.ceil(turns * self._typical_s))

    async def acquire(self) -> float:
        """Wait for a turn; returns the start time to hand back to `release`."""
        if reason := self.stop_reason():
            raise Busy(503, reason, 30)
        if self._admitted >= self.concurrency + self.queue_size:
            raise Busy(429, f"the generator is busy: {self._admitted} requests are running or queued",
                       self.retry_after())
        self._admitted += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_s)
        except TimeoutError:
            self._admitted -= 1
            raise Busy(503, f"waited {self.wait_s:.0f} s for the generator without getting a turn",
                       self.retry_after()) from None
        except BaseException:
            self._admitted -= 1
            raise
        if reason := self.stop_reason():  # it stopped while this one waited
            self.release(time.monotonic())
            raise Busy(503, reason, 30)
        return time.monotonic()

    async def acquire_when_idle(self, poll_s: float = 0.1) -> float:
        """A turn for background work, taken only when no request holds or waits for one."""
        while self._admitted:
            await asyncio.sleep(poll_s)
        if reason := self.stop_reason():
            raise Busy(503, reason, 30)
        self._admitted += 1
        await self._slots.acquire()  # free at once: nobody else was admitted
        return time.monotonic()

    def release(self, started: float) -> None:
        self._typical_s = 0.8 * self._typical_s + 0.2 * (time.monotonic() - started)
        self._slots.release()
        self._admitted -= 1

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        started = await self.acquire()
        try:
            yield
        finally:
            self.release(started)
