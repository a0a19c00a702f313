"""Finds and reads a digest's articles: Arabic, English, or tarjama translations."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.clients.runs.article_files import (
    FORMAT_NAME,
    JSON_SUFFIX,
    SUMMARY_SUFFIX,
    TEXT_SUFFIX,
    UnreadableArticle,
    decode_article,
    read_article_bytes,
    read_article_json,
)
from tarjama.clients.runs.inputs import (
    SourceFile,
    article_request,
    check_inputs_exist,
    discover_files,
)
from tarjama.clients.runs.manifest import Manifest, sha256_of
from tarjama.clients.runs.outputs import prepare_output_dir
from tarjama.models.text.webpage import decode_html
from tarjama.models.types import ArticleRequest, TranslatedArticle


@dataclass(frozen=True)
class Prepared:
    """One article file ready to send: an item for the workflow, or why it could not be read."""

    file: SourceFile
    item: ArticleRequest | TranslatedArticle | None = None
    error: str | None = None
    sha256: str = ""
    reused: bool = False  # a finished translation found in --out


def discover_articles(inputs: Iterable[Path], english: bool) -> list[SourceFile]:
    """Arabic: *.txt (not our English outputs). English: *.txt, *.en.txt and tarjama .json,
    never summaries or digests; a .json beats the .en.txt/.txt of the same article."""
    if not english:
        return discover_files(inputs)
    inputs = check_inputs_exist(inputs)  # a missing path: exit code 2, before any work
    found: dict[str, SourceFile] = {}
    for given in inputs:
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            candidates = [(p, p.relative_to(given)) for p in files]
        elif given.is_file():
            candidates = [(given, Path(given.name))]
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path, relative in candidates:
            stem = _english_stem(relative)
            if stem is None or any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix == JSON_SUFFIX and not _is_translation(path):
                continue
            current = found.get(stem)
            if current is None or (
                path.suffix == JSON_SUFFIX and current.source.suffix != JSON_SUFFIX
            ):
                found[stem] = SourceFile(path, stem, relative.as_posix())
    return [found[stem] for stem in sorted(found)]


def _english_stem(relative: Path) -> str | None:
    name = relative.name
    if name.endswith(SUMMARY_SUFFIX):
        return None
    for suffix in (TEXT_SUFFIX, ".txt", JSON_SUFFIX):
        if name.endswith(suffix):
            return relative.with_name(name[: -len(suffix)]).as_posix()
    return None


def _is_translation(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
        return f'"{FORMAT_NAME}"' in head
    except (OSError, UnicodeDecodeError):
        return False


def prepare_files(
    files: list[SourceFile], english: bool, out_dir: Path, manifest: Manifest | None
) -> list[Prepared]:
    """Read every file; a file that cannot be read is its own failure, the rest go on."""
    prepared = []
    for file in files:
        try:  # the reading every command shares: one readable reason per unreadable file
            data = read_article_bytes(file.source)
            if file.source.suffix == JSON_SUFFIX:
                text = ""
            elif file.is_html and not english:  # a saved page: its declared charset decides
                text = decode_html(data)
            else:
                text = decode_article(data)
        except UnreadableArticle as error:
            prepared.append(Prepared(file, error=str(error)))
            continue
        if file.source.suffix == JSON_SUFFIX:
            try:
                translation = read_article_json(file.source)
            except UnreadableArticle as error:
                prepared.append(Prepared(file, error=str(error)))
                continue
            except (ValueError, KeyError, TypeError) as error:
                message = f"not a tarjama translation ({type(error).__name__})"
                prepared.append(Prepared(file, error=message))
                continue
            prepared.append(Prepared(file, translation, sha256=sha256_of(data), reused=True))
            continue
        digest = sha256_of(data)
        if manifest is not None and manifest.is_done(file, digest, out_dir):
            stem = file.out_stem(out_dir)
            try:
                finished = read_article_json(stem.with_name(stem.name + JSON_SUFFIX))
                prepared.append(Prepared(file, finished, sha256=digest, reused=True))
                continue
            except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
                pass  # a damaged output is translated again
        language = "en" if english else ""
        request = ArticleRequest(file.relative_stem, text, source_language=language)
        if file.is_html and not english:
            request = article_request(file.relative_stem, text, html=True)
        prepared.append(Prepared(file, request, sha256=digest))
    return prepared


def check_output_folder(out_dir: Path, subfolders: Iterable[str] = ()) -> None:
    """Create --out and prove it is writable before any work starts (and remove temp files
    a killed run left in it and in `subfolders`)."""
    prepare_output_dir(out_dir, subfolders=subfolders)
