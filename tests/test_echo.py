"""Cutting a trailing phrase that only repeats the question (`answer.echo`)."""

from newsrag.answer.echo import echo_trimmed

ASKED = "Who is the Phillip Nova analyst quoted on oil prices after the Fed decision?"
SAID = "Priyanka Sachdeva, a senior analyst at Phillip Nova, was quoted on oil prices after the Fed decision."


def test_the_shortest_echo_is_offered_first_and_no_cut_spans_a_comma():
    assert echo_trimmed(SAID, ASKED) == [
        ("Priyanka Sachdeva, a senior analyst at Phillip Nova, was quoted on oil prices.", "after the Fed decision"),
        ("Priyanka Sachdeva, a senior analyst at Phillip Nova, was quoted.", "on oil prices after the Fed decision"),
    ]


def test_an_attribution_the_question_gave_is_cut():
    assert echo_trimmed("The Redmi 5A sells for Rp 1.3 million in China according to DailySocial.",
                        "What is the Redmi 5A's price in China, according to DailySocial?")[0] == (
        "The Redmi 5A sells for Rp 1.3 million in China.", "according to DailySocial")


def test_words_the_question_did_not_use_are_never_cut():
    assert echo_trimmed("Priyanka Sachdeva was quoted on oil prices after the OPEC meeting.", ASKED) == []


def test_a_denial_a_hedge_or_an_attribution_is_never_cut_nor_left_dangling():
    assert echo_trimmed("The Fed cut rates in September and not in October.",
                        "Did the Fed cut rates in September and not in October?") == []
    assert echo_trimmed("The Fed cut rates by a quarter point, officials said in September.",
                        "What did officials say the Fed did in September?") == [
        ("The Fed cut rates by a quarter point, officials said.", "in September")]
    assert echo_trimmed("The Fed may cut rates again in October.", "Will the Fed cut rates again in October?") == [
        ("The Fed may cut rates again.", "in October")]  # the hedge stays in the head


def test_no_question_or_too_short_a_head_cuts_nothing():
    assert echo_trimmed(SAID, "") == []
    assert echo_trimmed("Sachdeva spoke after the Fed decision.", ASKED) == []
