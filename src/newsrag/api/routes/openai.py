"""OpenAI-compatible `/v1/models` and `/v1/chat/completions`, so the official client and chat front
ends work unchanged.

The last user message is the question; the user turn before it is searched with it, so follow-ups
("and when did he arrive?") find their evidence. The content is the verified answer with `[n]`
markers; `newsrag` (a field standard clients ignore) carries the numbered citations and the full
answer document. Streaming sends each sentence once it is verified, never the unchecked draft.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse

from ...answer.result import ResultSentence
from ..deps import ComponentsDep, GateDep, ReadAccess, SettingsDep
from ..generation import EventStream, generate
from ..schemas import ChatCompletionRequest, OpenAIErrorPublic, errors
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

    def public(self) -> list[dict[str, Any]]:
        return list(self.numbered.values())


@router.get("/v1/models")
def models(c: ComponentsDep) -> dict:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "newsrag",
                                        "generator": c.generator.model_id}]}


def _question_and_context(body: ChatCompletionRequest, settings) -> tuple[str, str | None]:
    users = [m.text() for m in body.messages if m.role == "user"]
    if not users:
        raise HTTPException(422, "messages: there is no user message to answer")
    question = checked_question(users[-1], settings, "last user message")
    context = users[-2].strip()[: settings.max_question_chars] if len(users) > 1 else None
    return question, context or None


@router.post("/v1/chat/completions")
async def chat_completions(body: ChatCompletionRequest, c: ComponentsDep, settings: SettingsDep, gate: GateDep):
    question, context = _question_and_context(body, settings)
    answerer = c.answerer
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    if not body.stream:
        result = await generate(gate, lambda: answerer.ask(question, context=context))
        citations = Citations()
        content = result.answer if result.abstained else " ".join(
            citations.mark(s) for s in result.sentences if s.verified)
        return {
            "id": ident, "object": "chat.completion", "created": created, "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop", "logprobs": None}],
            "newsrag": {"citations": citations.public(), **result.public()},
        }

    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        doc = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(doc, ensure_ascii=False)}\n\n"

    def work(emit):
        return answerer.ask(question, context=context, on_sentence=lambda s: emit("sentence", s))

    stream = await EventStream.open(gate, work)

    async def events() -> AsyncIterator[str]:
        citations, shown = Citations(), 0
        yield chunk({"role": "assistant", "content": ""})
        async for event, data in stream:
            if event == "sentence" and data.verified:
                yield chunk({"content": ("" if shown == 0 else " ") + citations.mark(data)})
                shown += 1
            elif event == "result":
                if data.abstained:
                    yield chunk({"content": ("" if shown == 0 else "\n\n") + data.answer})
                yield chunk({}, "stop", newsrag={"citations": citations.public(), **data.public()})
            elif event == "error":
                error = {"message": data["error"], "type": "server_error", "code": data["status"]}
                yield f"data: {json.dumps({'error': error})}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)
