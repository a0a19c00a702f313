"""Corpus inputs for the engines: article files and JSONL corpora (id, text, title, url, date)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tarjama.clients.runs.article_files import UnreadableArticle
from tarjama.clients.runs.folder_runner import Job, discover, read_job, sha256_of
from tarjama.models.errors import InvalidInput, shown

JSONL_SUFFIX = ".jsonl"
META_FIELDS = ("title", "url", "date")
# A line this long cannot hold an article within the article limit (UTF-8 uses at most
# 4 bytes a character); past it the line is refused unread, so memory stays bounded.
LINE_SLACK_BYTES = 64 * 1024


@dataclass(frozen=True)
class CorpusArticle:
    """One article to translate, wherever it came from.

    `relative_stem` is its id and where its outputs go (relative to the output folder);
    `digest` the sha256 the manifest keys it by; `meta` a JSONL record's title/url/date.
    """

    relative_stem: str
    source: str
    text: str
    digest: str
    meta: tuple[tuple[str, str], ...] = ()
    html: bool = False  # `text` is a saved web page whose article is extracted first

    def out_stem(self, out_dir: Path) -> Path:
        return out_dir / self.relative_stem

    @property
    def meta_dict(self) -> dict[str, str]:
        return dict(self.meta)


@dataclass(frozen=True)
class Unreadable:
    """An input that could not become an article, and why (recorded as a failure)."""

    source: str
    reason: str


def is_corpus_file(path: Path) -> bool:
    return path.suffix.lower() == JSONL_SUFFIX and path.is_file()


def split_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(article files and folders, JSONL corpora given directly)."""
    others: list[Path] = []
    corpora: list[Path] = []
    for given in inputs:
        (corpora if is_corpus_file(given) else others).append(given)
    return others, corpora


def count_records(path: Path) -> int:
    """Non-blank lines of a JSONL corpus (for the progress bar's total)."""
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            count += bool(line.strip())
    return count


@dataclass(frozen=True)
class CorpusInputs:
    """Everything a run reads: folder jobs and JSONL corpora, and how many articles in all."""

    jobs: list[Job]
    corpora: list[Path]
    total: int

    @classmethod
    def find(cls, inputs: Iterable[Path]) -> CorpusInputs:
        others, corpora = split_inputs(inputs)
        jobs = discover(others) if others else []
        total = len(jobs) + sum(count_records(path) for path in corpora)
        if total == 0:
            names = ", ".join(str(p) for p in [*others, *corpora])
            raise InvalidInput(f"no *.txt articles or JSONL records found in {names}")
        return cls(jobs, corpora, total)

    def articles(
        self, *, max_article_chars: int, max_id_chars: int
    ) -> Iterator[CorpusArticle | Unreadable]:
        """Each article in input order, read lazily (a corpus is never held in memory)."""
        seen: dict[str, str] = {}

        def first_time(item: CorpusArticle | Unreadable) -> CorpusArticle | Unreadable:
            if isinstance(item, Unreadable):
                return item
            earlier = seen.setdefault(item.relative_stem, item.source)
            if earlier != item.source:
                return Unreadable(
                    item.source, f"duplicate id {shown(item.relative_stem)} (first in {earlier})"
                )
            return item

        for job in self.jobs:
            yield first_time(_read_job(job))
        for path in self.corpora:
            for item in read_corpus(
                path, max_article_chars=max_article_chars, max_id_chars=max_id_chars
            ):
                yield first_time(item)


def _read_job(job: Job) -> CorpusArticle | Unreadable:
    """A .txt article file read the way the folder runner reads it (same bytes, same digest)."""
    try:
        data, text = read_job(job)
    except UnreadableArticle as error:
        return Unreadable(str(job.source), str(error))
    return CorpusArticle(
        job.relative_stem, str(job.source), text, sha256_of(data), html=job.is_html
    )


def read_corpus(
    path: Path, *, max_article_chars: int, max_id_chars: int
) -> Iterator[CorpusArticle | Unreadable]:
    """Articles of a JSONL corpus: one JSON object a line with "id" and "text", optionally
    "title", "url" and "date". A bad line is reported as unreadable; the others go on.

    A title is translated with the article: it becomes the article's first line, so the
    output's title is its translation. The digest covers the title and the text.
    """
    max_line = max_article_chars * 4 + LINE_SLACK_BYTES
    with path.open("rb") as handle:
        for number, raw in enumerate(_bounded_lines(handle, max_line), start=1):
            where = f"{path}:{number}"
            if raw is None:
                yield Unreadable(where, f"line is longer than {max_line:,} bytes")
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                yield _record(text, where, max_id_chars)
            except ValueError as error:
                yield Unreadable(where, str(error))


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


def _record(line: str, where: str, max_id_chars: int) -> CorpusArticle:
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
    return CorpusArticle(article_id, where, text, sha256_of(text.encode("utf-8")), tuple(meta))


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
