"""Wiring: builds the store, embedder, retriever and ingestor from Settings.

The CLI and the HTTP app both take a `ComponentsFactory`, so tests hand them components with fake
backends while production code always builds the real ones, and refuses to start, saying why, when
a real one is not available.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from .answer.ask import Answerer, AnswerOptions, SecondAttempt
from .answer.check import Checker
from .answer.summarize import Summarizer
from .backends.embedder import Embedder
from .backends.generator import Generator
from .checker.model import SupportModel
from .ingest.pipeline import Ingestor
from .prompts import Prompt, load_prompt
from .retrieve.hybrid import HybridRetriever
from .settings import Settings
from .store import ChromaStore, Store


class Components:
    def __init__(self, settings: Settings, *, store: Store | None = None,
                 embedder: Callable[[], Embedder] | None = None,
                 generator: Callable[[], Generator] | None = None,
                 support: Callable[[], SupportModel] | None = None) -> None:
        self.settings = settings
        self._store = store
        self._embedder_factory = embedder or (lambda: real_embedder(settings))
        self._generator_factory = generator or (lambda: real_generator(settings))
        self._support_factory = support or (lambda: real_support_model(settings))

    @cached_property
    def store(self) -> Store:
        return self._store or real_store(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        """Loaded on first use: listing or showing articles needs no model."""
        return self._embedder_factory()

    @cached_property
    def generator(self) -> Generator:
        """Loaded on first use: ingesting and searching need no generator."""
        return self._generator_factory()

    def prompt(self, task: str) -> Prompt:
        version = {"answer": self.settings.answer_prompt, "summary": self.settings.summary_prompt,
                   "literal": self.settings.literal_prompt, "pick": self.settings.pick_prompt}[task]
        return load_prompt(task, version, self.settings.prompts_dir)

    @cached_property
    def support_model(self) -> SupportModel:
        """Loaded on first use: the claim checker's cross-encoder (`newsrag.checker`)."""
        return self._support_factory()

    @cached_property
    def checker(self) -> Checker:
        return Checker(self.support_model, self.settings.support_threshold)

    @cached_property
    def answerer(self) -> Answerer:
        options = AnswerOptions(k=self.settings.answer_k, window=self.settings.answer_window,
                                min_relevance=self.settings.min_relevance)
        # Article metadata comes from the retriever's snapshot: the versions its hits come from.
        return Answerer(retriever=self.retriever, articles=self.retriever, checker=self.checker,
                        generator=self.generator, prompt=self.prompt("answer"), options=options,
                        second_attempt=SecondAttempt(self.prompt("pick"), self.prompt("literal")))

    @cached_property
    def summarizer(self) -> Summarizer:
        return Summarizer(cache=self.store, articles=self.retriever, retriever=self.retriever, checker=self.checker,
                          generator=self.generator, summary_prompt=self.prompt("summary"),
                          literal_prompt=self.prompt("literal"),
                          topic_options=AnswerOptions(k=20, min_relevance=self.settings.min_relevance))

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.embedder, keyword_weight=self.settings.keyword_weight)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, max_bytes=self.settings.max_article_bytes,
                        batch_sentences=max(64, self.settings.embed_batch_size * 4),
                        on_change=self._invalidate)

    def _invalidate(self) -> None:
        if "retriever" in self.__dict__:
            self.retriever.invalidate()


ComponentsFactory = Callable[[Settings], Components]


def real_store(settings: Settings) -> ChromaStore:
    if settings.chroma_url:
        return ChromaStore.connect(url=settings.chroma_url, prefix=settings.collection)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return ChromaStore.connect(path=str(settings.chroma_path), prefix=settings.collection)


def real_embedder(settings: Settings) -> Embedder:
    from .backends.embedder import GemmaEmbedder
    from .provision import ModelPaths

    path = ModelPaths(settings.models_dir).require_embedder()
    return GemmaEmbedder(path, threads=settings.threads, batch_size=settings.embed_batch_size)


def real_support_model(settings: Settings) -> SupportModel:
    """The committed checker artefact over the provisioned EmbeddingGemma weights."""
    from .checker.model import GemmaSupportModel
    from .provision import ModelPaths

    path = ModelPaths(settings.models_dir).require_embedder()
    return GemmaSupportModel(path, threads=settings.threads)


class GeneratorUnavailable(RuntimeError):
    """No real generator can be built from these settings; the message says why and what to do."""


def real_generator(settings: Settings) -> Generator:
    """The generator the settings name. There is no fallback: a service that cannot generate
    refuses to start rather than answer with something else."""
    from .backends import generator as g
    from .provision import ModelPaths

    paths = ModelPaths(settings.models_dir)
    if settings.generator == "openai":
        if not settings.openai_base_url or not settings.openai_model:
            raise GeneratorUnavailable(
                "generator 'openai' needs NEWSRAG_OPENAI_BASE_URL and NEWSRAG_OPENAI_MODEL")
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return g.OpenAIGenerator(settings.openai_base_url, settings.openai_model, key,
                                 timeout=settings.openai_timeout)
    if settings.generator == "llamacpp":
        if not paths.has_gguf():
            raise GeneratorUnavailable(f"generator 'llamacpp' needs {paths.gguf}: run `newsrag models fetch`")
        try:
            return g.LlamaCppGenerator(paths.gguf, threads=settings.threads,
                                       repetition_penalty=settings.repetition_penalty)
        except g.GeneratorError as e:
            raise GeneratorUnavailable(str(e)) from e
    if settings.generator == "openvino":
        if not paths.has_openvino():
            raise GeneratorUnavailable(f"generator 'openvino' needs {paths.openvino}: "
                                       "run `newsrag models fetch --openvino`")
        try:
            return g.OpenVINOGenerator(paths.openvino, threads=settings.threads,
                                       repetition_penalty=settings.repetition_penalty)
        except g.GeneratorError as e:
            raise GeneratorUnavailable(str(e)) from e
    if not paths.has_generator():
        raise GeneratorUnavailable(f"generator 'transformers' needs the converted model in {paths.generator}: "
                                   "run `newsrag models fetch`")
    return g.TransformersGenerator(paths.generator, threads=settings.threads,
                                   repetition_penalty=settings.repetition_penalty,
                                   weights=settings.transformers_weights)


def build_components(settings: Settings) -> Components:
    return Components(settings)
