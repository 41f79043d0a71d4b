"""One typed Settings object; the only place that reads the process environment.

Every setting has an environment variable NEWSRAG_<NAME>. Build it once, at the edge (CLI entry or
app factory), and pass it down; nothing builds Settings at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .cpu import cpu_flags, fastest_local_engine


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSRAG_", extra="ignore")

    # Where things live.
    data_dir: Path = Field(Path(".data"), description="Chroma store and caches (embedded mode).")
    models_dir: Path = Field(Path(".models"), description="Provisioned model weights.")

    # Store: embedded PersistentClient under data_dir unless a server URL is given.
    chroma_url: str | None = Field(None, description="Chroma server, e.g. http://127.0.0.1:8001.")
    collection: str = Field("newsrag", description="Prefix of the Chroma collections.")

    # Local models on CPU (EmbeddingGemma is the one embedder).
    embed_batch_size: int = Field(16, ge=1, le=512)
    threads: int = Field(2, ge=1, description="CPU threads for torch, OpenVINO and llama.cpp.")

    # Generator: the local model by default; "openai" talks to any OpenAI-compatible server. "auto"
    # is the faster local engine on this CPU by measurement (`cpu.py`): OpenVINO with AVX-512, llama.cpp
    # without; it is resolved here, so everything downstream sees the engine's own name.
    # llama.cpp, OpenVINO and transformers stay supported engines by name.
    generator: Literal["auto", "transformers", "llamacpp", "openvino", "openai"] = Field(
        "auto", validate_default=True,
        description="Generation backend; auto: openvino on a CPU with AVX-512, else llamacpp.")
    transformers_weights: Literal["fp32", "int4"] = Field(
        "fp32", description="How the transformers engine holds the weights: fp32, or the GGUF's 4-bit "
                            "matrices at 4 bits (the rest at 8) with bf16 activations.")
    repetition_penalty: float = Field(1.1, ge=1.0, le=2.0, description="Local backends; greedy loops without it.")
    openai_base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8080/v1 (vLLM, TGI, llama.cpp).")
    openai_model: str | None = Field(None, description="Model name the server expects.")
    openai_api_key: SecretStr | None = Field(None, description="Sent as a Bearer token, if set.")
    openai_timeout: float = Field(120.0, gt=0, description="Seconds per generation request.")

    # Answers and summaries.
    prompts_dir: Path | None = Field(None, description="Prompt templates; default: the shipped prompts/.")
    answer_prompt: str = Field("v1", description="Version folder under prompts/answer/.")
    summary_prompt: str = Field("v1", description="Version folder under prompts/summary/.")
    literal_prompt: str = Field("v1", description="Version folder under prompts/literal/.")
    pick_prompt: str = Field("v1", description="Version folder under prompts/pick/.")
    answer_k: int = Field(6, ge=1, le=30, description="Sentences retrieved for an answer.")
    answer_window: int = Field(0, ge=0, le=5, description="Body sentences shown either side of each one retrieved.")
    min_relevance: float = Field(0.25, ge=-1, le=1, description="Abstain below this query-evidence cosine.")
    # Measured on the 14 English seed questions of tests/test_slow_retrieval.py: dense alone puts 13
    # answers at rank 1; BM25 alone is weak across languages (answer ranks 1-24), and at equal weight it
    # pushed one answer to rank 5; at any weight from 0 to 0.5 the same 13 stay top-3. Those questions
    # cannot tell 0.5 from less, the suites can (eval/vetoes-2026-12-07/keyword-weight): at 0.5 an
    # English question's Indonesian answer that shares no word with it (so BM25 does not list it) fell
    # behind sentences both lists hold, from dense rank 1 to fused rank 7-13 ("profit margins" for
    # "margin keuntungan"). At 0.1 a gold sentence is among the 6 shown for 39 of external-qa's 42
    # answerable questions instead of 34, and on the 250 Indonesian TyDi QA / IDK-MRC questions sentence
    # recall@5 rises from 0.836 to 0.888; 0 scores the same at 6 and BM25 stays as a tie-breaker.
    keyword_weight: float = Field(0.1, ge=0, le=2, description="Weight of the keyword (BM25) ranking beside the "
                                  "dense one's 1.0 when the two are fused (retrieve.hybrid).")
    support_threshold: float | None = Field(
        None, ge=0, le=1, description="P(supported) a verified sentence needs, whatever its language; unset: "
                                      "the checker's own for the claim's language, chosen on validation data "
                                      "(its manifest).")

    # Ingestion limits.
    max_article_bytes: int = Field(2_000_000, ge=1, description="Larger files are rejected unread.")

    # HTTP service.
    host: str = Field("127.0.0.1", description="Bind address of `newsrag serve`.")
    port: int = Field(8000, ge=1, le=65535, description="Port of `newsrag serve`.")
    api_key: SecretStr | None = Field(
        None, description="Bearer key for writes (ingest, delete); unset: the write endpoints are off.")
    read_api_key: SecretStr | None = Field(
        None, description="Bearer key for reads; unset: reads are open. The write key also reads.")
    max_question_chars: int = Field(2000, ge=1, description="Longer questions get 422.")
    queue_size: int = Field(4, ge=0, description="Requests that may wait for the generator; more get 429.")
    queue_wait_s: float = Field(300.0, gt=0, description="A queued request waiting longer gets 503.")
    summarize_in_background: bool = Field(
        True, description="`newsrag serve` writes missing summaries while the generator is idle.")

    @field_validator("generator")
    @classmethod
    def _engine_for_this_cpu(cls, generator: str) -> str:
        return fastest_local_engine(cpu_flags()) if generator == "auto" else generator

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


def apply_offline_environment() -> None:
    """Models come from installed packages only: make any hub lookup fail fast instead of hanging."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # chromadb's posthog client
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
