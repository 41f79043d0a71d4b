"""The hand-labelled verified sentences of saved runs: precision and recall of `verified` had the
checker's threshold been higher (only removals: what a higher threshold would let the second attempt
do instead is not simulated). Reads eval outputs, so it chooses nothing:

    python eval/readings-2026-12-07/threshold_whatif.py eval/vetoes-2026-12-07/keyword-weight/answers/results.json \
        eval/vetoes-2026-12-07/summaries/results.json
"""
import json, sys
rows = {}
for path in sys.argv[1:]:
    r = json.load(open(path))
    for suite, s in r['suites'].items():
        for it in s['items']:
            for v, o in zip(it.get('verdicts') or [], it['output'].get('sentences') or []):
                if v.get('faithful') is None or not o['citations']: continue
                sup = o['citations'][0].get('support')
                key = (suite, it['id'], v['text'])
                rows[key] = (suite.split('-')[-1], v['verified'], v['faithful'], sup, v.get('note') or '')
import collections
for kind in ('qa', 'summaries', 'all'):
    sel = [x for x in rows.values() if kind == 'all' or x[0] == kind]
    print(kind, len(sel))
    for t in (0.515, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        ver = [x for x in sel if x[1] and x[3] is not None and x[3] >= t]
        good = sum(x[2] for x in ver); faithful_all = sum(x[2] for x in sel)
        print(f"  t={t:.3f} verified={len(ver):3d} faithful={good:3d} precision={good/max(1,len(ver)):.3f} recall={good/max(1,faithful_all):.3f}")
