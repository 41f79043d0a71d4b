from __future__ import annotations

from newsrag.answer.citations import is_not_found, parse_cited, parse_numbered_lines


def test_markers_after_each_sentence():
    got = parse_cited("The US says 8,000 soldiers are in Russia [1]. China has not commented [2][3].", 3)
    assert [(d.text, d.cited) for d in got] == [
        ("The US says 8,000 soldiers are in Russia.", [1]), ("China has not commented.", [2, 3])]


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    got = parse_cited("Blinken spoke on Thursday. [2] Beijing stayed silent. [4]", 5)
    assert [(d.text, d.cited) for d in got] == [("Blinken spoke on Thursday.", [2]), ("Beijing stayed silent.", [4])]


def test_lists_ranges_and_citations_to_missing_evidence():
    (d,) = parse_cited("Both said so [1, 2-3, 9].", 4)
    assert d.cited == [1, 2, 3] and d.invalid == [9]


def test_a_sentence_that_only_says_where_the_one_before_comes_from_cites_it():
    """The model's other way of citing (external-qa rail-finmin, hep-deaths): the numbers go to the
    sentence before, and the citing sentence is not a claim."""
    got = parse_cited("The minister was Purbaya Yudhi Sadewa. This can be seen in evidence points [4], [5], "
                      "and [6].", 6)
    assert [(d.text, d.cited) for d in got] == [("The minister was Purbaya Yudhi Sadewa.", [4, 5, 6])]
    got = parse_cited("Hepatitis killed 1.34 million people in 2015. This information can be found in evidence "
                      "sentences 1 and 2. It also said more [3].", 3)
    assert [(d.text, d.cited) for d in got] == [("Hepatitis killed 1.34 million people in 2015.", [1, 2]),
                                                ("It also said more.", [3])]


def test_a_sentence_about_the_evidence_without_numbers_is_left_as_it_is():
    got = parse_cited("Hepatitis killed 1.34 million people [1]. This information can be found.", 3)
    assert [(d.text, d.cited) for d in got] == [("Hepatitis killed 1.34 million people.", [1]),
                                                ("This information can be found.", [])]


def test_uncited_sentence_and_not_found():
    (d,) = parse_cited("The talks were strong.", 3)
    assert d.cited == [] and d.invalid == []
    assert is_not_found("NOT_FOUND") and is_not_found("not found") and not is_not_found("Found it [1].")


def test_numbered_summary_lines_first_wins_and_out_of_range_is_ignored():
    out = "Here is the summary:\n[1] First line.\n2. Second line [2].\n[2] Again.\n[7] Extra.\n[3]"
    assert parse_numbered_lines(out, 3) == {1: "First line.", 2: "Second line."}
