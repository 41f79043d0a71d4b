"""Failed literal renderings of committed runs, rendered again from the raw sentence instead of the
glossed one: does that verify? .venv/bin/python eval/readings-2026-12-07b/render_probe.py RESULTS.json... > render_probe.txt"""
import json, re, sys
from pathlib import Path
from newsrag.settings import Settings
from newsrag.components import Components, real_generator, real_support_model
from newsrag.answer.check import Checker, Source
from newsrag.answer.english import english_notation
from newsrag.backends.generator import complete

s = Settings(data_dir=Path("/tmp/x"), generator="llamacpp")
c = Components(s)
gen, checker, literal = c.generator, c.checker, c.prompt("literal")
seen = set()
for path in sys.argv[1:]:
    d = json.load(open(path))
    for name in ("seed-qa", "external-qa"):
        for it in d["suites"].get(name, {}).get("items", []):
            for x in it["output"]["sentences"]:
                note = x.get("note") or ""
                if "second attempt: evidence" not in note or x["verified"] or len(x["citations"]) != 1:
                    continue
                cit = x["citations"][0]
                if cit["sentence_id"] in seen:
                    continue
                seen.add(cit["sentence_id"])
                src = Source(cit["article_id"], cit["sentence_id"], cit["quote"])
                for label, shown in (("glossed", src.shown), ("raw", src.text)):
                    out = complete(gen, literal.render(system={"source_language": "Indonesian"}, user={"sentence": shown}),
                                   max_tokens=160)
                    text = english_notation(next((l.strip() for l in out.splitlines() if l.strip()), ""))
                    r = checker.check(text, [src])
                    print(f"{it['id']:22} {label:7} verified={r.verified} P={r.support:.2f} | {text[:160]} | {r.reason}")
                sys.stdout.flush()
