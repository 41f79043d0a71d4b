"""Request and response bodies. `XCreate`/`XRequest` come in, `XPublic` goes out.

Every route declares its `XPublic`, so /openapi.json documents each body and the schema fuzzing
checks each response against it. A streamed response is documented event by event (`XEvent`): the
`data` of each is JSON with its own schema, which is how OpenAPI describes server-sent events.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Json, StringConstraints, model_validator

REF = "#/components/schemas/{model}"


def omitted_when_none(value: Any) -> bool:
    return value is None


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


# -- health -----------------------------------------------------------------------------------
class HealthPublic(BaseModel):
    status: Literal["ok"]


class ReadyPublic(BaseModel):
    ready: Literal[True]
    embedder: str = Field(description="The embedder's model id.")
    generator: str = Field(description="The generator's model id.")


class NotReadyPublic(BaseModel):
    ready: Literal[False]
    reason: str


# -- articles -----------------------------------------------------------------------------------
class ArticleSummaryPublic(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None = Field(description="ISO date, when known.")
    language: str
    n_sentences: int = Field(description="Body sentences; photo captions are not counted.")
    cluster: str | None = Field(description="Articles with near-identical text (one story retold) share it.")
    summary_status: Literal["ready", "queued", "writing", "failed", "missing"] = Field(
        description="Its English summary: `ready` (cached, served at once), `queued` or `writing` (in the "
                    "background, while the generator is idle), `failed`, or `missing` (written when asked for).")


class ArticleSentencePublic(BaseModel):
    id: str = Field(description="ARTICLE_ID:N, what citations point at.")
    text: str
    kind: Literal["body", "caption"] = Field(description="Captions are never evidence.")


class RemovedPublic(BaseModel):
    text: str
    reason: str


class ArticlePublic(ArticleSummaryPublic):
    place: str | None
    url: str | None
    sentences: list[ArticleSentencePublic]
    removed: list[RemovedPublic] = Field(description="What cleaning took out, and why.")


class DeletedPublic(BaseModel):
    deleted: str = Field(description="The id of the article deleted.")


# -- answers and summaries (one shape: answer/result.py's Result.public()) ----------------------
class CitationPublic(BaseModel):
    article_id: str
    sentence_id: str
    quote: str = Field(description="The source sentence, in its own language.")
    support: float = Field(description="P(supported) the checker gave the sentence against this source, 0-1.")


class ResultSentencePublic(BaseModel):
    text: str
    citations: list[CitationPublic]
    verified: bool
    note: str | None = Field(None, exclude_if=omitted_when_none,
                             description="Why it failed, or how it was repaired; absent otherwise.")


class ResultPublic(BaseModel):
    answer: str = Field(description="The verified sentences only, or why there is no answer.")
    abstained: bool
    sentences: list[ResultSentencePublic] = Field(description="Every sentence written, verified or not.")
    model: str
    prompt_version: str
    timings: dict[str, float] = Field(description="Milliseconds per stage.")
    abstain_reason: str | None = Field(
        None, description="no_relevant_evidence, not_in_evidence or unverified; null when answered.")


class EvidencePublic(BaseModel):
    n: int = Field(description="The number the model saw it under.")
    article_id: str
    sentence_id: str
    text: str
    outlet: str | None
    published: str | None
    retrieved: bool = Field(description="Found by search; false for a neighbouring sentence shown as context.")
    similarity: float | None = Field(description="Cosine of question and sentence, when dense search found it.")


class AnswerPublic(ResultPublic):
    attempt: str | None = Field(None, description="Which attempt wrote the answer: `first`; or, after no "
                                                  "sentence of the first verified or none said what the question "
                                                  "asks for, `picked` (the first answer's own sentence, supported by "
                                                  "the evidence sentence the model then named as the answer) or "
                                                  "`literal` (that evidence sentence rendered literally); null when "
                                                  "abstained.")
    evidence: list[EvidencePublic]


class SummaryPublic(ResultPublic):
    article_id: str
    cached: bool


# -- the stream of /v1/ask ----------------------------------------------------------------------
class TokenPublic(BaseModel):
    text: str = Field(description="A piece of the unverified draft.")


class StreamErrorPublic(BaseModel):
    error: str
    status: int = Field(description="The HTTP status the same failure gets without `stream`.")


class TokenEvent(BaseModel):
    event: Literal["token"]
    data: Json[TokenPublic]


class SentenceEvent(BaseModel):
    event: Literal["sentence"]
    data: Json[ResultSentencePublic]


class ResultEvent(BaseModel):
    event: Literal["result"]
    data: Json[AnswerPublic]


class StreamErrorEvent(BaseModel):
    event: Literal["error"]
    data: Json[StreamErrorPublic]


ASK_EVENTS = (TokenEvent, SentenceEvent, ResultEvent, StreamErrorEvent)


def event_stream(*events: type[BaseModel]) -> dict[str, Any]:
    """The `text/event-stream` content of a response: each event one of `events`. Their schemas are
    added to the components by `app.document_streams`."""
    return {"text/event-stream": {"schema": {"anyOf": [{"$ref": REF.format(model=e.__name__)} for e in events]}}}


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
    article: ArticleSummaryPublic


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


# -- errors: documented on every route, so clients (and the schema tests) know each refusal ----
class ErrorPublic(BaseModel):
    error: str
    details: list[str] | None = Field(None, description="Each invalid field, for 422.")


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
