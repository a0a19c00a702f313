"""Where finished articles go (per-article files or one JSONL file) and how a rerun skips them."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Protocol

from tarjama.clients.runs.article_files import (
    JSON_SUFFIX,
    TEXT_SUFFIX,
    article_to_json,
    write_article_outputs,
)
from tarjama.clients.runs.manifest import EngineRecord, Manifest, ModelKey, mixed_engines_note
from tarjama.clients.runs.outputs import write_atomically
from tarjama.clients.runs.types import Article
from tarjama.models.types import TranslatedArticle

JSONL_OUTPUT_NAME = "translations.jsonl"
FAILURES_NAME = "failures.jsonl"
# The manifest is one JSON file; rewriting it after every article costs O(articles) each
# time, so a run saves it at most this often. Outputs finished in between are still
# recognised after a kill: their .json names the source digest and the model.
MANIFEST_SAVE_SECONDS = 2.0


class Sink(Protocol):
    """Where finished articles go, and how a rerun knows they are finished."""

    def is_done(self, article: Article) -> bool: ...

    def write(self, article: Article, translated: TranslatedArticle) -> None: ...

    def close(self) -> None: ...

    def mixed_engines_note(self, translated: int) -> str | None:
        """One line when this run's articles sit beside others another engine translated."""
        ...


class FilesSink:
    """The usual layout: `<id>.en.txt` + `<id>.json` and the manifest shared by every engine."""

    def __init__(
        self, out_dir: Path, model_key: ModelKey, engine: EngineRecord | None = None
    ) -> None:
        self.out_dir = out_dir
        self.manifest = Manifest(out_dir, model_key, engine)
        self._last_save = 0.0
        self._unsaved = False

    def is_done(self, article: Article) -> bool:
        if self.manifest.is_done(article, article.digest, self.out_dir):
            return True
        return self._finished_on_disk(article)

    def _finished_on_disk(self, article: Article) -> bool:
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
            entry = self.manifest.entry(article, article.digest, len(data.get("segments", [])))
            with self.manifest.lock:
                self.manifest.entries[article.relative_stem] = entry
                self._unsaved = True
        return finished

    def mixed_engines_note(self, translated: int) -> str | None:
        return self.manifest.mixed_engines_note(translated)

    def write(self, article: Article, translated: TranslatedArticle) -> None:
        write_article_outputs(
            translated,
            article.out_stem(self.out_dir),
            source_path=article.source,
            source_sha256=article.digest,
            meta=article.meta_dict,
        )
        entry = self.manifest.entry(article, article.digest, len(translated.segments))
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

    def __init__(
        self, out_dir: Path, model_key: ModelKey, engine: EngineRecord | None = None
    ) -> None:
        self.path = out_dir / JSONL_OUTPUT_NAME
        self._model_key = model_key
        self.engine = engine
        self.finished: dict[str, str] = {}  # id -> source digest, for this model
        self.finished_by: dict[str, EngineRecord] = {}  # id -> the engine of its record
        self.other_engines: Counter[str] = Counter()  # as Manifest.other_engines
        out_dir.mkdir(parents=True, exist_ok=True)
        self._created = not self.path.exists()  # removed again if the run writes nothing
        if not self._created:
            self._load()
        self._handle = self.path.open("a", encoding="utf-8")

    def model_key(self) -> str:
        """The model records must have to count as finished (asked for on resume only)."""
        if callable(self._model_key):
            self._model_key = self._model_key()
        return self._model_key

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
                if model == self.model_key():
                    self.finished[article_id] = digest
                    engine = EngineRecord.from_json(record.get("engine"))
                    if engine is not None:
                        self.finished_by[article_id] = engine
                    else:
                        self.finished_by.pop(article_id, None)
                else:
                    self.finished.pop(article_id, None)
        if data_end < self.path.stat().st_size:
            os.truncate(self.path, data_end)

    def is_done(self, article: Article) -> bool:
        if self.finished.get(article.relative_stem) != article.digest:
            return False
        finished_by = self.finished_by.get(article.relative_stem)
        if self.engine and finished_by and not finished_by.same_outputs(self.engine):
            self.other_engines[finished_by.describe()] += 1
        return True

    def mixed_engines_note(self, translated: int) -> str | None:
        return mixed_engines_note(self.engine, self.other_engines, translated)

    def write(self, article: Article, translated: TranslatedArticle) -> None:
        record = article_to_json(
            translated, source_path=article.source, source_sha256=article.digest
        )
        record["english"] = translated.english_text()
        if article.meta:
            record["meta"] = article.meta_dict
        if self.engine is not None:
            record["engine"] = self.engine.to_json()  # what the manifest records per article
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()  # whole lines reach the file as articles finish
        self.finished[article.relative_stem] = article.digest

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            if self._created and self.path.stat().st_size == 0:
                self.path.unlink()  # a run that failed before its first article leaves none


def open_sink(
    out_format: str, out_dir: Path, model_key: ModelKey, engine: EngineRecord | None = None
) -> Sink:
    if out_format == "jsonl":
        return JsonlSink(out_dir, model_key, engine)
    return FilesSink(out_dir, model_key, engine)


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
