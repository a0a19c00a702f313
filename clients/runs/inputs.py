"""What a run reads: article files and saved pages under folders, and JSONL records, as articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tarjama.clients.runs.article_files import (
    SUMMARY_SUFFIX,
    TEXT_SUFFIX,
    UnreadableArticle,
    decode_article,
    read_article_bytes,
)
from tarjama.clients.runs.jsonl_records import is_jsonl_file, read_jsonl
from tarjama.clients.runs.manifest import sha256_of
from tarjama.clients.runs.types import Article, Unreadable
from tarjama.models.errors import InvalidInput, shown
from tarjama.models.text.webpage import HTML_SUFFIXES, decode_html, is_html_name
from tarjama.models.types import ArticleRequest

SOURCE_SUFFIX = ".txt"
SOURCE_SUFFIXES = (SOURCE_SUFFIX, *HTML_SUFFIXES)  # text articles and saved web pages
# English companions of articles (our outputs, references, summaries) are never sources.
ENGLISH_SUFFIXES = (TEXT_SUFFIX, SUMMARY_SUFFIX)
DIGEST_PAGE = "digest.html"  # `tarjama digest` writes it next to the translations


@dataclass(frozen=True)
class SourceFile:
    """One article file and where its outputs go (relative to the output folder)."""

    source: Path
    relative_stem: str  # e.g. "sub/000_d74c82b2a649aa15", also the article id
    # The source as outputs record it: its path relative to the input folder given, or its
    # name when given alone ("sub/000_d74c82b2a649aa15.txt"), never a path on this machine
    # unless asked for (--record-absolute-paths). Outputs are shared with others.
    recorded_path: str = ""

    def __post_init__(self) -> None:
        if not self.recorded_path:  # a file made by hand records its name only
            object.__setattr__(self, "recorded_path", self.source.name)

    def out_stem(self, out_dir: Path) -> Path:
        return out_dir / self.relative_stem

    @property
    def is_html(self) -> bool:
        return is_html_name(self.source.name)


def discover_files(
    inputs: Iterable[Path], *, record_absolute_paths: bool = False
) -> list[SourceFile]:
    """Files given directly, and *.txt / *.html / *.htm under given folders (mirroring
    their tree).

    Every input is checked before any is read: a missing one is InvalidInput (exit code 2).
    Each file records its source relative to the folder given (a file given alone: its
    name), or, with ``record_absolute_paths``, its absolute path.
    """
    inputs = check_inputs_exist(inputs)
    files: dict[str, SourceFile] = {}
    for given in inputs:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                relative = path.relative_to(given)
                if (
                    not path.name.lower().endswith(SOURCE_SUFFIXES)
                    or _is_hidden(relative)
                    or path.name.endswith(ENGLISH_SUFFIXES)
                    or path.name == DIGEST_PAGE
                    or not path.is_file()
                ):
                    continue
                stem = relative.with_suffix("").as_posix()
                recorded = _recorded(path, relative.as_posix(), record_absolute_paths)
                files.setdefault(stem, SourceFile(path, stem, recorded))
        elif given.is_file():
            suffix = next((s for s in SOURCE_SUFFIXES if given.name.lower().endswith(s)), "")
            stem = given.name[: len(given.name) - len(suffix)]
            recorded = _recorded(given, given.name, record_absolute_paths)
            files.setdefault(stem, SourceFile(given, stem, recorded))
        else:
            raise InvalidInput(f"{shown(str(given), 80)} is neither a file nor a folder")
    return list(files.values())


def _recorded(path: Path, relative: str, absolute: bool) -> str:
    return str(path.resolve()) if absolute else relative


def check_inputs_exist(inputs: Iterable[Path]) -> list[Path]:
    """The inputs, once every one exists; InvalidInput (exit code 2) naming those that don't."""
    inputs = [Path(given) for given in inputs]
    missing = [str(given) for given in inputs if not given.exists()]
    if missing:
        names = ", ".join(shown(name, 80) for name in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise InvalidInput(f"no such file or folder: {names}{more}")
    return inputs


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_source(path: Path) -> tuple[bytes, str]:
    """A source file's bytes and its text (a web page decoded by its declared charset);
    UnreadableArticle says why not."""
    data = read_article_bytes(path)
    return data, decode_html(data) if is_html_name(Path(path).name) else decode_article(data)


def article_request(article_id: str, content: str, *, html: bool = False) -> ArticleRequest:
    """The request for a source's content: a web page (html) or plain text."""
    return (
        ArticleRequest(article_id, "", html=content)
        if html
        else ArticleRequest(article_id, content)
    )


def output_folders(files: Iterable[SourceFile]) -> list[str]:
    """The sub-folders of the output folder that files write into (for stale temp cleanup)."""
    return sorted({Path(file.relative_stem).parent.as_posix() for file in files})


def split_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(article files and folders, JSONL files given directly)."""
    others: list[Path] = []
    jsonl: list[Path] = []
    for given in inputs:
        (jsonl if is_jsonl_file(given) else others).append(given)
    return others, jsonl


def count_records(path: Path) -> int:
    """Non-blank lines of a JSONL file (for the progress bar's total)."""
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            count += bool(line.strip())
    return count


@dataclass(frozen=True)
class Inputs:
    """Everything a run reads: article files and JSONL files, and how many articles in all."""

    files: list[SourceFile]
    jsonl: list[Path]
    total: int
    record_absolute_paths: bool = False

    @classmethod
    def find(cls, inputs: Iterable[Path], *, record_absolute_paths: bool = False) -> Inputs:
        """Every input checked and counted before any is read (exit code 2 when none)."""
        others, jsonl = split_inputs(inputs)
        absolute = record_absolute_paths
        files = discover_files(others, record_absolute_paths=absolute) if others else []
        total = len(files) + sum(count_records(path) for path in jsonl)
        if total == 0:
            names = ", ".join(str(p) for p in [*others, *jsonl])
            if jsonl:
                raise InvalidInput(f"no *.txt articles or JSONL records found in {names}")
            raise InvalidInput(f"no *.txt or *.html articles found in {names}")
        return cls(files, jsonl, total, record_absolute_paths)

    def articles(
        self, *, max_article_chars: int, max_id_chars: int
    ) -> Iterator[Article | Unreadable]:
        """Each article in input order, read lazily (JSONL files are never held in memory)."""
        seen: dict[str, tuple[str, str]] = {}  # id -> (where it was read, as recorded)

        def first_time(item: Article | Unreadable) -> Article | Unreadable:
            if isinstance(item, Unreadable):
                return item
            origin = item.origin or item.source
            earlier, recorded = seen.setdefault(item.relative_stem, (origin, item.source))
            if earlier != origin:
                return Unreadable(
                    item.source,
                    f"duplicate id {shown(item.relative_stem)} (first in {recorded})",
                    origin=item.origin,
                )
            return item

        for file in self.files:
            yield first_time(read_file(file))
        for path in self.jsonl:
            for item in read_jsonl(
                path,
                max_article_chars=max_article_chars,
                max_id_chars=max_id_chars,
                record_absolute_paths=self.record_absolute_paths,
            ):
                yield first_time(item)


def read_file(file: SourceFile) -> Article | Unreadable:
    """An article file (text or saved page) as an article; its digest covers its bytes."""
    try:
        data, text = read_source(file.source)
    except UnreadableArticle as error:
        return Unreadable(file.recorded_path, str(error), origin=str(file.source))
    return Article(
        file.relative_stem,
        file.recorded_path,
        text,
        sha256_of(data),
        html=file.is_html,
        origin=str(file.source),
    )
