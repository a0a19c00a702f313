"""Resumable folder runner: finds article files, keeps a manifest, writes outputs."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.clients.runs.article_files import (
    JSON_SUFFIX,
    SUMMARY_SUFFIX,
    TEXT_SUFFIX,
    UnreadableArticle,
    decode_article,
    read_article_bytes,
    write_article_outputs,
)
from tarjama.clients.runs.outputs import write_atomically
from tarjama.models.errors import Cancelled, InvalidInput, NotReady, TarjamaError, shown
from tarjama.models.text.webpage import HTML_SUFFIXES, decode_html, is_html_name
from tarjama.models.types import ArticleRequest, TranslatedArticle

MANIFEST_NAME = ".tarjama-manifest.json"
SOURCE_SUFFIX = ".txt"
SOURCE_SUFFIXES = (SOURCE_SUFFIX, *HTML_SUFFIXES)  # text articles and saved web pages
# English companions of articles (our outputs, references, summaries) are never sources.
ENGLISH_SUFFIXES = (TEXT_SUFFIX, SUMMARY_SUFFIX)
DIGEST_PAGE = "digest.html"  # `tarjama digest` writes it next to the translations

TranslateFn = Callable[..., TranslatedArticle]
"""(article_id, text, *, html: bool) -> translated article; html: text is a web page."""


@dataclass(frozen=True)
class Job:
    """One source file and where its outputs go (relative to the output folder)."""

    source: Path
    relative_stem: str  # e.g. "sub/000_d74c82b2a649aa15", also the article id

    def out_stem(self, out_dir: Path) -> Path:
        return out_dir / self.relative_stem

    @property
    def is_html(self) -> bool:
        return is_html_name(self.source.name)


def discover(inputs: Iterable[Path]) -> list[Job]:
    """Files given directly, and *.txt / *.html / *.htm under given folders (mirroring
    their tree).

    Every input is checked before any is read: a missing one is InvalidInput (exit code 2).
    """
    inputs = check_inputs_exist(inputs)
    jobs: dict[str, Job] = {}
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
                jobs.setdefault(stem, Job(path, stem))
        elif given.is_file():
            suffix = next((s for s in SOURCE_SUFFIXES if given.name.lower().endswith(s)), "")
            stem = given.name[: len(given.name) - len(suffix)]
            jobs.setdefault(stem, Job(given, stem))
        else:
            raise InvalidInput(f"{shown(str(given), 80)} is neither a file nor a folder")
    return list(jobs.values())


def read_source(path: Path) -> tuple[bytes, str]:
    """A source file's bytes and its text (a web page decoded by its declared charset);
    UnreadableArticle says why not."""
    data = read_article_bytes(path)
    return data, decode_html(data) if is_html_name(Path(path).name) else decode_article(data)


def article_request(article_id: str, content: str, *, html: bool = False) -> ArticleRequest:
    """The request for a source file's content: a web page (html) or plain text."""
    return (
        ArticleRequest(article_id, "", html=content)
        if html
        else ArticleRequest(article_id, content)
    )


def check_inputs_exist(inputs: Iterable[Path]) -> list[Path]:
    """The inputs, once every one exists; InvalidInput (exit code 2) naming those that don't."""
    inputs = [Path(given) for given in inputs]
    missing = [str(given) for given in inputs if not given.exists()]
    if missing:
        names = ", ".join(shown(name, 80) for name in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise InvalidInput(f"no such file or folder: {names}{more}")
    return inputs


def output_folders(jobs: Iterable[Job]) -> list[str]:
    """The sub-folders of the output folder that jobs write into (for stale temp cleanup)."""
    return sorted({Path(job.relative_stem).parent.as_posix() for job in jobs})


def read_job(job: Job) -> tuple[bytes, str]:
    """A job's source bytes (for its hash) and text; UnreadableArticle says why not."""
    return read_source(job.source)


def empty_segments(article: TranslatedArticle) -> int:
    """Segments with a source but no translation: flagged `empty`, or empty whatever the flags."""
    return sum(
        1
        for s in article.segments
        if s.source.strip()
        and (not s.translation.strip() or any(flag.value == "empty" for flag in s.flags))
    )


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    """Which articles are finished, keyed by content hash and model, saved atomically."""

    def __init__(self, out_dir: Path, model_key: str) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.model_key = model_key
        self.lock = threading.Lock()
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8")).get("articles", {})
            except (ValueError, AttributeError, OSError):
                self.entries = {}  # a damaged manifest only costs re-translation

    def is_done(self, job: Job, digest: str, out_dir: Path) -> bool:
        entry = self.entries.get(job.relative_stem)
        if not entry or entry.get("sha256") != digest or entry.get("model") != self.model_key:
            return False
        stem = job.out_stem(out_dir)
        return all(stem.with_name(stem.name + s).exists() for s in (TEXT_SUFFIX, JSON_SUFFIX))

    def record(self, job: Job, digest: str, sentences: int) -> None:
        with self.lock:
            self.entries[job.relative_stem] = self.entry(job, digest, sentences)
            self.save()

    def entry(self, job: Job, digest: str, sentences: int) -> dict:
        """The manifest entry of a finished article."""
        return {
            "sha256": digest,
            "model": self.model_key,
            "source": str(job.source),
            "sentences": sentences,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

    def save(self) -> None:
        """Write every entry (callers hold the lock)."""
        payload = {"format": "tarjama.manifest.v1", "articles": self.entries}
        write_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@dataclass
class BatchReport:
    """What a batch run did."""

    translated: int = 0
    skipped: int = 0
    sentences: int = 0
    empty: int = 0  # sentences that came back with an empty translation
    failures: list[tuple[Path, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary_line(self) -> str:
        empty = f" ({self.empty} with an empty translation)" if self.empty else ""
        return (
            f"{self.translated} articles translated, {self.skipped} skipped, "
            f"{len(self.failures)} failed; {self.sentences} sentences{empty} "
            f"in {self.seconds:.1f} s"
        )


def run_batch(
    jobs: list[Job],
    translate: TranslateFn,
    out_dir: Path,
    manifest: Manifest,
    *,
    concurrency: int = 1,
    on_progress: Callable[[], None] = lambda: None,
    on_failure: Callable[[Path, str], None] = lambda path, message: None,
) -> BatchReport:
    """Translate every job not already done; failures are collected per file."""
    started = time.perf_counter()
    report = BatchReport()
    pending: list[tuple[Job, str, str]] = []
    for job in jobs:
        try:
            data, text = read_job(job)
        except UnreadableArticle as error:
            report.failures.append((job.source, str(error)))
            on_failure(job.source, str(error))
            on_progress()  # the progress bar counts every job, failed or not
            continue
        digest = sha256_of(data)
        if manifest.is_done(job, digest, out_dir):
            report.skipped += 1
            on_progress()
            continue
        pending.append((job, digest, text))

    def work(item: tuple[Job, str, str]) -> TranslatedArticle:
        job, digest, text = item
        article = translate(job.relative_stem, text, html=job.is_html)
        write_article_outputs(
            article, job.out_stem(out_dir), source_path=str(job.source), source_sha256=digest
        )
        manifest.record(job, digest, len(article.segments))  # only after both files are in place
        return article

    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="translate")
    try:
        futures = {pool.submit(work, item): item[0] for item in pending}
        for future in as_completed(futures):
            job = futures[future]
            try:
                article = future.result()
                report.sentences += len(article.segments)
                report.empty += empty_segments(article)
                report.translated += 1
            except (NotReady, Cancelled):
                raise  # the server is gone: stop instead of failing every remaining file
            except (TarjamaError, OSError) as error:
                report.failures.append((job.source, str(error)))
                on_failure(job.source, str(error))
            except Exception as error:  # noqa: BLE001 - one broken article must not end the run
                message = f"unexpected {type(error).__name__}: {error}"
                report.failures.append((job.source, message))
                on_failure(job.source, message)
            on_progress()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    report.seconds = time.perf_counter() - started
    return report
