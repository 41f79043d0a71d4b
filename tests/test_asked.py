"""Does a verified sentence say what the question asks for (`answer.asked`)?"""

from __future__ import annotations

import pytest

from newsrag.answer.asked import says_what_is_asked

SONG_TAO = "Who met North Korea's ambassador to China, Ri Ryong Nam, in Beijing?"


@pytest.mark.parametrize(("question", "sentence", "says"), [
    # seed-qa song-tao: faithful, verified, and names nobody the question does not
    (SONG_TAO, "The meeting between North Korea's ambassador to China, Ri Ryong Nam, took place in Beijing "
               "on Monday (22/3).", False),
    (SONG_TAO, "Senior Chinese diplomat Song Tao met North Korea's ambassador Ri Ryong Nam in Beijing.", True),
    ("How many North Korean soldiers does the US say are in Russia?", "The US says North Korean soldiers are "
                                                                       "in Russia.", False),
    ("How many North Korean soldiers does the US say are in Russia?", "The US says 8,000 are in Russia.", True),
    # the question's own year is no answer to how many
    ("How many soldiers were in Russia in 2024?", "There were soldiers in Russia in 2024.", False),
    ("When did Putin meet Kim?", "Putin met Kim on Tuesday.", True),
    ("When did Putin meet Kim?", "Putin met Kim at a spaceport.", False),
    # a rate answers "where does the consensus see it": the one such question of the committed runs
    ("Where does the market consensus see Bank Indonesia's rate?", "The consensus sees it at 5.25%.", True),
    ("According to the minister, which countries does the scrap come from?", "It comes from China.", True),
    ("According to the minister, which countries does the scrap come from?", "It comes from abroad.", False),
    ("Berapa tentara Korea Utara yang menurut AS berada di Rusia?", "The US says 8,000 are in Russia.", True),
    ("Siapa yang bertemu Ri Ryong Nam?", "Ri Ryong Nam met someone in Beijing.", True),  # Beijing is new
    ("Siapa yang bertemu Ri Ryong Nam di Beijing?", "Ri Ryong Nam met someone in Beijing.", False),
    # questions whose answer has no visible form are answered by any verified sentence
    ("What did China say about the Ukraine crisis?", "China said its position is clear.", True),
    ("Why did Bank Indonesia cut its rate?", "Inflation was low.", True),
])
def test_a_sentence_says_what_is_asked_only_with_something_the_question_lacks(question, sentence, says):
    assert says_what_is_asked(question, sentence) is says
