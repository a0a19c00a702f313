"""Builds the result documents of `tarjama eval`: scores, checks, versions and provenance."""

from __future__ import annotations

import platform
import statistics
from collections.abc import Sequence
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from tarjama.clients.evaluation.checks import check_summary, check_translations
from tarjama.clients.evaluation.documents import document_scores
from tarjama.clients.evaluation.inputs import AlignedCorpus
from tarjama.clients.evaluation.significance import IdenticalSystems, paired_significance
from tarjama.clients.evaluation.summary_metrics import rouge_score_version, score_summaries
from tarjama.clients.evaluation.translation_metrics import (
    length_ratio,
    sacrebleu_version,
    score_corpus,
    sentence_chrf,
)

SCHEMA = "tarjama.eval.v1"
LOWEST_SHOWN = 10


def tarjama_version() -> str:
    try:
        return version("tarjama")
    except PackageNotFoundError:
        return "unknown"


def envelope(
    kind: str,
    body: dict[str, Any],
    *,
    inputs: dict[str, Any],
    models: Sequence[dict[str, str]] = (),
    command: Sequence[str] = (),
) -> dict[str, Any]:
    """The archived form: what was run, on what, with which versions, and when."""
    return {
        "schema": SCHEMA,
        "kind": kind,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": list(command),
        "versions": {
            "tarjama": tarjama_version(),
            "sacrebleu": sacrebleu_version(),
            "rouge_score": rouge_score_version(),
            "python": platform.python_version(),
        },
        "model": models[0] if len(models) == 1 else None,
        "models": list(models),
        "inputs": inputs,
        **body,
    }


def _distribution(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def translation_body(
    corpus: AlignedCorpus,
    *,
    significance_tests: Sequence[str] = (),
    significance_samples: dict[str, int] | None = None,
    run_checks: bool = True,
) -> dict[str, Any]:
    """Corpus scores of the system (and baseline), per-segment chrF, documents and checks."""
    systems: dict[str, Any] = {}
    for name, hypotheses in corpus.hypotheses.items():
        scores = score_corpus(hypotheses, corpus.references)
        chrf = sentence_chrf(hypotheses, corpus.references)
        systems[name] = {
            "scores": {metric: result.to_json() for metric, result in scores.items()},
            "length_ratio": length_ratio(scores),
            "sentence_chrf": _distribution(chrf),
            "segment_chrf": chrf,
        }
    system = systems[corpus.system_name]
    levels = sorted(set(corpus.levels))
    body: dict[str, Any] = {
        "system": corpus.system_name,
        "segments": len(corpus),
        "level": levels[0] if len(levels) == 1 else "mixed",
        "scores": system["scores"],
        "length_ratio": system["length_ratio"],
        "sentence_chrf": system["sentence_chrf"],
        "segment_results": [
            {"id": segment_id, "level": level, "chrF2": score}
            for segment_id, level, score in zip(
                corpus.segment_ids, corpus.levels, system["segment_chrf"], strict=True
            )
        ],
        "baselines": {
            name: result for name, result in systems.items() if name != corpus.system_name
        },
        "lowest_segments": _lowest_segments(corpus, system["segment_chrf"]),
        "notes": list(corpus.notes),
    }
    if significance_tests and len(corpus.hypotheses) > 1:
        baseline_name = list(corpus.hypotheses)[1]
        try:
            body["significance"] = paired_significance(
                (corpus.system_name, corpus.system),
                (baseline_name, corpus.hypotheses[baseline_name]),
                corpus.references,
                tests=significance_tests,
                samples=significance_samples,
            )
        except IdenticalSystems as same:  # scores stand; a p-value would mean nothing
            body["significance"] = []
            body["notes"].insert(0, str(same))
    if corpus.documents is not None and len(set(corpus.documents)) > 0:
        body["documents"] = document_scores(corpus)
    if run_checks and corpus.sources is not None:
        body["checks"] = check_translations(
            corpus.sources,
            corpus.system,
            segment_ids=corpus.segment_ids,
            engine_flags=corpus.engine_flags,
        )
    return body


def _lowest_segments(
    corpus: AlignedCorpus, chrf: list[float], count: int = LOWEST_SHOWN
) -> list[dict[str, Any]]:
    """The worst segments with their text, so the report shows what went wrong."""
    lowest = sorted(range(len(corpus)), key=lambda i: chrf[i])[:count]
    return [
        {
            "id": corpus.segment_ids[i],
            "chrF2": chrf[i],
            "hypothesis": corpus.system[i],
            "reference": corpus.references[0][i],
            "source": corpus.sources[i] if corpus.sources else "",
        }
        for i in lowest
    ]


def check_body(corpus: AlignedCorpus) -> dict[str, Any]:
    """Only the reference-free checks (no reference needed)."""
    if corpus.sources is None:
        raise ValueError("checks need sources")
    return {
        "system": corpus.system_name,
        "segments": len(corpus),
        "checks": check_translations(
            corpus.sources,
            corpus.system,
            segment_ids=corpus.segment_ids,
            engine_flags=corpus.engine_flags,
        ),
        "notes": list(corpus.notes),
    }


def summary_body(
    pairs: list[tuple[str, list[str], list[str]]],
    *,
    sources: dict[str, list[str]] | None = None,
    notes: Sequence[str] = (),
    samples: int = 1000,
) -> dict[str, Any]:
    """ROUGE with intervals, plus reference-free checks of each summary against its sources."""
    body = {"summaries": len(pairs), **score_summaries(pairs, samples=samples)}
    checks = []
    for summary_id, hypothesis, _ in pairs:
        summary_sources = (sources or {}).get(summary_id, [])
        checks.append({"id": summary_id, **check_summary(hypothesis, summary_sources)})
    body["checks"] = {"per_summary": checks, **_summary_check_totals(checks)}
    body["notes"] = list(notes)
    return body


def _summary_check_totals(checks: list[dict[str, Any]]) -> dict[str, Any]:
    ratios = [c["compression_ratio"] for c in checks if c.get("compression_ratio")]
    return {
        "with_source": sum(1 for c in checks if "compression_ratio" in c),
        "unsupported_numbers": sum(len(c.get("unsupported_numbers", [])) for c in checks),
        "mean_compression_ratio": round(statistics.fmean(ratios), 4) if ratios else None,
        "mean_redundancy_trigrams": round(
            statistics.fmean(c["redundancy_trigrams"] for c in checks), 4
        ),
        "repeated_sentences": sum(c["repeated_sentences"] for c in checks),
    }
