"""Reads and writes tarjama's per-article output files (`.en.txt` and sentence-aligned `.json`).

Their suffixes, and that of the per-article summaries, are named here once.
"""

from __future__ import annotations

import dataclasses
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from tarjama.clients.runs.outputs import write_atomically
from tarjama.models.errors import InvalidInput
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
# An article's summary, one sentence per line: `tarjama digest` writes it, `tarjama eval` reads it.
SUMMARY_SUFFIX = ".summary.txt"
# The field reference of the `.json` output, shipped as package data (`tarjama schema`).
SCHEMA_FILE = "schemas/translation.v1.schema.json"
_KNOWN_FLAGS = frozenset(flag.value for flag in QualityFlag)


def translation_schema_text() -> str:
    """The JSON Schema of the `.json` output, as shipped."""
    return files("tarjama.clients.runs").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


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
        # for a text article only its dateline's date, null when it has none.
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
            # Flags a newer tarjama added are skipped, so older readers still load the file.
            flags=tuple(QualityFlag(f) for f in s.get("flags", []) if f in _KNOWN_FLAGS),
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
        metadata=_metadata_from_json(data.get("metadata"), data.get("meta")),
    )


def _metadata_from_json(data: Any, meta: Any = None) -> ArticleMetadata | None:
    """The page's metadata; a corpus record's date ("meta") dates an article that has none."""
    known = {f.name for f in dataclasses.fields(ArticleMetadata)}
    metadata = None
    if isinstance(data, dict):
        metadata = ArticleMetadata(**{k: str(v or "") for k, v in data.items() if k in known})
    record_date = str(meta.get("date") or "") if isinstance(meta, dict) else ""
    if record_date and (metadata is None or not metadata.date):
        metadata = dataclasses.replace(metadata or ArticleMetadata(), date=record_date)
    return metadata


def read_article_json(path: Path) -> TranslatedArticle:
    """A `.json` output read back; ValueError (with a readable reason) when it is not one."""
    text = read_article_text(path)
    try:
        return article_from_json(json.loads(text))
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON (line {error.lineno}: {error.msg})") from None
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(
            f"a field is missing or malformed ({type(error).__name__}: {error})"
        ) from None


class UnreadableArticle(InvalidInput, ValueError):
    """An input file that cannot be read as UTF-8 text; its message says what to do.

    A ValueError too, like the UnicodeDecodeError it replaces, so `except ValueError` still
    catches an unreadable file."""


# How much of a file's start decides whether it is binary, and the share of control bytes
# (other than tab, newlines, form feed, escape) above which it is: text in any encoding has
# almost none; images, archives and office documents have many, NUL above all.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > BINARY_CONTROL_SHARE


def decode_article(data: bytes) -> str:
    """An article file's bytes as text: UTF-8, BOM removed; UnreadableArticle otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableArticle("not UTF-8 (it is UTF-16): re-save it as UTF-8")
    if _looks_binary(data[:BINARY_SNIFF_BYTES]):  # before UTF-8: re-saving would not help
        raise UnreadableArticle("looks binary, not a text file (an image, archive or document?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start : error.start + 1].hex()
        raise UnreadableArticle(
            f"not UTF-8 (byte 0x{byte} at offset {error.start:,}): re-save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise UnreadableArticle("looks binary (contains NUL bytes), not a text file")
    return text


def read_article_bytes(path: Path) -> bytes:
    """A file's bytes; UnreadableArticle with the reason (not a traceback) when it cannot be."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableArticle("no such file") from None
    except IsADirectoryError:
        raise UnreadableArticle("is a folder, not a file") from None
    except OSError as error:
        raise UnreadableArticle(f"cannot read it ({error.strerror or error})") from None


def read_article_text(path: Path) -> str:
    """The one way commands read an input file as text (see decode_article)."""
    return decode_article(read_article_bytes(path))


def write_article_outputs(
    article: TranslatedArticle,
    out_stem: Path,
    *,
    source_path: str = "",
    source_sha256: str = "",
    meta: dict[str, str] | None = None,
) -> tuple[Path, Path]:
    """Write `<stem>.en.txt` and `<stem>.json` atomically; the JSON goes last as the done-marker.

    `meta`: a corpus record's title/url/date as given, kept in the JSON under "meta".
    """
    text_path = out_stem.with_name(out_stem.name + TEXT_SUFFIX)
    json_path = out_stem.with_name(out_stem.name + JSON_SUFFIX)
    write_atomically(text_path, article.english_text())
    payload = article_to_json(article, source_path=source_path, source_sha256=source_sha256)
    if meta:
        payload["meta"] = meta
    write_atomically(json_path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return text_path, json_path
