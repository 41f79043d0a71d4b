"""Request and response bodies. `XCreate`/`XRequest` come in, `XPublic` goes out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


class Filters(BaseModel):
    article_ids: list[str] | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class SearchRequest(Filters):
    query: str = Field(min_length=1, max_length=2000)
    k: int = Field(10, ge=1, le=200)


class HitPublic(BaseModel):
    article_id: str
    sentence_id: str
    text: str
    score: float


class SearchPublic(BaseModel):
    hits: list[HitPublic]


class AskRequest(Filters):
    question: str = Field(min_length=1, description="Length limit: the max_question_chars setting.")
    stream: bool = Field(False, description="Server-sent events: token, sentence, then result.")
    in_question_language: bool = Field(False, description="Answer in the question's language.")


class ArticleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article as plain text.")
    id: str | None = Field(None, description="Default: a slug of the title plus a content hash.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=100, description="ISO date, e.g. 2024-11-01.")
    outlet: str | None = Field(None, max_length=200)


class IngestPublic(BaseModel):
    id: str
    status: Literal["added", "updated", "unchanged"]
    article: dict[str, Any]


# -- claim checks -------------------------------------------------------------------------------
CheckStatus = Literal["supported", "contradicted", "not_found"]
SourceText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class CheckCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim: str = Field(min_length=1, description="One or more sentences. Length limit: the "
                                                  "max_question_chars setting.")
    sources: list[SourceText] | None = Field(None, min_length=1, max_length=20, description=(
        "Check against these texts, judged together, instead of the articles."))
    article_id: str | None = Field(None, max_length=128, description="Check against this article only.")

    @model_validator(mode="after")
    def _one_evidence(self) -> CheckCreate:
        if self.sources is not None and self.article_id is not None:
            raise ValueError("give either `sources` or `article_id`, not both")
        return self


class CheckEvidencePublic(BaseModel):
    article_id: str = Field(description='"given" for the request\'s own sources.')
    sentence_id: str = Field(description="The first sentence of this evidence.")
    sentence_ids: list[str] = Field(description="All its sentences: one, or two neighbours read together.")
    text: str
    p_entailment: float
    p_contradiction: float


class CheckSentencePublic(BaseModel):
    text: str
    status: CheckStatus
    probability: float = Field(description="P(supported) given the best evidence, 0-1.")
    problems: list[str] = Field(description="Names, numbers, dates or roles the best evidence does not back.")
    reason: str | None = Field(description="Why it is not supported; null when it is.")
    evidence: list[CheckEvidencePublic] = Field(description="Best first.")


class CheckPublic(BaseModel):
    claim: str
    status: CheckStatus = Field(description="supported: every sentence is; contradicted: one is; else not_found.")
    sentences: list[CheckSentencePublic]
    model: str
    threshold: float = Field(description="P(supported) a sentence needs.")


# -- OpenAI-compatible chat -------------------------------------------------------------------
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


# -- errors: documented on every route, so clients (and the schema tests) know each refusal ----
class ErrorPublic(BaseModel):
    error: str
    details: list[str] | None = Field(None, description="Each invalid field, for 422.")


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    code: int


class OpenAIErrorPublic(BaseModel):
    error: OpenAIErrorDetail


_WHY = {
    400: "The multipart body cannot be parsed (malformed, or more fields than the form has).",
    401: "The API key is missing or wrong.",
    403: "Writes are off: the server has no NEWSRAG_API_KEY.",
    404: "No article with this id.",
    413: "The body is larger than the limit.",
    415: "The body is neither JSON nor a multipart upload.",
    422: "The request is invalid; the message says which field and why.",
    429: "The generator's queue is full; Retry-After says when to try again.",
    500: "An unexpected error; the server log has the details.",
    503: "The store, the generator or the claim checker is unavailable, or the request waited too long in "
         "the queue.",
    504: "The generator timed out.",
}


def errors(*codes: int, model: type[BaseModel] = ErrorPublic) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": model, "description": _WHY[code]} for code in codes}
