"""Summaries written before anyone asks for them.

At start-up, and after each article the API ingests, every article without a cached summary is
queued, and one is written whenever the generator is idle. Questions go first and the generator
gate stays the single queue: a summary takes a turn only when no request holds or waits for one,
and a request that arrives meanwhile stops it at its next token (the summary is queued again;
llama.cpp's prompt cache keeps most of what it had computed; whether OpenVINO's prefix cache keeps a
stopped request's prompt was not checked). Each article's JSON says where its
summary stands (`summary_status`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Iterable
from typing import Literal

from starlette.concurrency import run_in_threadpool

from ..backends.generator import Cancelled, stop_when
from ..components import Components
from ..store import StoreUnavailable
from .gate import Busy, GenerationGate

log = logging.getLogger("newsrag.api")
SummaryStatus = Literal["ready", "queued", "writing", "failed", "missing"]


class BackgroundSummaries:
    """The queue of summaries to write and the status of each article's summary. With `enabled`
    false nothing is written in the background, and the status still says which are ready."""

    def __init__(self, components: Components, gate: GenerationGate, *, enabled: bool) -> None:
        self._c, self._gate, self.enabled = components, gate, enabled
        self._status: dict[str, SummaryStatus] = {}
        self._queue: deque[str] = deque()
        self._wake = asyncio.Event()
        self.retry_s = 10.0  # between attempts to read the store at start-up

    def status(self, article_id: str) -> SummaryStatus:
        return self._status.get(article_id, "missing")

    def add(self, article_ids: Iterable[str]) -> None:
        """New or changed articles: their summary is to be written (when enabled)."""
        for article_id in article_ids:
            self._status[article_id] = "queued" if self.enabled else "missing"
            if self.enabled and article_id not in self._queue:
                self._queue.append(article_id)
        self._wake.set()

    def ready(self, article_id: str) -> None:
        """Written on request (GET .../summary): nothing left to do for it."""
        self._status[article_id] = "ready"
        self._unqueue(article_id)

    def forget(self, article_id: str) -> None:
        """Deleted (called from a worker thread: each step is one atomic operation)."""
        self._status.pop(article_id, None)
        self._unqueue(article_id)

    def _unqueue(self, article_id: str) -> None:
        with contextlib.suppress(ValueError):  # not queued, or taken meanwhile
            self._queue.remove(article_id)

    async def run(self) -> None:
        """Read which summaries are cached, then write the missing ones, one turn at a time."""
        while (missing := await self._missing()) is None:
            await asyncio.sleep(self.retry_s)
        self.add(missing)
        while True:
            if not self.enabled or not self._queue:
                self._wake.clear()
                await self._wake.wait()
                continue
            try:
                started = await self._gate.acquire_when_idle()
            except Busy:  # the server is stopping
                return
            try:
                if not await self._write(self._queue.popleft()):
                    return
            finally:
                self._gate.release(started)

    async def _missing(self) -> list[str] | None:
        """Ids of the articles without a cached summary; None while the store cannot say."""
        try:
            return await run_in_threadpool(self._read_cached)
        except StoreUnavailable as e:
            log.warning("background summaries wait for the store: %s", e)
            return None

    def _read_cached(self) -> list[str]:
        missing = []
        for article in self._c.store.articles():
            if self._c.summarizer.cached(article) is not None:
                self._status[article.id] = "ready"
            else:
                missing.append(article.id)
        return missing

    async def _write(self, article_id: str) -> bool:
        """One summary in this turn; False once the server is stopping."""
        self._status[article_id] = "writing"
        try:
            await run_in_threadpool(self._summarize, article_id)
        except Cancelled:
            if self._gate.stop_reason():
                return False
            self._queue.appendleft(article_id)  # a request came first; this one goes on after it
            self._status[article_id] = "queued"
            return True
        except Exception:  # noqa: BLE001 - one failed summary must not stop the others
            log.exception("background summary of %s failed", article_id)
            self._status[article_id] = "failed"
            return True
        if self._status.get(article_id) == "writing":  # not deleted meanwhile
            self._status[article_id] = "ready"
        return True

    def _summarize(self, article_id: str) -> None:
        article = self._c.store.article(article_id)
        if article is None:  # deleted since it was queued
            return
        # admitted counts this turn: anyone beyond it is a request waiting for the generator.
        waiting = lambda: "a request is waiting" if self._gate.admitted > 1 else self._gate.stop_reason()  # noqa: E731
        with stop_when(waiting):
            self._c.summarizer.summarize(article)
