"""python eval/readings-2026-12-08/probe_pick_support.py (the shipped checker; about 1 min)

Would the first answer's own unverified sentences verify against the evidence the model picked in
the second attempt? Over every committed QA run."""
import glob, json, re, sys
from newsrag.settings import Settings
from newsrag.components import build_components
from newsrag.answer.check import Source
from newsrag.answer.asked import says_what_is_asked

c = build_components(Settings.from_env()) if hasattr(Settings, "from_env") else build_components(Settings())
checker = c.checker
PICK = re.compile(r"second attempt: evidence \[(\d+)\]")
seen = set()
for path in sorted(glob.glob("eval/**/results.json", recursive=True)):
    r = json.load(open(path))
    for suite in ("seed-qa", "external-qa"):
        for it in r["suites"].get(suite, {}).get("items", []):
            o = it["output"]; q = it["input"]["question"]
            picks = [int(m.group(1)) for s in o["sentences"] if (m := PICK.search(s.get("note") or ""))]
            if not picks:
                continue
            k = picks[0]
            ev = o["evidence"][k - 1]
            src = Source(ev["article_id"], ev["sentence_id"], ev["text"])
            for s in o["sentences"]:
                if s["verified"] or (s.get("note") or "").startswith("second attempt"):
                    continue
                key = (it["id"], s["text"], src.sentence_id)
                if key in seen:
                    continue
                seen.add(key)
                v = checker.check(s["text"], [src])
                if v.verified:
                    exp = it["input"].get("expect") or []
                    right = all(any(a.lower() in s["text"].lower() for a in g) for g in exp)
                    print(f"{path.split('/')[1]}/{suite}/{it['id']} ans={it['input']['answerable']} "
                          f"asked={says_what_is_asked(q, s['text'])} expect_ok={right} cited={bool(s['citations'])} "
                          f"p={v.support:.2f}\n   Q: {q}\n   S: {s['text']}\n   E[{k}]: {src.text[:200]}")
print("checked", len(seen))
