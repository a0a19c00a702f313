"""Reads and writes tarjama's per-article output files (`.en.txt` and sentence-aligned `.json`)."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tarjama.models.types import (
    ArticleMetadata,
    DroppedLine,
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)

FORMAT_NAME = "tarjama.translation.v1"
JSON_SUFFIX = ".json"
TEXT_SUFFIX = ".en.txt"


def article_to_json(
    article: TranslatedArticle, *, source_path: str = "", source_sha256: str = ""
) -> dict[str, Any]:
    """The machine-readable form of a translated article (the `.json` output)."""
    return {
        "format": FORMAT_NAME,
        "article_id": article.article_id,
        "source_path": source_path,
        "source_sha256": source_sha256,
        "model": {"id": article.model.model_id, "revision": article.model.revision},
        "title": next(
            (t for p, t in article.paragraph_texts() if p.kind is ParagraphKind.TITLE), None
        ),
        # What the web page said about its article (title, author, date, site_name, url);
        # null for a text article.
        "metadata": dataclasses.asdict(article.metadata) if article.metadata else None,
        "paragraphs": [
            {"index": p.index, "kind": p.kind.value, "sentence_count": len(p.sentences)}
            for p in article.paragraphs
        ],
        "segments": [
            {
                "index": s.index,
                "paragraph_index": s.paragraph_index,
                "source": s.source,
                "translation": s.translation,
                "pieces": s.pieces,
                "was_split": s.was_split,
                "flags": [f.value for f in s.flags],
            }
            for s in article.segments
        ],
        "dropped": [
            {"line_number": d.line_number, "text": d.text, "reason": d.reason}
            for d in article.dropped
        ],
        "timings": {
            "prepare_seconds": round(article.prepare_seconds, 4),
            "translate_seconds": round(article.translate_seconds, 4),
        },
    }


def article_from_json(data: dict[str, Any]) -> TranslatedArticle:
    """Rebuild a TranslatedArticle from its `.json` form."""
    if data.get("format") != FORMAT_NAME:
        raise ValueError(f"not a tarjama translation file (format={data.get('format')!r})")
    segments = [
        Segment(
            index=s["index"],
            paragraph_index=s["paragraph_index"],
            source=s["source"],
            translation=s["translation"],
            pieces=s.get("pieces", 1),
            flags=tuple(QualityFlag(f) for f in s.get("flags", [])),
        )
        for s in data["segments"]
    ]
    sources_by_paragraph: dict[int, list[str]] = {}
    for segment in segments:
        sources_by_paragraph.setdefault(segment.paragraph_index, []).append(segment.source)
    paragraphs = [
        Paragraph(p["index"], ParagraphKind(p["kind"]), sources_by_paragraph.get(p["index"], []))
        for p in data["paragraphs"]
    ]
    timings = data.get("timings", {})
    return TranslatedArticle(
        article_id=data["article_id"],
        paragraphs=paragraphs,
        segments=segments,
        dropped=[
            DroppedLine(d["line_number"], d["text"], d["reason"]) for d in data.get("dropped", [])
        ],
        model=ModelRef(data["model"]["id"], data["model"]["revision"]),
        prepare_seconds=timings.get("prepare_seconds", 0.0),
        translate_seconds=timings.get("translate_seconds", 0.0),
        metadata=_metadata_from_json(data.get("metadata")),
    )


def _metadata_from_json(data: Any) -> ArticleMetadata | None:
    if not isinstance(data, dict):
        return None
    known = {f.name for f in dataclasses.fields(ArticleMetadata)}
    return ArticleMetadata(**{k: str(v or "") for k, v in data.items() if k in known})


def read_article_json(path: Path) -> TranslatedArticle:
    return article_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def write_atomically(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_article_outputs(
    article: TranslatedArticle, out_stem: Path, *, source_path: str = "", source_sha256: str = ""
) -> tuple[Path, Path]:
    """Write `<stem>.en.txt` and `<stem>.json` atomically; the JSON goes last as the done-marker."""
    text_path = out_stem.with_name(out_stem.name + TEXT_SUFFIX)
    json_path = out_stem.with_name(out_stem.name + JSON_SUFFIX)
    write_atomically(text_path, article.english_text())
    payload = article_to_json(article, source_path=source_path, source_sha256=source_sha256)
    write_atomically(json_path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return text_path, json_path
