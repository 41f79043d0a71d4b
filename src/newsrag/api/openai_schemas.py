"""The OpenAI-compatible wire shapes of `/v1/models` and `/v1/chat/completions`.

The fields the official `openai` client reads are OpenAI's; `newsrag` is an extra field that
standard clients ignore. Errors on these routes have OpenAI's shape, so its clients show the message.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Json

from .schemas import AnswerPublic, omitted_when_none


# -- requests ---------------------------------------------------------------------------------
class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(max_length=50)
    # A string, or the list-of-parts form ([{"type": "text", "text": ...}]) newer clients send.
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, list):
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return ""


class ChatCompletionRequest(BaseModel):
    # Sampling options (temperature, top_p, ...) are accepted and ignored: answers are greedy so
    # that the verifier, the eval and a user asking twice all see the same text.
    model_config = ConfigDict(extra="allow")

    model: str = Field("newsrag", max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False


# -- responses --------------------------------------------------------------------------------
class ModelPublic(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "newsrag"
    generator: str = Field(description="The model id of the generator behind the pipeline.")


class ModelListPublic(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelPublic]


class NumberedCitationPublic(BaseModel):
    n: int = Field(description="The `[n]` marker in the message content.")  # first, as clients print it
    article_id: str
    sentence_id: str
    quote: str = Field(description="The source sentence, in its own language.")
    support: float = Field(description="P(supported) the checker gave the sentence against this source, 0-1.")


class ChatAnswerPublic(AnswerPublic):
    citations: list[NumberedCitationPublic] = Field(description="Numbered by first use in the content.")


class ChatMessagePublic(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The verified answer with `[n]` citation markers.")


class ChatChoicePublic(BaseModel):
    index: int = 0
    message: ChatMessagePublic
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletionPublic(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoicePublic]
    newsrag: ChatAnswerPublic = Field(description="Citations and the full answer document.")


class ChatDeltaPublic(BaseModel):
    role: Literal["assistant"] | None = Field(None, exclude_if=omitted_when_none)
    content: str | None = Field(None, exclude_if=omitted_when_none)


class ChatChunkChoicePublic(BaseModel):
    index: int = 0
    delta: ChatDeltaPublic
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunkPublic(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChatChunkChoicePublic]
    newsrag: ChatAnswerPublic | None = Field(None, exclude_if=omitted_when_none,
                                             description="On the last chunk only.")


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    code: int


class OpenAIErrorPublic(BaseModel):
    error: OpenAIErrorDetail


# -- the stream: `data: <chunk>` events, then `data: [DONE]` ----------------------------------
class ChunkEvent(BaseModel):
    event: Literal["message"]
    data: Json[ChatCompletionChunkPublic]


class ChatErrorEvent(BaseModel):
    event: Literal["message"]
    data: Json[OpenAIErrorPublic]


class DoneEvent(BaseModel):
    event: Literal["message"]
    data: Literal["[DONE]"]


CHAT_EVENTS = (ChunkEvent, ChatErrorEvent, DoneEvent)
