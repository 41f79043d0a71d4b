"""Decode speed of the transformers backend (newsrag's own TransformersGenerator): run from the repo root
with the project venv. Usage: python bench/engine-probe/transformers_decode.py"""
import json, time
from pathlib import Path
from newsrag.backends.generator import TransformersGenerator, Message
t = time.perf_counter()
g = TransformersGenerator(Path(".models/qwen2.5-coder-1.5b-instruct"), threads=2)
load = time.perf_counter() - t
msgs = [Message("system", "You answer questions about news. Be brief."), Message("user", "Write ten sentences about North Korea and Russia.")]
runs = []
for i in range(2):
    t = time.perf_counter(); first = None; text = ""
    for piece in g.stream(msgs, max_tokens=64):
        if first is None: first = time.perf_counter() - t
        text += piece
    wall = time.perf_counter() - t
    n = g.last_new_tokens
    runs.append({"wall_s": round(wall, 2), "new_tokens": n, "ttft_s": round(first, 2), "decode_tok_s": round((n - 1) / (wall - first), 2), "text": text[:80]})
print(json.dumps({"engine": "transformers fp32", "load_s": round(load, 1), "runs": runs}))
