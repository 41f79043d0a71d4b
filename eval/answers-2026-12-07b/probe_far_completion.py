"""Would citation completion from anywhere in the cited article rescue external-qa's rejected answers?
For each unverified sentence with one citation in a results.json: the names it has that the cited
sentence lacks, which of those the question supplied, and which other sentences of the same article
would, beside the cited one, leave no deterministic problem (`verify.problems`). No model: the store is
built with the eval's lexical fake embedder, since only the articles' sentences are read.

    python eval/answers-2026-12-07b/probe_far_completion.py eval/baseline/results.json
"""

from __future__ import annotations

import json
import re
import sys
import tempfile

from newsrag.answer.verify import problems, unbacked_names
from newsrag.components import Components
from newsrag.eval.fake import FakeEmbedder
from newsrag.eval.suites import EXTERNAL, read_jsonl
from newsrag.ingest.loaders import LoadedArticle
from newsrag.settings import Settings


def main(path: str) -> None:
    results = json.loads(open(path, encoding="utf-8").read())
    with tempfile.TemporaryDirectory() as data:
        c = Components(Settings(data_dir=data), embedder=lambda: FakeEmbedder())
        c.ingestor.ingest([LoadedArticle("eval", a["id"], a["text"], title=a.get("title"), url=a.get("url"),
                                         published=a.get("published"), outlet=a.get("outlet"))
                           for a in read_jsonl(EXTERNAL / "news_outside_seeds.jsonl")])
        rescued = total = 0
        for item in results["suites"]["external-qa"]["items"]:
            question = item["input"]["question"]
            for s in item["output"]["sentences"]:
                if s["verified"] or len(s["citations"]) != 1:
                    continue
                cited = s["citations"][0]
                body = c.store.article(cited["article_id"]).body
                at = next(i for i, b in enumerate(body) if b.id == cited["sentence_id"])
                missing = unbacked_names(s["text"], body[at].text)
                asked = [m for m in missing if re.search(rf"\b{re.escape(m)}", question, re.IGNORECASE)]
                backing = [i for i in range(len(body)) if i != at and not problems(
                    s["text"], [body[min(i, at)].text, body[max(i, at)].text])]
                total += 1
                rescued += bool(asked and backing)
                print(f"{item['id']}: {s['text'][:100]!r}\n    lacks {missing}, from the question {asked}; "
                      f"sentences that would back it: {backing[:6]}; now: {problems(s['text'], [body[at].text])[:3]}")
        print(f"{total} unverified one-citation sentences; {rescued} lack a name the question supplied and have "
              "a sentence in their article that would back everything the checks ask for")


if __name__ == "__main__":
    main(sys.argv[1])
