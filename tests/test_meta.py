import datetime as dt

from newsrag.ingest.article import build_article
from newsrag.ingest.meta import detect_language, infer_year, parse_outlet, parse_published

from .helpers import CORPUS, ROOT


def test_seed_publication_dates():
    got = {f.stem[:3]: build_article(f.stem, f.read_text()).published for f in sorted(CORPUS.glob("*.txt"))}
    # 000: "Senin, (2/10)", year inferred from "13 September 2023" and the weekday;
    # 002: "Jumat (1/11/2024)"; 004: byline "Rabu 24 Maret 2021 08:17 WIB";
    # 001 and 003 state no publication date, and we do not guess one.
    assert got == {"000": "2023-10-02", "001": None, "002": "2024-11-01", "003": None, "004": "2021-03-24"}


def test_short_dates_with_and_without_year():
    assert parse_published([], "kata dia pada Jumat (1/11/2024) di Jakarta") == dt.date(2024, 11, 1)
    assert parse_published([], "Pada 2021, KCNA mengatakan, Selasa (23/3), bahwa") == dt.date(2021, 3, 23)
    assert parse_published(["Rabu, 24 Maret 2021 08:17 WIB"], "Senin (2/10)") == dt.date(2021, 3, 24)
    assert parse_published([], "tanpa tanggal apa pun") is None


def test_year_inference_uses_the_weekday():
    # 2 October: Monday in 2023, Wednesday in 2024.
    assert infer_year(2, 10, 0, [2023, 2024]) == 2023
    assert infer_year(2, 10, 2, [2023]) == 2024  # the year after the latest mention
    assert infer_year(2, 10, None, [2019, 2021]) == 2021
    assert infer_year(2, 10, 0, []) is None


def test_outlet_and_place_from_datelines_and_bylines():
    assert parse_outlet("INIKATA.co.id", []) == ("INIKATA.co.id", None)
    assert parse_outlet("WASHINGTON", []) == (None, "Washington")
    assert parse_outlet("JAKARTA, KOMPAS.com", []) == ("KOMPAS.com", "Jakarta")
    assert parse_outlet(None, ["Agregasi VOA, · Rabu 24 Maret 2021 08:17 WIB"]) == ("VOA", None)


def test_language_detection():
    assert detect_language("Para pemimpin China dan Korea Utara menegaskan bahwa aliansi yang kuat itu akan tetap") == "id"
    assert detect_language("The leaders of China and North Korea said that the alliance is strong") == "en"
    assert detect_language("8.000") == "und"


def test_the_readme_lists_every_setting():
    from newsrag.settings import Settings

    readme = (ROOT / "README.md").read_text()
    missing = [f"NEWSRAG_{name.upper()}" for name in Settings.model_fields
               if f"`NEWSRAG_{name.upper()}`" not in readme]
    assert not missing, f"README's settings table lacks {missing}"


def test_outlet_from_the_url_names_common_outlets_and_any_other_site_by_its_domain():
    from newsrag.ingest.meta import outlet_from_url

    assert outlet_from_url("https://finance.detik.com/moneter/d-8117631/x") == "detikcom"
    assert outlet_from_url("https://www.cnnindonesia.com/ekonomi/x") == "CNN Indonesia"
    assert outlet_from_url("https://www.kabarbaru.co.id/berita/1") == "kabarbaru.co.id"
    assert outlet_from_url("http://192.168.0.1/x") is None and outlet_from_url(None) is None
    assert outlet_from_url(":\u00ec[\u0085") is None and outlet_from_url("https://[detik.com/x") is None


def test_dates_given_beside_the_text_in_iso_or_slashed_form():
    import datetime as dt

    from newsrag.ingest.meta import parse_given_date

    assert parse_given_date("2025-09-18T07:49:00+07:00") == dt.date(2025, 9, 18)
    assert parse_given_date("9/18/2025 7:49") == dt.date(2025, 9, 18)  # Detik's export: month first
    assert parse_given_date("18/9/2025") == dt.date(2025, 9, 18)
    # 3/4/2025 reads both ways: the text's own date decides, and nothing is guessed without one.
    assert parse_given_date("3/4/2025", dt.date(2025, 4, 3)) == dt.date(2025, 4, 3)
    assert parse_given_date("3/4/2025") is None and parse_given_date("soon") is None


def test_datelines_with_an_outlet_name_in_the_forms_indonesian_outlets_use():
    from newsrag.ingest.article import build_article

    cnn = build_article("a", "Jakarta, CNN Indonesia - - Agnez Mo merilis album baru pada Selasa (10/10/2017).", title="t")
    assert (cnn.outlet, cnn.place) == ("CNN Indonesia", "Jakarta") and cnn.body[0].text.startswith("Agnez Mo")
    antara = build_article("b", "Surabaya (ANTARA News) - Banjir melanda pesisir utara kota.", title="t")
    assert (antara.outlet, antara.place) == ("ANTARA News", "Surabaya")
    detik = build_article("c", "Bank Indonesia menahan suku bunga.", title="t", url="https://finance.detik.com/x/d-1/y",
                          published="9/18/2025 7:49")
    assert (detik.outlet, detik.published) == ("detikcom", "2025-09-18")
    plain = build_article("d", "Menurut dia, Bank Indonesia - bank sentral - menahan suku bunga.", title="t")
    assert plain.outlet is None and plain.body[0].text.startswith("Menurut dia")
