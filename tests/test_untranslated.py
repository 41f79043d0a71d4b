"""Indonesian words left in English output: the detector, its shipped word list, and what the
answer and summary paths do with a sentence that keeps them."""

from __future__ import annotations

from newsrag.answer.untranslated import (
    INDONESIAN_WORDS,
    build_word_list,
    english_dictionary,
    indonesian_words,
    untranslated,
)
from newsrag.resources import shipped

from .fakes import numbered
from .helpers import A003, GOOD, QUESTION, TRAINDATA, TROOPS_ID, evidence_number

CO2 = ("Konsentrasi CO2 di atmosfer mencapai sekitar 423,9 ppm pada 2024, sementara limusin Aurus dan kapal "
       "bandar antariksa tidak disebut.")


def test_the_shipped_word_list_is_what_the_training_text_builds():
    assert shipped(*INDONESIAN_WORDS).read_text(encoding="utf-8").split() == build_word_list(TRAINDATA, english_dictionary())


def test_copied_indonesian_words_are_found_in_the_order_written():
    text = "The total konsentrasi CO2 in atmosfer mencapai sekitar 423.9 ppm pada 2024, by a limusin."
    # "limusin" is missed: the training text never writes it, so it is not on the list.
    assert untranslated(text, [CO2]) == ["konsentrasi", "atmosfer", "mencapai", "sekitar", "pada"]


def test_a_unit_both_languages_write_is_not_untranslated():
    # external-qa co2-total: this faithful sentence was held back for its "ppm" (eval/vetoes-2026-12-07)
    assert untranslated("The total CO2 concentration in 2024 was 423.9 ppm, 152% above pre-industrial levels.",
                        [CO2]) == []
    assert "ppm" not in indonesian_words()


def test_names_english_words_and_words_the_source_lacks_are_not_untranslated():
    assert untranslated("Aurus made the limousine, and a spaceport opened.", [CO2]) == []  # a name; translated
    assert untranslated("The total data on durian exports is in.", ["Total data ekspor durian sudah masuk."]) == []
    assert untranslated("The soldiers (tentara) marched.", ["Pasukan berbaris."]) == []  # not copied from it
    assert "tentara" in indonesian_words() and "durian" not in indonesian_words()


def test_an_answer_that_keeps_an_indonesian_word_goes_to_the_literal_attempt(answering, generator):
    kept = GOOD.replace("soldiers", "tentara")
    generator.replies.append(lambda m: f"{kept} [{evidence_number(m, '8.000 tentara')}].")
    generator.replies.append(lambda m: f"[{evidence_number(m, '8.000 tentara')}]")
    generator.replies.append(GOOD + ".")  # the literal rendering translates it
    doc = answering.answerer.ask(QUESTION).public()
    first, literal = doc["sentences"]
    assert not first["verified"] and first["note"].startswith(
        "untranslated: the English keeps the Indonesian word 'tentara' of its source")
    assert literal["verified"] and doc["answer"] == f"{GOOD}." and doc["attempt"] == "literal"


def test_a_literal_rendering_that_keeps_an_indonesian_word_stands_with_a_note(answering, generator):
    kept = GOOD.replace("soldiers", "tentara")
    generator.replies.extend([lambda m: f"{kept} [{evidence_number(m, '8.000 tentara')}].",
                              lambda m: f"[{evidence_number(m, '8.000 tentara')}]", kept + "."])
    doc = answering.answerer.ask(QUESTION).public()
    literal = doc["sentences"][1]
    assert literal["verified"] and doc["answer"] == f"{kept}."
    assert "keeps the Indonesian word 'tentara' of its source untranslated" in literal["note"]


def test_an_answer_held_back_for_its_words_stands_when_its_literal_rendering_fails(answering, generator):
    kept = GOOD.replace("soldiers", "tentara")
    generator.replies.extend([lambda m: f"{kept} [{evidence_number(m, '8.000 tentara')}].",
                              lambda m: f"[{evidence_number(m, '8.000 tentara')}]",
                              "China sent 8,000 soldiers to Russia."])  # a literal rendering that fails
    doc = answering.answerer.ask(QUESTION).public()
    first, literal = doc["sentences"]
    assert not literal["verified"]
    assert first["verified"] and not doc["abstained"] and doc["answer"] == f"{kept}." and doc["attempt"] == "first"
    assert first["note"].startswith("untranslated: the English keeps the Indonesian word 'tentara' of its source; "
                                    "its literal rendering did not verify, so it stands")
    assert "held_back" not in first


KEPT = ("The US and South Korea asked China to use pengaruhnya on Russia and North Korea to stop eskalasi after "
        "Pyongyang sent ribuan tentara to Russia.")
RENDERED = ("The US and South Korea asked China to use its influence on Russia and North Korea to stop escalation "
            "after Pyongyang sent thousands of soldiers to Russia.")


def test_a_summary_line_that_keeps_indonesian_words_is_rendered_literally(answering, generator):
    def first_line_keeps_words(messages):
        lines = numbered(messages)
        assert "mengirim ribuan tentara" in lines[1]  # 003's first sentence, glossed
        return "\n".join(f"[{n}] {KEPT if n == 1 else t}" for n, t in lines.items())

    generator.replies.extend([first_line_keeps_words, RENDERED])
    doc = answering.summarizer.summarize(answering.store.article(A003)).public()
    first = doc["sentences"][0]
    assert first["verified"] and first["text"] == RENDERED and "rendered literally" in first["note"]
    assert "untranslated: the English keeps the Indonesian words 'pengaruhnya', 'ribuan', 'tentara'" \
        in first["note"]
    assert len(generator.calls) == 2  # the summary, then one literal rendering


def test_a_summary_line_held_back_for_its_words_stands_when_its_literal_rendering_fails(answering, generator):
    def first_line_keeps_words(messages):
        return "\n".join(f"[{n}] {KEPT if n == 1 else t}" for n, t in numbered(messages).items())

    generator.replies.extend([first_line_keeps_words, "The weather in Jakarta was sunny."])
    doc = answering.summarizer.summarize(answering.store.article(A003)).public()
    first = doc["sentences"][0]
    assert first["verified"] and first["text"] == KEPT
    assert "its literal rendering did not verify, so it stands" in first["note"]
