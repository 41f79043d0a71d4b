"""OpenAI-compatible `/v1/models` and `/v1/chat/completions`, so the official client and chat front
ends work unchanged.

The last user message is the question; the user turn before it is searched with it, so follow-ups
("and when did he arrive?") find their evidence. The content is the verified answer with `[n]`
markers; `newsrag` (a field standard clients ignore) carries the numbered citations and the full
answer document. Streaming sends each sentence once it is verified, never the unchecked draft.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from ...answer.result import Result, ResultSentence
from ...settings import Settings
from ..deps import ComponentsDep, GateDep, ReadAccess, SettingsDep
from ..generation import EventStream, generate
from ..openai_schemas import (
    CHAT_EVENTS,
    ChatAnswerPublic,
    ChatChoicePublic,
    ChatChunkChoicePublic,
    ChatCompletionChunkPublic,
    ChatCompletionPublic,
    ChatCompletionRequest,
    ChatDeltaPublic,
    ChatMessagePublic,
    ModelListPublic,
    ModelPublic,
    OpenAIErrorDetail,
    OpenAIErrorPublic,
)
from ..schemas import errors, event_stream
from .answers import SSE_HEADERS, checked_question

# Errors here have OpenAI's shape (see app.error), so that its clients show the message.
router = APIRouter(tags=["openai-compatible"], dependencies=[ReadAccess],
                   responses=errors(401, 413, 422, 429, 500, 503, 504, model=OpenAIErrorPublic))
MODEL = "newsrag"
OPENAI_ROUTES = {"/v1/models", "/v1/chat/completions"}


class Citations:
    """Numbers citations by first use across the answer, the way the chat content shows them."""

    def __init__(self) -> None:
        self.numbered: dict[str, dict[str, Any]] = {}

    def mark(self, sentence: ResultSentence) -> str:
        marks = []
        for c in sentence.citations:
            entry = self.numbered.setdefault(c.sentence_id, {"n": len(self.numbered) + 1, **c.public()})
            marks.append(f"[{entry['n']}]")
        return f"{sentence.text} {''.join(marks)}".strip()

    def answer(self, result: Result) -> ChatAnswerPublic:
        """The `newsrag` field: the numbered citations and the answer document."""
        return ChatAnswerPublic.model_validate({"citations": list(self.numbered.values()), **result.public()})


@router.get("/v1/models")
def models(c: ComponentsDep) -> ModelListPublic:
    return ModelListPublic(data=[ModelPublic(id=MODEL, generator=c.generator.model_id)])


def _question_and_context(body: ChatCompletionRequest, settings: Settings) -> tuple[str, str | None]:
    users = [m.text() for m in body.messages if m.role == "user"]
    if not users:
        raise HTTPException(422, "messages: there is no user message to answer")
    question = checked_question(users[-1], settings, "last user message")
    context = users[-2].strip()[: settings.max_question_chars] if len(users) > 1 else None
    return question, context or None


_STREAMED = {200: {"description": "The completion; with `stream`, text/event-stream: `chat.completion.chunk`s "
                                  "carrying each verified sentence, then `[DONE]`.",
                   "content": event_stream(*CHAT_EVENTS)}}


@router.post("/v1/chat/completions", response_model=ChatCompletionPublic, responses=_STREAMED)
async def chat_completions(body: ChatCompletionRequest, c: ComponentsDep, settings: SettingsDep,
                           gate: GateDep, request: Request) -> ChatCompletionPublic | StreamingResponse:
    question, context = _question_and_context(body, settings)
    answerer = c.answerer
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not body.stream:
        result = await generate(gate, request, lambda: answerer.ask(question, context=context))
        citations = Citations()
        content = result.answer if result.abstained else " ".join(
            citations.mark(s) for s in result.sentences if s.verified)
        return ChatCompletionPublic(id=ident, created=created, model=MODEL, newsrag=citations.answer(result),
                                    choices=[ChatChoicePublic(message=ChatMessagePublic(content=content))])

    def work(emit):
        return answerer.ask(question, context=context, on_sentence=lambda s: emit("sentence", s))

    stream = await EventStream.open(gate, work)
    chunks = ChatChunks(ident, created)
    return StreamingResponse(chunks.events(stream), media_type="text/event-stream", headers=SSE_HEADERS)


class ChatChunks:
    """The stream of one completion: a role chunk, a chunk per verified sentence, a last chunk with
    the citations and the answer document, then `[DONE]`. The unchecked draft is never sent."""

    def __init__(self, ident: str, created: int) -> None:
        self.ident, self.created = ident, created

    def chunk(self, delta: ChatDeltaPublic, finish: str | None = None,
              newsrag: ChatAnswerPublic | None = None) -> str:
        doc = ChatCompletionChunkPublic(id=self.ident, created=self.created, model=MODEL, newsrag=newsrag,
                                        choices=[ChatChunkChoicePublic(delta=delta, finish_reason=finish)])
        return f"data: {doc.model_dump_json()}\n\n"

    async def events(self, stream: EventStream) -> AsyncIterator[str]:
        citations, shown = Citations(), 0
        yield self.chunk(ChatDeltaPublic(role="assistant", content=""))
        async for event, data in stream:
            if event == "sentence" and data.verified:
                yield self.chunk(ChatDeltaPublic(content=("" if shown == 0 else " ") + citations.mark(data)))
                shown += 1
            elif event == "result":
                if data.abstained:
                    yield self.chunk(ChatDeltaPublic(content=("" if shown == 0 else "\n\n") + data.answer))
                yield self.chunk(ChatDeltaPublic(), "stop", citations.answer(data))
            elif event == "error":
                error = OpenAIErrorDetail(message=data["error"], type="server_error", code=data["status"])
                yield f"data: {OpenAIErrorPublic(error=error).model_dump_json()}\n\n"
        yield "data: [DONE]\n\n"
