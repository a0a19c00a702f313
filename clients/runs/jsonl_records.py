"""JSONL inputs: one article a line (id, text, optional title, url, date), read line by line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tarjama.clients.runs.manifest import sha256_of
from tarjama.clients.runs.types import Article, Unreadable
from tarjama.models.errors import shown

JSONL_SUFFIX = ".jsonl"
META_FIELDS = ("title", "url", "date")
# A line this long cannot hold an article within the article limit (UTF-8 uses at most
# 4 bytes a character); past it the line is refused unread, so memory stays bounded.
LINE_SLACK_BYTES = 64 * 1024


def is_jsonl_file(path: Path) -> bool:
    return path.suffix.lower() == JSONL_SUFFIX and path.is_file()


def read_jsonl(
    path: Path, *, max_article_chars: int, max_id_chars: int, record_absolute_paths: bool = False
) -> Iterator[Article | Unreadable]:
    """Articles of a JSONL file: one JSON object a line with "id" and "text", optionally
    "title", "url" and "date". A bad line is reported as unreadable; the others go on.

    A title is translated with the article: it becomes the article's first line, so the
    output's title is its translation. The digest covers the title and the text.
    """
    max_line = max_article_chars * 4 + LINE_SLACK_BYTES
    with path.open("rb") as handle:
        for number, raw in enumerate(_bounded_lines(handle, max_line), start=1):
            # Outputs name the file, not where it lies here (unless asked to).
            where = f"{path.resolve() if record_absolute_paths else path.name}:{number}"
            if raw is None:
                yield Unreadable(
                    where, f"line is longer than {max_line:,} bytes", f"{path}:{number}"
                )
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                yield _record(text, where, max_id_chars, origin=f"{path}:{number}")
            except ValueError as error:
                yield Unreadable(where, str(error), f"{path}:{number}")


def _bounded_lines(handle, max_line: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over max_line bytes (skipped, never held)."""
    while True:
        line = handle.readline(max_line + 1)
        if not line:
            return
        if len(line) > max_line and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = handle.readline(max_line + 1)
            yield None
            continue
        yield line


def _record(line: str, where: str, max_id_chars: int, *, origin: str = "") -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not a JSON object: {error.msg} at column {error.colno}") from None
    if not isinstance(record, dict):
        raise ValueError(f"not a JSON object but a {type(record).__name__}")
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        raise ValueError('needs an "id" (a non-empty string)')
    check_article_id(article_id, max_id_chars)
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError(f'record {shown(article_id)} needs a "text" string')
    meta = []
    for name in META_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f'record {shown(article_id)}: "{name}" must be a string')
        meta.append((name, value))
    title = dict(meta).get("title", "").strip()
    if title and text.strip() and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    digest = sha256_of(text.encode("utf-8"))
    return Article(article_id, where, text, digest, tuple(meta), origin=origin)


def check_article_id(article_id: str, max_id_chars: int) -> None:
    """Ids name output files: relative, no `.`/`..` parts, no hidden or control characters."""
    if len(article_id) > max_id_chars:
        raise ValueError(f"id {shown(article_id)} is longer than {max_id_chars} characters")
    parts = PurePosixPath(article_id).parts
    bad = (
        article_id.startswith("/")
        or "\\" in article_id
        or any(ord(c) < 32 or ord(c) == 127 for c in article_id)
        or any(part.startswith(".") for part in parts)
        or "//" in article_id
        or article_id.endswith("/")
    )
    if bad:
        raise ValueError(
            f"id {shown(article_id)} cannot name an output file (use letters, digits, -, _, "
            "and / for sub-folders; no leading dots)"
        )
