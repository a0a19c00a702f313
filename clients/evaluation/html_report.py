"""A self-contained HTML report: the Markdown report's content plus matplotlib plots inline."""

from __future__ import annotations

import base64
import html
import io
import re
import statistics
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

from tarjama.clients.evaluation.report import render_markdown  # noqa: E402
from tarjama.clients.evaluation.translation_metrics import METRIC_NAMES  # noqa: E402

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.short, th.short { white-space: nowrap; }
th { background: #f3f3f3; }
code { font-size: 0.85rem; background: #f6f6f6; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5rem 0; }
"""


def _png(figure: Any, alt: str) -> str:
    """The figure as an inline PNG whose alt text says what the plot shows."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'


def chrf_histogram(result: dict[str, Any]) -> str:
    """Sentence-level chrF of the system (and baselines) as overlaid histograms."""
    figure, axes = plt.subplots(figsize=(7, 3.2))
    series = {result["system"]: [s["chrF2"] for s in result["segment_results"]]}
    for name, baseline in result.get("baselines", {}).items():
        series[name] = baseline["segment_chrf"]
    for name, values in series.items():
        axes.hist(values, bins=20, range=(0, 100), alpha=0.55, label=name)
    axes.set_xlabel("sentence chrF")
    axes.set_ylabel("segments")
    axes.set_title("Sentence-level chrF")
    if len(series) > 1:
        axes.legend()
    described = "; ".join(
        f"{name}: {len(values)} segments, median {statistics.median(values):.1f}"
        for name, values in series.items()
        if values
    )
    return _png(figure, f"Histogram of sentence-level chrF (0-100). {described}.")


def system_vs_baseline(result: dict[str, Any]) -> str:
    """Corpus scores of system and baseline with their 95% bootstrap intervals."""
    test = next(
        (t for t in result.get("significance", []) if t["metrics"]["BLEU"]["system"]["ci"]), None
    )
    baseline_name, baseline = next(iter(result["baselines"].items()))
    figure, axes = plt.subplots(figsize=(7, 3.2))
    positions = range(len(METRIC_NAMES))
    width = 0.38
    for offset, (label, scores, side) in enumerate(
        (
            (result["system"], result["scores"], "system"),
            (baseline_name, baseline["scores"], "baseline"),
        )
    ):
        values = [scores[m]["score"] for m in METRIC_NAMES]
        errors = [test["metrics"][m][side]["ci"] for m in METRIC_NAMES] if test else None
        axes.bar([p + (offset - 0.5) * width for p in positions], values, width, yerr=errors,
                 capsize=3, label=label)  # fmt: skip
    axes.set_xticks(
        list(positions), [m + (" (lower is better)" if m == "TER" else "") for m in METRIC_NAMES]
    )
    axes.set_title("System vs baseline" + (" (95% CI)" if test else ""))
    axes.legend()
    pairs = ", ".join(
        f"{m} {result['scores'][m]['score']:.2f} vs {baseline['scores'][m]['score']:.2f}"
        for m in METRIC_NAMES
    )
    return _png(figure, f"Bar chart, {result['system']} vs {baseline_name}: {pairs}.")


def paired_scatter(result: dict[str, Any]) -> str:
    """Each segment's chrF under the baseline (x) and the system (y)."""
    baseline_name, baseline = next(iter(result["baselines"].items()))
    system = [s["chrF2"] for s in result["segment_results"]]
    figure, axes = plt.subplots(figsize=(4.2, 4.2))
    axes.scatter(baseline["segment_chrf"], system, s=6, alpha=0.5)
    axes.plot([0, 100], [0, 100], color="grey", linewidth=1)
    axes.set_xlabel(f"{baseline_name} chrF")
    axes.set_ylabel(f"{result['system']} chrF")
    axes.set_title("Per-segment chrF")
    better = sum(1 for s, b in zip(system, baseline["segment_chrf"], strict=False) if s > b)
    worse = sum(1 for s, b in zip(system, baseline["segment_chrf"], strict=False) if s < b)
    return _png(
        figure,
        f"Scatter of per-segment chrF, {baseline_name} (x) against {result['system']} (y): "
        f"{better} of {len(system)} segments better, {worse} worse.",
    )


# A column whose cells are all at most this long is not wrapped (scores, counts, most ids).
SHORT_CELL = 32
# At most this many article ids under the document bars; more would overlap.
MAX_ID_LABELS = 40


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_bars(result: dict[str, Any]) -> str:
    """Each document's chrF, lowest first, with the document (article) ids on the x axis."""
    documents = sorted(result["documents"]["per_document"], key=lambda d: d["chrF2"])
    figure, axes = plt.subplots(figsize=(7, 3.6))
    axes.bar(range(len(documents)), [d["chrF2"] for d in documents])
    step = max(1, -(-len(documents) // MAX_ID_LABELS))  # ceil: every step-th id
    ticks = list(range(0, len(documents), step))
    axes.set_xticks(ticks, [_short(str(documents[i]["id"])) for i in ticks], rotation=90)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel("document (article id), lowest chrF first")
    axes.set_ylabel("chrF")
    axes.set_title("Document-level chrF")
    ends = ""
    if documents:
        low, high = documents[0], documents[-1]
        ends = (
            f" Lowest: {_short(str(low['id']), 60)} ({low['chrF2']:.1f}); "
            f"highest: {_short(str(high['id']), 60)} ({high['chrF2']:.1f})."
        )
    return _png(figure, f"Bar chart of chrF for each of {len(documents)} documents.{ends}")


def rouge_bars(result: dict[str, Any]) -> str:
    scores = list(result["scores"].values())
    figure, axes = plt.subplots(figsize=(6, 3.2))
    values = [s["fmeasure"] for s in scores]
    errors = [[v - s["ci_low"] for v, s in zip(values, scores, strict=True)],
              [s["ci_high"] - v for v, s in zip(values, scores, strict=True)]]  # fmt: skip
    axes.bar([s["name"] for s in scores], values, yerr=errors, capsize=4)
    axes.set_ylabel("F-measure")
    axes.set_title("ROUGE with 95% bootstrap interval")
    described = ", ".join(f"{s['name']} {s['fmeasure']:.2f}" for s in scores)
    return _png(figure, f"Bar chart of ROUGE F-measure with 95% intervals: {described}.")


def check_bars(checks: dict[str, Any]) -> str:
    figure, axes = plt.subplots(figsize=(7, 3))
    names = list(checks["counts"])
    axes.barh(names, [checks["counts"][n] for n in names])
    axes.set_xlabel("segments flagged")
    axes.set_title("Reference-free checks")
    described = ", ".join(f"{name} {checks['counts'][name]}" for name in names)
    return _png(figure, f"Bar chart of segments flagged by each check: {described or 'none'}.")


def _plots(result: dict[str, Any]) -> list[str]:
    plots = []
    if "segment_results" in result:
        plots.append(chrf_histogram(result))
        if result.get("baselines"):
            plots += [system_vs_baseline(result), paired_scatter(result)]
        if result.get("documents"):
            plots.append(document_bars(result))
    if result["kind"] == "summary":
        plots.append(rouge_bars(result))
    elif result.get("checks"):
        plots.append(check_bars(result["checks"]))
    return plots


def _inline(text: str) -> str:
    escaped = html.escape(text)
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", escaped)


def markdown_to_html(markdown: str) -> str:
    """Just enough Markdown for our own reports: headings, bullets, tables and paragraphs."""
    out: list[str] = []
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        elif line.startswith("| "):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                rows.append(lines[index])
                index += 1
            out.append(_table_html(rows))
            continue
        elif line.startswith("- "):
            items = []
            while index < len(lines) and lines[index].startswith("- "):
                items.append(f"<li>{_inline(lines[index][2:])}</li>")
                index += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        index += 1
    return "\n".join(out)


def _table_html(rows: list[str]) -> str:
    def cells(row: str) -> list[str]:
        parts = re.split(r"(?<!\\)\|", row.strip())[1:-1]
        return [_inline(part.strip().replace("\\|", "|")) for part in parts]

    header, body = cells(rows[0]), [cells(r) for r in rows[2:]]
    if not body:  # never an empty table
        return '<p class="muted">None.</p>'
    # Columns of short values (scores, counts, ids) keep their width; the others (outputs,
    # references) take the rest and wrap anywhere, so one long token never widens the table.
    short = [
        max(len(html.unescape(re.sub("<[^>]*>", "", row[i]))) for row in [header, *body]
        if i < len(row)) <= SHORT_CELL
        for i in range(len(header))
    ]  # fmt: skip

    def cell(tag: str, i: int, content: str) -> str:
        # dir=auto: an Arabic source reads right to left, an English output left to right.
        attribute = ' class="short"' if i < len(short) and short[i] else ' dir="auto"'
        return f"<{tag}{attribute}>{content}</{tag}>"

    head = "".join(cell("th", i, c) for i, c in enumerate(header))
    rows_html = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in body
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"


def render_html(result: dict[str, Any]) -> str:
    body = markdown_to_html(render_markdown(result))
    plots = "\n".join(_plots(result))
    title = html.escape(f"tarjama evaluation: {result['kind']}")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n<h2>Plots</h2>\n{plots}\n</body></html>\n"
    )
