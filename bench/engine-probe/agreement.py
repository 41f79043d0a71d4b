"""Do llama.cpp and transformers fp32 compute the same model? Next-token agreement, teacher-forced.

Both engines run the one GGUF's weights (transformers holds them dequantized to fp32; llama.cpp keeps
the 4-bit blocks and rounds activations to 8 bits in its dot products), yet their greedy answers part
after some tens of characters. This measures where and why, on the eval's own answer prompts:

1. transformers fp32 writes each answer greedily, as the service does (repetition penalty 1.1), and
   records its raw next-token log-probabilities at every step;
2. llama.cpp is fed the same prompt and the same answer tokens one position at a time (its prompt
   cache makes each position one token of work) and reports its own top log-probabilities there;
3. per position: do both engines rank the same token first, how far apart are their distributions
   (KL over the union of their top tokens), and where they disagree, how close fp32's own top two were.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/engine-probe/agreement.py --prompts 30 --tokens 48 \\
        > bench/engine-probe/agreement-2026-12-06.json

Prompts: the answer prompt (answer/v1) rendered with the evidence that the baseline's seed-qa and
external-qa items showed, in file order (the glossary's glosses are not stored with the results, so
the evidence is shown without them: the same kind of prompt, not byte for byte the eval's).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP = 10


def answer_chat(item: dict) -> list[dict] | None:
    """The answer prompt (answer/v1) for an eval item, with the evidence its result stored; None when
    the item showed no evidence (it abstained at the relevance gate)."""
    from newsrag.prompts import load_prompt

    evidence = (item.get("output") or {}).get("evidence") or []
    if not evidence:
        return None
    shown = [{**e, "glossed": e["text"]} for e in evidence]
    messages = load_prompt("answer", "v1").render(
        system={"language": "English", "max_sentences": 3},
        user={"evidence": shown, "question": item["input"]["question"], "language": "English"})
    return [{"role": m.role, "content": m.content} for m in messages]


def prompts(results: Path, limit: int) -> list[list[dict]]:
    suites = json.loads(results.read_text())["suites"]
    seed, external = ([chat for item in suites[name]["items"] if (chat := answer_chat(item))]
                      for name in ("seed-qa", "external-qa"))
    # Alternate the suites so that a short run sees both.
    mixed = [c for pair in zip(seed, external) for c in pair] + seed[len(external):] + external[len(seed):]
    return mixed[:limit]


def fp32_greedy(model, prompt_ids: list[int], tokens: int, penalty: float, eos: set[int]) -> list[dict]:
    """Greedy with transformers' repetition penalty; each step's raw top log-probabilities."""
    import torch

    ids = torch.tensor([prompt_ids])
    steps, past = [], None
    seen = set(prompt_ids)
    with torch.inference_mode():
        for _ in range(tokens):
            out = model(ids if past is None else ids[:, -1:], past_key_values=past, use_cache=True)
            past = out.past_key_values
            logits = out.logits[0, -1].float()
            logprobs = torch.log_softmax(logits, -1)
            top = torch.topk(logprobs, TOP)
            penalised = logits.clone()
            index = torch.tensor(sorted(seen))
            values = penalised[index]
            penalised[index] = torch.where(values > 0, values / penalty, values * penalty)
            chosen = int(torch.argmax(penalised))
            steps.append({"chosen": chosen,
                          "top": [[int(i), float(v)] for v, i in zip(top.values, top.indices)]})
            if chosen in eos:
                break
            seen.add(chosen)
            ids = torch.cat([ids, torch.tensor([[chosen]])], dim=1)
    return steps


def llama_server(gguf: Path, threads: int, **overrides):
    """llama.cpp's server engine on a private socket; `overrides` set other CommonParams fields."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = 4096
    params.n_parallel = 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads
    params.verbosity = -1
    params.hostnames = [str(Path(tempfile.mkdtemp(prefix="engine-probe-")) / "engine.sock")]
    for name, value in overrides.items():
        setattr(params, name, value)
    return xllamacpp.Server(params)


def llama_top(server, ids: list[int]) -> list[list]:
    """llama.cpp's raw top log-probabilities for the token after `ids`."""
    out: list[dict] = []
    server.handle_completions({"prompt": ids, "n_predict": 1, "n_probs": TOP, "temperature": 0.0,
                               "cache_prompt": True, "stream": False}, lambda c: out.append(c) or False)
    content = out[-1]["choices"][0]["logprobs"]["content"][0]
    return [[t["id"], t["logprob"]] for t in content["top_logprobs"]]


def compare(a: list[list], b: list[list]) -> dict:
    """Agreement of two top-k lists at one position; KL(a || b) over the union of their tokens, a
    token missing from one list given that list's smallest log-probability (an upper bound on it)."""
    da, db = dict(a), dict(b)
    floor_a, floor_b = min(da.values()), min(db.values())
    union = set(da) | set(db)
    pa = {t: math.exp(da.get(t, floor_a)) for t in union}
    pb = {t: math.exp(db.get(t, floor_b)) for t in union}
    za, zb = sum(pa.values()), sum(pb.values())
    kl = sum(pa[t] / za * math.log((pa[t] / za) / (pb[t] / zb)) for t in union)
    first_a, first_b = a[0][0], b[0][0]
    return {"same_first": first_a == first_b, "kl": max(kl, 0.0),
            # how close fp32's own top two were: the log-probability gap to its runner-up
            "margin_a": a[0][1] - a[1][1],
            "b_first_in_a": da.get(first_b)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "eval/baseline/results.json")
    parser.add_argument("--prompts", type=int, default=30)
    parser.add_argument("--tokens", type=int, default=48)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(args.threads)
    folder = ROOT / ".models/qwen2.5-coder-1.5b-instruct"
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, local_files_only=True).eval()
    server = llama_server(ROOT / ".models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", args.threads)
    eos = {tokenizer.eos_token_id, tokenizer.convert_tokens_to_ids("<|im_end|>")}

    rows, started = [], time.time()
    for n, chat in enumerate(prompts(args.results, args.prompts)):
        prompt_ids = tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_dict=True)["input_ids"]
        steps = fp32_greedy(model, list(prompt_ids), args.tokens, 1.1, eos)
        answer = [s["chosen"] for s in steps]
        for i, step in enumerate(steps):
            rows.append({"prompt": n, "position": i, "penalised_choice_is_raw_first": step["chosen"] == step["top"][0][0],
                         **compare(step["top"], llama_top(server, list(prompt_ids) + answer[:i]))})
        print(f"prompt {n}: {len(steps)} tokens, {time.time() - started:.0f} s", file=sys.stderr)

    agree = [r["same_first"] for r in rows]
    parted = [r for r in rows if not r["same_first"]]
    print(json.dumps({
        "command": " ".join(["agreement.py", *sys.argv[1:]]),
        "prompts": args.prompts, "positions": len(rows),
        "same_first_token": round(sum(agree) / len(agree), 4),
        "kl_mean": round(statistics.fmean(r["kl"] for r in rows), 5),
        "kl_p99": round(sorted(r["kl"] for r in rows)[int(0.99 * (len(rows) - 1))], 5),
        "fp32_margin_median_all": round(statistics.median(r["margin_a"] for r in rows), 3),
        "fp32_margin_where_parted": sorted(round(r["margin_a"], 3) for r in parted),
        "rows": rows,
    }, indent=1))


if __name__ == "__main__":
    main()
