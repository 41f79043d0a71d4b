import numpy as np

from newsrag.ingest import dedup
from newsrag.retrieve.bm25 import BM25Index
from newsrag.retrieve.hybrid import rrf
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
