import numpy as np

from newsrag.ingest import dedup
from newsrag.ingest.article import Article, Sentence
from newsrag.retrieve.bm25 import BM25Index
from newsrag.retrieve.hybrid import Hit, rrf
from newsrag.retrieve.window import sentence_window
from newsrag.text import tokens


def test_rrf_rewards_agreement_and_respects_weights():
    fused = rrf([["a", "b", "c"], ["b", "c", "d"]])
    assert [x for x, _ in fused] == ["b", "c", "a", "d"]
    assert fused[0][1] == 1 / 62 + 1 / 61
    weighted = rrf([["a"], ["b"]], weights=[2.0, 1.0])
    assert [x for x, _ in weighted] == ["a", "b"]
    assert rrf([]) == []


def test_bm25_ranks_rare_matching_terms_first_and_masks():
    docs = [tokens(t) for t in [
        "AS mengatakan 8.000 tentara Korea Utara berada di Rusia",
        "Korea Utara dan China menegaskan aliansi",
        "Korea Utara Korea Utara Korea Utara",
        "Harga beras naik",
    ]]
    idx = BM25Index(docs)
    top = idx.top(tokens("8,000 North Korean soldiers"), k=3)
    assert top[0][0] == 0
    assert all(s > 0 for _, s in top) and 3 not in [i for i, _ in top]
    masked = idx.top(tokens("8,000 North Korean soldiers"), k=3, mask=np.array([False, True, True, True]))
    assert 0 not in [i for i, _ in masked]
    assert idx.top(tokens("tidak ada"), k=3) == []
    assert BM25Index([]).top(["x"], k=3) == []


def test_minhash_containment_tracks_exact_overlap():
    base = " ".join(f"kata{i}" for i in range(400))
    half = " ".join(f"kata{i}" for i in range(200)) + " " + " ".join(f"lain{i}" for i in range(200))
    other = " ".join(f"lain{i}" for i in range(400))
    a, b, c = dedup.signature(base), dedup.signature(half), dedup.signature(other)
    assert abs(dedup.containment(a, b) - 0.5) < 0.12
    assert dedup.containment(a, c) < 0.05
    assert dedup.containment(a, dedup.signature(base)) == 1.0
    assert dedup.signature("") == [0] and dedup.containment([0], a) == 0.0


def test_clusters_group_retellings_transitively():
    base = " ".join(f"kata{i}" for i in range(300))
    sigs = {
        "b": dedup.signature(base),
        "a": dedup.signature(base + " tambahan " * 3),
        "c": dedup.signature(" ".join(f"lain{i}" for i in range(300))),
        "e": [0],
    }
    assert dedup.clusters(sigs) == {"a": "a", "b": "a", "c": "c", "e": "e"}


# -- the sentence window -------------------------------------------------------------------------------
def _article(aid: str, n: int) -> Article:
    """An article of n body sentences "aid:1".."aid:n", with a caption after the second (captions are
    never evidence, so never a neighbour)."""
    sentences = [Sentence(f"{aid}:{i}", f"{aid} sentence {i}.", "body") for i in range(1, n + 1)]
    sentences.insert(2, Sentence(f"{aid}:c", "A caption.", "caption"))
    return Article(aid, None, None, None, None, "id", None, sentences, [], "hash")


def _hit(sentence_id: str) -> Hit:
    return Hit(sentence_id.split(":")[0], sentence_id, f"{sentence_id.replace(':', ' sentence ')}.", 1.0)


ARTICLES = {"a": _article("a", 8), "b": _article("b", 3)}


def _shown(hits: list[str], width: int) -> list[tuple[str, bool]]:
    return [(s.sentence_id, s.hit is not None) for s in sentence_window([_hit(h) for h in hits], ARTICLES, width)]


def test_a_window_of_zero_is_the_hits_in_rank_order():
    assert _shown(["a:5", "b:2", "a:4"], 0) == [("a:5", True), ("b:2", True), ("a:4", True)]


def test_a_window_shows_the_neighbours_in_reading_order_within_the_article():
    assert _shown(["a:5", "b:1"], 1) == [("a:4", False), ("a:5", True), ("a:6", False), ("b:1", True), ("b:2", False)]
    # The caption between a:2 and a:3 is skipped: the body sentence before a:3 is a:2.
    assert _shown(["a:3"], 1) == [("a:2", False), ("a:3", True), ("a:4", False)]
    assert _shown(["a:8"], 2) == [("a:6", False), ("a:7", False), ("a:8", True)]


def test_overlapping_windows_merge_at_the_best_hits_place_and_a_neighbour_that_is_a_hit_says_so():
    assert _shown(["b:2", "a:2", "a:4"], 1) == [
        ("b:1", False), ("b:2", True), ("b:3", False),
        ("a:1", False), ("a:2", True), ("a:3", False), ("a:4", True), ("a:5", False)]
    # a:7 joins no passage until a:5's window bridges it to a:3's.
    assert [s for s, _ in _shown(["a:3", "a:7", "a:5"], 1)] == [f"a:{i}" for i in range(2, 9)]


def test_a_hit_whose_article_changed_since_the_search_is_shown_alone():
    assert _shown(["a:99", "c:1"], 1) == [("a:99", True), ("c:1", True)]
    shown = sentence_window([_hit("a:4"), _hit("a:5")], ARTICLES, 1)
    assert shown[1].follows(shown[0]) and not shown[0].follows(shown[1])
