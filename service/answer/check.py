"""Verification of drafted sentences against evidence, shared by answers and summaries."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..backends.embedder import Embedder
from ..text import MONTHS_EN_ID
from .result import Citation
from .verify import SUPPORT_THRESHOLD, Verdict, problems, verdict


@dataclass(frozen=True)
class Source:
    article_id: str
    sentence_id: str
    text: str
    context: str = ""  # what the model was shown beside the sentence (outlet, date): checkable too

    @property
    def checkable(self) -> str:
        return f"{self.text} {self.context}".strip()

    def cite(self, support: float) -> Citation:
        return Citation(self.article_id, self.sentence_id, self.text, support)


MIN_WORDS = 3
_WORDS = re.compile(r"\w+")


def source_context(outlet: str | None, published: str | None) -> str:
    """Outlet and date as words the checks can match ("GenPI.co 1 november 2024")."""
    parts = [outlet or ""]
    if published:
        y, m, d = (int(x) for x in published[:10].split("-"))
        parts.append(f"{d} {list(dict.fromkeys(MONTHS_EN_ID.values()))[m - 1]} {y}")
    return " ".join(p for p in parts if p)


class Checker:
    """Scores English sentences against source sentences: one batched embedding call per check,
    then the deterministic checks of `verify.problems`.

    Source vectors are remembered: an answer checks each sentence as the model finishes it against
    the same six evidence sentences, and re-embedding them every time made verification, which
    runs between decoding steps, cost about as much as the sentence itself (measured by `newsrag bench`)."""

    CACHE_SIZE = 8192  # source sentences; 3 KiB each

    def __init__(self, embedder: Embedder, threshold: float = SUPPORT_THRESHOLD) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self._sources: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def similarities(self, sentences: Sequence[str], sources: Sequence[Source]) -> np.ndarray:
        """Cosine matrix, sentences x sources."""
        if not sentences or not sources:
            return np.zeros((len(sentences), len(sources)), dtype=np.float32)
        texts = [s.text for s in sources]
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._sources]
        vectors = self.embedder.embed_similarity([*sentences, *missing])
        with self._lock:
            for text, vector in zip(missing, vectors[len(sentences):], strict=True):
                self._sources[text] = vector
            for text in texts:
                self._sources.move_to_end(text)
            known = np.stack([self._sources[t] for t in texts])
            while len(self._sources) > self.CACHE_SIZE:
                self._sources.popitem(last=False)
        return vectors[: len(sentences)] @ known.T

    def judge(self, sentence: str, cited: Sequence[Source], sims: Sequence[float]) -> Verdict:
        """A sentence citing several sources is supported when their union backs every name and
        number, and it is close in meaning to at least one of them."""
        if not cited:
            return Verdict(False, 0.0, ("no citation",))
        if len(_WORDS.findall(sentence)) < MIN_WORDS:
            # "8,000" or "HACKED" can match a source without saying anything checkable.
            return Verdict(False, 0.0, (f"not a statement (fewer than {MIN_WORDS} words)",))
        return verdict(max(sims), problems(sentence, [s.checkable for s in cited]), self.threshold)

    def best_alternative(self, sentence: str, sources: Sequence[Source], sims: Sequence[float],
                         exclude: set[int], tries: int = 3) -> tuple[int, Verdict] | None:
        """The evidence sentence that does support `sentence`, when the cited one does not: the
        model often cites the neighbour of the right sentence."""
        order = [j for j in np.argsort(-np.asarray(sims)) if j not in exclude][:tries]
        for j in order:
            v = self.judge(sentence, [sources[j]], [sims[j]])
            if v.verified:
                return int(j), v
        return None
