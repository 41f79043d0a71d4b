"""The result shape shared by answers, summaries and the HTTP API."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


def ms_since(start: float) -> float:
    """Milliseconds since a `time.perf_counter()` reading."""
    return (time.perf_counter() - start) * 1000


@dataclass
class Citation:
    article_id: str
    sentence_id: str
    quote: str  # the source sentence, in its own language
    support: float  # P(supported) the checker gave the citing sentence against this source, 0-1

    def public(self) -> dict:
        return {"article_id": self.article_id, "sentence_id": self.sentence_id, "quote": self.quote,
                "support": round(self.support, 4)}


@dataclass
class ResultSentence:
    text: str
    citations: list[Citation]
    verified: bool
    note: str | None = None  # why it failed, or how the pipeline repaired it
    # Verified, but kept back for the Indonesian words it leaves untranslated while a literal rendering
    # is tried (`untranslated.held_back`); never sent to a client.
    held_back: bool = False

    def public(self) -> dict:
        doc: dict[str, Any] = {"text": self.text, "citations": [c.public() for c in self.citations],
                               "verified": self.verified}
        if self.note:
            doc["note"] = self.note
        return doc


@dataclass
class Result:
    """`answer` joins the verified sentences only; `sentences` lists every sentence the model wrote,
    each marked verified or not, so a reader (and the eval harness) can see what was dropped."""

    answer: str
    abstained: bool
    sentences: list[ResultSentence]
    model: str
    prompt_version: str
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. article_id, cached, agreements

    def public(self) -> dict:
        return {
            "answer": self.answer, "abstained": self.abstained,
            "sentences": [s.public() for s in self.sentences],
            "model": self.model, "prompt_version": self.prompt_version,
            "timings": {k: round(v, 1) for k, v in self.timings.items()},
            **self.extra,
        }

    @classmethod
    def from_public(cls, doc: dict) -> Result:
        core = {"answer", "abstained", "sentences", "model", "prompt_version", "timings"}
        return cls(
            answer=doc["answer"], abstained=doc["abstained"],
            sentences=[ResultSentence(s["text"], [Citation(**c) for c in s["citations"]], s["verified"],
                                      s.get("note")) for s in doc["sentences"]],
            model=doc["model"], prompt_version=doc["prompt_version"], timings=dict(doc["timings"]),
            extra={k: v for k, v in doc.items() if k not in core},
        )
