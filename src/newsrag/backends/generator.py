"""Generators: one small Protocol and three real backends, chosen by `Settings.generator`.

- `transformers` (default): the converted Qwen2.5-Coder-1.5B folder, fp32, on CPU.
- `llamacpp`: the same weights as the Q4_K_M GGUF through llama-cpp-python (optional extra),
  3-4x the decode speed on CPU.
- `openai`: any OpenAI-compatible chat server (vLLM, TGI, llama.cpp's server): how users outgrow
  one machine.
Every backend decodes greedily (the pipeline wants the model's single best reading, run after run)
and streams text pieces. Heavy imports live inside the backend that needs them. Fakes live in
`newsrag.eval.fake` (for `--backend fake`) and tests/fakes.py, never here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


class GeneratorError(RuntimeError):
    """The generator failed (server unreachable, bad response); the message says what happened."""


class GeneratorTimeout(GeneratorError):
    """The generator did not answer in time."""


class Generator(Protocol):
    model_id: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        """Greedy continuation of the chat, as text pieces in order."""


def complete(generator: Generator, messages: Sequence[Message], *, max_tokens: int) -> str:
    with streaming(generator, messages, max_tokens=max_tokens) as pieces:
        return "".join(pieces)


@contextmanager
def streaming(generator: Generator, messages: Sequence[Message], *, max_tokens: int) -> Iterator[Iterator[str]]:
    """`generator.stream(...)`, closed when the block is left, also by an exception (a client that went
    away): the backends stop decoding when their stream is closed, and waiting for the garbage
    collector instead can keep the model busy for minutes (a traceback holds the stream alive)."""
    pieces = generator.stream(messages, max_tokens=max_tokens)
    try:
        yield pieces
    finally:
        close = getattr(pieces, "close", None)  # a plain iterator has nothing to stop
        if close is not None:
            close()


class TransformersGenerator:
    """The converted safetensors folder on CPU, fp32 (faster than bf16 on CPUs without AVX-512 BF16).
    Greedy with a repetition penalty: plain greedy decoding of this model loops."""

    def __init__(self, path: Path, *, threads: int = 2, repetition_penalty: float = 1.1) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(threads)
        self.model_id = f"Qwen/Qwen2.5-Coder-1.5B-Instruct (transformers fp32, {path.name})"
        self.repetition_penalty = repetition_penalty
        self.last_new_tokens = 0  # tokens the last finished generation decoded
        self._tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self._model = AutoModelForCausalLM.from_pretrained(
            str(path), dtype=torch.float32, local_files_only=True)
        self._model.eval()

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        import threading

        import torch
        from transformers import TextIteratorStreamer

        chat = [{"role": m.role, "content": m.content} for m in messages]
        inputs = self._tokenizer.apply_chat_template(
            chat, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        stop = threading.Event()
        kwargs = dict(**inputs, max_new_tokens=max_tokens, do_sample=False, temperature=None,
                      top_p=None, top_k=None, repetition_penalty=self.repetition_penalty,
                      streamer=streamer, pad_token_id=self._tokenizer.eos_token_id,
                      stopping_criteria=_stopping_when(stop))
        errors: list[BaseException] = []
        prompt_tokens = inputs["input_ids"].shape[-1]

        def run() -> None:
            try:
                with torch.inference_mode():
                    output = self._model.generate(**kwargs)
                self.last_new_tokens = output.shape[-1] - prompt_tokens
            except BaseException as e:  # surfaced in the consuming thread below
                errors.append(e)
                streamer.end()

        worker = threading.Thread(target=run, name="newsrag-decode", daemon=True)
        worker.start()
        try:
            yield from streamer
        finally:
            # Whether the text ended or the consumer left (a client went away), the model stops at
            # its next token: without this, an abandoned answer kept both cores decoding up to
            # max_tokens while the gate, already handed back, let the next request start beside it.
            stop.set()
            worker.join()
        if errors:
            raise GeneratorError(f"generation failed: {errors[0]}") from errors[0]


def _stopping_when(event):
    """transformers' stopping criteria that end generation once `event` is set."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class Stopped(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs) -> torch.BoolTensor:
            return torch.full((input_ids.shape[0],), event.is_set(), dtype=torch.bool)

    return StoppingCriteriaList([Stopped()])


class LlamaCppGenerator:
    """The GGUF through llama-cpp-python, which must be installed: `pip install -e '.[llamacpp]'`."""

    def __init__(self, gguf: Path, *, threads: int = 2, repetition_penalty: float = 1.1,
                 context: int = 4096) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as e:
            raise GeneratorError(
                "generator 'llamacpp' needs llama-cpp-python: pip install -e '.[llamacpp]' "
                "(it builds from source, 9-15 min on 2 cores)") from e
        self.model_id = f"Qwen/Qwen2.5-Coder-1.5B-Instruct (llama.cpp, {gguf.name})"
        self.repetition_penalty = repetition_penalty
        self._llm = Llama(model_path=str(gguf), n_ctx=context, n_threads=threads, verbose=False)

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        def pieces() -> Iterator[str]:
            for chunk in self._llm.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in messages],
                    max_tokens=max_tokens, temperature=0.0, top_k=1, repeat_penalty=self.repetition_penalty,
                    stream=True):
                if piece := chunk["choices"][0]["delta"].get("content"):
                    yield piece

        # llama.cpp decodes only when asked for the next piece; the answer pipeline checks each
        # sentence between pieces, which paused decoding (service 0.88-0.96x the bare engine in
        # `newsrag bench`). A producer thread keeps it decoding meanwhile, as transformers' does.
        return _ahead(pieces())


_END = object()


def _ahead(source: Iterator[str]) -> Iterator[str]:
    """Drain `source` on a thread into a queue; stop it when the consumer stops early."""
    import queue
    import threading

    out: queue.Queue = queue.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for piece in source:
                if stop.is_set():
                    break
                out.put(piece)
        except BaseException as e:  # handed to the consumer, raised there
            out.put(e)
        finally:
            out.put(_END)

    threading.Thread(target=produce, name="newsrag-decode", daemon=True).start()
    try:
        while (item := out.get()) is not _END:
            if isinstance(item, BaseException):
                raise GeneratorError(f"generation failed: {item}") from item
            yield item
    finally:
        stop.set()


class OpenAIGenerator:
    """An OpenAI-compatible `/v1/chat/completions` endpoint, streamed over server-sent events.

    Only standard parameters are sent (temperature 0), so any compatible server accepts the request;
    a repetition penalty, where wanted, is configured on the server."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *,
                 timeout: float = 120.0) -> None:
        import httpx

        self.model = model
        self.model_id = f"{model} (openai-compatible at {base_url})"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        import httpx

        body = {"model": self.model, "messages": [{"role": m.role, "content": m.content} for m in messages],
                "max_tokens": max_tokens, "temperature": 0, "stream": True}
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise GeneratorError(f"generation server answered {response.status_code}: "
                                         f"{response.text[:300]}")
                for line in response.iter_lines():
                    piece = _sse_piece(line)
                    if piece is _DONE:
                        return
                    if piece:
                        yield piece
        except httpx.TimeoutException as e:
            raise GeneratorTimeout(f"generation server {self._client.base_url} timed out: {e}") from e
        except httpx.HTTPError as e:
            raise GeneratorError(f"generation server {self._client.base_url} failed: {e}") from e


_DONE = object()


def _sse_piece(line: str) -> str | object | None:
    """The text delta in one server-sent-events line of a streamed chat completion."""
    if not line.startswith("data:"):
        return None
    data = line[5:].strip()
    if data == "[DONE]":
        return _DONE
    try:
        choices = json.loads(data).get("choices") or [{}]
    except json.JSONDecodeError as e:
        raise GeneratorError(f"generation server sent a malformed event: {data[:200]}") from e
    return (choices[0].get("delta") or {}).get("content")
