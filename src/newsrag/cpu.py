"""Which local engine is the faster on this CPU: the default generator, `NEWSRAG_GENERATOR=auto`.

OpenVINO's CPU kernels and llama.cpp's prebuilt wheel trade places with the vector units. Both
engines measured in one `newsrag bench` run on each kind of 2-core machine:
- AVX-512 (bench/results-2026-12-06b.json): OpenVINO decodes 14.56 tok/s against llama.cpp's 10.76,
  first token of the README question 2.0 s against 5.0 s;
- AVX2 only, an AMD EPYC (bench/results-2026-12-06d-amd-epyc.json): OpenVINO 9.16 against 12.42,
  first token 7.2 s against 6.1 s, peak RSS 6.1 GiB against 4.6.
Their eval figures are within tie-breaking of each other (eval/engine-2026-12-06c/README.md).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def cpu_flags(cpuinfo: Path | None = None) -> frozenset[str]:
    """The instruction-set flags of the first processor listed (`CPUINFO`); none where there is no
    such file (not Linux), which picks the engine that needs no wide vector units."""
    try:
        lines = (cpuinfo or CPUINFO).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return frozenset()
    flags = next((line.partition(":")[2] for line in lines if line.split(":")[0].strip() == "flags"), "")
    return frozenset(flags.split())


def fastest_local_engine(flags: Collection[str]) -> str:
    """OpenVINO where AVX-512 is there, llama.cpp elsewhere."""
    return "openvino" if "avx512f" in flags else "llamacpp"
