"""English number notation in English output.

The model often copies a number as the Indonesian source writes it: "4,75%" (decimal comma),
"Rp 16.288" (thousands dot), "1,34 juta" (the magnitude word untranslated). An English reader takes
"4,75" for a list and "16.288" for a fraction and cannot read "juta", so an English sentence gets
"4.75%", "16,288" and "1.34 million". The verifier compares numbers in one canonical form and
magnitudes in either language, so a sentence verified in either notation stays verified in the other.
"""

from __future__ import annotations

import re

from .lexicon import MAGNITUDES

# "4,75%", "4,75 persen", "Rp 243,8 triliun": one or two digits after a comma are a decimal (three
# are English thousands: "8,000").
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d{1,2})(?![\d,])")
# "16.288", "1.000.000": groups of three after dots, with no decimal part after them. A single group
# before "%" or "percent" is left alone ("3.125%" is an English decimal).
_THOUSANDS_DOT = re.compile(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.,]?\d)(?!\s*(?:%|percent|per cent))")
# "1,34 juta orang", "Rp 6,98 triliun", "16 ribu": an Indonesian magnitude word after a number,
# in lower case (capitalised, it is a name: "3 Ribu" is not "3 ribu"). The words are the verifier's
# (`lexicon.MAGNITUDES`), so what is rewritten here is what the checks accept as the same magnitude.
_ENGLISH_MAGNITUDE = {form: english for english, forms in MAGNITUDES.items() for form in forms if form != english}
_MAGNITUDE = re.compile(rf"(\d)\s*({'|'.join(_ENGLISH_MAGNITUDE)})\b")


def english_notation(text: str) -> str:
    text = _THOUSANDS_DOT.sub(lambda m: m.group(1) + m.group(2).replace(".", ","), text)
    text = _MAGNITUDE.sub(lambda m: f"{m.group(1)} {_ENGLISH_MAGNITUDE[m.group(2)]}", text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)
