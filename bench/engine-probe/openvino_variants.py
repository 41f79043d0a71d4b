"""Which OpenVINO weight format keeps the model the GGUF holds, and how fast each decodes.

openvino-genai reads the Q4_K_M GGUF as 4-bit blocks of 32 (its Q4_K tensors, their minimums rounded
to 4-bit zero points) and 8-bit blocks of 16 (its Q6_K ones). This holds either those weights or the
GGUF's exact ones (dequantized by the `gguf` package) in several ways (`VARIANTS`) and, for each, on
the eval's answer prompts:
1. decode tok/s and prompt time (openvino-genai's own perf metrics, greedy, penalty 1.1);
2. how many greedy answers are word for word llama.cpp's on the same GGUF (the default engine), and
   how many are the as-read model's.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/engine-probe/openvino_variants.py --prompts 40 \\
        --precision f32 --variant as-read --variant read-int4-asym-g128 --variant read-int8-asym \\
        > bench/engine-probe/openvino-variants-2026-12-06-f32.json     # 25 min

(`--precision default` with the first five variants made the `-bf16` file.) Prompts: `agreement.py`'s
(answer/v1 over the evidence the baseline's seed-qa and external-qa items showed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement import ROOT, prompts  # noqa: E402

# name -> (whose weights, nncf's compression of them; None: held at f32). "read": the reader's own
# weights expanded to float (Q4_K minimums rounded to 4-bit zero points; "keep-8bit": its Q6_K tensors
# left as read); "exact": the GGUF's, dequantized by `gguf` (what `newsrag models fetch` uses).
VARIANTS = {
    "as-read": ("read", "as read"),
    "read-int4-asym-g128": ("read", {"mode": "INT4_ASYM", "group_size": 128}),
    "read-int4-asym-g128-keep-8bit": ("read-4bit", {"mode": "INT4_ASYM", "group_size": 128}),
    "read-int4-asym-g64-keep-8bit": ("read-4bit", {"mode": "INT4_ASYM", "group_size": 64}),
    "read-int4-asym-g32-keep-8bit": ("read-4bit", {"mode": "INT4_ASYM", "group_size": 32}),
    "read-int8-asym": ("read", {"mode": "INT8_ASYM", "group_size": -1}),
    "exact-f32": ("exact", None),
    "exact-int8-asym": ("exact", {"mode": "INT8_ASYM", "group_size": -1}),
    "exact-int4-asym-g128": ("exact", {"mode": "INT4_ASYM", "group_size": 128}),
}


def read_gguf(gguf: Path, work: Path) -> Path:
    import openvino_genai

    folder = work / "as-read"
    folder.mkdir()
    (folder / gguf.name).symlink_to(gguf.resolve())
    openvino_genai.LLMPipeline(str(folder / gguf.name), "CPU", enable_save_ov_model=True)
    return folder


def expand_read_weights(core, model, kinds: tuple[str, ...]) -> None:
    """The reader's low-bit weights (of `kinds`) replaced by the float values they decompress to."""
    import numpy as np
    import openvino as ov
    from openvino import opset13

    from newsrag.provision import _decompressed, constants_behind

    for op in model.get_ordered_ops():
        if op.get_type_name() not in ("MatMul", "Gather"):
            continue
        port = op.input(1 if op.get_type_name() == "MatMul" else 0)
        weight = port.get_source_output()
        if not _decompressed(weight):
            continue
        if not any(c.get_element_type().get_type_name() in kinds for c in constants_behind(weight)):
            continue
        value = core.compile_model(ov.Model([opset13.result(weight)], [], "w"), "CPU",
                                   {"INFERENCE_PRECISION_HINT": "f32"})({})[0]
        port.replace_source_output(opset13.constant(np.asarray(value, dtype=np.float32)).output(0))
    model.validate_nodes_and_infer_types()


def variant(read: Path, gguf: Path, work: Path, name: str) -> Path:
    import contextlib
    import shutil

    import nncf
    import openvino as ov

    from newsrag.provision import _restore_gguf_weights

    weights, compression = VARIANTS[name]
    if compression == "as read":
        return read
    core = ov.Core()
    model = core.read_model(read / "openvino_model.xml")
    if weights == "exact":
        _restore_gguf_weights(core, model, gguf)
    else:
        expand_read_weights(core, model, ("u4", "u8") if weights == "read" else ("u4",))
    if compression is not None:
        with contextlib.redirect_stdout(sys.stderr):  # nncf prints its table; stdout is the JSON
            model = nncf.compress_weights(model, mode=getattr(nncf.CompressWeightsMode, compression["mode"]),
                                          group_size=compression["group_size"], ratio=1.0)
    folder = work / name
    folder.mkdir()
    ov.save_model(model, folder / "openvino_model.xml", compress_to_fp16=False)
    for f in read.glob("openvino_*tokenizer.*"):
        shutil.copy(f, folder / f.name)
    return folder


def answers(folder: Path, chats: list[list[dict]], tokens: int, properties: dict) -> dict:
    import openvino_genai

    pipe = openvino_genai.LLMPipeline(str(folder), "CPU", INFERENCE_NUM_THREADS=2, **properties)
    config = openvino_genai.GenerationConfig()
    config.max_new_tokens, config.do_sample, config.repetition_penalty = tokens, False, 1.1
    pipe.generate(openvino_genai.ChatHistory(chats[0]), config)  # first-call costs off the record
    texts, rates, firsts = [], [], []
    for chat in chats:
        result = pipe.generate(openvino_genai.ChatHistory(chat), config)
        texts.append(str(result.texts[0]))
        metrics = result.perf_metrics
        firsts.append(metrics.get_ttft().mean / 1000)
        if metrics.get_num_generated_tokens() > 1:
            rates.append(1000 / metrics.get_tpot().mean)
    return {"texts": texts, "decode_tok_s": round(statistics.median(rates), 2),
            "ttft_s_median": round(statistics.median(firsts), 3),
            "bytes": (folder / "openvino_model.bin").stat().st_size}


def llamacpp_answers(gguf: Path, chats: list[list[dict]], tokens: int) -> list[str]:
    from newsrag.backends.generator import LlamaCppGenerator, Message, complete

    engine = LlamaCppGenerator(gguf, threads=2)
    return [complete(engine, [Message(m["role"], m["content"]) for m in chat], max_tokens=tokens) for chat in chats]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prompts", type=int, default=40)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--variant", action="append", choices=list(VARIANTS))
    parser.add_argument("--precision", choices=["default", "f32"], default="default",
                        help="OpenVINO's inference precision: its default (bf16 on CPUs with AMX) or f32")
    args = parser.parse_args()
    gguf = ROOT / ".models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    chats = prompts(ROOT / "eval" / "baseline" / "results.json", args.prompts)
    started = time.perf_counter()
    reference = llamacpp_answers(gguf, chats, args.tokens)
    out = {"prompts": len(chats), "tokens": args.tokens, "precision": args.precision, "variants": {}}
    with tempfile.TemporaryDirectory(prefix="ov-variants-") as tmp:
        read = read_gguf(gguf, Path(tmp))
        as_read = None
        for name in args.variant or list(VARIANTS):
            t = time.perf_counter()
            folder = variant(read, gguf, Path(tmp), name)
            convert_s = time.perf_counter() - t
            got = answers(folder, chats, args.tokens,
                          {} if args.precision == "default" else {"INFERENCE_PRECISION_HINT": args.precision})
            if name == "as-read":
                as_read = got["texts"]
            row = {"convert_s": round(convert_s, 1), "bytes": got["bytes"], "decode_tok_s": got["decode_tok_s"],
                   "ttft_s_median": got["ttft_s_median"],
                   "same_as_llamacpp": sum(a.strip() == b.strip() for a, b in zip(got["texts"], reference))}
            if as_read is not None:
                row["same_as_read"] = sum(a.strip() == b.strip() for a, b in zip(got["texts"], as_read))
            row["texts"] = got["texts"]
            out["variants"][name] = row
            print(name, {k: v for k, v in row.items() if k != "texts"}, file=sys.stderr, flush=True)
    out["llamacpp_texts"] = reference
    out["duration_s"] = round(time.perf_counter() - started, 1)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
