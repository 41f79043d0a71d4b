"""English number notation in English output: what the model copies from Indonesian is rewritten."""

import pytest

from newsrag.answer.english import english_notation


@pytest.mark.parametrize("written,english", [
    ("Bank Indonesia cut its BI Rate to 4,75% in September.", "Bank Indonesia cut its BI Rate to 4.75% in September."),
    ("The dollar stood at Rp 16.288.", "The dollar stood at Rp 16,288."),
    ("Exports reached 619.000 tons and Rp 1.000.000.000.", "Exports reached 619,000 tons and Rp 1,000,000,000."),
    ("Brent fell 0,18 cents to 63,87 dollars, within 4,00%-4,25%.", "Brent fell 0.18 cents to 63.87 dollars, within 4.00%-4.25%."),
])
def test_indonesian_notation_becomes_english(written, english):
    assert english_notation(written) == english


@pytest.mark.parametrize("text", [
    "The US says 8,000 North Korean soldiers are in Russia.",  # English thousands
    "Growth was 3.125% in 2025, and 2.5 million people voted.",  # English decimals, a year
    "In 2019, 12 people were hurt.", "Version 1.2.3 shipped.",
])
def test_english_notation_is_left_alone(text):
    assert english_notation(text) == text
