"""Outlet templates: a line repeated word for word across stories of one outlet is furniture."""

from newsrag.ingest.loaders import LoadedArticle
from newsrag.ingest.templates import REASON, templates_by_outlet

WIDGET = "Klik di sini untuk berlangganan kabar pilihan Warta Kota setiap pagi"


STORIES = [
    ["Harga beras di pasar induk naik sepuluh persen sejak awal bulan.",
     "Pedagang menyebut pasokan dari Jawa Tengah berkurang karena panen mundur.",
     "Dinas perdagangan berjanji menggelar operasi pasar mulai Senin depan."],
    ["Jembatan gantung yang menghubungkan dua desa akhirnya dibuka untuk umum.",
     "Pembangunannya memakan waktu tiga tahun dan biaya delapan miliar rupiah.",
     "Anak sekolah kini tidak perlu menyeberang sungai dengan rakit."],
    ["Banjir rob merendam ratusan rumah nelayan di pesisir utara.",
     "Air laut masuk sejak dini hari dan belum surut hingga sore.",
     "Warga mengungsi ke balai desa sambil menunggu bantuan logistik."],
    ["Festival musik tahunan di alun-alun menarik ribuan penonton muda.",
     "Panitia menghadirkan dua belas grup band dari berbagai daerah.",
     "Pedagang kaki lima mengaku omzet mereka berlipat selama acara."],
]


def _story(i: int, outlet: str = "wartakota.example", widget: str = WIDGET) -> LoadedArticle:
    first, *rest = STORIES[i % 4]
    return LoadedArticle("test", f"story-{i}", "\n".join([first, widget, *rest]), title=f"Kabar {i}", outlet=outlet)


def test_a_line_in_three_stories_of_one_outlet_is_removed_from_all_of_them(components):
    components.ingestor.ingest([_story(0), _story(1)])
    assert all(any(WIDGET == s.text for s in a.body) for a in components.store.articles())  # two: not yet
    components.ingestor.ingest([_story(2)])
    for article in components.store.articles():
        assert not any(WIDGET in s.text for s in article.body), article.id
        assert {"text": WIDGET, "reason": REASON} in article.removed
        assert [s.id for s in article.sentences] == [f"{article.id}:{n}" for n in (1, 3, 4)]  # ids kept
    assert components.store.count_vectors() == 9
    assert not any(WIDGET in h.text for h in components.retriever.search(WIDGET, k=10))


def test_a_fourth_story_is_cleaned_on_arrival_and_reingest_is_unchanged(components):
    components.ingestor.ingest([_story(i) for i in range(3)])
    components.ingestor.ingest([_story(3)])
    assert {"text": WIDGET, "reason": REASON} in components.store.article("story-3").removed
    again = components.ingestor.ingest([_story(i) for i in range(4)])
    assert again.public() == {"added": 0, "updated": 0, "unchanged": 4, "rejected": []}


def test_other_outlets_and_one_story_retold_do_not_make_a_template(components):
    components.ingestor.ingest([_story(0, outlet="a.example"), _story(1, outlet="b.example"),
                                _story(2, outlet="c.example")])
    same = _story(0, outlet="d.example")
    retold = [LoadedArticle("test", f"copy-{i}", same.text, title=same.title, outlet="d.example") for i in range(3)]
    components.ingestor.ingest(retold)
    assert all(WIDGET in " ".join(s.text for s in a.body) for a in components.store.articles())
    assert templates_by_outlet(components.store.articles()) == {}
