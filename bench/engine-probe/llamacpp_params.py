"""Do llama.cpp's engine settings buy a faster first token? Prefill and decode per setting.

The README question's first token is mostly prefill of ~330 prompt tokens (the fixed instructions are
in the prompt cache). This renders the answer prompt for the first six seed-qa items (evidence as the
baseline stored it), sends them in turn to one engine per setting (the first warms the instructions),
and prints prefill tok/s over the other five, then decode tok/s of two 48-token answers:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/engine-probe/llamacpp_params.py            # all settings, 4 min
    HF_HUB_OFFLINE=1 .venv/bin/python bench/engine-probe/llamacpp_params.py default no_repack default no_repack
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agreement import answer_chat, llama_server  # this folder: the same prompts and engine set-up

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {"default": {}, "flash_on": {"flash_attn_type": 1}, "flash_off": {"flash_attn_type": 0},
            "no_repack": {"no_extra_bufts": True}, "ubatch_128": {"n_ubatch": 128}}


def chats() -> list[list[dict]]:
    items = json.loads((ROOT / "eval/baseline/results.json").read_text())["suites"]["seed-qa"]["items"]
    return [chat for item in items if (chat := answer_chat(item))][:6]


def timings(server, messages: list[dict], max_tokens: int) -> dict:
    out: list[dict] = []
    server.handle_chat_completions({"messages": messages, "max_tokens": max_tokens, "temperature": 0.0,
                                    "top_k": 1, "ignore_eos": True, "cache_prompt": True, "stream": False},
                                   lambda chunk: out.append(chunk) or False)
    return out[-1]["timings"]


def main(names: list[str]) -> None:
    import xllamacpp

    print(xllamacpp.get_system_info().strip())
    prompts = chats()
    for name in names or list(SETTINGS):
        server = llama_server(ROOT / ".models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", 2, **SETTINGS[name])
        warm = [timings(server, messages, 1) for messages in prompts][1:]
        prefill = sum(t["prompt_n"] for t in warm) / sum(t["prompt_ms"] for t in warm) * 1000
        decode = [timings(server, prompts[0], 48)["predicted_per_second"] for _ in range(2)]
        print(f"{name:12} prefill {prefill:5.1f} tok/s  decode {decode[0]:5.2f} {decode[1]:5.2f} tok/s  "
              f"(prompt tokens {[t['prompt_n'] for t in warm]})", flush=True)
        del server


if __name__ == "__main__":
    main(sys.argv[1:])
