from newsrag.ingest.sentences import split_sentences


def test_numbers_dates_and_abbreviations_do_not_end_sentences():
    text = ("AS mengatakan 8.000 tentara Korea Utara berada di Rusia. KCNA mengatakan, Selasa (23/3), "
            "Kim bertemu Dr. Song Tao dan Jend. Andika di Jl. Sudirman No. 5. Inflasi naik 2,5 persen.")
    assert split_sentences(text) == [
        "AS mengatakan 8.000 tentara Korea Utara berada di Rusia.",
        "KCNA mengatakan, Selasa (23/3), Kim bertemu Dr. Song Tao dan Jend. Andika di Jl. Sudirman No. 5.",
        "Inflasi naik 2,5 persen.",
    ]


def test_quotes_close_after_the_full_stop():
    text = "“Beijing menyadari kompleksitas situasi ini.” Kata Shi. “Kami terus mendorong mereka,” tambahnya."
    assert split_sentences(text) == [
        "“Beijing menyadari kompleksitas situasi ini.”",
        "Kata Shi.",
        "“Kami terus mendorong mereka,” tambahnya.",
    ]


def test_initials_and_lowercase_continuations():
    assert split_sentences("Presiden Joe R. Biden tiba. harus… mengatasi kekhawatiran") == [
        "Presiden Joe R. Biden tiba. harus… mengatasi kekhawatiran"
    ]
    assert split_sentences("Dia datang! Lalu pergi? Ya.") == ["Dia datang!", "Lalu pergi?", "Ya."]


def test_whitespace_is_normalised_and_empty_gives_nothing():
    assert split_sentences("  satu   dua.\tTiga ") == ["satu dua.", "Tiga"]
    assert split_sentences("   ") == []
