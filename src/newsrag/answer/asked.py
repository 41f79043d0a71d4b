"""Does a verified sentence say what the question asks for?

A sentence can be faithful and still not answer. Asked "Who met North Korea's ambassador to China,
Ri Ryong Nam, in Beijing?", the model rendered the right evidence sentence without its subject: "The
meeting between North Korea's ambassador to China, Ri Ryong Nam, took place in Beijing on Monday
(22/3)." It verified, so the answer stood, and it named nobody the question had not (seed-qa
song-tao; the source names Song Tao). The second attempt, which renders the evidence sentence the
model names literally, is then worth making, as it is when nothing verified.

Only questions whose answer has a visible form are judged: who, which and where ask for a name the
question does not hold; how many, how much and when for a number (or a month or weekday) it does
not hold. Anything else ("what did X say", "why") is taken as answered by any verified sentence.
Over the 504 answered QA items of the committed runs (`eval/`), this flags 46, every one of them
answered wrong. A number also answers "where" because the one right answer that a names-only test
flagged was a rate: "Where does the market consensus see Bank Indonesia's rate?", 5.25%.
"""

from __future__ import annotations

import re

from ..text import MONTHS_EN_ID
from .lexicon import WEEKDAYS
from .verify import unbacked_names

# The question word opens the question, or follows a leading clause ("According to the minister, which
# ..."); Indonesian questions are answered too ("Siapa ...", "Berapa ...", "Menurut AS, berapa ...").
_OPENS = r"^\W*(?:[^,?]*,\s*)?"
_ASKS_NAME = re.compile(_OPENS + r"(?:who|whom|whose|which|where|siapa|siapakah|di ?mana|manakah|yang mana)\b",
                        re.IGNORECASE)
_ASKS_NUMBER = re.compile(_OPENS + r"(?:how (?:many|much|large|long|big|far|old)|by how much|when|where"
                          r"|berapa|berapakah|kapan|kapankah|di ?mana)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DAY_WORDS = re.compile(r"\b(?:" + "|".join([*MONTHS_EN_ID, *WEEKDAYS]) + r")\b", re.IGNORECASE)


def says_what_is_asked(question: str, sentence: str) -> bool:
    """False when `question` asks who/which/where and `sentence` names nothing the question does not,
    or asks how many/how much/when/where and `sentence` gives no number, month or weekday the question
    does not; true for any other question."""
    asks_name, asks_number = _ASKS_NAME.search(question), _ASKS_NUMBER.search(question)
    if not (asks_name or asks_number):
        return True
    return bool((asks_name and unbacked_names(sentence, question))
                or (asks_number and (_new(_NUMBER, sentence, question) or _new(_DAY_WORDS, sentence, question))))


def _new(pattern: re.Pattern, sentence: str, question: str) -> bool:
    """`sentence` holds a match of `pattern` that `question` does not."""
    asked = {m.lower() for m in pattern.findall(question)}
    return any(m.lower() not in asked for m in pattern.findall(sentence))
