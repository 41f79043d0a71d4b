"""Would citing what the model left uncited pay? For each answer sentence of the given runs that cites
nothing, the evidence sentence the support model finds most supportive among those shown, its
P(supported), whether the deterministic checks pass it, and its hand label where one exists (labels
of uncited sentences say "no citation", so read the meaning by eye).

    python eval/vetoes-2026-12-07/probe_uncited.py eval/answer-k-2026-12-07/k6-quantities/results.json \
        eval/answer-k-2026-12-07/k6/results.json eval/answer-k-2026-12-07/k5/results.json \
        eval/answers-2026-12-07c/results.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from newsrag.answer.check import Checker, Source
from newsrag.components import real_support_model
from newsrag.settings import Settings


def main(paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        checker = Checker(real_support_model(Settings(data_dir=Path(d))))
    seen, passing = set(), {0.515: 0, 0.75: 0}
    for path in paths:
        suites = json.loads(Path(path).read_text(encoding="utf-8"))["suites"]
        for suite in ("seed-qa", "external-qa"):
            for item in suites.get(suite, {}).get("items", []):
                evidence = [Source(e["article_id"], e["sentence_id"], e["text"])
                            for e in item["output"].get("evidence") or []]
                for v in item["verdicts"] or []:
                    if v["citations"] or not evidence or (suite, item["id"], v["text"]) in seen:
                        continue
                    seen.add((suite, item["id"], v["text"]))
                    results = checker.check_each(v["text"], [[e] for e in evidence])
                    best = max(range(len(evidence)), key=lambda i: results[i].support)
                    r = results[best]
                    ok = not r.problems
                    for t in passing:
                        passing[t] += ok and r.support >= t
                    print(f"{suite} {item['id']} (answerable: {item['input'].get('answerable')})\n"
                          f"  sentence: {v['text']}\n  best [{best + 1}] P={r.support:.2f} checks "
                          f"{'pass' if ok else 'fail: ' + '; '.join(r.problems)}\n  source: {evidence[best].text}\n")
    print(f"{len(seen)} uncited sentences; the best evidence sentence passes the checks and reaches P >= t for:",
          {f"t={t}": n for t, n in passing.items()})


if __name__ == "__main__":
    main(sys.argv[1:])
