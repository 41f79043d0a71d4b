"""Embedders: one small Protocol, and the real EmbeddingGemma backend.

The backend imports torch and sentence-transformers inside itself, so importing this module is cheap.
The fake (for `--backend fake` and the fast tests) lives in `newsrag.eval.fake`, never here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    model_id: str

    def embed_documents(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        """Unit-norm float32 rows, one per text; `titles` give each text its article's headline."""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-norm float32 rows, one per query."""


class GemmaEmbedder:
    """EmbeddingGemma-300M from the provisioned folder, via sentence-transformers, on CPU.

    EmbeddingGemma was trained with task prompts: documents as "title: T | text: X", queries as
    "task: search result | query: Q" (the model's own `query` prompt)."""

    model_id = "google/embeddinggemma-300m"

    def __init__(self, path: Path, threads: int = 2, batch_size: int = 16) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def embed_documents(self, texts: Sequence[str], titles: Sequence[str | None]) -> np.ndarray:
        inputs = [f"title: {t or 'none'} | text: {x}" for x, t in zip(texts, titles, strict=True)]
        return self._encode(inputs, prompt_name=None)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), prompt_name="query")

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, 768), dtype=np.float32)
        out = self._model.encode(texts, prompt_name=prompt_name, batch_size=self.batch_size,
                                 normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)
        return out.astype(np.float32, copy=False)
