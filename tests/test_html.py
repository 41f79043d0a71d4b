"""HTML pages: main content by trafilatura, metadata, captions kept as captions, a record of what was
left out, pages without an article refused; and the html_pages benchmark's score function."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsrag.eval.cli import app as eval_app
from newsrag.eval.html_pages import run, score
from newsrag.ingest.article import build_article
from newsrag.ingest.html import read_html
from newsrag.ingest.loaders import LoadedArticle, Rejected, load_bytes

BODY = [
    "Banjir merendam ratusan rumah di tiga kecamatan di Medan pada Selasa pagi setelah hujan deras mengguyur "
    "kota itu sejak Senin malam, kata Badan Penanggulangan Bencana Daerah setempat.",
    "Ketinggian air mencapai satu meter di beberapa titik, dan sekitar 800 warga mengungsi ke masjid dan "
    "sekolah terdekat. Petugas mendirikan dapur umum di halaman kantor kecamatan.",
    "Wali kota meminta warga di bantaran sungai tetap waspada karena hujan diperkirakan turun lagi hingga "
    "akhir pekan, menurut prakiraan Badan Meteorologi, Klimatologi, dan Geofisika.",
]
CAPTION = "Warga mengungsi dengan perahu karet di Kecamatan Medan Maimun."
MENU = "Olahraga Terkini"
RELATED = "Kebakaran hutan meluas di Riau"
COMMENT = "Semoga cepat surut, kasihan warganya yang harus mengungsi tiap tahun."
FOOTER = "Hak cipta 2024 Kabar Contoh. Seluruh hak dilindungi."

PAGE = f"""<!doctype html>
<html lang="id"><head>
<meta charset="utf-8">
<title>Banjir Rendam Ratusan Rumah di Medan | Kabar Contoh</title>
<meta property="og:site_name" content="Kabar Contoh">
<meta property="og:title" content="Banjir Rendam Ratusan Rumah di Medan">
<meta property="article:published_time" content="2024-11-05T08:30:00+07:00">
<meta property="article:modified_time" content="2024-11-07T10:00:00+07:00">
<meta name="author" content="Rina Siregar">
<link rel="canonical" href="https://kabar.contoh.id/berita/banjir-medan">
<script>var tracking = "jangan dibaca";</script>
</head><body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/politik">Politik</a></li>
<li><a href="/olahraga">{MENU}</a></li></ul></nav></header>
<main><article>
<h1>Banjir Rendam Ratusan Rumah di Medan</h1>
<p>{BODY[0]}</p>
<figure><img src="/img/banjir.jpg" alt="banjir"><figcaption>{CAPTION}</figcaption></figure>
<p>{BODY[1]}</p>
<p>{BODY[2]}</p>
</article>
<aside class="related"><h2>Berita Terkait</h2><ul><li><a href="/a">{RELATED}</a></li>
<li><a href="/b">Harga cabai naik menjelang Natal</a></li></ul></aside>
<section id="comments" class="comments"><h3>Komentar</h3>
<div class="comment"><p>{COMMENT}</p></div></section>
</main>
<footer><p>{FOOTER}</p></footer>
</body></html>"""


def test_a_news_page_gives_its_article_metadata_and_what_was_left_out():
    loaded = load_bytes(PAGE.encode(), "banjir.html")
    assert isinstance(loaded, LoadedArticle)
    assert all(p in loaded.text for p in BODY)
    for furniture in (MENU, RELATED, COMMENT, FOOTER, "jangan dibaca"):
        assert furniture not in loaded.text
    assert (loaded.title, loaded.url, loaded.outlet, loaded.author) == (
        "Banjir Rendam Ratusan Rumah di Medan", "https://kabar.contoh.id/berita/banjir-medan", "Kabar Contoh",
        "Rina Siregar")
    assert loaded.published == "2024-11-05"  # first published, not last modified
    assert loaded.title not in loaded.text.splitlines()  # the headline is the title, not a body line
    assert f"Foto: {CAPTION}" in loaded.text.splitlines()
    for furniture in (MENU, RELATED, COMMENT, FOOTER):
        assert furniture in loaded.removed
    assert not any(p in loaded.removed for p in BODY) and CAPTION not in loaded.removed

    article = build_article(loaded.article_id, loaded.text, title=loaded.title, url=loaded.url,
                            published=loaded.published, outlet=loaded.outlet)
    assert [s.text for s in article.sentences if s.kind == "caption"] == [f"Foto: {CAPTION}"]
    assert " ".join(s.text for s in article.body) == " ".join(BODY)
    assert (article.published, article.outlet, article.url) == ("2024-11-05", "Kabar Contoh", loaded.url)


def test_without_a_site_name_or_canonical_link_the_given_url_names_the_outlet():
    page = PAGE.replace('<meta property="og:site_name" content="Kabar Contoh">', "").replace(
        '<link rel="canonical" href="https://kabar.contoh.id/berita/banjir-medan">', "").replace(" | Kabar Contoh", "")
    read = read_html(page, url="https://news.detik.com/berita/d-1234/banjir-medan")
    assert read.url == "https://news.detik.com/berita/d-1234/banjir-medan"
    assert read.outlet == "detik.com"
    # A URL that does not parse is no error: the page is read (urlsplit raised on the "[").
    assert read_html(page, url="https://[news.detik.com/x").title == read.title


def test_a_page_without_article_text_is_refused_with_the_reason():
    for page in (b"<html><head><title>Beranda</title></head><body></body></html>",
                 b"<html><body><nav><ul><li><a href='/'>Beranda</a></li><li><a href='/x'>Politik</a></li>"
                 b"</ul></nav><footer>Hak cipta 2024</footer></body></html>"):
        loaded = load_bytes(page, "kosong.html")
        assert isinstance(loaded, Rejected) and loaded.reason == "no article text found in the HTML page"


def test_a_page_in_its_declared_legacy_encoding_is_read():
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        BODY[1], BODY[1] + " Kerugian ditaksir Rp 2 miliar, kata café setempat.")
    loaded = load_bytes(page.encode("cp1252"), "banjir.html")
    assert isinstance(loaded, LoadedArticle) and "kata café setempat." in loaded.text
    assert load_bytes(b"<html><body><p>caf\xe9</p></body></html>", "x.html").reason.startswith("not UTF-8")


def test_score_counts_snippets_kept_and_absent():
    body = "Gempa mengguncang Palu pada Selasa.  Warga\npanik. Baca juga: lainnya"
    assert score(body, ["Palu pada Selasa. Warga panik.", "warga panik", "Donggala"], ["Baca juga", "Komentar"]) == (
        1, 3, 1, 2)  # whitespace normalised, case kept
    assert score("", ["a"], ["b"]) == (0, 1, 1, 1)
    assert score("x", [], []) == (0, 0, 0, 0)


def test_the_benchmark_runner_scores_pages_through_ingestion(tmp_path):
    (tmp_path / "banjir.html").write_text(PAGE)
    (tmp_path / "kosong.html").write_text("<html><body></body></html>")
    rows = [{"file": "banjir.html", "url": "https://x", "with": [BODY[0][:40], CAPTION], "without": [MENU, COMMENT]},
            {"file": "kosong.html", "url": "https://y", "with": ["Banjir"], "without": [FOOTER]}]
    (tmp_path / "expected.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run(tmp_path)
    # the caption is not body: it counts as lost, as it never becomes evidence
    assert (result["kept"], result["absent"]) == (round(1 / 3, 4), 1.0)
    assert result["failures"] == [
        {"file": "banjir.html", "rejected": None, "missing": [CAPTION], "present": []},
        {"file": "kosong.html", "rejected": "no article text found in the HTML page", "missing": ["Banjir"],
         "present": []}]
    out = CliRunner().invoke(eval_app, ["html-pages", "--pages", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["counts"] == {"kept": 1, "with": 3, "absent": 3, "without": 3}
    missing = CliRunner().invoke(eval_app, ["html-pages", "--pages", str(tmp_path / "nope")])
    assert missing.exit_code != 0 and "expected.jsonl" in missing.output
