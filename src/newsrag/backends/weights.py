"""Weight-only low-bit linears for the transformers engine: decoding reads every weight once per token,
so on a CPU it is bound by memory bandwidth, and 4-bit weights are read 8x faster than fp32 ones.

The converted generator is the Q4_K_M GGUF dequantized: most of its matrices (Q4_K) are, in each
group of 32 weights along a row, an affine grid of 16 levels. Quantizing such a group to 4 bits with
its own minimum and step recovers those levels, so `Int4Linear` holds the GGUF's own weights, up to the
bf16 rounding of each group's step and zero. The rest (Q6_K: the output layer, half of attn_v and
ffn_down) would lose levels at 4 bits and get 8 bits per weight with a scale per output row
(`Int8Linear`). Activations stay floating point (bf16): torch's dynamic int8, which quantized the
activations too, broke answers (MODELS.md). Both matmuls are torch's own CPU kernels
(`_weight_int4pack_mm_for_cpu`, `_weight_int8pack_mm`), which take bf16 activations; with fp32 ones
they measured 3-5x slower than a plain fp32 matmul (bench/engine-probe/README.md).

This module imports torch; only the transformers backend imports it.
"""

from __future__ import annotations

import torch

GROUP = 32  # Q4_K's sub-block: 32 weights share one scale and one minimum
EXACT = 0.01  # a group is on a 4-bit grid when requantizing moves no weight more than this share of a step
STRAYS = 1e-4  # share of a matrix's groups that may be off-grid (and lose a little) for it to go to 4 bits


class _WeightOnlyLinear(torch.nn.Module):
    """A linear layer whose weights a torch kernel holds packed: bf16 activations in, bias added."""

    def __init__(self, bias: torch.Tensor | None) -> None:
        super().__init__()
        self.register_buffer("bias", bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self._matmul(x.reshape(-1, x.shape[-1]).to(torch.bfloat16))
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*x.shape[:-1], -1)

    def _matmul(self, flat: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class Int4Linear(_WeightOnlyLinear):
    def __init__(self, packed: torch.Tensor, scales_and_zeros: torch.Tensor, bias: torch.Tensor | None) -> None:
        super().__init__(bias)
        self.register_buffer("packed", packed)
        self.register_buffer("scales_and_zeros", scales_and_zeros)

    def _matmul(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.ops.aten._weight_int4pack_mm_for_cpu(flat, self.packed, GROUP, self.scales_and_zeros)


class Int8Linear(_WeightOnlyLinear):
    def __init__(self, weight: torch.Tensor, scales: torch.Tensor, bias: torch.Tensor | None) -> None:
        super().__init__(bias)
        self.register_buffer("weight", weight)
        self.register_buffer("scales", scales)

    def _matmul(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.ops.aten._weight_int8pack_mm(flat, self.weight, self.scales)


def int4_grid(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """(levels 0-15, step, minimum) per group of 32 along each row, or None when the matrix is not on
    grids of 16 levels (more than `STRAYS` of its groups would move a weight by over `EXACT` of a step).

    The step is the smallest gap between a group's distinct values, not (max - min) / 15: a fifth of
    the GGUF's groups use fewer than all 16 levels, and the span would give them a grid of their own.
    A few groups use so few levels that the smallest gap is not the step (levels 0, 3, 5: gaps 3 and
    2); measured, 1-5 groups in 430,080 in 8 of the 168 Q4_K matrices. Those take the span's grid."""
    rows, cols = weight.shape
    if cols % GROUP:
        return None
    groups = weight.float().reshape(rows, cols // GROUP, GROUP)
    ordered = groups.sort(-1).values
    low = ordered[..., :1]
    span = ordered[..., -1:] - low
    gaps = ordered.diff(dim=-1)
    gaps = torch.where(gaps > 1e-3 * span / 15, gaps, torch.inf)  # below: fp32 rounding, not a level
    step = gaps.amin(-1, keepdim=True)
    one_value = torch.isinf(step)  # a step of 0 keeps such a group exact, whatever its level
    step = torch.where(one_value, 0.0, step)
    levels = torch.round((groups - low) / torch.where(one_value, 1.0, step))
    exact = (levels.amax(-1, keepdim=True) <= 15) & (
        (levels * step + low - groups).abs() <= EXACT * step).all(-1, keepdim=True)
    strays = ~exact.squeeze(-1)
    if strays.float().mean() > STRAYS:
        return None
    if strays.any():  # only they need new levels: everyone else's are the ones just checked
        step[strays] = span[strays] / 15
        levels[strays] = torch.round((groups[strays] - low[strays]) / step[strays]).clamp(0, 15)
    return levels.to(torch.int32).reshape(rows, cols), step.squeeze(-1), low.squeeze(-1)


def to_int4(linear: torch.nn.Linear) -> Int4Linear | None:
    grid = int4_grid(linear.weight.detach())
    if grid is None:
        return None
    levels, step, low = grid
    # The kernel computes (level - 8) * scale + zero, so zero is the value of level 8.
    scales_and_zeros = torch.stack([step, low + 8 * step], -1).transpose(0, 1).contiguous().to(torch.bfloat16)
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(levels, 1)
    return Int4Linear(packed, scales_and_zeros, _bias(linear))


def to_int8(linear: torch.nn.Linear) -> Int8Linear:
    weight = linear.weight.detach().float()
    scales = weight.abs().amax(1).clamp(min=1e-12) / 127
    quantized = torch.round(weight / scales[:, None]).clamp(-127, 127).to(torch.int8)
    return Int8Linear(quantized, scales.to(torch.bfloat16), _bias(linear))


def _bias(linear: torch.nn.Linear) -> torch.Tensor | None:
    return None if linear.bias is None else linear.bias.detach().to(torch.bfloat16)


def quantize(model: torch.nn.Module) -> dict[str, int]:
    """Replaces every nn.Linear in `model`, in place, by its 4-bit form where the weights are on a
    4-bit grid and its 8-bit form elsewhere; returns how many of each."""
    counts = {"int4": 0, "int8": 0}
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, torch.nn.Linear):
                replacement = to_int4(child)
                counts["int4" if replacement is not None else "int8"] += 1
                setattr(parent, name, replacement if replacement is not None else to_int8(child))
    return counts
