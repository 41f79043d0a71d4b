"""Search and cited answers, as JSON or streamed as server-sent events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from ...retrieve.hybrid import SearchFilter
from ...settings import Settings
from ..deps import ComponentsDep, GateDep, ReadAccess, SettingsDep
from ..generation import EventStream, generate
from ..schemas import (
    ASK_EVENTS,
    AnswerPublic,
    AskRequest,
    Filters,
    HitPublic,
    SearchPublic,
    SearchRequest,
    errors,
    event_stream,
)

router = APIRouter(tags=["answers"], dependencies=[ReadAccess], responses=errors(429, 504))

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy buffering


def search_filter(body: Filters) -> SearchFilter:
    return SearchFilter(article_ids=body.article_ids, outlet=body.outlet, date_from=body.date_from,
                        date_to=body.date_to)


def checked_question(text: str, settings: Settings, what: str = "question") -> str:
    question = text.strip()
    if not question:
        raise HTTPException(422, f"the {what} is empty")
    if len(question) > settings.max_question_chars:
        raise HTTPException(422, f"the {what} is {len(question)} characters long; the limit is "
                                 f"{settings.max_question_chars}")
    return question


@router.post("/v1/search")
def search(body: SearchRequest, c: ComponentsDep, settings: SettingsDep) -> SearchPublic:
    query = checked_question(body.query, settings, "query")
    hits = c.retriever.search(query, k=body.k, flt=search_filter(body))
    return SearchPublic(hits=[HitPublic(**h.public()) for h in hits])


_STREAMED = {200: {"description": "The answer; with `stream`, text/event-stream: `token` (unverified draft), "
                                  "`sentence` (each, once checked), then `result` (the same JSON as without "
                                  "`stream`) or `error`.",
                   "content": event_stream(*ASK_EVENTS)}}


@router.post("/v1/ask", response_model=AnswerPublic, responses=_STREAMED)
async def ask(body: AskRequest, c: ComponentsDep, settings: SettingsDep, gate: GateDep,
              request: Request) -> AnswerPublic | StreamingResponse:
    question = checked_question(body.question, settings)
    flt = search_filter(body)
    answerer = c.answerer
    if not body.stream:
        result = await generate(gate, request, lambda: answerer.ask(
            question, flt=flt, in_question_language=body.in_question_language))
        return AnswerPublic.model_validate(result.public())

    def work(emit):
        return answerer.ask(question, flt=flt, in_question_language=body.in_question_language,
                            on_token=lambda piece: emit("token", {"text": piece}),
                            on_sentence=lambda s: emit("sentence", s.public())).public()

    stream = await EventStream.open(gate, work)
    return StreamingResponse(sse(stream), media_type="text/event-stream", headers=SSE_HEADERS)


async def sse(stream: EventStream) -> AsyncIterator[str]:
    async for event, data in stream:
        yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
