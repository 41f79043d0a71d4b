"""Generator plumbing that needs no model: the server-sent-events reader of the OpenAI backend."""

from __future__ import annotations

import pytest

from service.backends.generator import _DONE, GeneratorError, _sse_piece


def test_sse_lines():
    assert _sse_piece('data: {"choices":[{"delta":{"content":"Hal"}}]}') == "Hal"
    assert _sse_piece('data: {"choices":[{"delta":{"role":"assistant"}}]}') is None
    assert _sse_piece("data: [DONE]") is _DONE
    assert _sse_piece(": keep-alive") is None and _sse_piece("") is None
    with pytest.raises(GeneratorError, match="malformed"):
        _sse_piece("data: {not json")
