"""Prompt-lookup (n-gram) speculative decoding in llama.cpp on the answer prompts, beside plain
decoding, greedy, 2 threads, one run: does it decode faster, and is the text the same?

The prompts are rebuilt from the seed-qa items of an eval run (its evidence, the shipped answer
prompt; the evidence text stands in for its glossed form). Usage:
python bench/engine-probe/ngram_lookup.py eval/runs/<time>/results.json > bench/engine-probe/ngram-<date>.json
"""
import json
import sys
import time
from pathlib import Path

import xllamacpp as x

from newsrag.backends.generator import LlamaCppGenerator
from newsrag.prompts import load_prompt
from newsrag.provision import ModelPaths

items = [i for i in json.load(open(sys.argv[1]))["suites"]["seed-qa"]["items"] if i["output"].get("evidence")]
prompt = load_prompt("answer", "v1")
chats = [prompt.render(system={"language": "English", "max_sentences": 3},
                       user={"evidence": [{**e, "glossed": e["text"]} for e in i["output"]["evidence"]],
                             "question": i["input"]["question"], "language": "English"}) for i in items]


def run(generator):
    out = []
    for chat in chats:
        t = time.perf_counter()
        r = generator._server.handle_chat_completions({**generator.request(chat, 160), "stream": False,
                                                       "cache_prompt": False})
        out.append({"wall_s": round(time.perf_counter() - t, 2), "text": r["choices"][0]["message"]["content"],
                    "tokens": r["timings"]["predicted_n"], "decode_tok_s": round(r["timings"]["predicted_per_second"], 2),
                    "draft_accepted": r["timings"].get("draft_n_accepted"), "draft_n": r["timings"].get("draft_n")})
    return out


gguf = ModelPaths(Path(".models")).gguf
plain = run(LlamaCppGenerator(gguf))
# The same construction with n-gram drafts from the context (prompt lookup): a second server.
orig = x.CommonParams
def with_ngram():
    p = orig()
    p.speculative.types = [x.common_speculative_type.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
    return p
x.CommonParams = with_ngram
lookup = run(LlamaCppGenerator(gguf))
x.CommonParams = orig
total = lambda runs: sum(r["tokens"] for r in runs) / sum(r["wall_s"] for r in runs)
print(json.dumps({"prompts": len(chats), "plain_tok_s_wall": round(total(plain), 2), "lookup_tok_s_wall": round(total(lookup), 2),
                  "same_text": sum(a["text"] == b["text"] for a, b in zip(plain, lookup)),
                  "plain": plain, "lookup": lookup}, indent=1, ensure_ascii=False))
