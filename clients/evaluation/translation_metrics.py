"""Corpus BLEU, chrF, chrF++ and TER through sacrebleu, with signatures and input guards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from tarjama.models.errors import InvalidInput

METRIC_NAMES = ("BLEU", "chrF2", "chrF2++", "TER")
# sacrebleu's CLI prints BLEU with one decimal; chrF and TER are customarily read with two
# (the published FLORES figures are "35.3" and "61.55").
DISPLAY_DECIMALS = {"BLEU": 1, "chrF2": 2, "chrF2++": 2, "TER": 2}
LOWER_IS_BETTER = {"TER"}


@dataclass(frozen=True)
class MetricResult:
    """One corpus-level score as sacrebleu computed it."""

    name: str
    score: float
    signature: str
    line: str  # sacrebleu's own "NAME|signature = score ..." rendering
    details: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "display": f"{self.score:.{DISPLAY_DECIMALS.get(self.name, 2)}f}",
            "signature": self.signature,
            "line": self.line,
            **self.details,
        }


def make_metrics() -> dict[str, Metric]:
    """Fresh sacrebleu metric objects with default settings (so signatures are standard)."""
    return {"BLEU": BLEU(), "chrF2": CHRF(), "chrF2++": CHRF(word_order=2), "TER": TER()}


def check_corpus_shape(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    """Refuse the argument shapes on which sacrebleu silently mis-scores.

    sacrebleu zips the hypotheses with each reference stream: a stream given as a bare string
    is read character by character, and a stream shorter than the hypotheses truncates the
    corpus to its length (one reference line -> one scored line).
    """
    if isinstance(hypotheses, str) or not isinstance(hypotheses, Sequence):
        raise InvalidInput("hypotheses must be a list of segment strings, not one string")
    if not hypotheses:
        raise InvalidInput("no hypotheses to score")
    if not all(isinstance(h, str) for h in hypotheses):
        raise InvalidInput("every hypothesis must be a string")
    if isinstance(references, str) or not isinstance(references, Sequence) or not references:
        raise InvalidInput("references must be a list of reference streams (lists of strings)")
    for number, stream in enumerate(references, start=1):
        if isinstance(stream, str) or not isinstance(stream, Sequence):
            raise InvalidInput(
                f"reference stream {number} is a {type(stream).__name__}, not a list of lines;"
                " pass references as [reference_lines]"
            )
        if len(stream) != len(hypotheses):
            raise InvalidInput(
                f"reference stream {number} has {len(stream)} segments but there are"
                f" {len(hypotheses)} hypotheses"
            )
        if not all(isinstance(r, str) for r in stream):
            raise InvalidInput(f"reference stream {number} holds non-string segments")
        if not any(r.strip() for r in stream):
            raise InvalidInput(f"reference stream {number} is empty")


def _details(name: str, score: Any) -> dict[str, Any]:
    if name == "BLEU":
        return {
            "precisions": [round(p, 4) for p in score.precisions],
            "brevity_penalty": round(score.bp, 4),
            "length_ratio": round(score.ratio, 4),
            "hyp_len": score.sys_len,
            "ref_len": score.ref_len,
        }
    return {}


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    metric_names: Sequence[str] = METRIC_NAMES,
) -> dict[str, MetricResult]:
    """BLEU, chrF, chrF++ and TER of a corpus against one or more reference streams."""
    check_corpus_shape(hypotheses, references)
    results = {}
    for name, metric in make_metrics().items():
        if name not in metric_names:
            continue
        score = metric.corpus_score(list(hypotheses), [list(r) for r in references])
        signature = str(metric.get_signature())
        width = DISPLAY_DECIMALS[name]
        results[name] = MetricResult(
            name=name,
            score=float(score.score),
            signature=signature,
            line=score.format(width=width, signature=signature),
            details=_details(name, score),
        )
    return results


def sentence_chrf(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[float]:
    """chrF of each segment on its own (sacrebleu's sentence_score)."""
    check_corpus_shape(hypotheses, references)
    metric = CHRF()
    return [
        round(metric.sentence_score(hyp, [stream[i] for stream in references]).score, 4)
        for i, hyp in enumerate(hypotheses)
    ]


def length_ratio(results: dict[str, MetricResult]) -> float:
    """Hypothesis/reference length in BLEU's 13a tokens (BLEU's own `ratio`)."""
    return results["BLEU"].details["length_ratio"]


def sacrebleu_version() -> str:
    return sacrebleu.__version__
