"""Evaluation results as Markdown and as the lines printed in the terminal."""

from __future__ import annotations

from typing import Any

from tarjama.clients.evaluation.collection_rouge import settings_line, table_lines
from tarjama.clients.evaluation.significance import describe
from tarjama.clients.evaluation.translation_metrics import DISPLAY_DECIMALS, METRIC_NAMES

FLAGGED_SHOWN = 20


def _fmt(name: str, value: float | None) -> str:
    return "n/a" if value is None else f"{value:.{DISPLAY_DECIMALS.get(name, 2)}f}"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def terminal_lines(result: dict[str, Any]) -> list[str]:
    """The digest printed after a run: sacrebleu-style score lines first."""
    kind = result["kind"]
    lines = []
    if "scores" in result and kind in ("translation", "run"):
        lines.append(f"{result['segments']} segments scored at {result['level']} level")
        lines += [result["scores"][name]["line"] for name in METRIC_NAMES]
        chrf = result["sentence_chrf"]
        lines.append(
            f"length ratio {result['length_ratio']:.3f} (hypothesis/reference, 13a tokens);"
            f" sentence chrF mean {chrf['mean']:.2f}, median {chrf['median']:.2f}"
        )
        for test in result.get("significance", []):
            lines.append(f"vs baseline '{test['baseline']}', " + "\n".join(describe(test)))
        documents = result.get("documents")
        if documents:
            scores = documents["scores"]
            lines.append(
                f"documents ({documents['count']}): BLEU {scores['BLEU']['display']},"
                f" chrF2 {scores['chrF2']['display']}, chrF2++ {scores['chrF2++']['display']}"
            )
    if kind == "summary":
        lines.append(f"{result['summaries']} summaries")
        for score in result["scores"].values():
            lines.append(
                f"{score['name']} = {score['fmeasure']:.2f}"
                f" (95% CI {score['ci_low']:.2f}-{score['ci_high']:.2f})"
            )
        totals = result["checks"]
        lines.append(
            f"unsupported numbers {totals['unsupported_numbers']}, mean redundancy"
            f" {totals['mean_redundancy_trigrams']:.3f}, mean compression"
            f" {_fmt('', totals['mean_compression_ratio'])}"
        )
    if kind == "collection":
        lines += [*table_lines(result), settings_line(result)]
    checks = result.get("checks")
    if checks and kind != "summary":
        lines.append(_checks_line(checks))
    lines += [f"note: {note}" for note in result.get("notes", [])[:10]]
    if len(result.get("notes", [])) > 10:
        lines.append(f"note: ... {len(result['notes']) - 10} more in the report")
    return lines


def _checks_line(checks: dict[str, Any]) -> str:
    found = ", ".join(f"{name} {count}" for name, count in checks["counts"].items() if count)
    return f"checks: {checks['segments_flagged']} of {checks['segments']} segments flagged" + (
        f" ({found})" if found else ""
    )


def render_markdown(result: dict[str, Any]) -> str:
    kind = result["kind"]
    lines = [f"# tarjama evaluation: {kind}", ""]
    lines += _provenance(result)
    if kind in ("translation", "run") and "scores" in result:
        lines += _translation_sections(result)
    if kind == "summary":
        lines += _summary_sections(result)
    if kind == "collection":
        lines += ["## Collection summary ROUGE", "", *table_lines(result), ""]
        lines += [settings_line(result), ""]
    if result.get("checks") and kind != "summary":
        lines += _check_sections(result["checks"])
    if result.get("notes"):
        lines += ["## Notes", ""] + [f"- {note}" for note in result["notes"]] + [""]
    return "\n".join(lines)


def _provenance(result: dict[str, Any]) -> list[str]:
    versions = result["versions"]
    models = result.get("models") or []
    model = ", ".join(f"{m.get('id', '?')} (revision {m.get('revision') or '-'})" for m in models)
    lines = [
        f"- Date: {result['created']}",
        f"- Versions: tarjama {versions['tarjama']}, sacrebleu {versions['sacrebleu']},"
        f" rouge-score {versions['rouge_score']}, Python {versions['python']}",
        f"- Model: {model or 'not recorded'}",
    ]
    for role, info in result.get("inputs", {}).items():
        for item in info if isinstance(info, list) else [info]:
            if isinstance(item, dict) and "path" in item:
                digest = item.get("sha256") or item.get("sha256_of_folder") or ""
                shown = f" (sha256 {digest[:12]})" if digest else ""
                lines.append(f"- {role}: `{item['path']}`{shown}")
            elif item:
                lines.append(f"- {role}: {item}")
    if result.get("command"):
        lines.append(f"- Command: `{' '.join(result['command'])}`")
    return lines + [""]


def _translation_sections(result: dict[str, Any]) -> list[str]:
    scores = result["scores"]
    lines = [
        "## Corpus scores",
        "",
        f"{result['segments']} segments, scored at {result['level']} level.",
        "",
    ]
    lines += _table(
        ["metric", "score", "sacrebleu signature"],
        [[n, scores[n]["display"], f"`{scores[n]['signature']}`"] for n in METRIC_NAMES],
    )
    bleu = scores["BLEU"]
    precisions = "/".join(f"{p:.1f}" for p in bleu["precisions"])
    chrf = result["sentence_chrf"]
    lines += [
        f"BLEU n-gram precisions {precisions}, brevity penalty {bleu['brevity_penalty']:.3f},"
        f" hyp_len {bleu['hyp_len']}, ref_len {bleu['ref_len']}.",
        f"Length ratio (hypothesis/reference, 13a tokens): {result['length_ratio']:.3f}.",
        f"Sentence-level chrF: mean {chrf['mean']:.2f}, median {chrf['median']:.2f},"
        f" min {chrf['min']:.2f}, max {chrf['max']:.2f}.",
        "",
    ]
    for name, baseline in result.get("baselines", {}).items():
        lines += [f"## Baseline: {name}", ""]
        rows = [[n, scores[n]["display"], baseline["scores"][n]["display"]] for n in METRIC_NAMES]
        lines += _table(["metric", result["system"], name], rows)
    for test in result.get("significance", []):
        lines += [f"### {test['name']} ({test['samples']} samples, seed {test['seed']})", ""]
        rows = []
        for metric, row in test["metrics"].items():
            ci = "n/a"
            if row["system"]["ci"] is not None:
                ci = (
                    f"{_fmt(metric, row['system']['mean'])} ± {_fmt(metric, row['system']['ci'])}"
                    f" / {_fmt(metric, row['baseline']['mean'])}"
                    f" ± {_fmt(metric, row['baseline']['ci'])}"
                )
            delta = f"{row['delta']:+.{DISPLAY_DECIMALS.get(metric, 2)}f}"
            significant = "yes" if row["significant"] else "no"
            rows.append([metric, delta, f"{row['p_value']:.4f}", significant, ci])
        lines += _table(
            ["metric", "delta", "p-value", "p < 0.05", "95% CI system / baseline"], rows
        )
    documents = result.get("documents")
    if documents:
        lines += [
            "## Document level",
            "",
            f"{documents['count']} documents, each scored whole (no TER: too slow on documents).",
            "",
        ]
        doc_scores = documents["scores"]
        lines += _table(
            ["metric", "score", "signature"],
            [[n, score["display"], f"`{score['signature']}`"] for n, score in doc_scores.items()],
        )
        worst = sorted(documents["per_document"], key=lambda d: d["chrF2"])[:10]
        lines += ["Lowest-scoring documents (chrF2):", ""]
        lines += _table(
            ["document", "segments", "BLEU", "chrF2"],
            [[d["id"], d["segments"], f"{d['BLEU']:.1f}", f"{d['chrF2']:.2f}"] for d in worst],
        )
    lowest = result.get("lowest_segments", [])
    if lowest:
        lines += ["## Lowest-scoring segments (sentence chrF)", ""]
        lines += _table(
            ["segment", "chrF2", "hypothesis", "reference"],
            [[s["id"], f"{s['chrF2']:.2f}", s["hypothesis"], s["reference"]] for s in lowest],
        )
    return lines


def _summary_sections(result: dict[str, Any]) -> list[str]:
    settings = result["settings"]
    lines = [
        "## ROUGE",
        "",
        f"{result['summaries']} summaries; rouge-score {settings['rouge_score_version']} with"
        " stemming, sentences split by newlines for ROUGE-Lsum; F-measure ×100, 95% bootstrap"
        f" interval ({settings['bootstrap_samples']} samples, seed {settings['bootstrap_seed']}).",
        "",
    ]
    lines += _table(
        ["metric", "F", "95% CI", "P", "R"],
        [
            [s["name"], f"{s['fmeasure']:.2f}", f"{s['ci_low']:.2f}-{s['ci_high']:.2f}",
             f"{s['precision']:.2f}", f"{s['recall']:.2f}"]
            for s in result["scores"].values()
        ],
    )  # fmt: skip
    lines += _table(
        ["summary", "R-1", "R-2", "R-L", "R-Lsum"],
        [
            [p["id"], *(f"{p[t]:.2f}" for t in ("rouge1", "rouge2", "rougeL", "rougeLsum"))]
            for p in result["per_summary"]
        ],
    )
    checks = result["checks"]
    lines += ["## Reference-free checks", ""]
    lines += _table(
        ["summary", "words", "compression", "redundancy (3-grams)", "unsupported numbers"],
        [
            [c["id"], c["summary_words"], _fmt("", c.get("compression_ratio")),
             f"{c['redundancy_trigrams']:.3f}", ", ".join(c.get("unsupported_numbers", [])) or
             ("-" if "compression_ratio" in c else "no source")]
            for c in checks["per_summary"]
        ],
    )  # fmt: skip
    return lines


def _check_sections(checks: dict[str, Any]) -> list[str]:
    lines = ["## Reference-free checks", "", _checks_line(checks) + ".", ""]
    if checks.get("median_length_ratio"):
        lines += [f"Median length ratio (output/source characters): "
                  f"{checks['median_length_ratio']:.2f}.", ""]  # fmt: skip
    lines += _table(["check", "segments"], [[n, c] for n, c in checks["counts"].items()])
    if checks.get("engine_flags"):
        flags = ", ".join(f"{k} {v}" for k, v in checks["engine_flags"].items())
        lines += [f"Flags set by the engine: {flags}.", ""]
    flagged = checks["flagged"][:FLAGGED_SHOWN]
    if flagged:
        lines += [f"First {len(flagged)} flagged segments:", ""]
        lines += _table(
            ["segment", "issues", "source", "output"],
            [
                [f["id"], "; ".join(f"{i['check']}: {i['detail']}" for i in f["issues"]),
                 f["source"][:200], f["hypothesis"][:200]]
                for f in flagged
            ],
        )  # fmt: skip
    return lines
