"""Generation: the service path (HTTP `/v1/ask`, streamed) against the bare engine on the same
prompt, and time to first token and total time for fixed seed questions.

The bare engine is the backend's own library called directly on the same loaded model with the same
messages and settings: `model.generate` with a streamer for transformers, the embedded llama.cpp
server's `handle_chat_completions` for llama.cpp. The service path's messages are recorded on the way
in, so both get the identical prompt, and greedy decoding gives both the identical tokens.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsrag.backends.generator import (Generator, LlamaCppGenerator, Message, OpenVINOGenerator, TransformersGenerator,
                                       chunk_text)

from .stats import decode_rate


@dataclass
class Run:
    """One generation, timed from the request: when each piece of text arrived."""

    started: float
    pieces: list[tuple[float, str]] = field(default_factory=list)
    ended: float = 0.0
    tokens: int | None = None  # new tokens, as the engine counted them
    cached_prompt_tokens: int | None = None  # prompt tokens llama.cpp took from its cache

    @property
    def text(self) -> str:
        return "".join(p for _, p in self.pieces)

    def figures(self) -> dict[str, Any]:
        first = self.pieces[0][0] if self.pieces else None
        last = self.pieces[-1][0] if self.pieces else None
        tokens = self.tokens
        out = {
            "ttft_s": round(first - self.started, 3) if first else None,
            "total_s": round(self.ended - self.started, 3),
            "tokens": tokens,
            "decode_tok_s": (round(r, 3) if tokens and first and last
                             and (r := decode_rate(tokens, first, last)) else None),
        }
        if self.cached_prompt_tokens is not None:
            out["cached_prompt_tokens"] = self.cached_prompt_tokens
        return out

    def counted_by(self, engine: Generator) -> Run:
        """Takes the token count (and llama.cpp's cache hit) of the engine's last generation."""
        self.tokens = getattr(engine, "last_new_tokens", None)
        if isinstance(engine, LlamaCppGenerator):
            self.cached_prompt_tokens = engine.last_timings.get("cache_n")
        return self


class Recording:
    """Passes a generator through and keeps the messages of its last call."""

    def __init__(self, inner: Generator) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.last: list[Message] = []

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        self.last = list(messages)
        return self.inner.stream(messages, max_tokens=max_tokens)


@contextmanager
def cold_prompts(generator: Generator) -> Iterator[None]:
    """Both engines reuse the computed start of a prompt (llama.cpp: the longest common prefix of the
    prompts it has seen; transformers: the system turn). A side-by-side pair must start equal, so
    inside this block both sides compute every prompt whole."""
    if not hasattr(generator, "cache_prompt"):
        yield
        return
    generator.cache_prompt = False
    try:
        yield
    finally:
        generator.cache_prompt = True


def bare(generator: Generator, messages: Sequence[Message], max_tokens: int) -> Run:
    """The engine itself, no newsrag code between the call and the tokens."""
    if isinstance(generator, TransformersGenerator):
        run = _bare_transformers(generator, messages, max_tokens)
    elif isinstance(generator, LlamaCppGenerator):
        run = _bare_llamacpp(generator, messages, max_tokens)
    elif isinstance(generator, OpenVINOGenerator):
        run = _bare_openvino(generator, messages, max_tokens)
    else:
        raise ValueError(f"no bare engine for {generator.model_id}")
    run.ended = time.perf_counter()
    return run


def _bare_transformers(generator: TransformersGenerator, messages: Sequence[Message], max_tokens: int) -> Run:
    import torch
    from transformers import TextIteratorStreamer

    chat = [{"role": m.role, "content": m.content} for m in messages]
    tok, model = generator._tokenizer, generator._model
    inputs = tok.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    streamer = TextIteratorStreamer(tok, skip_prompt=True, skip_special_tokens=True)
    run = Run(time.perf_counter())

    def work() -> None:
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False, temperature=None,
                                 top_p=None, top_k=None, repetition_penalty=generator.repetition_penalty,
                                 streamer=streamer, pad_token_id=tok.eos_token_id)
        run.tokens = out.shape[-1] - inputs["input_ids"].shape[-1]

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    for piece in streamer:
        run.pieces.append((time.perf_counter(), piece))
    worker.join()
    return run


def _bare_llamacpp(generator: LlamaCppGenerator, messages: Sequence[Message], max_tokens: int) -> Run:
    """The engine's own call on this thread; its callback only notes the time of each piece."""
    run = Run(time.perf_counter())

    def on_chunk(chunk: dict) -> bool:
        if piece := chunk_text(chunk):
            run.pieces.append((time.perf_counter(), piece))
        if usage := chunk.get("usage"):
            run.tokens = usage["completion_tokens"]
            run.cached_prompt_tokens = chunk.get("timings", {}).get("cache_n")
        return False

    generator._server.handle_chat_completions(generator.request(messages, max_tokens), on_chunk)
    return run


def _bare_openvino(generator: OpenVINOGenerator, messages: Sequence[Message], max_tokens: int) -> Run:
    """The pipeline's own call on this thread; its streamer only notes the time of each piece. Without
    the prefix cache the pipeline still keeps the last prompt's KV and reuses it for a prompt that
    starts the same (the same prompt again: first token 0.1 s), so a cold run gets a fresh pipeline."""
    import openvino_genai

    if not generator.cache_prompt:
        generator.load()
    run = Run(time.perf_counter())

    def streamer(piece: str) -> Any:
        if piece:
            run.pieces.append((time.perf_counter(), piece))
        return openvino_genai.StreamingStatus.RUNNING

    result = generator._pipe.generate(generator.history(messages), generator.config(max_tokens), streamer)
    run.tokens = result.perf_metrics.get_num_generated_tokens()
    return run


def service(http: Any, question: str) -> tuple[Run, dict]:
    """POST /v1/ask with stream: the draft's `token` events are the generator's pieces."""
    run = Run(time.perf_counter())
    result: dict = {}
    with http.stream("POST", "/v1/ask", json={"question": question, "stream": True}) as response:
        response.raise_for_status()
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if event == "token":
                    run.pieces.append((time.perf_counter(), data["text"]))
                elif event in ("result", "error"):
                    result = data
    run.ended = time.perf_counter()
    if "error" in result:
        raise RuntimeError(f"the service failed: {result['error']}")
    return run, result
