"""digest.json: everything a digest holds, for programs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from tarjama.clients.digest.first_page import first_page, progression_label, shown_date
from tarjama.clients.digest.types import DigestArticle, DigestInfo, label
from tarjama.models.summarization.english import is_untranslated
from tarjama.models.summarization.types import SentenceRef, Summary, SummaryLength, Synthesis

FORMAT_NAME = "tarjama.digest.v1"  # fields are only ever added within v1
JSON_NAME = "digest.json"


def length_to_json(length: SummaryLength) -> dict[str, int | None]:
    return {"sentences": length.sentences, "words": length.words}


def summary_to_json(summary: Summary) -> dict[str, Any]:
    return {
        "method": summary.method.value,
        "chunks": summary.chunks,
        "model": (
            {"id": summary.model.model_id, "revision": summary.model.revision}
            if summary.model
            else None
        ),
        "notes": list(summary.notes),
        # The citation checker's counts (models/summarization/citations.py), when it ran.
        "citation_check": (
            asdict(summary.citation_check) if summary.citation_check is not None else None
        ),
        "text": summary.text,
        "sentences": [
            {
                "text": sentence.text,
                "sources": [
                    {
                        "article_index": ref.article_index,
                        "sentence_index": ref.sentence_index,
                        "label": label(ref),
                    }
                    for ref in sentence.sources
                ],
                "unsupported_numbers": list(sentence.unsupported_numbers),
            }
            for sentence in summary.sentences
        ],
    }


def _refs_json(refs: Sequence[SentenceRef]) -> list[dict[str, Any]]:
    return [
        {"article_index": r.article_index, "sentence_index": r.sentence_index, "label": label(r)}
        for r in refs
    ]


def synthesis_to_json(synthesis: Synthesis | None) -> dict[str, Any] | None:
    if synthesis is None:
        return None
    page = first_page(synthesis)
    return {
        "themes": [
            {
                "label": t.label,
                "key_phrases": list(t.key_phrases),
                "statement": {"text": t.statement.text, "sources": _refs_json(t.statement.sources)},
                "articles": list(t.articles),
                "sources": _refs_json(t.sources),
            }
            for t in synthesis.themes
        ],  # fmt: skip
        "figures": [
            {
                **{k: v for k, v in asdict(f).items() if k != "sources"},
                "sources": _refs_json(f.sources),
            }
            for f in synthesis.figures
        ],  # fmt: skip
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "mentions": e.mentions,
                "articles": list(e.articles),
                "sources": _refs_json(e.sources),
            }
            for e in synthesis.entities
        ],  # fmt: skip
        "distinct_points": [
            {
                "article_index": d.article_index,
                "text": d.sentence.text,
                "sources": _refs_json(d.sentence.sources),
            }
            for d in synthesis.distinct_points
        ],  # fmt: skip
        "notes": list(synthesis.notes),
        "timeline": [
            {
                "date": e.date,
                "precision": e.precision,
                "shown_date": shown_date(e.date, e.precision),
                "written": e.written,
                "text": e.sentence.text,
                "sources": _refs_json(e.sentence.sources),
                "articles": list(e.articles),
                "rank": e.rank,
            }
            for e in synthesis.timeline
        ],
        # Figures whose value changed over time: indices into "figures", in date order.
        "progressions": [list(steps) for steps in synthesis.progressions],
        # What each progression counts, as its figures say it ("death toll").
        "progression_labels": [
            progression_label([synthesis.figures[k] for k in steps])
            for steps in synthesis.progressions
        ],
        "article_dates": [
            {"article_index": d.article_index, "date": d.date} for d in synthesis.article_dates
        ],
        # What a reader sees first (indices into themes, figures and timeline above).
        "first_page": {
            "themes": page.themes,
            "progressions": page.progressions,
            "figures": page.figures,
            "timeline": page.timeline,
            "words": page.words,
        },
    }


def digest_to_json(
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "generated_at": info.generated_at,
        "tarjama_version": info.tarjama_version,
        "method_requested": info.method,
        "lengths": {
            "article": length_to_json(info.article_length),
            "collection": length_to_json(info.collection_length),
        },
        "citation_labels": "article:sentence, both counted from 1; indices are 0-based",
        "counts": {
            "articles": len(articles),
            "summarized": sum(1 for a in articles if a.summary is not None),
            "failed": sum(1 for a in articles if a.error is not None),
        },
        "notes": list(info.notes),
        "collection_summary": summary_to_json(collection) if collection else None,
        "synthesis": synthesis_to_json(synthesis),
        "articles": [
            {
                "index": article.index,
                "number": article.number,
                "article_id": article.article_id,
                "source_path": article.source_path,
                "title": article.titled[0],
                "title_from": article.titled[1],  # "title", "first sentence" or "id"
                # False for English input: its sources are the English sentences themselves.
                "translated": article.translation is not None
                and not is_untranslated(article.translation),
                "translation_text": article.text_file,
                "translation_json": article.json_file,
                "translation_model": (
                    {
                        "id": article.translation.model.model_id,
                        "revision": article.translation.model.revision,
                    }
                    if article.translation
                    else None
                ),
                "sentences": [s.translation for s in article.translation.segments]
                if article.translation
                else [],
                "sources": [s.source for s in article.translation.segments]
                if article.translation
                else [],
                "flags": [[f.value for f in s.flags] for s in article.translation.segments]
                if article.translation
                else [],
                "status": "failed" if article.error else "ok",
                "error": article.error,
                "summary": summary_to_json(article.summary) if article.summary else None,
            }
            for article in articles
        ],
    }
