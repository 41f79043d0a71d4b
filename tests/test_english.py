"""English number notation in English output: what the model copies from Indonesian is rewritten."""

import pytest

from newsrag.answer.english import english_notation


@pytest.mark.parametrize("written,english", [
    ("Bank Indonesia cut its BI Rate to 4,75% in September.", "Bank Indonesia cut its BI Rate to 4.75% in September."),
    ("The dollar stood at Rp 16.288.", "The dollar stood at Rp 16,288."),
    ("Exports reached 619.000 tons and Rp 1.000.000.000.", "Exports reached 619,000 tons and Rp 1,000,000,000."),
    ("Brent fell 0,18 cents to 63,87 dollars, within 4,00%-4,25%.", "Brent fell 0.18 cents to 63.87 dollars, within 4.00%-4.25%."),
    ("Hepatitis killed 1,34 juta people; the loan was Rp 6,98 triliun.",
     "Hepatitis killed 1.34 million people; the loan was Rp 6.98 trillion."),
    ("It costs Rp 1,3jt, about 16 ribu more, and 1,7 miliar tons.",
     "It costs Rp 1.3 million, about 16 thousand more, and 1.7 billion tons."),
])
def test_indonesian_notation_becomes_english(written, english):
    assert english_notation(written) == english


@pytest.mark.parametrize("text", [
    "The US says 8,000 North Korean soldiers are in Russia.",  # English thousands
    "Growth was 3.125% in 2025, and 2.5 million people voted.",  # English decimals, a year
    "In 2019, 12 people were hurt.", "Version 1.2.3 shipped.",
    "Juta and Ribu are names here: Juta met 3 Ribu fans.",  # names: a magnitude is lower case
])
def test_english_notation_is_left_alone(text):
    assert english_notation(text) == text
