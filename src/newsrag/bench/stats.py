"""Pure arithmetic of the benchmark, unit-tested: percentiles, rates and ratios.

`percentile` is the project's one percentile: the bench's latencies, the eval's latencies and the
eval's bootstrap intervals all use it, so a p95 means the same in every report."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, q in [0, 100], interpolated linearly between the two nearest ranks
    (numpy's default method): the 95th of 20 values lies between the 19th and the 20th, rather than
    jumping to one of them. Raises ValueError on no values: there is no percentile of nothing."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def median(values: Sequence[float | None]) -> float | None:
    """The percentile-50 of the values present (a failed figure is None), rounded; None if none are."""
    present = [v for v in values if v is not None]
    return round(percentile(present, 50), 3) if present else None


def latency(values_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean in milliseconds."""
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "mean_ms": round(sum(ms) / len(ms), 2)}


def decode_rate(tokens: int, first_s: float, last_s: float) -> float | None:
    """Tokens per second after the first token: (tokens - 1) / (last - first). The first token's
    wait is prefill (time to first token), reported apart; None when there is nothing to divide."""
    if tokens < 2 or last_s <= first_s:
        return None
    return (tokens - 1) / (last_s - first_s)


def ratio(measured: float | None, reference: float | None) -> float | None:
    if measured is None or not reference:
        return None
    return round(measured / reference, 3)


def decode_bound_tok_s(read_gb_s: float, weight_bytes: int) -> float:
    """The most tokens a second a memory-bound decoder can make: each token reads every weight once."""
    return read_gb_s * 1e9 / weight_bytes


def share_of_bound(tok_s: float | None, read_gb_s: float, weight_bytes: int | None) -> float | None:
    """Measured decode speed as a share of that bound (1.0: the memory bus is the only limit)."""
    if tok_s is None or not weight_bytes:
        return None
    return round(tok_s / decode_bound_tok_s(read_gb_s, weight_bytes), 3)
