"""results.json -> report.html: headline tables with each metric defined and each suite's notes
(lists that are not numbers: unlabelled output sentences, published anchors), then the worst items
of every suite first, each with the sources its sentences cite. Jinja with autoescape: article text
and model output are data, shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .compare import definition

TEMPLATE = Path(__file__).resolve().parent / "report.html.j2"
WORST = 15


def badness(row: dict[str, Any]) -> float:
    """Lower is worse: errors first, then wrong answers, unfaithful sentences and grounding errors."""
    if row.get("error"):
        return -1.0
    m = row.get("metrics", {})
    parts = [m[k] for k in ("correct", "faithfulness", "citation_recall", "f1", "contains", "coverage")
             if isinstance(m.get(k), (int, float))]
    score = sum(parts) / len(parts) if parts else 1.0
    return score - 0.1 * (m.get("grounding_errors") or 0) - 0.5 * (m.get("forbidden") or 0)


def fmt(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.0f}"
    return "n/a" if value is None else str(value)


def render(results: dict[str, Any]) -> str:
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = fmt
    suites = []
    for name, suite in results["suites"].items():
        worst = sorted(suite["items"], key=badness)[:WORST]
        suites.append({"name": name, "about": suite["about"], "metrics": suite["metrics"], "worst": worst,
                       "notes": suite.get("notes") or {}, "n_items": len(suite["items"])})  # older runs: no notes
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        meta=results["meta"], suites=suites, define=definition, worst_n=WORST)
