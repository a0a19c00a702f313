"""Runs a corpus through an engine (threads in-process, or Ray) into resumable outputs."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Protocol

from tarjama.clients.runs.article_files import (
    JSON_SUFFIX,
    TEXT_SUFFIX,
    article_to_json,
    write_article_outputs,
    write_atomically,
)
from tarjama.clients.runs.corpus import CorpusArticle, Unreadable
from tarjama.clients.runs.folder_runner import BatchReport, Manifest, empty_segments
from tarjama.models.errors import Cancelled, NotReady, TarjamaError, one_line
from tarjama.models.settings import Settings
from tarjama.models.types import TranslatedArticle

JSONL_OUTPUT_NAME = "translations.jsonl"
FAILURES_NAME = "failures.jsonl"
OUT_FORMATS = ("files", "jsonl")
# The manifest is one JSON file; rewriting it after every article costs O(articles) each
# time, so a corpus run saves it at most this often. Outputs finished in between are still
# recognised after a kill: their .json names the source digest and the model.
MANIFEST_SAVE_SECONDS = 2.0

Outcome = TranslatedArticle | str  # an article, or why it failed (one line)


class CorpusEngine(Protocol):
    """Translates a stream of articles; yields each with its outcome as soon as it is done."""

    model_key: str

    def translate(
        self, articles: Iterator[CorpusArticle]
    ) -> Iterator[tuple[CorpusArticle, Outcome]]: ...

    def close(self) -> None: ...


def per_article_settings(settings: Settings, env: Mapping[str, str] | None = None) -> Settings:
    """Settings under which an article's translation depends on that article alone.

    A batch shared with other articles' sentences, or a sentence cached from another article,
    can tip a near-tie in decoding, so the output would depend on what ran alongside. Batch
    translation therefore batches each article on its own (`inline`) without the sentence
    cache, unless TARJAMA_BATCHING / TARJAMA_CACHE_ENTRIES say otherwise: every engine, any
    concurrency and any order then give the same bytes.
    """
    env = os.environ if env is None else env
    changes: dict[str, object] = {}
    if not env.get("TARJAMA_BATCHING"):
        changes["batching"] = "inline"
    if not env.get("TARJAMA_CACHE_ENTRIES"):
        changes["cache_entries"] = 0
    return settings.override(**changes)


def failure_message(error: BaseException) -> str:
    if isinstance(error, TarjamaError | OSError):
        return one_line(str(error))
    return one_line(f"unexpected {type(error).__name__}: {error}")


class ThreadEngine:
    """The in-process (or --server) engine: `concurrency` articles in flight on threads."""

    def __init__(
        self,
        translate: Callable[[str, str], TranslatedArticle],
        model_key: str,
        *,
        concurrency: int,
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self._translate = translate
        self.model_key = model_key
        self.concurrency = max(1, concurrency)
        self._close = close

    def translate(
        self, articles: Iterator[CorpusArticle]
    ) -> Iterator[tuple[CorpusArticle, Outcome]]:
        # At most 2 x concurrency articles are read ahead, so a corpus streams through.
        limit = 2 * self.concurrency
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="translate")
        running: dict[Future, CorpusArticle] = {}
        try:
            for article in articles:
                page = {"html": True} if article.html else {}  # a saved page: extract it first
                future = pool.submit(self._translate, article.relative_stem, article.text, **page)
                running[future] = article
                while len(running) >= limit:
                    yield from self._finished(running)
            while running:
                yield from self._finished(running)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _finished(
        running: dict[Future, CorpusArticle],
    ) -> Iterator[tuple[CorpusArticle, Outcome]]:
        done, _ = wait(list(running), return_when=FIRST_COMPLETED)
        for future in done:
            article = running.pop(future)
            try:
                yield article, future.result()
            except (NotReady, Cancelled):
                raise  # the server is gone: stop instead of failing every remaining article
            except Exception as error:  # noqa: BLE001 - one broken article must not end the run
                yield article, failure_message(error)

    def close(self) -> None:
        self._close()


class Sink(Protocol):
    """Where finished articles go, and how a rerun knows they are finished."""

    def is_done(self, article: CorpusArticle) -> bool: ...

    def write(self, article: CorpusArticle, translated: TranslatedArticle) -> None: ...

    def close(self) -> None: ...


class FilesSink:
    """The usual layout: `<id>.en.txt` + `<id>.json` and the manifest shared by every engine."""

    def __init__(self, out_dir: Path, model_key: str) -> None:
        self.out_dir = out_dir
        self.manifest = Manifest(out_dir, model_key)
        self._last_save = 0.0
        self._unsaved = False

    def is_done(self, article: CorpusArticle) -> bool:
        if self.manifest.is_done(article, article.digest, self.out_dir):  # type: ignore[arg-type]
            return True
        return self._finished_on_disk(article)

    def _finished_on_disk(self, article: CorpusArticle) -> bool:
        """Outputs written just before a kill, before the manifest was saved."""
        stem = article.out_stem(self.out_dir)
        json_path = stem.with_name(stem.name + JSON_SUFFIX)
        if not stem.with_name(stem.name + TEXT_SUFFIX).is_file() or not json_path.is_file():
            return False
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
            model = f"{data['model']['id']}@{data['model']['revision']}"
            finished = data["source_sha256"] == article.digest and model == self.manifest.model_key
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if finished:
            entry = self.manifest.entry(article, article.digest, len(data.get("segments", [])))  # type: ignore[arg-type]
            with self.manifest.lock:
                self.manifest.entries[article.relative_stem] = entry
                self._unsaved = True
        return finished

    def write(self, article: CorpusArticle, translated: TranslatedArticle) -> None:
        write_article_outputs(
            translated,
            article.out_stem(self.out_dir),
            source_path=article.source,
            source_sha256=article.digest,
            meta=article.meta_dict,
        )
        entry = self.manifest.entry(article, article.digest, len(translated.segments))  # type: ignore[arg-type]
        with self.manifest.lock:
            self.manifest.entries[article.relative_stem] = entry
            self._unsaved = True
            if time.monotonic() - self._last_save >= MANIFEST_SAVE_SECONDS:
                self._save()

    def _save(self) -> None:
        self.manifest.save()
        self._last_save = time.monotonic()
        self._unsaved = False

    def close(self) -> None:
        with self.manifest.lock:
            if self._unsaved:
                self._save()


class JsonlSink:
    """One `translations.jsonl` in the output folder: a record a line, appended as articles
    finish. A rerun reads it back to skip finished articles (a record is finished when its
    id, source digest and model match); a later record for an id supersedes earlier ones."""

    def __init__(self, out_dir: Path, model_key: str) -> None:
        self.path = out_dir / JSONL_OUTPUT_NAME
        self.model_key = model_key
        self.finished: dict[str, str] = {}  # id -> source digest, for this model
        out_dir.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            self._load()
        self._handle = self.path.open("a", encoding="utf-8")

    def _load(self) -> None:
        with self.path.open("rb") as handle:
            data_end = 0
            for line in handle:
                if not line.endswith(b"\n"):
                    break  # a record cut short by a kill: dropped below
                data_end += len(line)
                try:
                    record = json.loads(line)
                    model = f"{record['model']['id']}@{record['model']['revision']}"
                    article_id, digest = record["article_id"], record["source_sha256"]
                except (ValueError, KeyError, TypeError):
                    continue
                if model == self.model_key:
                    self.finished[article_id] = digest
                else:
                    self.finished.pop(article_id, None)
        if data_end < self.path.stat().st_size:
            os.truncate(self.path, data_end)

    def is_done(self, article: CorpusArticle) -> bool:
        return self.finished.get(article.relative_stem) == article.digest

    def write(self, article: CorpusArticle, translated: TranslatedArticle) -> None:
        record = article_to_json(
            translated, source_path=article.source, source_sha256=article.digest
        )
        record["english"] = translated.english_text()
        if article.meta:
            record["meta"] = article.meta_dict
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()  # whole lines reach the file as articles finish
        self.finished[article.relative_stem] = article.digest

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()


def open_sink(out_format: str, out_dir: Path, model_key: str) -> Sink:
    if out_format == "jsonl":
        return JsonlSink(out_dir, model_key)
    return FilesSink(out_dir, model_key)


def run_corpus(
    items: Iterable[CorpusArticle | Unreadable],
    engine: CorpusEngine,
    sink: Sink,
    *,
    on_progress: Callable[[], None] = lambda: None,
    on_failure: Callable[[str, str], None] = lambda source, reason: None,
) -> BatchReport:
    """Skip finished articles, translate the rest with the engine, write each as it finishes.

    Every article ends translated, skipped or failed (with its reason); one failure never
    stops the run.
    """
    started = time.perf_counter()
    report = BatchReport()

    def fail(source: str, reason: str) -> None:
        report.failures.append((Path(source), reason))
        on_failure(source, reason)
        on_progress()

    def pending() -> Iterator[CorpusArticle]:
        for item in items:
            if isinstance(item, Unreadable):
                fail(item.source, item.reason)
            elif sink.is_done(item):
                report.skipped += 1
                on_progress()
            else:
                yield item

    try:
        for article, outcome in engine.translate(pending()):
            if isinstance(outcome, str):
                fail(article.source, outcome)
                continue
            try:
                sink.write(article, outcome)
            except OSError as error:
                fail(article.source, f"cannot write its outputs: {error}")
                continue
            report.translated += 1
            report.sentences += len(outcome.segments)
            report.empty += empty_segments(outcome)
            on_progress()
    finally:
        sink.close()
    report.seconds = time.perf_counter() - started
    return report


def write_failures(out_dir: Path, failures: list[tuple[Path, str]]) -> Path | None:
    """`failures.jsonl` in the output folder: this run's failed articles and why (none: removed)."""
    path = out_dir / FAILURES_NAME
    if not failures:
        path.unlink(missing_ok=True)
        return None
    lines = [
        json.dumps({"source": str(source), "reason": reason}, ensure_ascii=False)
        for source, reason in failures
    ]
    write_atomically(path, "\n".join(lines) + "\n")
    return path
