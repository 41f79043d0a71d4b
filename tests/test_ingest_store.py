"""Ingestion into a real (embedded) Chroma with the fake embedder."""

import json
import shutil
from pathlib import Path

import numpy as np

from newsrag.ingest.article import build_article
from newsrag.ingest.loaders import LoadedArticle

from .helpers import CORPUS


def test_seed_corpus_ingests_once_and_reingests_as_unchanged(components, embedder):
    first = components.ingestor.ingest_paths([CORPUS])
    n_vectors = components.store.count_vectors()
    n_body = sum(len(a.body) for a in components.store.articles())
    assert first.public() == {"added": 5, "updated": 0, "unchanged": 0, "rejected": []}
    assert n_vectors == n_body > 50
    calls = len(embedder.calls)
    for _ in range(2):
        again = components.ingestor.ingest_paths([CORPUS])
        assert again.public() == {"added": 0, "updated": 0, "unchanged": 5, "rejected": []}
    assert components.store.count_vectors() == n_vectors
    assert len(embedder.calls) == calls  # nothing was re-embedded


def test_captions_and_removed_text_are_never_indexed(seeded):
    art = seeded.store.article("001_0f58f401bebbf1b7")
    caption = next(s for s in art.sentences if s.kind == "caption")
    assert caption.id not in {h.sentence_id for h in seeded.retriever.search(caption.text, k=50)}
    assert seeded.store.count_vectors() == sum(len(a.body) for a in seeded.store.articles())
    hits = seeded.retriever.search("India jadi Negara dengan Jumlah Penduduk Terbanyak di Dunia", k=50)
    assert not any("India" in h.text for h in hits)


def test_changed_content_replaces_old_vectors(components, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    f = d / "story.txt"
    f.write_text("Judul Lama\n\nHarga beras naik 10 persen di Jakarta. Pedagang mengeluh.\n")
    assert components.ingestor.ingest_paths([d]).added == 1
    f.write_text("Judul Baru\n\nHarga cabai turun 5 persen di Bandung. Petani kecewa. Pembeli senang.\n")
    report = components.ingestor.ingest_paths([d])
    assert report.public() == {"added": 0, "updated": 1, "unchanged": 0, "rejected": []}
    art = components.store.article("story")
    assert art.title == "Judul Baru" and len(art.body) == 3
    assert components.store.count_vectors() == 3
    texts = [h.text for h in components.retriever.search("harga beras cabai", k=10)]
    assert texts and not any("beras" in t for t in texts)


def test_delete_removes_record_and_vectors(seeded):
    before = seeded.store.count_vectors()
    n = len(seeded.store.article("004_d642c6b706a4b43b").body)
    assert seeded.ingestor.delete("004_d642c6b706a4b43b") is True
    assert seeded.store.article("004_d642c6b706a4b43b") is None
    assert seeded.store.count_vectors() == before - n
    assert all(h.article_id != "004_d642c6b706a4b43b" for h in seeded.retriever.search("KCNA Xinhua Kim", k=50))
    assert seeded.ingestor.delete("004_d642c6b706a4b43b") is False


def test_bad_files_are_rejected_with_reasons_and_the_batch_goes_on(components, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPUS / "003_947d3406dd9cb8aa.txt", d)
    (d / "empty.txt").write_text("  \n")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (d / "latin1.txt").write_bytes("Berita tentang Bogotá".encode("latin-1"))
    (d / "big.txt").write_text("kata " * 1000)
    (d / "furniture.txt").write_text("Judul\n\nBaca juga:\nSesuatu\nBagikan Artikel Ini\n")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    components.settings.max_article_bytes = 4000
    components.__dict__.pop("ingestor", None)
    report = components.ingestor.ingest_paths([d, tmp_path / "missing.txt", tmp_path / "x.pdf"])
    reasons = {Path(r.path).name: r.reason for r in report.rejected}
    assert report.added == 1
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"].startswith("binary content")
    assert reasons["latin1.txt"].startswith("not UTF-8")
    assert reasons["big.txt"] == "5000 bytes is over the limit of 4000 bytes"
    assert reasons["furniture.txt"] == "no article text left after cleaning"
    assert reasons["missing.txt"] == "no such file or folder"
    assert reasons["x.pdf"].startswith("unsupported file type .pdf")
    assert [a.id for a in components.store.articles()] == ["003_947d3406dd9cb8aa"]


def test_jsonl_ids_metadata_and_bad_lines(components, tmp_path):
    f = tmp_path / "batch.jsonl"
    rows = [
        {"id": "a-1", "text": "Presiden berkunjung ke Bali. Ia bertemu gubernur.", "outlet": "Antara",
         "published": "2024-05-01", "title": "Kunjungan"},
        {"title": "Banjir di Jakarta", "text": "Banjir melanda Jakarta pada Senin. Ribuan warga mengungsi."},
        {"text": ""},
        {"id": "../etc/passwd", "text": "x y z"},
        {"id": "nul", "text": "Teks\u0000biner di dalam JSON."},  # json.dumps writes \\u0000: no NUL byte
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    assert b"\x00" not in f.read_bytes()
    report = components.ingestor.ingest_paths([f])
    assert report.added == 2
    assert [r.reason.split(":")[0] for r in report.rejected] == [
        "missing or empty `text`", "`id` must be 1-128 characters of letters, digits, '.', '_' or '-'",
        "binary content (NUL bytes), not a text article", "invalid JSON"]
    assert [r.path for r in report.rejected] == [f"{f}:3", f"{f}:4", f"{f}:5", f"{f}:6"]
    ids = sorted(a.id for a in components.store.articles())
    assert ids[0] == "a-1" and ids[1].startswith("banjir-di-jakarta-")
    a1 = components.store.article("a-1")
    assert (a1.outlet, a1.published, a1.title) == ("Antara", "2024-05-01", "Kunjungan")


def test_html_and_markdown_sources(components, tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Site</title><script>var x=1;</script></head><body><h1>Gempa di Palu</h1>"
        "<p>Gempa mengguncang Palu pada Selasa. Warga panik.</p><figure><figcaption>Warga mengungsi"
        "</figcaption></figure><p>Baca juga: Banjir di Medan</p></body></html>")
    (tmp_path / "note.md").write_text("# Pemilu Damai\n\nPemungutan suara berjalan **lancar** di [Jawa](http://x).\n")
    report = components.ingestor.ingest_paths([tmp_path / "page.html", tmp_path / "note.md"])
    assert report.added == 2
    page = components.store.article("page")
    assert page.title == "Gempa di Palu"
    assert [(s.kind, s.text) for s in page.sentences] == [
        ("body", "Gempa mengguncang Palu pada Selasa."), ("body", "Warga panik."), ("caption", "Foto: Warga mengungsi")]
    assert "var x" not in page.to_json() and any(r["reason"] == "read-also link" for r in page.removed)
    note = components.store.article("note")
    assert note.title == "Pemilu Damai" and note.body[0].text == "Pemungutan suara berjalan lancar di Jawa."


def test_story_clusters_group_the_two_ap_retellings(seeded):
    clusters = {a.id: a.cluster for a in seeded.store.articles()}
    assert clusters["002_e5d37d7331889734"] == clusters["003_947d3406dd9cb8aa"] == "002_e5d37d7331889734"
    assert len(set(clusters.values())) == 4
    seeded.ingestor.delete("002_e5d37d7331889734")
    assert seeded.store.article("003_947d3406dd9cb8aa").cluster == "003_947d3406dd9cb8aa"


def test_an_interrupted_write_is_repaired_on_the_next_ingest(components, embedder):
    """Simulate a write killed after its vectors went in but before its record did."""
    store = components.store
    art = build_article("crash", "Judul\n\nKalimat pertama di sini. Kalimat kedua di sana.")
    art.embedder = embedder.model_id
    store._journal.upsert(ids=["crash"], documents=[art.content_hash], embeddings=[[1.0]])
    from newsrag.ingest.nodes import sentence_nodes
    store._vectors.add(sentence_nodes(art, embedder.embed_documents([s.text for s in art.body], ["x"] * 2), 0))
    assert store.count_vectors() == 2 and store.article("crash") is None
    assert components.retriever.search("kalimat pertama", k=5) == []  # orphans are never served
    assert store.repair() == 1
    assert store.count_vectors() == 0
    report = components.ingestor.ingest([LoadedArticle("mem", "crash", "Judul\n\nKalimat pertama di sini. Kalimat kedua di sana.")])
    assert report.added == 1 and store.count_vectors() == 2


def test_put_keeps_old_version_until_the_new_record_is_written(components, embedder):
    store = components.store
    old = build_article("v", "Judul\n\nVersi lama satu. Versi lama dua.")
    store.put(old, embedder.embed_documents([s.text for s in old.body], ["t"] * 2))
    new = build_article("v", "Judul\n\nVersi baru saja.")
    store.put(new, np.asarray(embedder.embed_documents(["Versi baru saja."], ["t"])))
    assert store.count_vectors() == 1
    assert store.article("v").content_hash == new.content_hash
