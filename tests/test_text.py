from newsrag.text import canonical, normalize_numbers, tokens


def test_numbers_in_both_conventions_meet():
    assert normalize_numbers("8.000 tentara") == "8000 tentara"
    assert normalize_numbers("8,000 soldiers") == "8000 soldiers"
    assert normalize_numbers("naik 2,5 persen") == "naik 2.5 persen"
    assert normalize_numbers("1.234.567 orang") == "1234567 orang"
    assert normalize_numbers("(23/3) 2023") == "(23/3) 2023"


def test_entity_aliases_cross_languages():
    assert tokens("Korut") == tokens("Korea Utara") == tokens("North Korea") == tokens("DPRK") == ["korut"]
    assert tokens("AS") == tokens("Amerika Serikat") == tokens("the U.S.") == ["amerikaserikat"]
    assert tokens("Tiongkok") == tokens("China") == ["china"]
    assert "as" not in tokens("as the talks began")  # English "as" is not the US


def test_months_and_stopwords():
    assert "oktober" in canonical("on October 2")
    assert tokens("yang dan the of") == []
    assert tokens("2 tentara") == ["2", "tentara"]
