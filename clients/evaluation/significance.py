"""Paired significance of a system against a baseline with sacrebleu's PairedTest."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from sacrebleu.significance import PairedTest

from tarjama.clients.evaluation.translation_metrics import (
    DISPLAY_DECIMALS,
    LOWER_IS_BETTER,
    check_corpus_shape,
    make_metrics,
)
from tarjama.models.errors import InvalidInput

TEST_NAMES = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
ALPHA = 0.05


class IdenticalSystems(InvalidInput):
    """The system and the baseline are the same output: a test would be meaningless."""


def identical_systems(system: Sequence[str], baseline: Sequence[str]) -> bool:
    """Every segment the same, up to spacing (how a file was written changes no score)."""
    return len(system) == len(baseline) and all(
        " ".join(a.split()) == " ".join(b.split()) for a, b in zip(system, baseline, strict=True)
    )


def paired_significance(
    system: tuple[str, Sequence[str]],
    baseline: tuple[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    *,
    tests: Sequence[str] = ("bs",),
    samples: dict[str, int] | None = None,
    metric_names: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Run each requested test; each result has per-metric scores, p-value and 95% CIs.

    sacrebleu seeds its generator from SACREBLEU_SEED (default 12345), so results repeat;
    the seed used is recorded with each test.
    """
    check_corpus_shape(system[1], references)
    check_corpus_shape(baseline[1], references)
    if len(system[1]) < 2:
        raise InvalidInput("significance tests need at least 2 segments")
    if identical_systems(system[1], baseline[1]):
        # sacrebleu's bootstrap would report p = 1/(samples+1) for two identical systems.
        raise IdenticalSystems(
            f"identical systems: {system[0]} and {baseline[0]} give the same output for every "
            "segment, so there is no difference to test"
        )
    samples = {**DEFAULT_SAMPLES, **(samples or {})}
    metrics = make_metrics()
    if metric_names is not None:
        metrics = {name: metrics[name] for name in metric_names}
    results = []
    for test in tests:
        if test not in TEST_NAMES:
            raise InvalidInput(f"unknown significance test {test!r}; use bs or ar")
        paired = PairedTest(
            [(baseline[0], list(baseline[1])), (system[0], list(system[1]))],
            metrics,
            [list(stream) for stream in references],
            test_type=test,
            n_samples=samples[test],
            # AR gives no interval by itself: add sacrebleu's bootstrap estimate (1000).
            n_ar_confidence=0 if test == "ar" else -1,
        )
        signatures, table = paired()
        results.append(_test_result(test, samples[test], baseline[0], system[0], signatures, table))
    return results


def _test_result(
    test: str,
    n_samples: int,
    baseline_name: str,
    system_name: str,
    signatures: dict[str, Any],
    table: dict[str, list[Any]],
) -> dict[str, Any]:
    metrics = {}
    for metric_name, (baseline_result, system_result) in (
        (name, row) for name, row in table.items() if name != "System"
    ):
        p_value = system_result.p_value
        delta = system_result.score - baseline_result.score
        better = delta < 0 if metric_name in LOWER_IS_BETTER else delta > 0
        metrics[metric_name] = {
            "system": _interval(system_result),
            "baseline": _interval(baseline_result),
            "delta": round(delta, 4),
            "p_value": round(p_value, 4),
            "significant": p_value < ALPHA,
            "system_better": better,
            "signature": str(signatures[metric_name]),
        }
    return {
        "test": test,
        "name": TEST_NAMES[test],
        "samples": n_samples,
        "seed": os.environ.get("SACREBLEU_SEED", "12345"),
        "alpha": ALPHA,
        "system": system_name,
        "baseline": baseline_name,
        "metrics": metrics,
    }


def _interval(result: Any) -> dict[str, float | None]:
    """sacrebleu reports mean and half-width; keep both and the bounds they imply."""
    if result.mean is None:
        return {
            "score": round(result.score, 4),
            "mean": None,
            "ci": None,
            "low": None,
            "high": None,
        }
    return {
        "score": round(result.score, 4),
        "mean": round(float(result.mean), 4),
        "ci": round(float(result.ci), 4),
        "low": round(float(result.mean - result.ci), 4),
        "high": round(float(result.mean + result.ci), 4),
    }


def describe(result: dict[str, Any]) -> list[str]:
    """One line per metric, e.g. `BLEU: 36.3 vs 35.3 (+1.0), p = 0.0010, significant`."""
    lines = [f"{result['name']} ({result['samples']} samples, seed {result['seed']}):"]
    for name, row in result["metrics"].items():
        width = DISPLAY_DECIMALS.get(name, 2)
        system, baseline = row["system"], row["baseline"]
        ci = ""
        if system["ci"] is not None:
            ci = (
                f", 95% CI {system['mean']:.{width}f} ± {system['ci']:.{width}f}"
                f" vs {baseline['mean']:.{width}f} ± {baseline['ci']:.{width}f}"
            )
        verdict = "significant" if row["significant"] else "not significant"
        lines.append(
            f"  {name}: {system['score']:.{width}f} vs {baseline['score']:.{width}f}"
            f" ({row['delta']:+.{width}f}), p = {row['p_value']:.4f}, {verdict}{ci}"
        )
    return lines
