"""Precision, recall and balanced accuracy of the shipped verdict alone and with the back-translation
veto, per set of probe_backtranslation.py's output:

    python eval/readings-2026-12-07/backtranslation_stats.py eval/readings-2026-12-07/backtranslation.jsonl
"""
import collections
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1])]
by_set = collections.defaultdict(list)
for r in rows:
    by_set[r["set"]].append(r)


def stats(rs, passes):
    tp = sum(1 for r in rs if passes(r) and r["label"])
    fp = sum(1 for r in rs if passes(r) and not r["label"])
    pos = sum(r["label"] for r in rs)
    neg = len(rs) - pos
    rec, spec = tp / max(1, pos), 1 - fp / max(1, neg)
    return (f"n={len(rs)} supported={pos} passed={tp + fp} (supported {tp}, not {fp}) "
            f"precision={tp / max(1, tp + fp):.3f} recall={rec:.3f} BA={(rec + spec) / 2:.3f}")


for name, rs in by_set.items():
    print(name)
    print("  shipped verdict              ", stats(rs, lambda r: r["direct_ok"]))
    print("  and back-translation verified", stats(rs, lambda r: r["direct_ok"] and r["bt_ok"]))
    for t in (0.15, 0.5):
        print(f"  and back-translation P >= {t:<4}", stats(rs, lambda r, t=t: r["direct_ok"] and (r["bt_p"] or 0) >= t))
