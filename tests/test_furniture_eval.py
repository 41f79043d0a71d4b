"""The furniture suite's pure parts: where a labelled line ended up, and removal precision/recall."""

from newsrag.eval.furniture import line_fate, removal_scores

BODY = "Bank Indonesia menahan BI-Rate di 5,75 persen. Inflasi terjaga."


def test_a_line_is_found_in_the_body_even_after_its_dateline_was_trimmed():
    assert line_fate("JAKARTA, KOMPAS.com - Bank Indonesia menahan BI-Rate di 5,75 persen.", BODY, "") == "body"
    assert line_fate("Inflasi terjaga.", BODY, "") == "body"


def test_a_short_line_must_be_found_whole_and_captions_are_their_own_fate():
    assert line_fate("(rdp/eds)", BODY, "") == "removed"
    assert line_fate("Foto: Gedung Bank Indonesia di Jakarta", BODY, "Foto: Gedung Bank Indonesia di Jakarta") == "caption"


def test_removal_scores_count_body_lost_and_furniture_missed():
    pairs = [("furniture", "removed"), ("furniture", "body"), ("body", "removed"), ("body", "body"),
             ("caption", "caption")]
    s = removal_scores(pairs)
    assert s["removal_precision"] == 0.5 and s["removal_recall"] == 0.5 and s["body_lines_lost"] == 1
    assert s["captions_kept_as_caption"] == s["captions"] == 1
    assert removal_scores([("body", "body")])["removal_precision"] is None
