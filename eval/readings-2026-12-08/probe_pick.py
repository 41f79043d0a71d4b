"""python eval/readings-2026-12-08/probe_pick.py RESULTS (llama.cpp; about 2 min)

For items that abstained with no second-attempt sentence: what did the pick say, and
did a guard refuse it? Replays the pick prompt over the evidence the run recorded."""
import json, sys
from newsrag.settings import Settings
from newsrag.components import real_generator
from newsrag.prompts import load_prompt
from newsrag.backends.generator import complete
from newsrag.answer.ask import picked_number, _TIME_FRAME, _REFERS_BACK
from newsrag.answer.evidence import as_evidence
from newsrag.answer.verify import unbacked_names, unrealised_as_done

s = Settings()
gen = real_generator(s.model_copy(update={"generator": "llamacpp"}))
pick = load_prompt("pick", s.pick_prompt, s.prompts_dir)
r = json.load(open(sys.argv[1]))
for suite in ("seed-qa", "external-qa"):
    for it in r["suites"][suite]["items"]:
        o, inp = it["output"], it["input"]
        if not o["abstained"] or any((x.get("note") or "").startswith("second attempt") for x in o["sentences"]):
            continue
        if o.get("abstain_reason") != "unverified":
            continue
        ev = [dict(e, glossed=as_evidence(e["text"])) for e in o["evidence"]]
        out = complete(gen, pick.render(system={}, user={"evidence": ev, "question": inp["question"]}), max_tokens=6)
        n = picked_number(out, len(ev))
        why = ""
        if n:
            src = ev[n - 1]["text"]
            why = (f"names {unbacked_names(_TIME_FRAME.sub('', inp['question']), src)} "
                   f"unrealised {unrealised_as_done(inp['question'], [src])} refers={bool(_REFERS_BACK.search(src))}")
        print(f"{it['id']} ans={inp['answerable']} pick={out!r} -> {n} {why}\n   Q: {inp['question']}\n   E: {ev[n-1]['sentence_id'] + ' ' + ev[n-1]['text'][:150] if n else ''}\n   gold: {inp.get('evidence')}", flush=True)
