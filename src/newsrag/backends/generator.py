"""Generators: one small Protocol and three real backends, chosen by `Settings.generator`.

- `openvino` (the default on a CPU with AVX-512, `newsrag.cpu`): the GGUF's weights at 8 bits for
  OpenVINO (openvino-genai): faster than llama.cpp's prebuilt wheel there, above all at computing the prompt.
- `llamacpp` (the default elsewhere): the Q4_K_M GGUF itself through llama.cpp (the prebuilt `xllamacpp`
  wheel); on an AVX2-only CPU it decodes 1.35x OpenVINO's speed.
- `transformers`: the same weights converted to an fp32 safetensors folder, on CPU.
- `openai`: any OpenAI-compatible chat server (vLLM, TGI, llama.cpp's server): how users outgrow
  one machine.
Every backend decodes greedily (the pipeline wants the model's single best reading, run after run)
and streams text pieces. Heavy imports live inside the backend that needs them. Fakes live in
`newsrag.eval.fake` (for `--backend fake`) and tests/fakes.py, never here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


class GeneratorError(RuntimeError):
    """The generator failed (server unreachable, bad response); the message says what happened."""


class GeneratorTimeout(GeneratorError):
    """The generator did not answer in time."""


class Cancelled(GeneratorError):
    """Generation was stopped on purpose: its client went away, or the server is stopping."""


# What ends every generation on this thread early (see `stop_when`); None: nothing does.
_stop_condition: ContextVar[Callable[[], str | None] | None] = ContextVar("newsrag_stop_condition", default=None)


@contextmanager
def stop_when(condition: Callable[[], str | None]) -> Iterator[None]:
    """Inside this block, on this thread, each generation checks `condition()` before every piece
    and, once it returns a reason, stops the model and raises `Cancelled(reason)`. How the service
    stops work nobody waits for any more: a client that left, a server told to stop."""
    token = _stop_condition.set(condition)
    try:
        yield
    finally:
        _stop_condition.reset(token)


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
    condition = _stop_condition.get()
    try:
        yield pieces if condition is None else _until(pieces, condition)
    finally:
        close = getattr(pieces, "close", None)  # a plain iterator has nothing to stop
        if close is not None:
            close()


def _until(pieces: Iterator[str], condition: Callable[[], str | None]) -> Iterator[str]:
    for piece in pieces:
        if reason := condition():
            raise Cancelled(reason)
        yield piece


# How the transformers engine holds the weights: "fp32" as converted (faster than bf16 on CPUs without
# AVX-512 BF16); "int4", the GGUF's 4-bit matrices back at 4 bits and its 6-bit ones at 8 (weights.py).
WEIGHTS = {"fp32": "fp32", "int4": "int4/int8 weights, bf16"}


class TransformersGenerator:
    """The converted safetensors folder on CPU, its weights held as `WEIGHTS` says.
    Greedy with a repetition penalty: plain greedy decoding of this model loops.

    The system turn's KV cache is computed once per system text and reused: a request computes only
    its evidence and question (first token 3.3-4.8 s instead of 4.7-6.5 s on the seed questions, the
    same text on all 17: bench/engine-probe/transformers_prefix.py)."""

    PREFIXES = 8  # system texts kept (answer prompts per language, summary, literal)

    def __init__(self, path: Path, *, threads: int = 2, repetition_penalty: float = 1.1,
                 weights: str = "fp32") -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if weights not in WEIGHTS:
            raise ValueError(f"weights must be one of {WEIGHTS}, not {weights!r}")
        torch.set_num_threads(threads)
        self.model_id = f"Qwen/Qwen2.5-Coder-1.5B-Instruct (transformers {WEIGHTS[weights]}, {path.name})"
        self.repetition_penalty = repetition_penalty
        self.last_new_tokens = 0  # tokens the last finished generation decoded
        self._tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self._model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32, local_files_only=True)
        if weights == "int4":  # from the fp32 weights: bf16 would move them off the GGUF's grid
            from .weights import quantize

            quantize(self._model)
            self._model.to(torch.bfloat16)
        self._model.eval()
        self._prefixes: dict[str, tuple[Any, Any]] = {}  # system text -> (its token ids, its KV cache)
        self.cache_prompt = True  # off: every prompt is computed whole (the bench's cold runs)

    @property
    def weight_bytes(self) -> int:
        """Bytes of the weights as held: what each decoded token reads (the bench's bandwidth bound)."""
        tensors = [*self._model.parameters(), *self._model.buffers()]
        return sum(t.numel() * t.element_size() for t in tensors)

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
                      stopping_criteria=_stopping_when(stop),
                      past_key_values=self._system_cache(chat, inputs["input_ids"]))
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


    def _system_cache(self, chat: list[dict], input_ids: Any) -> Any | None:
        """A copy of the KV cache of the chat's system turn (computed on first use), or None when the
        chat has none or its tokens do not open the prompt: then the whole prompt is computed."""
        import copy

        import torch
        from transformers import DynamicCache

        if not self.cache_prompt or not chat or chat[0]["role"] != "system":
            return None
        key = chat[0]["content"]
        if key not in self._prefixes:
            ids = self._tokenizer.apply_chat_template(chat[:1], return_tensors="pt", return_dict=True)["input_ids"]
            cache = DynamicCache()
            with torch.inference_mode():
                self._model(ids, past_key_values=cache, use_cache=True)
            if len(self._prefixes) >= self.PREFIXES:
                self._prefixes.pop(next(iter(self._prefixes)))  # the oldest
            self._prefixes[key] = (ids, cache)
        ids, cache = self._prefixes[key]
        n = ids.shape[-1]
        if n >= input_ids.shape[-1] or not torch.equal(input_ids[:, :n], ids):
            return None
        return copy.deepcopy(cache)  # generate() extends the cache it is given


def _stopping_when(event):
    """transformers' stopping criteria that end generation once `event` is set."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class Stopped(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs) -> torch.BoolTensor:
            return torch.full((input_ids.shape[0],), event.is_set(), dtype=torch.bool)

    return StoppingCriteriaList([Stopped()])


class LlamaCppGenerator:
    """The GGUF through llama.cpp's own server engine, embedded by the prebuilt `xllamacpp` wheel (no
    source build): 3x transformers' fp32 decode on 2 cores, on the same weights (bench/README.md).

    One slot: its KV cache keeps the last prompt, and the next request reuses the longest common
    prefix (the fixed instructions), so only the evidence and the question are computed again.
    The repetition penalty looks back over the whole context, prompt included, as transformers' does
    (llama.cpp's default window is the last 64 tokens)."""

    def __init__(self, gguf: Path, *, threads: int = 2, repetition_penalty: float = 1.1,
                 context: int = 4096, prompt_cache_mib: int = 512) -> None:
        import secrets
        import tempfile

        import xllamacpp

        self._gguf = gguf
        self.model_id = (f"Qwen/Qwen2.5-Coder-1.5B-Instruct (llama.cpp via xllamacpp "
                         f"{xllamacpp.__version__}, {gguf.name})")
        self.repetition_penalty = repetition_penalty
        self.context = context
        self.last_new_tokens = 0  # tokens the last finished generation decoded
        self.last_timings: dict = {}  # and llama.cpp's timings of it (prompt_ms, predicted_per_second, ...)
        self.cache_prompt = True  # off: every prompt is computed whole (the bench's cold runs)
        params = xllamacpp.CommonParams()
        params.model.path = str(gguf)
        params.n_ctx = context
        params.n_parallel = 1
        # Prompts a new one displaces from the slot are kept in RAM and restored when they come back
        # (a summary between two questions). llama.cpp's default cap is 8 GiB; a prompt here is about
        # 14 MB (28 KiB of KV a token), so 512 MiB holds some 35.
        params.cache_ram_mib = prompt_cache_mib
        params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads
        params.verbosity = -1  # its log lines would interleave with newsrag's on stderr
        # The engine also serves HTTP, whatever the Python caller wants. It gets a unix socket in a
        # private (0700) folder and a key nobody is told: the model is reachable through newsrag only.
        self._socket_dir = tempfile.TemporaryDirectory(prefix="newsrag-llama-")
        params.hostnames = [str(Path(self._socket_dir.name) / "engine.sock")]
        params.api_keys = [secrets.token_urlsafe(32)]
        try:
            self._server = xllamacpp.Server(params)
        except RuntimeError as e:  # it says no more than "Failed to init server"
            raise GeneratorError(f"llama.cpp could not load {gguf}: {e}") from e

    @property
    def weight_bytes(self) -> int:
        """Bytes of the GGUF: what each decoded token reads (the bench's bandwidth bound)."""
        return self._gguf.stat().st_size

    def request(self, messages: Sequence[Message], max_tokens: int) -> dict:
        """The engine's chat request: greedy, streamed, the prompt cache on."""
        return {"messages": [{"role": m.role, "content": m.content} for m in messages],
                "max_tokens": max_tokens, "temperature": 0.0, "top_k": 1,
                "repeat_penalty": self.repetition_penalty, "repeat_last_n": self.context,
                "cache_prompt": self.cache_prompt, "stream": True, "stream_options": {"include_usage": True}}

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        from contextlib import closing

        request = self.request(messages, max_tokens)
        self.last_new_tokens = 0

        def call(on_chunk: Callable[[dict], bool]) -> None:
            def counted(chunk: dict) -> bool:  # on the engine's thread: counts a stopped stream too
                self.last_new_tokens += chunk_text(chunk) is not None
                return on_chunk(chunk)
            self._server.handle_chat_completions(request, counted)

        with closing(_chunks_of(call)) as chunks:  # closed with this stream, not by the collector
            for chunk in chunks:
                if piece := self._piece(chunk):
                    yield piece

    def _piece(self, chunk: dict) -> str | None:
        if "error" in chunk:
            raise GeneratorError(f"generation failed: {chunk['error'].get('message', chunk['error'])}")
        if usage := chunk.get("usage"):  # the last chunk, with the engine's own count and timings
            self.last_new_tokens = usage.get("completion_tokens", 0)
            self.last_timings = chunk.get("timings", {})
        return chunk_text(chunk)


class OpenVINOGenerator:
    """The GGUF's weights at 8 bits as an OpenVINO model (`provision.convert_openvino`) through
    openvino-genai's LLMPipeline: OpenVINO's CPU kernels use the AVX-512 units llama.cpp's prebuilt
    wheel does not, so a prompt is computed about 3x faster, and it decodes faster too.

    Prompts go through the pipeline's scheduler with prefix caching: the longest computed start of
    earlier prompts (the fixed instructions, at least) is reused from a 1 GB paged KV cache.
    `cache_prompt = False` rebuilds the pipeline without it (1-2 s; only the bench's cold runs do); that
    pipeline still reuses the previous prompt's start, so only its first prompt is computed whole."""

    CACHE_GB = 1  # a prompt here is about 14 MB of KV

    def __init__(self, folder: Path, *, threads: int = 2, repetition_penalty: float = 1.1) -> None:
        import openvino

        self._folder = folder
        self.threads = threads
        self.model_id = (f"Qwen/Qwen2.5-Coder-1.5B-Instruct (OpenVINO {openvino.__version__.split('-')[0]} "
                         f"int8, {folder.name})")
        self.repetition_penalty = repetition_penalty
        self.last_new_tokens = 0  # tokens the last finished generation decoded
        self._cache_prompt = True
        self._pipe: Any = None
        self.load()

    @property
    def cache_prompt(self) -> bool:
        return self._cache_prompt

    @cache_prompt.setter
    def cache_prompt(self, on: bool) -> None:
        if on != self._cache_prompt:
            self._cache_prompt = on
            self.load()

    def load(self) -> None:
        """A fresh pipeline, with the prefix cache or without it as `cache_prompt` says."""
        import openvino_genai

        # f32 activations: OpenVINO's default on a CPU with AMX is bf16, which decoded a 4-bit model
        # at 11.8 tok/s against 18.0 in f32 (bench/engine-probe/openvino_variants.py).
        options: dict[str, Any] = {"INFERENCE_NUM_THREADS": self.threads, "INFERENCE_PRECISION_HINT": "f32"}
        if self._cache_prompt:
            scheduler = openvino_genai.SchedulerConfig()
            scheduler.enable_prefix_caching = True
            scheduler.cache_size = self.CACHE_GB
            options["scheduler_config"] = scheduler
        self._pipe = None  # the old pipeline's memory goes before the new one's comes
        try:
            self._pipe = openvino_genai.LLMPipeline(str(self._folder), "CPU", **options)
        except RuntimeError as e:
            raise GeneratorError(f"OpenVINO could not load {self._folder}: {e}") from e

    @property
    def weight_bytes(self) -> int:
        """Bytes of the compressed weights: what each decoded token reads (the bench's bandwidth bound)."""
        return (self._folder / "openvino_model.bin").stat().st_size

    @staticmethod
    def history(messages: Sequence[Message]) -> Any:
        import openvino_genai

        return openvino_genai.ChatHistory([{"role": m.role, "content": m.content} for m in messages])

    def config(self, max_tokens: int) -> Any:
        """Greedy, with the penalty over the whole context (as transformers' and llama.cpp's here)."""
        import openvino_genai

        config = openvino_genai.GenerationConfig()
        config.max_new_tokens = max_tokens
        config.do_sample = False
        config.repetition_penalty = self.repetition_penalty
        return config

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        from contextlib import closing

        import openvino_genai

        history = self.history(messages)
        config = self.config(max_tokens)
        pipe = self._pipe
        self.last_new_tokens = 0

        def call(on_piece: Callable[[str], bool]) -> None:
            def streamer(piece: str) -> Any:
                stop = on_piece(piece)
                return openvino_genai.StreamingStatus.CANCEL if stop else openvino_genai.StreamingStatus.RUNNING
            result = pipe.generate(history, config, streamer)
            self.last_new_tokens = result.perf_metrics.get_num_generated_tokens()

        with closing(_chunks_of(call)) as pieces:  # closed with this stream, not by the collector
            for piece in pieces:
                if piece:
                    yield piece


def chunk_text(chunk: dict) -> str | None:
    """The text a streamed chat-completion chunk adds, if any."""
    choices = chunk.get("choices") or [{}]
    return (choices[0].get("delta") or {}).get("content") or None


_END = object()


def _chunks_of(call: Callable[[Callable[[Any], bool]], object]) -> Iterator[Any]:
    """The chunks a callback-streaming engine call hands to its callback, as an iterator.

    The call runs on its own thread, so decoding goes on while the consumer checks a sentence
    (waiting for the consumer cost 4-12% of decode speed in `newsrag bench`). When the consumer
    stops (text ended, a client went away), the callback answers True at the next token, which ends
    the engine's decoding, and the iterator returns only once the call has: the generator gate is
    not handed back while the model still runs."""
    import queue
    import threading

    chunks: queue.Queue = queue.Queue()
    stop = threading.Event()

    def on_chunk(chunk: Any) -> bool:
        chunks.put(chunk)
        return stop.is_set()

    def run() -> None:
        try:
            call(on_chunk)
        except BaseException as e:  # raised in the consuming thread below
            chunks.put(e)
        finally:
            chunks.put(_END)

    worker = threading.Thread(target=run, name="newsrag-decode", daemon=True)
    worker.start()
    try:
        while (chunk := chunks.get()) is not _END:
            if isinstance(chunk, BaseException):
                raise GeneratorError(f"generation failed: {chunk}") from chunk
            yield chunk
    finally:
        stop.set()
        worker.join()


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
