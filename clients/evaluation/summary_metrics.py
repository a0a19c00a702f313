"""ROUGE-1/2/L/Lsum of summaries with rouge-score (stemming on) and bootstrap intervals."""

from __future__ import annotations

import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
from rouge_score import rouge_scorer, scoring

from tarjama.clients.evaluation.articles import article_id_of, files_by_id
from tarjama.clients.evaluation.inputs import read_text, split_lines
from tarjama.clients.runs.article_files import SUMMARY_SUFFIX
from tarjama.models.errors import InvalidInput

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
DISPLAY_NAMES = {
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
}
COLLECTION_ID = "collection"  # the summary across all articles, as in seeds/references
DIGEST_NAME = "digest.json"
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 12345
# "... sentence. [0,1,2]": the article numbers a collection-summary sentence rests on.
ATTRIBUTION = re.compile(r"\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\]\s*$")
# Sentence end: . ! ? (and Arabic ؟) with closing quotes/brackets, then space and a capital,
# digit or opening quote. Abbreviations like "U.S. officials" may split wrongly; only the
# ROUGE-Lsum of unsplit single-line summaries depends on this.
SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def strip_attribution(sentence: str) -> str:
    return ATTRIBUTION.sub("", sentence).strip()


def split_sentences(text: str) -> list[str]:
    """Lines are sentences; a line holding several sentences is split at sentence ends."""
    sentences = []
    for line in split_lines(text):
        line = strip_attribution(line)
        if line:
            sentences.extend(part.strip() for part in SENTENCE_END.split(line) if part.strip())
    return sentences


def _sentences_from_json(data: Any) -> list[str] | None:
    """Summary sentences from a JSON summary: {"sentences": [...]} possibly under "summary"."""
    if isinstance(data, dict):
        if isinstance(data.get("summary"), (dict, list, str)):
            return _sentences_from_json(data["summary"])
        for key in ("sentences", "text"):
            if key in data:
                return _sentences_from_json(data[key])
        return None
    if isinstance(data, str):
        return split_sentences(data)
    if isinstance(data, list):
        sentences = []
        for item in data:
            if isinstance(item, str):
                sentences.extend(split_sentences(item))
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                sentences.extend(split_sentences(item["text"]))
        return sentences
    return None


def read_summary(path: Path, *, role: str) -> list[str]:
    """A summary file as its sentences (text: one sentence per line; or a JSON summary)."""
    text = read_text(path, role=role)
    if path.suffix == ".json":
        try:
            sentences = _sentences_from_json(json.loads(text))
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{role} {path} is not valid JSON ({error})") from None
        if sentences is None:
            raise InvalidInput(f"{role} {path} has no summary sentences")
    else:
        sentences = split_sentences(text)
    return sentences


def load_summaries(path: Path, *, role: str, one_per_line: bool = False) -> dict[str, list[str]]:
    """Summaries by id: a file (one summary, or one per line), or a folder of them.

    In a folder `<id>.summary.txt` files are used if there are any, else `<id>.txt` and
    `<id>.json`; the id is the file name without those endings. The collection summary of a
    `tarjama digest` folder (in digest.json) becomes the summary with id "collection".
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{role} not found: {path}")
    if path.is_file():
        if one_per_line:
            lines = split_lines(read_text(path, role=role))
            return {f"line {i + 1}": split_sentences(line) for i, line in enumerate(lines)}
        return {article_id_of(Path(path.name)): read_summary(path, role=role)}
    files = files_by_id(path)
    chosen = [(i, f) for i, f in files if f.name.endswith(SUMMARY_SUFFIX)] or [
        (i, f)
        for i, f in files
        if f.suffix in (".txt", ".json") and f.name.lower() not in ("readme.txt", DIGEST_NAME)
    ]
    summaries = {summary_id: read_summary(f, role=role) for summary_id, f in chosen}
    digest = path / DIGEST_NAME
    if COLLECTION_ID not in summaries and digest.is_file():
        collection = _digest_collection(digest, role=role)
        if collection:
            summaries[COLLECTION_ID] = collection
    if not summaries:
        raise InvalidInput(f"{role} {path} holds no summaries (<id>.summary.txt files)")
    return summaries


def _digest_collection(path: Path, *, role: str) -> list[str] | None:
    """The cross-article summary of a `tarjama digest` output folder (digest.json)."""
    try:
        data = json.loads(read_text(path, role=role))
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not data.get("collection_summary"):
        return None
    return _sentences_from_json(data["collection_summary"])


def pair_summaries(
    hypotheses: dict[str, list[str]], references: dict[str, list[str]]
) -> tuple[list[tuple[str, list[str], list[str]]], list[str]]:
    """(id, hypothesis, reference) triples; every reference needs a hypothesis."""
    notes = []
    if len(hypotheses) == 1 and len(references) == 1:
        ((hyp_id, hyp),), ((ref_id, ref),) = hypotheses.items(), references.items()
        if hyp_id != ref_id:
            notes.append(f"paired summary {hyp_id} with reference {ref_id}")
        pairs = [(ref_id, hyp, ref)]
    else:
        missing = sorted(set(references) - set(hypotheses))
        if missing:
            raise InvalidInput(
                f"no hypothesis summary for {len(missing)} of {len(references)} references"
                f" ({', '.join(missing[:5])})"
            )
        extra = sorted(set(hypotheses) - set(references))
        if extra:
            notes.append(f"{len(extra)} summaries without a reference ignored")
        pairs = [(i, hypotheses[i], references[i]) for i in sorted(references)]
    for summary_id, hyp, ref in pairs:
        if not ref:
            raise InvalidInput(f"reference summary {summary_id} is empty")
        if not hyp:
            notes.append(f"summary {summary_id} is empty")
    return pairs, notes


def score_summaries(
    pairs: list[tuple[str, list[str], list[str]]],
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """ROUGE of each summary and their mean with a 95% bootstrap interval.

    Sentences are joined with newlines, which is what ROUGE-Lsum splits on (it computes the
    union LCS per reference sentence); the other types ignore the line breaks.
    """
    if not pairs:
        raise InvalidInput("no summaries to score")
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    aggregator = scoring.BootstrapAggregator(n_samples=samples)
    per_summary = []
    for summary_id, hyp, ref in pairs:
        scores = scorer.score("\n".join(ref), "\n".join(hyp))
        aggregator.add_scores(scores)
        per_summary.append(
            {"id": summary_id, **{t: round(scores[t].fmeasure * 100, 4) for t in ROUGE_TYPES}}
        )
    # rouge-score resamples with NumPy's global generator: seed it for repeatable intervals
    # and put the caller's state back afterwards.
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        aggregate = aggregator.aggregate()
    finally:
        np.random.set_state(state)
    means = {t: float(np.mean([p[t] for p in per_summary])) for t in ROUGE_TYPES}
    scores_json = {}
    for rouge_type in ROUGE_TYPES:
        low, mid, high = aggregate[rouge_type]
        scores_json[rouge_type] = {
            "name": DISPLAY_NAMES[rouge_type],
            "fmeasure": round(means[rouge_type], 4),
            "precision": round(mid.precision * 100, 4),
            "recall": round(mid.recall * 100, 4),
            "ci_low": round(low.fmeasure * 100, 4),
            "ci_high": round(high.fmeasure * 100, 4),
        }
    return {
        "scores": scores_json,
        "per_summary": per_summary,
        "settings": {
            "rouge_types": list(ROUGE_TYPES),
            "use_stemmer": True,
            "sentence_separator": "newline",
            "bootstrap_samples": samples,
            "bootstrap_seed": seed,
            "confidence": 0.95,
            "scale": "0-100",
            "rouge_score_version": rouge_score_version(),
        },
    }


def rouge_score_version() -> str:
    try:
        return version("rouge-score")
    except PackageNotFoundError:
        return "unknown"
