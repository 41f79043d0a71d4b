"""The eval suites. Each one loads its items, puts what it needs in its own store, runs one item
at a time through the real pipeline (whatever backend the components hold) and scores it with the
pure functions of `metrics`.

A row is `{"id", "input", "output", "verdicts", "metrics", "timings"}`; `aggregate` turns a suite's
rows into its headline numbers.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from service.answer.check import Checker, Source
from service.answer.verify import problems
from service.components import Components
from service.ingest.loaders import Source as Document
from service.ingest.meta import detect_language
from service.ingest.sentences import split_sentences
from service.retrieve.hybrid import SearchFilter

from . import metrics as m

DATASETS = Path(__file__).resolve().parent / "datasets"
EXTERNAL = DATASETS / "external"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_judge(checker: Checker) -> m.Judge:
    """The project's checker as the ALCE judge: do these passages support this sentence?"""
    def judge(sentence: str, passages: Sequence[str]) -> bool:
        sources = [Source("", "", p) for p in passages]
        sims = checker.similarities([sentence], sources)[0]
        return checker.judge(sentence, sources, [float(s) for s in sims]).verified
    return judge


def analyse(doc: dict, judge: m.Judge, removed: Sequence[str], language: str | None = "en") -> dict:
    """Scores shared by answers and summaries. `faithfulness` is over every sentence the model
    wrote (before the pipeline dropped any); citation scores, leaks and language are over the
    sentences shown to the user (the verified ones)."""
    drafted = doc["sentences"]
    shown = [s for s in drafted if s["verified"]]
    cited = [(s["text"], [c["quote"] for c in s["citations"]]) for s in shown]
    verdicts = []
    for s in drafted:
        found = problems(s["text"], [c["quote"] for c in s["citations"]]) if s["citations"] else ["no citation"]
        verdicts.append({"text": s["text"], "verified": s["verified"], "note": s.get("note"),
                         "citations": [c["sentence_id"] for c in s["citations"]], "grounding_errors": list(found)})
    scores = {
        "faithfulness": m.claim_faithfulness([s["verified"] for s in drafted]),
        **m.citation_scores(cited, judge),
        "grounding_errors": sum(len(v["grounding_errors"]) for v in verdicts),
        "boilerplate_leaks": m.boilerplate_leaks([s["text"] for s in shown], removed),
        "abstained": float(doc["abstained"]),
    }
    if language:
        scores["output_language"] = m.language_share([s["text"] for s in shown], detect_language, language)
    return {"verdicts": verdicts, "metrics": scores}


def latency(rows: list[dict]) -> dict[str, float | None]:
    totals = [r["timings"]["total_ms"] for r in rows if "total_ms" in r.get("timings", {})]
    return {"latency_p50_ms": m.percentile(totals, 0.5), "latency_p95_ms": m.percentile(totals, 0.95)}


def mean_of(rows: list[dict], name: str) -> float | None:
    return m.mean([r["metrics"].get(name) for r in rows])


def output_means(rows: list[dict]) -> dict[str, float | None]:
    names = ["faithfulness", "citation_recall", "citation_precision", "grounding_errors", "boilerplate_leaks",
             "output_language"]
    return {n: mean_of(rows, n) for n in names if any(n in r["metrics"] for r in rows)}


@dataclass
class Context:
    components: Components
    judge: m.Judge
    limit: int | None = None  # the run's --limit, for suites whose set-up scales with it


class Suite(Protocol):
    name: str
    about: str

    def items(self, limit: int | None) -> list[dict]: ...
    def prepare(self, ctx: Context, items: list[dict]) -> None: ...
    def run(self, ctx: Context, item: dict) -> dict: ...
    def aggregate(self, rows: list[dict]) -> dict[str, Any]: ...


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t) * 1000


def _interleave(items: list[dict]) -> list[dict]:
    """Positives and negatives alternating, each in file order."""
    pos = [i for i in items if i["label"]]
    neg = [i for i in items if not i["label"]]
    mixed = [x for pair in zip(pos, neg, strict=False) for x in pair]
    return mixed + pos[len(neg):] + neg[len(pos):]


def _doc_id(text: str) -> str:
    return "ctx-" + hashlib.sha256(text.encode()).hexdigest()[:16]


# -- questions about the seeds -------------------------------------------------------------------
class SeedQA:
    name = "seed-qa"
    about = ("Questions written for the five seed articles, with gold facts and the sentences that state "
             "them; unanswerable ones include questions only a removed 'read also' headline answers.")

    def items(self, limit):
        return read_jsonl(DATASETS / "seed_qa.jsonl")[:limit]

    def prepare(self, ctx, items):
        ctx.components.ingestor.ingest_paths([CORPUS])

    def run(self, ctx, item):
        c = ctx.components
        result, ms = _timed(lambda: c.answerer.ask(item["question"]))
        doc = result.public()
        removed = [r["text"] for aid in {e["article_id"] for e in doc.get("evidence", [])}
                   for r in (c.store.article(aid).removed if c.store.article(aid) else [])]
        scored = analyse(doc, ctx.judge, removed)
        cited = {cid for v in scored["verdicts"] if v["verified"] for cid in v["citations"]}
        text = doc["answer"].lower()
        correct = (not doc["abstained"] and bool(cited & set(item.get("cites", [])))
                   and all(any(alt.lower() in text for alt in group) for group in item.get("expect", [])))
        scored["metrics"].update({
            "correct": float(correct) if item["answerable"] else None,
            "forbidden": float(any(f.lower() in text for f in item.get("forbid", []))),
        })
        # Unanswerable questions have no gold facts or sentences, only the reason (`why`).
        return {"id": item["id"], "input": {k: item.get(k) for k in ("question", "answerable", "expect", "cites", "why")},
                "output": doc, **scored, "timings": {**doc["timings"], "total_ms": ms}}

    def aggregate(self, rows):
        return {"n": len(rows), "accuracy": mean_of(rows, "correct"),
                **m.abstention_scores([r["input"]["answerable"] for r in rows],
                                      [r["output"]["abstained"] for r in rows]),
                "forbidden_rate": mean_of(rows, "forbidden"), **output_means(rows), **latency(rows)}


# -- a summary of every seed -----------------------------------------------------------------------
class SeedSummaries:
    name = "seed-summaries"
    about = "An English summary of every seed article, every sentence checked against the sentence it cites."

    def items(self, limit):
        return [{"id": p.stem} for p in sorted(CORPUS.glob("*.txt"))][:limit]

    def prepare(self, ctx, items):
        ctx.components.ingestor.ingest_paths([CORPUS / f"{i['id']}.txt" for i in items])

    def run(self, ctx, item):
        c = ctx.components
        article = c.store.article(item["id"])
        result, ms = _timed(lambda: c.summarizer.summarize(article, refresh=True))
        doc = result.public()
        scored = analyse(doc, ctx.judge, [r["text"] for r in article.removed])
        return {"id": item["id"], "input": {"title": article.title, "sentences": len(article.body)},
                "output": doc, **scored, "timings": {**doc["timings"], "total_ms": ms}}

    def aggregate(self, rows):
        return {"n": len(rows), "abstained": mean_of(rows, "abstained"), **output_means(rows), **latency(rows)}


# -- Indonesian reading comprehension ----------------------------------------------------------------
class ReadingQA:
    """Each question is asked against its own passage (a filter on its article): reading
    comprehension, not retrieval. Answers are asked for in the question's language, so they can
    be scored against the Indonesian gold spans."""

    def __init__(self, name: str, path: str, about: str) -> None:
        self.name, self.path, self.about = name, path, about

    def items(self, limit):
        rows = read_jsonl(EXTERNAL / self.path)
        if limit is not None:  # keep the answerable/unanswerable mix of the file
            yes = [r for r in rows if r["answerable"]]
            no = [r for r in rows if not r["answerable"]]
            rows = (yes[: limit - limit // 2] + no[: limit // 2]) if no else yes[:limit]
        return rows

    def prepare(self, ctx, items):
        docs = {_doc_id(i["context"]): i["context"] for i in items}
        ctx.components.ingestor.ingest([Document("eval", k, v, title=None) for k, v in docs.items()])

    def run(self, ctx, item):
        c = ctx.components
        flt = SearchFilter(article_ids=[_doc_id(item["context"])])
        result, ms = _timed(lambda: c.answerer.ask(item["question"], flt=flt, in_question_language=True))
        doc = result.public()
        scored = analyse(doc, ctx.judge, [], language=None)
        golds = [a["text"] for a in item["answers"]]
        prediction = "" if doc["abstained"] else doc["answer"]
        if item["answerable"]:
            scored["metrics"].update({"exact_match": m.exact_match(prediction, golds),
                                      "f1": m.token_f1(prediction, golds),
                                      "contains": m.contains_answer(prediction, golds)})
        return {"id": item["id"], "input": {"question": item["question"], "context": item["context"],
                                            "answers": golds, "answerable": item["answerable"]},
                "output": doc, **scored, "timings": {**doc["timings"], "total_ms": ms}}

    def aggregate(self, rows):
        return {"n": len(rows), "exact_match": mean_of(rows, "exact_match"), "f1": mean_of(rows, "f1"),
                "contains": mean_of(rows, "contains"),
                **m.abstention_scores([r["input"]["answerable"] for r in rows],
                                      [r["output"]["abstained"] for r in rows]),
                **output_means(rows), **latency(rows)}


# -- IndoSum: English summaries of Indonesian news --------------------------------------------------
class IndoSum:
    name = "indosum"
    about = ("English summaries of IndoSum news articles, checked against their Indonesian source; the "
             "Indonesian gold extractive summaries measure content coverage through the cited sentences.")

    def items(self, limit):
        return read_jsonl(EXTERNAL / "sum_id_indosum_dev01_sample150.jsonl")[:limit]

    def prepare(self, ctx, items):
        ctx.components.ingestor.ingest([Document("eval", i["id"][:128], i["article"]) for i in items])

    def run(self, ctx, item):
        c = ctx.components
        article = c.store.article(item["id"][:128])
        result, ms = _timed(lambda: c.summarizer.summarize(article, refresh=True))
        doc = result.public()
        scored = analyse(doc, ctx.judge, [r["text"] for r in article.removed])
        quotes = [cq["quote"] for s in doc["sentences"] if s["verified"] for cq in s["citations"]]
        scored["metrics"]["coverage"] = m.coverage(quotes, item["reference_summary_sentences"])
        return {"id": item["id"], "input": {"source_url": item["source_url"],
                                            "reference": item["reference_summary_sentences"]},
                "output": doc, **scored, "timings": {**doc["timings"], "total_ms": ms}}

    def aggregate(self, rows):
        return {"n": len(rows), "coverage": mean_of(rows, "coverage"), "abstained": mean_of(rows, "abstained"),
                **output_means(rows), **latency(rows)}


# -- the checker itself, on labelled data --------------------------------------------------------------
class CheckerSuite:
    name = "checker"
    about = ("The faithfulness checker as a classifier: SummaC CoGenSumm (English summaries of CNN/DM, "
             "consistent or not) and IndoNLI news (entailment vs neutral/contradiction). Published, on "
             "LLM-AggreFact (a different benchmark): MiniCheck-Flan-T5-L 75.0, SummaC-ZS 67.7 balanced accuracy.")

    def items(self, limit):
        summac = [{"id": r["id"], "set": "summac-cogensumm", "document": r["document"], "claim": r["summary"],
                   "label": r["label"] == 1} for r in read_jsonl(EXTERNAL / "faith_en_summac_cogensumm_test.jsonl")]
        nli = [{"id": r["id"], "set": "indonli-news", "document": r["premise"], "claim": r["hypothesis"],
                "label": r["label"] == "entailment"} for r in read_jsonl(EXTERNAL / "nli_id_indonli_news_sample300.jsonl")]
        if limit is not None:  # both classes in a short run, or no AUC can be computed
            summac, nli = _interleave(summac)[: limit - limit // 2], _interleave(nli)[: limit // 2]
        return summac + nli

    def prepare(self, ctx, items):
        pass

    def run(self, ctx, item):
        checker = ctx.components.checker
        t = time.perf_counter()
        passages = [Source("doc", str(i), s) for i, s in enumerate(
            s for para in item["document"].split("\n") for s in split_sentences(para) if s.strip())]
        claims = [s for para in item["claim"].split("\n") for s in split_sentences(para) if s.strip()]
        sims = checker.similarities(claims, passages)
        verdicts, scores = [], []
        for claim, row in zip(claims, sims, strict=True):
            found = checker.best_alternative(claim, passages, [float(x) for x in row], exclude=set())
            # Score: the best similarity, halved where the deterministic checks find a name or
            # number the passage lacks; a claim is as supported as its weakest sentence.
            best = max((float(x) * (1.0 if not problems(claim, [p.text]) else 0.5)
                        for x, p in sorted(zip(row, passages, strict=True), key=lambda xp: -xp[0])[:3]),
                       default=0.0)
            verdicts.append({"text": claim, "verified": found is not None, "score": round(best, 4)})
            scores.append(best)
        predicted = bool(verdicts) and all(v["verified"] for v in verdicts)
        return {"id": item["id"], "input": {"set": item["set"], "claim": item["claim"],
                                            "document": item["document"][:2000], "label": item["label"]},
                "output": {"predicted": predicted, "score": min(scores, default=0.0)}, "verdicts": verdicts,
                "metrics": {"correct": float(predicted == item["label"])},
                "timings": {"total_ms": (time.perf_counter() - t) * 1000}}

    def aggregate(self, rows):
        out: dict[str, Any] = {"n": len(rows)}
        for name in sorted({r["input"]["set"] for r in rows}):
            part = [r for r in rows if r["input"]["set"] == name]
            labels = [r["input"]["label"] for r in part]
            key = name.replace("-", "_")
            out[f"{key}_n"] = len(part)
            if len(set(labels)) == 2:
                out[f"{key}_balanced_accuracy"] = m.balanced_accuracy(labels, [r["output"]["predicted"] for r in part])
                out[f"{key}_roc_auc"] = m.roc_auc(labels, [r["output"]["score"] for r in part])
        return {**out, **latency(rows)}


# -- retrieval over the QA passages ----------------------------------------------------------------------
class Retrieval:
    DISTRACTORS = 40
    n_passages = 0
    name = "retrieval"
    about = ("The hybrid retriever over all TyDi QA and IDK-MRC passages at once: is the passage (article) "
             "and the sentence holding the gold answer among the top k hits?")

    def items(self, limit):
        seen, rows = set(), []
        for path in ("qa_id_tydiqa_goldp_sample200.jsonl", "qa_id_idkmrc_test_sample200.jsonl"):
            for r in read_jsonl(EXTERNAL / path):
                if r["answerable"] and (r["question"], r["context"]) not in seen:
                    seen.add((r["question"], r["context"]))
                    rows.append(r)
        return rows[:limit]

    def prepare(self, ctx, items):
        # The other passages are distractors that make this a search. A full run indexes every
        # passage of both files; a --limit run indexes its gold passages plus the first
        # DISTRACTORS others, so that a quick run stays quick (its numbers are not comparable
        # with a full run's, and `n_passages` says so).
        gold = {_doc_id(i["context"]): i["context"] for i in items}
        others = {}
        for path in ("qa_id_tydiqa_goldp_sample200.jsonl", "qa_id_idkmrc_test_sample200.jsonl"):
            others.update({_doc_id(r["context"]): r["context"] for r in read_jsonl(EXTERNAL / path)})
        if ctx.limit is not None:
            others = dict(list(others.items())[: self.DISTRACTORS])
        docs = {**others, **gold}
        self.n_passages = len(docs)
        ctx.components.ingestor.ingest([Document("eval", k, v) for k, v in docs.items()])

    def run(self, ctx, item):
        hits, ms = _timed(lambda: ctx.components.retriever.search(item["question"], k=10))
        gold = _doc_id(item["context"])
        answers = [m.normalize_answer(a["text"]) for a in item["answers"]]
        article_rank = next((i for i, h in enumerate(hits, 1) if h.article_id == gold), None)
        sentence_rank = next((i for i, h in enumerate(hits, 1) if h.article_id == gold and any(
            a and f" {a} " in f" {m.normalize_answer(h.text)} " for a in answers)), None)
        return {"id": item["id"], "input": {"question": item["question"], "answers": answers},
                "output": {"hits": [h.sentence_id for h in hits]}, "verdicts": [],
                "metrics": {"article_rank": article_rank, "sentence_rank": sentence_rank},
                "timings": {"total_ms": ms}}

    def aggregate(self, rows):
        out: dict[str, Any] = {"n": len(rows), "n_passages": self.n_passages}
        for level in ("article", "sentence"):
            ranks = [r["metrics"][f"{level}_rank"] for r in rows]
            out.update({f"{level}_recall@{k}": m.recall_at_k(ranks, k) for k in (1, 5, 10)})
            out[f"{level}_mrr"] = m.mrr(ranks)
        return {**out, **latency(rows)}


SUITES: dict[str, Suite] = {s.name: s for s in [
    SeedQA(), SeedSummaries(),
    ReadingQA("tydiqa-id", "qa_id_tydiqa_goldp_sample200.jsonl",
              "TyDi QA GoldP Indonesian: Wikipedia passages, every question answerable."),
    ReadingQA("idkmrc-id", "qa_id_idkmrc_test_sample200.jsonl",
              "IDK-MRC: Indonesian reading comprehension, half the questions unanswerable from the passage."),
    IndoSum(), CheckerSuite(), Retrieval(),
]}
