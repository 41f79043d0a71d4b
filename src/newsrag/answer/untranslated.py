"""Indonesian words that an English sentence leaves untranslated.

The small model sometimes copies a word of its Indonesian source into the English it writes: "a
limusin Aurus", "at a bandar antariksa Russia", "The total konsentrasi CO2 in atmosfer mencapai
sekitar 423.9 ppm pada 2024". Such a sentence can be faithful, so the checker passes it, but the
analyst cannot read it, and English is the promise. A word of an English sentence is untranslated when
1. it is written in lower case (names are capitalised, and stay as the source writes them);
2. the cited sources hold it, in any case: it was copied, not misspelt;
3. it is on the shipped list of Indonesian words (`INDONESIAN_WORDS`): the words of the checker's
   Indonesian training text (IndoNLI and MultiNLI translated, `traindata/`) written in lower case at
   least `MIN_COUNT` times there, less every word of its English text (FactCG's news) and of GCIDE, an
   English dictionary (the `english-words` package): "durian", "data", "total" stay English.
The answer and summary paths send such a sentence back for a literal rendering, like one that fails
verification (`ask.Answerer`, `summarize.Summarizer`); when that rendering does not verify, the first
sentence stands after all, verified, with its untranslated words named (`restored`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ..ingest.meta import detect_language
from ..resources import shipped
from .result import ResultSentence

INDONESIAN_WORDS = ("answer", "indonesian_words.txt")
# Seen at least this often in lower case in the Indonesian training text: a word seen once or twice
# may be a typo or an English word quoted in an Indonesian sentence.
MIN_COUNT = 3
# Two-letter words ("di", "ke") are too short to tell from English abbreviations and units.
MIN_LENGTH = 3
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_ANY_WORD = re.compile(r"[a-z]+")
_INDONESIAN_FILES = ("nli_id_indonli_train.jsonl", "nli_id_indonli_val.jsonl",
                     "nli_id_mnli_translated_train.jsonl", "nli_id_mnli_translated_dev.jsonl")
_ENGLISH_FILES = ("faith_en_factcg_cg2c_doc.jsonl",)
# Units both languages write alike, which no dictionary lists: "423.9 ppm" is English too. Seen held
# back in external-qa's co2-total ("... was 423.9 ppm, which is 152% higher ...", labelled faithful),
# whose literal rendering then verified in its place.
SHARED_UNITS = frozenset({"ppm", "ppb", "kwh", "mwh", "gwh", "mph", "rpm"})
# How a held-back sentence's note ends, before and after its literal rendering failed (`restored`).
_PENDING = ", to be rendered literally"
_STANDS = "; its literal rendering did not verify, so it stands"


def untranslated(text: str, sources: Sequence[str]) -> list[str]:
    """The Indonesian words `text` copies from `sources`, in the order it writes them."""
    source_words = {w for s in sources for w in _ANY_WORD.findall(s.lower())}
    words = indonesian_words()
    found = (w for w in _LOWER_WORD.findall(text) if len(w) >= MIN_LENGTH and w in source_words and w in words)
    return list(dict.fromkeys(found))


def held_back(sentence: ResultSentence) -> ResultSentence:
    """A verified English sentence that keeps Indonesian words of its sources is not shown as
    verified: it goes back for a literal rendering, as a sentence that fails verification does.
    A sentence that reads as Indonesian throughout is the `output_language` metric's to count, not
    this check's: the fakes that echo their sources write such lines, and no real run has."""
    words = untranslated(sentence.text, [c.quote for c in sentence.citations]) if sentence.verified else []
    if words and not mostly_indonesian(sentence.text):
        sentence.verified, sentence.held_back = False, True
        sentence.note = _joined(f"untranslated: the English keeps {_listed(words)} of its source{_PENDING}",
                                sentence.note)
    return sentence


def mostly_indonesian(text: str) -> bool:
    """Half its lower-case words or more (short ones too: "at a bandar antariksa" is a third) are on
    the list, or the language detector says so. The detector alone missed glossed echoes ("Para
    leader China dan North Korea menegaskan kembali aliansi tradisional mereka"): it answers "und"
    for mixed and short lines."""
    lower = _LOWER_WORD.findall(text)
    on_list = sum(w in indonesian_words() for w in lower)
    return detect_language(text) == "id" or (bool(lower) and on_list * 2 >= len(lower))


def restored(sentence: ResultSentence) -> ResultSentence:
    """A held-back sentence whose literal rendering did not verify is shown as verified after all: a
    checked sentence with a word left in Indonesian beats an abstention. Measured: without this the
    eval lost two right answers, "...at a bandar antariksa Russia" (its literal rendering made the
    spaceport an airport) and Cyclone Dahlia "in the sebelah barat daya Bengkulu" (eval/answers-2026-12-06e)."""
    if sentence.held_back:
        sentence.verified, sentence.held_back = True, False
        sentence.note = (sentence.note or "").replace(_PENDING, _STANDS, 1)
    return sentence


def noted(sentence: ResultSentence) -> ResultSentence:
    """A literal rendering has the last word: it stands, and its note names what it keeps untranslated."""
    words = untranslated(sentence.text, [c.quote for c in sentence.citations])
    if words:
        sentence.note = _joined(f"keeps {_listed(words)} of its source untranslated", sentence.note)
    return sentence


def _listed(words: Sequence[str]) -> str:
    return ("the Indonesian word " if len(words) == 1 else "the Indonesian words ") + ", ".join(f"'{w}'" for w in words)


def _joined(first: str, rest: str | None) -> str:
    return f"{first}; {rest}" if rest else first


@cache
def indonesian_words() -> frozenset[str]:
    return frozenset(shipped(*INDONESIAN_WORDS).read_text(encoding="utf-8").split())


# -- the list, built from traindata/ -----------------------------------------------------------------
def build_word_list(traindata: Path, english: Iterable[str]) -> list[str]:
    """The shipped list, sorted: Indonesian words of the training text, less `english` (a dictionary's
    words), the words of the English training text and `SHARED_UNITS`. `python -m newsrag.answer.untranslated
    traindata/` writes it; a test checks that the shipped file is what this builds."""
    counts = Counter(w for text in _texts(traindata, _INDONESIAN_FILES) for w in _LOWER_WORD.findall(text))
    english_seen = {w for text in _texts(traindata, _ENGLISH_FILES) for w in _ANY_WORD.findall(text.lower())}
    exclude = english_seen | {w.lower() for w in english} | SHARED_UNITS
    return sorted(w for w, n in counts.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH and w not in exclude)


def _texts(traindata: Path, names: Sequence[str]) -> Iterable[str]:
    for name in names:
        with open(traindata / name, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield from (row[k] for k in ("premise", "hypothesis", "document", "claim")
                            if isinstance(row.get(k), str))


def english_dictionary() -> set[str]:
    """GCIDE's words, lower-cased (`english-words`, a development dependency: only the build needs it).
    Not Webster's 1913 list (`web2`) as well: it holds Malay loans such as "bandar", "suku", "kota"."""
    from english_words import get_english_words_set

    return get_english_words_set(["gcide"], lower=True)


if __name__ == "__main__":
    import sys

    words = build_word_list(Path(sys.argv[1]), english_dictionary())
    shipped(*INDONESIAN_WORDS).write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {shipped(*INDONESIAN_WORDS)}")
