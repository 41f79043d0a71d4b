"""The machine's memory read bandwidth, which bounds decode speed.

Decoding one token reads every weight once, and on a CPU that read, not the arithmetic, is what
takes the time: an engine can decode at most (read bandwidth) / (bytes of weights) tokens a second.
The bandwidth is measured here, on the threads the engines get, rather than taken from a data
sheet: a VM's share of its host's memory bus is whatever it is today.
"""

from __future__ import annotations

import time


def read_gb_s(threads: int, size_mib: int = 1024, repeats: int = 7) -> float:
    """GB/s summing a buffer far larger than any cache, on `threads` threads; the best of
    `repeats` (the fastest pass is the one least disturbed by the rest of the machine)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        buffer = torch.ones(size_mib * 2**20 // 4, dtype=torch.float32)
        buffer.sum()  # pages touched, threads started
        best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            buffer.sum()
            best = min(best, time.perf_counter() - t)
        return round(buffer.numel() * 4 / best / 1e9, 2)
    finally:
        torch.set_num_threads(before)

