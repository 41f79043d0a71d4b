"""Generator plumbing that needs no model: the OpenAI backend's server-sent-events reader, the llama.cpp
backend's callback stream, the OpenVINO backend's streamer."""

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


def engine(pieces, *, fail_after=None, delay=0.0):
    """A callback-streaming engine call like xllamacpp's: it hands chunks to the callback and ends
    decoding when the callback answers True. Records how many chunks it decoded."""
    import time

    decoded = []

    def call(on_chunk):
        for n, piece in enumerate(pieces):
            if fail_after is not None and n == fail_after:
                raise RuntimeError("boom")
            time.sleep(delay)
            decoded.append(piece)
            if on_chunk({"choices": [{"delta": {"content": piece}}]}):
                return
    return call, decoded


def test_an_engine_s_callback_chunks_come_in_order_and_its_errors_surface():
    from newsrag.backends.generator import _chunks_of

    call, _ = engine(["a", "b", "c"])
    assert [c["choices"][0]["delta"]["content"] for c in _chunks_of(call)] == ["a", "b", "c"]
    call, _ = engine(["a", "b"], fail_after=1)
    chunks = _chunks_of(call)
    assert next(chunks)["choices"][0]["delta"]["content"] == "a"
    with pytest.raises(GeneratorError, match="boom"):
        next(chunks)


def test_a_consumer_that_leaves_stops_the_engine_at_its_next_token_and_waits_for_it():
    from newsrag.backends.generator import _chunks_of

    call, decoded = engine([str(i) for i in range(1000)], delay=0.01)  # 10 s if nobody stops it
    chunks = _chunks_of(call)
    next(chunks)
    chunks.close()  # the consumer goes away; close() returns once the engine call has
    stopped_at = len(decoded)
    assert stopped_at < 100
    import time

    time.sleep(0.1)
    assert len(decoded) == stopped_at  # nothing decoded after close() returned


def test_the_llama_cpp_backend_reads_text_usage_and_errors_from_chunks():
    from newsrag.backends.generator import LlamaCppGenerator

    g = object.__new__(LlamaCppGenerator)  # no engine: only the chunk reading
    assert g._piece({"choices": [{"delta": {"role": "assistant", "content": None}}]}) is None
    assert g._piece({"choices": [{"delta": {"content": "Hal"}}]}) == "Hal"
    assert g._piece({"choices": [], "usage": {"completion_tokens": 7}, "timings": {"predicted_n": 7}}) is None
    assert g.last_new_tokens == 7 and g.last_timings == {"predicted_n": 7}
    with pytest.raises(GeneratorError, match="exceeds the available context"):
        g._piece({"error": {"code": 400, "message": "request (5030 tokens) exceeds the available context size"}})


def test_a_stop_condition_ends_every_generation_on_its_thread_and_closes_the_model_s_stream():
    from newsrag.backends.generator import Cancelled, Message, complete, stop_when, streaming

    from .fakes import ScriptedGenerator

    generator = ScriptedGenerator("one two three four", "one two")
    said: list[str] = []
    with stop_when(lambda: "the client went away" if len(said) >= 2 else None):
        with pytest.raises(Cancelled, match="the client went away"):
            with streaming(generator, [Message("user", "q")], max_tokens=9) as pieces:
                for piece in pieces:
                    said.append(piece)
    assert said == ["one ", "two "] and generator.abandoned == 1
    assert complete(generator, [Message("user", "q")], max_tokens=9) == "one two "  # outside: not stopped


class _Pipeline:
    """openvino-genai's LLMPipeline as the OpenVINO backend calls it: `generate(history, config,
    streamer)` hands text to the streamer and ends when it answers CANCEL. Records what it was given."""

    def __init__(self, pieces, delay=0.0):
        self.pieces, self.delay, self.calls, self.decoded = pieces, delay, [], []

    def generate(self, history, config, streamer):
        import time

        import openvino_genai

        self.calls.append((history, config))
        for piece in self.pieces:
            time.sleep(self.delay)
            self.decoded.append(piece)
            if streamer(piece) == openvino_genai.StreamingStatus.CANCEL:
                break

        class Metrics:
            @staticmethod
            def get_num_generated_tokens():
                return len(self.decoded)

        return type("Result", (), {"perf_metrics": Metrics})()


def test_the_openvino_backend_sends_the_chat_greedy_and_stops_its_pipeline_when_its_reader_leaves():
    from newsrag.backends.generator import Message, OpenVINOGenerator, complete

    g = object.__new__(OpenVINOGenerator)  # no model: only the pipeline wiring
    g.repetition_penalty, g.last_new_tokens = 1.1, 0
    g._pipe = _Pipeline(["Jakarta", "", " is", " on Java."])
    chat = [Message("system", "Answer briefly."), Message("user", "Which island is Jakarta on?")]
    assert complete(g, chat, max_tokens=24) == "Jakarta is on Java." and g.last_new_tokens == 4
    history, config = g._pipe.calls[0]
    assert [(m["role"], m["content"]) for m in history.get_messages()] == [(m.role, m.content) for m in chat]
    assert (config.max_new_tokens, config.do_sample, round(config.repetition_penalty, 3)) == (24, False, 1.1)

    g._pipe = _Pipeline([f"{n}\n" for n in range(1000)], delay=0.01)  # 10 s if nobody stops it
    pieces = g.stream(chat, max_tokens=1000)
    assert next(pieces) == "0\n"
    pieces.close()  # returns once the pipeline has stopped
    assert len(g._pipe.decoded) < 100 and g.last_new_tokens == len(g._pipe.decoded)


# -- which local engine "auto" picks -----------------------------------------------------------------
AVX512_CPUINFO = ("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw "
                  "avx512_vnni\n\nprocessor\t: 1\nflags\t\t: fpu sse2 avx avx2 fma avx512f\n")
AVX2_CPUINFO = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx f16c bmi1 avx2 bmi2 sha_ni\n"


def test_the_cpu_flags_are_the_first_processor_s(tmp_path):
    from newsrag.cpu import cpu_flags

    (info := tmp_path / "cpuinfo").write_text(AVX512_CPUINFO)
    assert cpu_flags(info) == {"fpu", "sse2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni"}
    assert cpu_flags(tmp_path / "absent") == frozenset()  # not Linux: no flags


@pytest.mark.parametrize(("cpuinfo", "engine"),
                         [(AVX512_CPUINFO, "openvino"), (AVX2_CPUINFO, "llamacpp"), (None, "llamacpp")])
def test_auto_is_openvino_with_avx512_and_llama_cpp_elsewhere(tmp_path, monkeypatch, cpuinfo, engine):
    import newsrag.cpu
    from newsrag.settings import Settings

    info = tmp_path / "cpuinfo"
    if cpuinfo is not None:
        info.write_text(cpuinfo)
    monkeypatch.setattr(newsrag.cpu, "CPUINFO", info)
    monkeypatch.delenv("NEWSRAG_GENERATOR", raising=False)
    assert Settings().generator == Settings(generator="auto").generator == engine
    monkeypatch.setenv("NEWSRAG_GENERATOR", "auto")
    assert Settings().generator == engine
    # A named engine is taken as named, whatever the CPU.
    assert Settings(generator="transformers").generator == "transformers"
