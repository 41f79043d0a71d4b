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


def test_a_full_stop_without_its_space_still_ends_a_sentence():
    """Detik's fed story writes "itu.Ia" and "(18/9/2025).Powell": two sentences each time."""
    assert split_sentences("Ia satu-satunya suara berbeda dalam pertemuan itu.Ia mendesak pemangkasan.") == [
        "Ia satu-satunya suara berbeda dalam pertemuan itu.", "Ia mendesak pemangkasan."]
    assert split_sentences("Dikutip dari Reuters, Kamis (18/9/2025).Powell menambahkan hal itu.") == [
        "Dikutip dari Reuters, Kamis (18/9/2025).", "Powell menambahkan hal itu."]


def test_a_full_stop_inside_a_name_or_an_abbreviation_is_not_a_gap():
    for text in ("Pejabat A.S.Army hadir di sana.", "Baca di detik.com hari ini.",
                 "Ada buah, sayur dll.Ini semua murah.", "Harga naik 8.000 rupiah."):
        assert len(split_sentences(text)) == 1, text
