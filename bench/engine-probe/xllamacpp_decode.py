"""Decode speed of llama.cpp through the prebuilt xllamacpp wheel (no source build), on the same GGUF
the transformers backend is converted from. Usage, in a scratch venv: pip install xllamacpp==2026.10.11549;
python bench/engine-probe/xllamacpp_decode.py .models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"""
import json, sys, time
import xllamacpp as x
p = x.CommonParams()
p.model.path = sys.argv[1]
p.n_ctx = 4096
p.cpuparams.n_threads = 2
p.cpuparams_batch.n_threads = 2
p.n_parallel = 1
t = time.perf_counter()
s = x.Server(p)
load = time.perf_counter() - t
msgs = [{"role": "system", "content": "You answer questions about news. Be brief."},
        {"role": "user", "content": "Write ten sentences about North Korea and Russia."}]
out = []
for i in range(2):
    t = time.perf_counter()
    r = s.handle_chat_completions({"messages": msgs, "max_tokens": 96, "temperature": 0.0, "top_k": 1, "repeat_penalty": 1.1})
    wall = time.perf_counter() - t
    tm = r.get("timings", {})
    out.append({"wall_s": round(wall, 2), "predicted_n": tm.get("predicted_n"), "decode_tok_s": round(tm.get("predicted_per_second", 0), 2),
                "prompt_ms": round(tm.get("prompt_ms", 0)), "text": r["choices"][0]["message"]["content"][:80]})
print(json.dumps({"engine": "xllamacpp " + x.__dict__.get("__version__", "?"), "load_s": round(load, 1), "runs": out}))
