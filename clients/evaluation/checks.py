"""Reference-free checks of translations and summaries: what can be wrong without a reference."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tarjama.models.text.numbers import compare_numbers, unsupported_numbers
from tarjama.models.text.repetition import find_loop, is_copy_of_source, untranslated_words

# English from Arabic runs ~1.2x the source's characters; far outside [0.5, 2.5] is a dropped
# or hallucinated passage. Short segments are too noisy to judge.
LENGTH_RATIO_BOUNDS = (0.5, 2.5)
MIN_CHARS_FOR_RATIO = 20
# A ratio this many robust standard deviations from the corpus median is flagged as well.
ROBUST_Z_LIMIT = 3.5
MIN_SEGMENTS_FOR_ROBUST = 30

CHECK_NAMES = (
    "empty",
    "untranslated",
    "copy_of_source",
    "repetition",
    "length_ratio",
    "number_missing",
    "number_changed",
    "number_added",
)


@dataclass(frozen=True)
class Issue:
    """One problem found in one segment."""

    check: str
    detail: str


def redundancy(text: str, n: int = 3) -> float:
    """Share of word n-grams that repeat an earlier one (0 = none repeated)."""
    words = [w.lower() for w in re.findall(r"\w+", text)]
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0.0
    return round(1 - len(set(grams)) / len(grams), 4)


def length_ratios(sources: Sequence[str], hypotheses: Sequence[str]) -> list[float | None]:
    return [
        round(len(h) / len(s), 4) if len(s) >= MIN_CHARS_FOR_RATIO else None
        for s, h in zip(sources, hypotheses, strict=True)
    ]


def _ratio_outliers(ratios: list[float | None]) -> dict[int, str]:
    outliers = {}
    low, high = LENGTH_RATIO_BOUNDS
    logs = [math.log(r) for r in ratios if r]
    median = statistics.median(logs) if logs else 0.0
    mad = statistics.median(abs(x - median) for x in logs) if logs else 0.0
    robust = len(logs) >= MIN_SEGMENTS_FOR_ROBUST and mad > 0
    for index, ratio in enumerate(ratios):
        if not ratio:
            continue
        if ratio < low or ratio > high:
            outliers[index] = f"{ratio:.2f}x the source length (expected {low}-{high})"
        elif robust and abs(math.log(ratio) - median) / (1.4826 * mad) > ROBUST_Z_LIMIT:
            typical = math.exp(median)
            outliers[index] = f"{ratio:.2f}x the source length (corpus median {typical:.2f}x)"
    return outliers


def check_translations(
    sources: Sequence[str],
    hypotheses: Sequence[str],
    *,
    segment_ids: Sequence[str] | None = None,
    engine_flags: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Run every reference-free check on aligned source/translation pairs.

    Pairs with an empty source (unknown at that granularity) get only the checks that need
    no source: untranslated Arabic and repetition loops.
    """
    if len(sources) != len(hypotheses):
        raise ValueError("sources and hypotheses must be aligned")
    ids = list(segment_ids or [f"line {i + 1}" for i in range(len(hypotheses))])
    ratios = length_ratios(sources, hypotheses)
    outliers = _ratio_outliers(ratios)
    flagged = []
    counts = Counter({name: 0 for name in CHECK_NAMES})
    for index, (source, hypothesis) in enumerate(zip(sources, hypotheses, strict=True)):
        engine = engine_flags[index] if engine_flags and index < len(engine_flags) else ()
        issues = _segment_issues(source, hypothesis, engine)
        if index in outliers and not (issues and issues[0].check == "empty"):
            issues.append(Issue("length_ratio", outliers[index]))
        for check in {issue.check for issue in issues}:
            counts[check] += 1  # segments with this problem, not problems
        if issues:
            flagged.append(
                {
                    "index": index,
                    "id": ids[index],
                    "source": source,
                    "hypothesis": hypothesis,
                    "issues": [{"check": i.check, "detail": i.detail} for i in issues],
                }
            )
    known_ratios = [r for r in ratios if r]
    engine_counts = Counter(f for flags in engine_flags or [] for f in flags)
    return {
        "segments": len(hypotheses),
        "segments_with_source": sum(1 for s in sources if s),
        "segments_flagged": len(flagged),
        "counts": dict(counts),
        "median_length_ratio": round(statistics.median(known_ratios), 4) if known_ratios else None,
        "length_ratios": ratios,
        "engine_flags": dict(engine_counts),
        "flagged": flagged,
    }


def _segment_issues(source: str, hypothesis: str, engine: Sequence[str] = ()) -> list[Issue]:
    """The problems of one segment; engine: the flags the engine gave it, if known."""
    if not hypothesis.strip() and (source.strip() or "empty" in engine):
        # Flagged on its own, whatever the engine said: nothing else can be checked in it.
        return [Issue("empty", "no translation: the output is empty for a non-empty source")]
    issues = []
    if source and is_copy_of_source(source, hypothesis):
        issues.append(Issue("copy_of_source", "the output repeats the Arabic source"))
    else:
        words = untranslated_words(hypothesis)
        if words:
            issues.append(
                Issue("untranslated", "Arabic left in the output: " + " ".join(words[:8]))
            )
    # The engine's own rule: a capped output ending in a repeated phrase is looping.
    loop = find_loop(hypothesis, hit_length_cap="length_capped" in engine)
    if loop:
        issues.append(Issue("repetition", f"repetition loop: {loop.describe()}"))
    if source:
        numbers = compare_numbers(source, hypothesis)
        for surface in numbers.missing:
            issues.append(Issue("number_missing", f"{surface} is not in the translation"))
        for surface in numbers.changed:
            issues.append(
                Issue("number_changed", f"{surface} {numbers.details.get(surface, 'changed')}")
            )
        if numbers.added:
            issues.append(
                Issue("number_added", "not in the source: " + ", ".join(numbers.added[:8]))
            )
    return issues


def check_summary(summary_sentences: Sequence[str], sources: Sequence[str]) -> dict[str, Any]:
    """Numbers absent from the sources, compression and redundancy of one summary."""
    summary_text = " ".join(summary_sentences)
    source_text = " ".join(sources)
    summary_words = len(re.findall(r"\w+", summary_text))
    source_words = len(re.findall(r"\w+", source_text))
    normalized = [re.sub(r"\W+", " ", s.lower()).strip() for s in summary_sentences]
    repeated = len(normalized) - len(set(normalized))
    result: dict[str, Any] = {
        "summary_words": summary_words,
        "redundancy_trigrams": redundancy(summary_text),
        "repeated_sentences": repeated,
        "untranslated": untranslated_words(summary_text)[:8],
    }
    if sources:
        result["unsupported_numbers"] = unsupported_numbers(summary_text, sources)
        result["source_words"] = source_words
        result["compression_ratio"] = (
            round(summary_words / source_words, 4) if source_words else None
        )
    return result
