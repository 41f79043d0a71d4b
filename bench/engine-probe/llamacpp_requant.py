"""Would another llama.cpp weight type compute a prompt faster on an AVX2-only CPU? Prefill and decode
of the Q4_K_M GGUF against the same weights rewritten as Q8_0 and as Q4_0 (llama.cpp's simplest AVX2
kernels, repacked at load).

The rewrite dequantizes each Q4_K/Q6_K matrix with the `gguf` package and quantizes it again
(token embeddings stay as they are); it is a probe of speed only: a second rounding moves Q4_0's
answers, and no engine here reads these files. Same prompts and measure as `llamacpp_params.py`:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/engine-probe/llamacpp_requant.py /tmp/requant   # about 5 min
"""

from __future__ import annotations

import sys
from pathlib import Path

from agreement import llama_server  # this folder: the same engine set-up
from llamacpp_params import ROOT, chats, timings

GGUF = ROOT / ".models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def rewrite(src: Path, dst: Path, target: str) -> Path:
    import gguf
    import numpy as np
    from gguf import GGMLQuantizationType as T

    reader = gguf.GGUFReader(src)
    writer = gguf.GGUFWriter(dst, arch=reader.fields[gguf.Keys.General.ARCHITECTURE].contents())
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue  # written by GGUFWriter itself
        kind = field.types[0]
        writer.add_key_value(field.name, field.contents(), kind,
                             sub_type=field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None)
    for t in reader.tensors:
        if t.tensor_type in (T.Q4_K, T.Q6_K) and t.name != "token_embd.weight":
            q = gguf.quants.quantize(gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32), T[target])
            writer.add_tensor(t.name, q, raw_shape=q.shape, raw_dtype=T[target])
        else:
            writer.add_tensor(t.name, t.data, raw_shape=t.data.shape, raw_dtype=t.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return dst


def main(folder: Path) -> None:
    import xllamacpp

    print(xllamacpp.get_system_info().strip())
    folder.mkdir(parents=True, exist_ok=True)
    prompts = chats()
    for name in ("Q4_K_M", "Q8_0", "Q4_0"):
        path = GGUF if name == "Q4_K_M" else rewrite(GGUF, folder / f"{name}.gguf", name)
        server = llama_server(path, 2)
        warm = [timings(server, messages, 1) for messages in prompts][1:]
        prefill = sum(t["prompt_n"] for t in warm) / sum(t["prompt_ms"] for t in warm) * 1000
        decode = [timings(server, prompts[0], 48)["predicted_per_second"] for _ in range(2)]
        print(f"{name:7} {path.stat().st_size / 1e9:.2f} GB  prefill {prefill:5.1f} tok/s  decode {decode[0]:5.2f} "
              f"{decode[1]:5.2f} tok/s  (prompt tokens {[t['prompt_n'] for t in warm]})", flush=True)
        del server
        if path != GGUF:
            path.unlink()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
