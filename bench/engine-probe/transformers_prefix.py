"""transformers: what reusing the KV cache of the fixed instructions saves in time to first token,
and whether the greedy text stays the same (split prefill is not bit-identical in fp32).

The 17 seed-qa answer prompts rebuilt from an eval run (as ngram_lookup.py does), greedy, 2 threads,
one run: plain `generate`, then `generate` given a copy of the system turn's KV cache. Usage:
python bench/engine-probe/transformers_prefix.py bench/backend-choice/2026-11-23/seed-transformers/results.json
"""
import copy
import json
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, DynamicCache

from newsrag.prompts import load_prompt

torch.set_num_threads(2)
path = ".models/qwen2.5-coder-1.5b-instruct"
tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, local_files_only=True).eval()
items = [i for i in json.load(open(sys.argv[1]))["suites"]["seed-qa"]["items"] if i["output"].get("evidence")]
prompt = load_prompt("answer", "v1")
chats = [[{"role": m.role, "content": m.content} for m in prompt.render(
    system={"language": "English", "max_sentences": 3},
    user={"evidence": [{**e, "glossed": e["text"]} for e in i["output"]["evidence"]],
          "question": i["input"]["question"], "language": "English"})] for i in items]
ids = [tok.apply_chat_template(c, add_generation_prompt=True, return_tensors="pt", return_dict=True)["input_ids"]
       for c in chats]
system_ids = tok.apply_chat_template(chats[0][:1], return_tensors="pt", return_dict=True)["input_ids"]
assert all(torch.equal(i[:, :system_ids.shape[1]], system_ids) for i in ids), "the system turn is not a token prefix"
with torch.inference_mode():
    prefix = DynamicCache()
    model(system_ids, past_key_values=prefix, use_cache=True)


def first_token_and_text(input_ids, cache):
    with torch.inference_mode():
        t = time.perf_counter()
        model.generate(input_ids, max_new_tokens=1, do_sample=False, temperature=None, top_p=None, top_k=None,
                       repetition_penalty=1.1, pad_token_id=tok.eos_token_id,
                       past_key_values=copy.deepcopy(cache) if cache is not None else None)
        ttft = time.perf_counter() - t
        out = model.generate(input_ids, max_new_tokens=48, do_sample=False, temperature=None, top_p=None, top_k=None,
                             repetition_penalty=1.1, pad_token_id=tok.eos_token_id,
                             past_key_values=copy.deepcopy(cache) if cache is not None else None)
    return ttft, tok.decode(out[0, input_ids.shape[1]:], skip_special_tokens=True)


rows = []
for i, input_ids in enumerate(ids):
    plain = first_token_and_text(input_ids, None)
    cached = first_token_and_text(input_ids, prefix)
    rows.append({"prompt_tokens": input_ids.shape[1], "plain_ttft_s": round(plain[0], 2),
                 "prefix_ttft_s": round(cached[0], 2), "same_text": plain[1] == cached[1],
                 "plain": plain[1], "prefix": cached[1]})
    print(json.dumps(rows[-1], ensure_ascii=False)[:200], file=sys.stderr)
print(json.dumps({"prefix_tokens": system_ids.shape[1], "prompts": len(rows),
                  "same_text": sum(r["same_text"] for r in rows),
                  "plain_ttft_s_median": sorted(r["plain_ttft_s"] for r in rows)[len(rows) // 2],
                  "prefix_ttft_s_median": sorted(r["prefix_ttft_s"] for r in rows)[len(rows) // 2],
                  "rows": rows}, indent=1, ensure_ascii=False))
