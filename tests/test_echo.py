"""Cutting a trailing phrase that only repeats the question (`answer.echo`)."""

from newsrag.answer.echo import echo_trimmed

ASKED = "Who is the Phillip Nova analyst quoted on oil prices after the Fed decision?"
SAID = "Priyanka Sachdeva, a senior analyst at Phillip Nova, was quoted on oil prices after the Fed decision."


def test_only_a_phrase_of_time_or_source_is_cut_and_never_across_a_comma():
    assert echo_trimmed(SAID, ASKED) == [
        ("Priyanka Sachdeva, a senior analyst at Phillip Nova, was quoted on oil prices.", "after the Fed decision")]
    assert echo_trimmed("The Fed cut rates after the meeting, after the Fed decision.", ASKED) == [
        ("The Fed cut rates after the meeting.", "after the Fed decision")]


def test_what_the_question_is_about_is_never_cut():
    assert echo_trimmed("8,000 soldiers were sent to help Russia by China.",
                        "How many soldiers did China send to help Russia?") == []
    assert echo_trimmed("Jonatan Christie will face Lin Dan in the second round of the 2017 Australian Open.",
                        "Whom will Jonatan Christie face in the second round of the 2017 Australian Open?") == []


def test_an_attribution_the_question_gave_is_cut():
    assert echo_trimmed("The Redmi 5A sells for Rp 1.3 million in China according to DailySocial.",
                        "What is the Redmi 5A's price in China, according to DailySocial?")[0] == (
        "The Redmi 5A sells for Rp 1.3 million in China.", "according to DailySocial")


def test_words_the_question_did_not_use_are_never_cut():
    assert echo_trimmed("Priyanka Sachdeva was quoted on oil prices after the OPEC meeting.", ASKED) == []


def test_a_denial_a_hedge_or_an_attribution_is_never_cut_nor_left_dangling():
    assert echo_trimmed("The Fed cut rates before September and not after the October meeting.",
                        "Did the Fed cut rates before September and not after the October meeting?") == []
    assert echo_trimmed("The Fed cut rates by a quarter point, officials said after the meeting.",
                        "What did officials say the Fed did after the meeting?") == [
        ("The Fed cut rates by a quarter point, officials said.", "after the meeting")]
    assert echo_trimmed("The Fed may cut rates again after the October meeting.",
                        "Will the Fed cut rates again after the October meeting?") == [
        ("The Fed may cut rates again.", "after the October meeting")]  # the hedge stays in the head


def test_no_question_or_too_short_a_head_cuts_nothing():
    assert echo_trimmed(SAID, "") == []
    assert echo_trimmed("Sachdeva spoke after the Fed decision.", ASKED) == []
