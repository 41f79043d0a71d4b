"""Slow tier: the real transformers generator stops decoding when its reader leaves."""

from __future__ import annotations

import threading

import pytest

from newsrag.backends.generator import Message, complete

pytestmark = pytest.mark.slow
COUNTING = [Message("user", "Count from 1 to 300, one number per line, and nothing else.")]


def test_a_closed_stream_stops_the_model_within_a_few_tokens(real_models):
    generator = real_models.generator
    assert complete(generator, COUNTING, max_tokens=6) and generator.last_new_tokens == 6  # the counter is real
    generator.last_new_tokens = 0
    pieces = generator.stream(COUNTING, max_tokens=400)  # about 3 minutes of decoding if nothing stops it
    assert [next(pieces) for _ in range(3)]
    pieces.close()  # what the answer pipeline does when a client goes away
    for decoder in [t for t in threading.enumerate() if t.name == "newsrag-decode"]:
        decoder.join(600)
    assert 0 < generator.last_new_tokens < 20, generator.last_new_tokens
