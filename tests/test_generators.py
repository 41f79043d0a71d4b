"""Generator plumbing that needs no model: the server-sent-events reader of the OpenAI backend."""

from __future__ import annotations

import pytest

from newsrag.backends.generator import _DONE, GeneratorError, _sse_piece


def test_sse_lines():
    assert _sse_piece('data: {"choices":[{"delta":{"content":"Hal"}}]}') == "Hal"
    assert _sse_piece('data: {"choices":[{"delta":{"role":"assistant"}}]}') is None
    assert _sse_piece("data: [DONE]") is _DONE
    assert _sse_piece(": keep-alive") is None and _sse_piece("") is None
    with pytest.raises(GeneratorError, match="malformed"):
        _sse_piece("data: {not json")


def test_decoding_ahead_yields_everything_in_order_and_surfaces_errors():
    from newsrag.backends.generator import _ahead

    assert list(_ahead(iter(["a", "b", "c"]))) == ["a", "b", "c"]

    def failing():
        yield "a"
        raise RuntimeError("boom")

    pieces = _ahead(failing())
    assert next(pieces) == "a"
    with pytest.raises(GeneratorError, match="boom"):
        next(pieces)


def test_decoding_ahead_stops_the_producer_when_the_consumer_leaves():
    import threading
    import time

    from newsrag.backends.generator import _ahead

    produced, done = [], threading.Event()

    def slow():  # 10 s if nobody stops it
        try:
            for i in range(1000):
                time.sleep(0.01)
                produced.append(i)
                yield str(i)
        finally:
            done.set()

    pieces = _ahead(slow())
    assert next(pieces) == "0"
    pieces.close()  # the consumer goes away
    assert done.wait(5) and len(produced) < 100
