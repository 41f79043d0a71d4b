"""Every shipped prompt renders with the variables its pipeline passes, and nothing else."""

from __future__ import annotations

import shutil

import pytest

from newsrag.prompts import PromptError, available, load_prompt
from newsrag.resources import shipped

VARIABLES = {
    "answer": ({"language": "English", "max_sentences": 3},
               {"question": "Berapa tentara?", "language": "English",
                "evidence": [{"n": 1, "text": "AS mengatakan 8.000 tentara.", "glossed": "US mengatakan 8.000 tentara.",
                              "outlet": "GenPI.co", "published": None}]}),
    "summary": ({"source_language": "Indonesian"},
                {"title": "Judul", "outlet": None, "published": None,
                 "sentences": [{"n": 1, "text": "Kalimat pertama."}, {"n": 2, "text": "Kalimat kedua."}]}),
    "literal": ({"source_language": "Indonesian"}, {"sentence": "Beijing sejauh ini tetap bungkam."}),
    "pick": ({}, {"evidence": [{"n": 1, "text": "AS mengatakan 8.000 tentara.", "glossed": "US mengatakan 8.000 tentara.",
                                "outlet": "GenPI.co", "published": None}],
                  "question": "Berapa tentara?"}),
}


def test_every_task_folder_is_covered():
    assert {task for task, _ in available()} == set(VARIABLES)


@pytest.mark.parametrize(("task", "version"), available())
def test_every_template_renders(task, version):
    prompt = load_prompt(task, version)
    system, user = VARIABLES[task]
    messages = prompt.render(system, user)
    assert [m.role for m in messages] == ["system", "user"]
    assert all(m.content and "{{" not in m.content and "{%" not in m.content for m in messages)
    # The article text goes in the user turn as data; the system turn never carries it.
    for value in ("8.000 tentara", "Kalimat kedua", "tetap bungkam"):
        assert value not in messages[0].content
    assert prompt.id.startswith(f"{task}/{version}@") and len(prompt.id.split("@")[1]) == 8


@pytest.mark.parametrize(("task", "version"), available())
def test_a_missing_variable_is_an_error_not_an_empty_string(task, version):
    system, user = VARIABLES[task]
    with pytest.raises(PromptError):
        load_prompt(task, version).render(system, {k: v for k, v in list(user.items())[1:]})


def test_editing_a_template_changes_the_recorded_version(tmp_path):
    shutil.copytree(shipped("prompts"), tmp_path / "prompts")
    before = load_prompt("answer", "v1", tmp_path / "prompts").id
    path = tmp_path / "prompts" / "answer" / "v1" / "system.j2"
    path.write_text(path.read_text() + "\nOne more rule.")
    assert load_prompt("answer", "v1", tmp_path / "prompts").id != before


def test_a_missing_template_says_which(tmp_path):
    with pytest.raises(PromptError, match="missing"):
        load_prompt("answer", "v9", tmp_path)
