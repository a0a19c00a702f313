"""ROUGE of a digest's collection summary against several human summaries of one cluster.

The multi-document convention (DUC, TAC, MultiLing): each system summary is cut at the same
number of words, scored against every human summary with rouge-score (Porter stemming), and
the F1 is averaged over the references. Beside tarjama the table holds a round-robin lead
baseline (the first sentence of each article, then the second, ...) built from the same
articles, and any peer summaries given, so a score always comes with its floor and its rivals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from tarjama.clients.evaluation.inputs import read_text
from tarjama.clients.evaluation.summary_metrics import (
    DIGEST_NAME,
    DISPLAY_NAMES,
    _digest_collection,
    read_summary,
    rouge_score_version,
)
from tarjama.models.errors import InvalidInput
from tarjama.models.summarization.english import english_body_sentences

COLLECTION_ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
DEFAULT_WORDS = 250
LEAD_NAME = "lead baseline (round-robin)"


@dataclass(frozen=True)
class System:
    """One summary to score: its name in the table and its sentences."""

    name: str
    sentences: list[str]
    source: str  # where it came from, for the report


def digest_summary(path: Path) -> list[str]:
    """The collection summary of a `tarjama digest` folder or its digest.json."""
    path = Path(path)
    digest = path / DIGEST_NAME if path.is_dir() else path
    if not digest.is_file():
        raise InvalidInput(f"no {DIGEST_NAME} in {path}: give a `tarjama digest` output folder")
    sentences = _digest_collection(digest, role="digest")
    if not sentences:
        raise InvalidInput(f"{digest} has no collection summary")
    return sentences


def summary_files(path: Path, role: str) -> list[Path]:
    """A summary file, or the *.txt / *.json summaries of a folder, sorted by name."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidInput(f"{role} not found: {path}")
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in (".txt", ".json"))
    files = [p for p in files if not p.name.lower().startswith("readme")]
    if not files:
        raise InvalidInput(f"{role} folder {path} holds no .txt or .json summaries")
    return files


def lead_baseline(articles: Path) -> list[str]:
    """First body sentence of each article (file name order), then each second one, ...
    Headlines and datelines are not body sentences."""
    bodies = []
    for path in summary_files(articles, "articles"):
        if path.suffix != ".txt":
            continue
        bodies.append(english_body_sentences(read_text(path, role="article")))
    if not any(bodies):
        raise InvalidInput(f"no English article text in {articles}")
    order = []
    for depth in range(max(len(b) for b in bodies)):
        order += [body[depth] for body in bodies if depth < len(body)]
    return order


def cut_words(sentences: Sequence[str], words: int | None) -> list[str]:
    """The sentences up to `words` words in all, the last one cut mid-sentence if need be."""
    if not words:
        return list(sentences)
    kept: list[str] = []
    left = words
    for sentence in sentences:
        if left <= 0:
            break
        tokens = sentence.split()
        kept.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return kept


def score_systems(
    systems: Sequence[System], references: Sequence[System], words: int | None
) -> dict[str, Any]:
    """Each system's ROUGE F1 (0-100) against every reference, and the mean over them."""
    if not references:
        raise InvalidInput("no reference summaries to score against")
    scorer = rouge_scorer.RougeScorer(list(COLLECTION_ROUGE_TYPES), use_stemmer=True)
    rows = []
    for system in systems:
        hypothesis = "\n".join(cut_words(system.sentences, words))
        per_reference = {}
        for reference in references:
            scores = scorer.score("\n".join(reference.sentences), hypothesis)
            per_reference[reference.name] = {
                t: round(scores[t].fmeasure * 100, 2) for t in COLLECTION_ROUGE_TYPES
            }
        mean = {
            t: round(sum(s[t] for s in per_reference.values()) / len(per_reference), 2)
            for t in COLLECTION_ROUGE_TYPES
        }
        rows.append(
            {
                "name": system.name,
                "source": system.source,
                "words": sum(len(s.split()) for s in cut_words(system.sentences, words)),
                "scores": mean,
                "per_reference": per_reference,
            }
        )
    return {
        "systems": rows,
        "references": [{"name": r.name, "source": r.source} for r in references],
        "settings": {
            "rouge_types": [DISPLAY_NAMES[t] for t in COLLECTION_ROUGE_TYPES],
            "measure": "F1, 0-100, mean over the references",
            "use_stemmer": True,
            "sentence_separator": "newline (ROUGE-Lsum)",
            "words": words or "no cut",
            "rouge_score_version": rouge_score_version(),
        },
    }


def collection_systems(digest: Path, articles: Path | None, peers: Path | None) -> list[System]:
    """tarjama's collection summary, the lead baseline (with articles) and each peer."""
    systems = [System("tarjama", digest_summary(digest), str(digest))]
    if articles is not None:
        systems.append(System(LEAD_NAME, lead_baseline(articles), str(articles)))
    if peers is not None:
        for path in summary_files(peers, "peers"):
            systems.append(System(path.stem, read_summary(path, role="peer"), str(path)))
    return systems


def reference_systems(references: Path) -> list[System]:
    return [
        System(path.stem, read_summary(path, role="reference"), str(path))
        for path in summary_files(references, "references")
    ]


def table_lines(body: dict[str, Any]) -> list[str]:
    """The scores as a Markdown table, best ROUGE-2 first is left to the reader: input order."""
    names = body["settings"]["rouge_types"]
    lines = ["| system | words | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for row in body["systems"]:
        cells = " | ".join(f"{row['scores'][t]:.2f}" for t in COLLECTION_ROUGE_TYPES)
        lines.append(f"| {row['name']} | {row['words']} | {cells} |")
    return lines


def settings_line(body: dict[str, Any]) -> str:
    s = body["settings"]
    return (
        f"rouge-score {s['rouge_score_version']}: {', '.join(s['rouge_types'])} {s['measure']}; "
        f"Porter stemming {'on' if s['use_stemmer'] else 'off'}; summaries cut at "
        f"{s['words']} words; {len(body['references'])} references"
    )
