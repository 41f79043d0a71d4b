"""Generation: the service path (HTTP `/v1/ask`, streamed) against the bare engine on the same
prompt, and time to first token and total time for fixed seed questions.

The bare engine is the backend's own library called directly on the same loaded model with the same
messages and settings: `model.generate` with a streamer for transformers, `create_chat_completion`
for llama.cpp. The service path's messages are recorded on the way in, so both get the identical
prompt, and greedy decoding gives both the identical tokens.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsrag.backends.generator import Generator, LlamaCppGenerator, Message, TransformersGenerator

from .stats import decode_rate


@dataclass
class Run:
    """One generation, timed from the request: when each piece of text arrived."""

    started: float
    pieces: list[tuple[float, str]] = field(default_factory=list)
    ended: float = 0.0

    @property
    def text(self) -> str:
        return "".join(p for _, p in self.pieces)

    def figures(self, tokens: int | None) -> dict[str, Any]:
        first = self.pieces[0][0] if self.pieces else None
        last = self.pieces[-1][0] if self.pieces else None
        return {
            "ttft_s": round(first - self.started, 3) if first else None,
            "total_s": round(self.ended - self.started, 3),
            "tokens": tokens,
            "decode_tok_s": (round(r, 3) if tokens and first and last
                             and (r := decode_rate(tokens, first, last)) else None),
        }


class Recording:
    """Passes a generator through and keeps the messages of its last call."""

    def __init__(self, inner: Generator) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.last: list[Message] = []

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        self.last = list(messages)
        return self.inner.stream(messages, max_tokens=max_tokens)


def count_tokens(generator: Generator, text: str) -> int | None:
    if isinstance(generator, TransformersGenerator):
        return len(generator._tokenizer.encode(text, add_special_tokens=False))
    if isinstance(generator, LlamaCppGenerator):
        return len(generator._llm.tokenize(text.encode(), add_bos=False, special=False))
    return None


def forget_prompt_cache(generator: Generator) -> None:
    """llama.cpp keeps the last prompt's KV cache and reuses its longest common prefix; a
    side-by-side pair must start equal, so both start cold."""
    if isinstance(generator, LlamaCppGenerator):
        generator._llm.reset()


def bare(generator: Generator, messages: Sequence[Message], max_tokens: int) -> Run:
    """The engine itself, no newsrag code between the call and the tokens."""
    chat = [{"role": m.role, "content": m.content} for m in messages]
    if isinstance(generator, TransformersGenerator):
        import torch
        from transformers import TextIteratorStreamer

        tok, model = generator._tokenizer, generator._model
        inputs = tok.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        streamer = TextIteratorStreamer(tok, skip_prompt=True, skip_special_tokens=True)
        run = Run(time.perf_counter())

        def work() -> None:
            with torch.inference_mode():
                model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False, temperature=None, top_p=None,
                               top_k=None, repetition_penalty=generator.repetition_penalty, streamer=streamer,
                               pad_token_id=tok.eos_token_id)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        for piece in streamer:
            run.pieces.append((time.perf_counter(), piece))
        worker.join()
    elif isinstance(generator, LlamaCppGenerator):
        run = Run(time.perf_counter())
        for chunk in generator._llm.create_chat_completion(
                messages=chat, max_tokens=max_tokens, temperature=0.0, top_k=1,
                repeat_penalty=generator.repetition_penalty, stream=True):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                run.pieces.append((time.perf_counter(), piece))
    else:
        raise ValueError(f"no bare engine for {generator.model_id}")
    run.ended = time.perf_counter()
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
