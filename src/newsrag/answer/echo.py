"""Cutting the question's own words off the end of an answer sentence.

The 1.5B model repeats the question's framing at the end of its answer: asked "Who is the Phillip
Nova analyst quoted on oil prices after the Fed decision?", it writes "Priyanka Sachdeva, a senior
analyst at Phillip Nova, was quoted on oil prices after the Fed decision." The cited sentence names
her and her post but not the Fed, so the name check rightly rejects the whole sentence and the user
gets no answer. Several of external-qa's rejected answers ended so ("after the Fed's rate cut",
"according to DailySocial").

A trailing phrase whose every word is the question's tells the user nothing they did not write, so
the head alone is offered for checking: it claims less than the sentence did, and it is verified
against its citations like any sentence. A phrase that denies or hedges ("not", "may", "reportedly")
or attributes ("said") is never cut, since without it the head would claim more, not less.
"""

from __future__ import annotations

import re

# Where a trailing phrase may start: only phrases of time and of source, which frame a statement
# without being part of it. "by", "for", "in", "of" can carry what the question is about: asked how
# many soldiers China sent, "8,000 soldiers were sent to help Russia by China" must not become "8,000
# soldiers were sent to help Russia", a true sentence that reads as an answer to a false premise.
TIME_WORDS = r"after|following|during|amid|since|before"
_OPENS = re.compile(rf",?\s+\b(?:{TIME_WORDS}|according to|as reported by|as stated by)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_FILLER = frozenset("a an the to of in on at by for from as and or with its his her their this that these those "
                    "was were is are be been 's".split())
_DENIES_OR_HEDGES = frozenset("not no never nor without may might could would should reportedly allegedly".split())
_CHANGES_MEANING = _DENIES_OR_HEDGES | frozenset("said says say told claimed denied".split())
MIN_HEAD_WORDS = 4


def _words(text: str) -> list[str]:
    return [re.sub(r"['’]s$", "", w.lower()) for w in _WORD.findall(text)]


def echo_trimmed(sentence: str, question: str) -> list[tuple[str, str]]:
    """(head, cut phrase) pairs, the shortest cut first, for each trailing phrase of `sentence` made
    only of the question's words (and filler). Empty when there is none, or the head would be too
    short to say anything."""
    asked = set(_words(question))
    if not asked:
        return []
    body = sentence.rstrip().rstrip(".!?")
    out: list[tuple[str, str]] = []
    for m in reversed(list(_OPENS.finditer(body))):
        head, tail = body[: m.start()].rstrip(" ,"), body[m.start():].strip(" ,")
        words = _words(tail)
        # A comma inside the cut means it spans more than one phrase ("at Phillip Nova, was quoted
        # ..."), and the head would be a fragment.
        # A head ending on "not" or "and" would leave a denial or a list dangling.
        kept = _words(head)
        if ("," in tail or len(kept) < MIN_HEAD_WORDS or any(w in _CHANGES_MEANING for w in words)
                or kept[-1] in _DENIES_OR_HEDGES or kept[-1] in _FILLER):
            continue
        if all(w in asked or w in _FILLER for w in words):
            out.append((head + ".", tail))
    return out
