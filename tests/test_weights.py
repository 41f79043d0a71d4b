"""The transformers engine's 4-bit and 8-bit weights (backends/weights.py), on small matrices: a matrix
on Q4_K's grids goes to 4 bits without moving a weight, any other to 8 bits, and each layer computes
what the float layer computes."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from newsrag.backends.weights import GROUP, Int4Linear, Int8Linear, int4_grid, quantize  # noqa: E402


def on_q4_grid(rows: int, cols: int, seed: int = 0) -> torch.Tensor:
    """What dequantizing Q4_K gives: per group of 32, step * level + minimum, levels 0-15. Some
    groups use only a few levels (a fifth of the GGUF's do not reach both 0 and 15)."""
    g = torch.Generator().manual_seed(seed)
    groups = cols // GROUP
    levels = torch.randint(0, 16, (rows, groups, GROUP), generator=g).float()
    levels[0, 0] = torch.tensor([2, 3, 5, 9] * 8, dtype=torch.float32)  # four levels, smallest gap 1
    levels[1, 1] = 7.0  # one value
    step = torch.rand(rows, groups, 1, generator=g) * 0.01 + 1e-3
    low = -torch.rand(rows, groups, 1, generator=g) * 0.05
    return (levels * step + low).reshape(rows, cols)


def linear_with(weight: torch.Tensor, bias: bool = True) -> torch.nn.Linear:
    layer = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=bias)
    with torch.no_grad():
        layer.weight.copy_(weight)
    return layer


def test_weights_on_a_4_bit_grid_are_recovered_exactly():
    weight = on_q4_grid(64, 128)
    levels, step, low = int4_grid(weight)
    assert levels.min() >= 0 and levels.max() <= 15
    rebuilt = (levels.float().reshape(64, -1, GROUP) * step[..., None] + low[..., None]).reshape(64, 128)
    assert torch.allclose(rebuilt, weight, rtol=0, atol=1e-6)


def test_weights_off_any_4_bit_grid_are_refused():
    weight = torch.randn(64, 128, generator=torch.Generator().manual_seed(1))
    assert int4_grid(weight) is None


def test_quantize_puts_each_layer_at_the_bits_its_weights_have():
    model = torch.nn.Sequential(linear_with(on_q4_grid(64, 128)),
                                linear_with(torch.randn(32, 64, generator=torch.Generator().manual_seed(2)), bias=False))
    x = torch.randn(3, 128, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        reference = model(x)
    assert quantize(model) == {"int4": 1, "int8": 1}
    assert isinstance(model[0], Int4Linear) and isinstance(model[1], Int8Linear)
    with torch.no_grad():
        got = model(x).float()
    # bf16 activations (8 bits of mantissa) and, for the second layer, 8-bit weights: close, not equal
    assert torch.allclose(got, reference, rtol=0.03, atol=0.03 * reference.abs().max().item())


def test_a_4_bit_layer_computes_what_its_float_weights_compute():
    model = torch.nn.Sequential(linear_with(on_q4_grid(96, 256, seed=4)))
    x = torch.randn(5, 2, 256, generator=torch.Generator().manual_seed(5))  # batch, positions, features
    with torch.no_grad():
        reference = model(x)
        quantize(model)
        got = model(x).float()
    assert isinstance(model[0], Int4Linear) and got.shape == reference.shape
    assert torch.allclose(got, reference, rtol=0.02, atol=0.02 * reference.abs().max().item())


def test_a_rare_group_off_its_grid_takes_the_span_grid_and_the_matrix_stays_4_bit():
    """Levels 0, 3, 5 have gaps 3 and 2: the smallest gap is not the step. One such group in 10,240
    (under `STRAYS`) is requantized on (max - min) / 15; every other weight is kept exactly."""
    weight = on_q4_grid(320, 1024, seed=6)
    step = 0.004
    weight[7, 32:64] = torch.tensor([0.0, 3.0, 5.0, 5.0] * 8) * step - 0.01
    levels, steps, low = int4_grid(weight)
    rebuilt = (levels.float().reshape(320, -1, GROUP) * steps[..., None] + low[..., None]).reshape(320, 1024)
    moved = (rebuilt - weight).abs()
    assert torch.isclose(steps[7, 1], torch.tensor(5 * step / 15))
    assert moved[7, 32:64].max() <= 5 * step / 15 / 2 + 1e-6  # at most half the span grid's step
    moved[7, 32:64] = 0
    assert moved.max() <= 1e-6
