"""The `furniture` suites: does the cleaner remove page furniture and keep the story, on news from
outlets it was not written for?

`datasets/furniture_lines.jsonl` labels every line of 54 Detik and IndoSum articles (11 outlets) as
body, furniture or caption (`furniture_lines.md` says how); the cleaner's rules were extended after
its first measurement, so `furniture_lines_heldout.jsonl` (24 other articles, chosen by a fixed
rule and labelled after the rules were frozen) is the figure to trust. The articles are ingested together, as
one outlet's articles arrive in practice, so outlet templates (lines repeated across stories) count.
Each labelled line is then found in what the product kept: in a body sentence, a caption, or
nowhere (removed). Removal precision is the share of removed lines that were furniture; recall is the
share of furniture lines removed. Captions count as not removed when kept as captions.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

from newsrag.ingest.loaders import LoadedArticle
from newsrag.jsonl import read_jsonl
from newsrag.resources import shipped

DATASETS = shipped("eval", "datasets")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def line_fate(line: str, body: str, captions: str) -> str:
    """Where a labelled line ended up: "body", "caption" or "removed". A stretch from just before the
    middle to near the end is looked for, so a line whose dateline (at its start) or signature (at
    its end) was trimmed still counts as kept; a short line is looked for whole."""
    line = _norm(line)
    probe = line if len(line) < 24 else line[len(line) * 9 // 20: len(line) * 9 // 10]
    if probe in body:
        return "body"
    return "caption" if probe in captions else "removed"


def removal_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Precision and recall of removal from (label, fate) pairs; a removed caption is a miss of
    precision only if labelled body."""
    removed = [label for label, fate in pairs if fate == "removed"]
    furniture = [fate for label, fate in pairs if label == "furniture"]
    tp = sum(label == "furniture" for label in removed)
    return {
        "lines": len(pairs), "furniture_lines": len(furniture), "removed_lines": len(removed),
        "removal_precision": tp / len(removed) if removed else None,
        "removal_recall": tp / len(furniture) if furniture else None,
        "body_lines_lost": sum(label == "body" for label in removed),
        "captions_kept_as_caption": sum(label == "caption" and fate == "caption" for label, fate in pairs),
        "captions": sum(label == "caption" for label, _ in pairs),
    }


class Furniture:
    def __init__(self, name: str, path: str, about: str, archive: str | None = None) -> None:
        # `archive`: another labelled file whose articles are stored first and not scored, as an
        # outlet's earlier articles are in a real store (templates are learned from them).
        self.name, self.path, self.archive = name, path, archive
        self.about = about + (" Removal precision and recall of the cleaner and outlet templates. Labels are ours, "
                              "written by hand; no model is involved.")

    def items(self, limit):
        return _articles(self.path)[:limit]

    def prepare(self, ctx, items):
        # The title is given apart from the text (as JSONL and HTML sources do), so every labelled
        # line is the cleaner's to judge.
        archive = _articles(self.archive) if self.archive else []
        ctx.components.ingestor.ingest([
            LoadedArticle("eval", i["id"], "\n".join(r["text"] for r in i["lines"]), title=f"({i['id']})",
                          outlet=i["outlet"]) for i in archive + items])

    def run(self, ctx, item):
        started = time.perf_counter()
        article = ctx.components.store.article(item["id"])
        body = _norm(" ".join(s.text for s in article.sentences if s.kind == "body"))
        captions = _norm(" ".join(s.text for s in article.sentences if s.kind == "caption"))
        fates = [(r["label"], line_fate(r["text"], body, captions)) for r in item["lines"]]
        wrong = [{"line": r["line"], "label": r["label"], "fate": fate, "text": r["text"][:160]}
                 for r, (_, fate) in zip(item["lines"], fates, strict=True)
                 if (r["label"] == "furniture") != (fate == "removed")]
        return {"id": item["id"], "input": {"outlet": item["outlet"], "lines": len(item["lines"])},
                "output": {"wrong": wrong, "removed": article.removed}, "verdicts": [],
                "metrics": {"fates": fates}, "timings": {"total_ms": (time.perf_counter() - started) * 1000}}

    def aggregate(self, rows):
        pairs = [tuple(p) for r in rows for p in r["metrics"]["fates"]]
        return {"n": len(rows), "outlets": len({r["input"]["outlet"] for r in rows}), **removal_scores(pairs)}

    def notes(self, rows):
        by_outlet: dict[str, list] = defaultdict(list)
        for r in rows:
            by_outlet[r["input"]["outlet"]] += [tuple(p) for p in r["metrics"]["fates"]]
        return {"by_outlet": [{"outlet": o, **removal_scores(p)} for o, p in sorted(by_outlet.items())],
                "wrong_lines": [{"article": r["id"], **w} for r in rows for w in r["output"]["wrong"]]}



def _articles(path: str) -> list[dict]:
    lines: dict[str, list[dict]] = defaultdict(list)
    for row in read_jsonl(DATASETS / path):
        lines[row["article"]].append(row)
    return [{"id": aid, "outlet": rows[0]["outlet"], "lines": sorted(rows, key=lambda r: r["line"])}
            for aid, rows in lines.items()]
