"""Slow tier: each local engine (llama.cpp, the default, and transformers) stops decoding when its
reader leaves, and both read the same greedy chat."""

from __future__ import annotations

import threading

import pytest

from newsrag.backends.generator import Message, complete
from newsrag.components import real_generator

pytestmark = pytest.mark.slow
COUNTING = [Message("user", "Count from 1 to 300, one number per line, and nothing else.")]


@pytest.fixture(scope="module", params=["llamacpp", "transformers"])
def engine(request, real_models):
    if request.param == real_models.settings.generator:
        return real_models.generator  # the session's, already loaded
    return real_generator(real_models.settings.model_copy(update={"generator": request.param}))


def test_a_closed_stream_stops_the_model_within_a_few_tokens(engine):
    assert complete(engine, COUNTING, max_tokens=6) and engine.last_new_tokens == 6  # the counter is real
    pieces = engine.stream(COUNTING, max_tokens=400)  # minutes of decoding if nothing stops it
    assert [next(pieces) for _ in range(3)]
    pieces.close()  # what the answer pipeline does when a client goes away
    assert not [t for t in threading.enumerate() if t.name == "newsrag-decode"]  # close() waited for it
    assert 0 < engine.last_new_tokens < 20, engine.last_new_tokens


def test_greedy_decoding_gives_the_same_text_twice(engine):
    """What the eval and the pinned slow tests rely on: a prompt cache (llama.cpp) does not change
    the answer."""
    chat = [Message("system", "Answer in one short sentence."), Message("user", "What is the capital of Indonesia?")]
    first = complete(engine, chat, max_tokens=24)
    assert "Jakarta" in first and complete(engine, chat, max_tokens=24) == first
