"""The deterministic checks and the pure verdict: no model needed."""

from __future__ import annotations

import pytest

from service.answer.verify import SUPPORT_THRESHOLD, expand_numeric_dates, problems, verdict

TROOPS = ("AS mengatakan 8.000 tentara Korea Utara berada di Rusia dekat perbatasan Ukraina dan bersiap "
          "untuk membantu Kremlin melawan pasukan Ukraina dalam beberapa hari mendatang.")
LIU = ("Liu Pengyu, juru bicara Kedutaan Besar China di Washington, mengatakan dalam sebuah pernyataan "
       "bahwa posisi China mengenai krisis Ukraina “konsisten dan jelas.”")
SPACEPORT = ("Hal tersebut terjadi setelah Putin bertemu dengan pemimpin Korea Utara, Kim Jong Un di sebuah "
             "bandar antariksa Rusia pada tanggal 13 September 2023.")
MONDAY = ("Amerika Serikat telah meminta China menggunakan pengaruhnya guna mendorong Korea Utara, demikian "
          "ungkap departemen luar negeri Amerika Serikat pada hari Senin, (2/10).")
DIPLOMATS = "Tiga diplomat tinggi AS bertemu dengan duta besar Tiongkok untuk Amerika Serikat."
RATE = "Inflasi naik menjadi 2,5 persen pada Maret."


@pytest.mark.parametrize(("sentence", "source"), [
    ("The US says 8,000 North Korean soldiers are in Russia near the Ukrainian border.", TROOPS),
    ("The U.S. says 8000 troops from the DPRK are in Russia.", TROOPS),
    ("Liu Pengyu, a spokesperson for the Chinese embassy in Washington, said China's position is clear.", LIU),
    ("Putin met North Korean leader Kim Jong Un at a Russian spaceport on September 13, 2023.", SPACEPORT),
    ("On Monday, October 2, the US State Department said the United States asked China to press "
     "North Korea.", MONDAY),
    ("Three senior American diplomats met China's ambassador to the United States.", DIPLOMATS),
    ("Inflation rose to 2.5 percent in March.", RATE),
])
def test_faithful_sentences_pass(sentence, source):
    assert problems(sentence, [source]) == []


@pytest.mark.parametrize(("sentence", "source", "expected"), [
    ("The US says 80,000 North Korean soldiers are in Russia.", TROOPS, "number 80000"),
    ("Inflation rose to 25 percent in March.", RATE, "number 25"),
    ("Liu Pengyu, the Chinese ambassador, said China's position is clear.", LIU, "role 'ambassador'"),
    ("Kim Jong Un met Putin in Taiwan on September 13, 2023.", SPACEPORT, "name 'taiwan'"),
    ("Kim Jong Un, South Korea's leader, met Putin in September 2023.", SPACEPORT, "name 'korsel'"),
    ("Putin met Kim Jong Un on October 13, 2023.", SPACEPORT, "month oktober"),
    ("The State Department spoke on Tuesday.", MONDAY, "day Tuesday"),
    ("Four senior American diplomats met China's ambassador.", DIPLOMATS, "number 4"),
])
def test_unbacked_names_numbers_dates_and_roles_are_found(sentence, source, expected):
    found = problems(sentence, [source])
    assert any(expected in p for p in found), found


def test_several_cited_sources_back_a_sentence_together():
    sentence = "Kim Jong Un met Putin, and the US says 8,000 North Korean soldiers are in Russia."
    assert problems(sentence, [SPACEPORT]) != []
    assert problems(sentence, [SPACEPORT, TROOPS]) == []


def test_numeric_indonesian_dates_gain_month_names():
    assert "2 oktober" in expand_numeric_dates("pada hari Senin, (2/10).")
    assert "1 november 2024" in expand_numeric_dates("Jumat (1/11/2024)")
    assert expand_numeric_dates("skor 45/60") == "skor 45/60"  # not a date


def test_verdict_needs_both_clean_checks_and_similarity():
    assert verdict(0.9, []).verified
    assert not verdict(0.9, ["number 80000 is not in the cited source"]).verified
    assert not verdict(SUPPORT_THRESHOLD - 0.01, []).verified
    assert verdict(SUPPORT_THRESHOLD, []).verified
    assert verdict(1.2, []).support == 1.0 and verdict(-0.3, []).support == 0.0
    assert "below" in verdict(0.5, []).reason and verdict(0.9, []).reason is None


def test_glossing_keeps_the_checks_passing():
    from service.answer.glossary import gloss

    for source in (TROOPS, LIU, SPACEPORT, MONDAY, DIPLOMATS):
        glossed = gloss(source)
        assert glossed != source
        # A "translation" that only applies the glossary passes the name/role/number checks.
        assert [p for p in problems(glossed, [source]) if not p.startswith("name")] == [], glossed
