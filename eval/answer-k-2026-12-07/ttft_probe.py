"""Prompt tokens and llama.cpp prefill timings for the README question asked second, at one answer_k
(`python eval/answer-k-2026-12-07/ttft_probe.py 5`): what the evidence costs the first token."""
import json, sys, tempfile, time
from pathlib import Path
from newsrag.settings import Settings
from newsrag.components import Components, real_embedder, real_generator
from newsrag.resources import shipped

README_Q = "How many North Korean soldiers does the US say are in Russia?"
WARM_Q = "What car did Putin give Kim Jong Un as a gift?"
ks = [int(k) for k in sys.argv[1].split(",")] if len(sys.argv) > 1 else [6]
with tempfile.TemporaryDirectory() as d:
    s = Settings(data_dir=Path(d), generator="llamacpp")
    emb = real_embedder(s)
    c = Components(s, embedder=lambda: emb)
    c.ingestor.ingest_paths([shipped("corpus")])
    gen = real_generator(s)
    for k in ks:
        def msgs(q):
            hits = c.retriever.search(q, k=k)
            from newsrag.retrieve.window import hit_articles, sentence_window
            from newsrag.answer.ask import _Sources
            arts = hit_articles(hits, c.retriever)
            src = _Sources(sentence_window(hits, arts, 0), arts)
            ev = c.answerer._evidence(src, arts)
            return c.answerer._messages(q, ev, False)
        for q in (WARM_Q, README_Q):
            m = msgs(q)
            t = time.perf_counter(); first = None
            for piece in gen.stream(m, max_tokens=60):
                first = first or time.perf_counter() - t
            tm = gen.last_timings
            print(json.dumps({"k": k, "q": q[:30], "ttft_s": round(first, 2), "prompt_n": tm.get("prompt_n"),
                              "cache_n": tm.get("cache_n"), "prompt_ms": round(tm.get("prompt_ms", 0)),
                              "prompt_tok_s": round(tm.get("prompt_per_second", 0), 1),
                              "decode_tok_s": round(tm.get("predicted_per_second", 0), 1)}), flush=True)
