"""The manifest: which articles of an output folder are finished, by content hash and model."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from tarjama.clients.runs.article_files import JSON_SUFFIX, TEXT_SUFFIX
from tarjama.clients.runs.outputs import write_atomically

MANIFEST_NAME = ".tarjama-manifest.json"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Entry(Protocol):
    """What the manifest keys an article by: its id (= output stem) and its source."""

    @property
    def relative_stem(self) -> str: ...

    @property
    def source(self) -> Path | str: ...

    @property
    def recorded_path(self) -> str: ...

    def out_stem(self, out_dir: Path) -> Path: ...


# The model key, or how to learn it: a served run asks the server (GetInfo, one request of
# a rate limit) only when a skip decision needs it before any translation has named it.
ModelKey = str | Callable[[], str]


class Manifest:
    """Which articles are finished, keyed by content hash and model, saved atomically."""

    def __init__(self, out_dir: Path, model_key: ModelKey) -> None:
        self.path = out_dir / MANIFEST_NAME
        self._model_key = model_key
        self.lock = threading.Lock()
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8")).get("articles", {})
            except (ValueError, AttributeError, OSError):
                self.entries = {}  # a damaged manifest only costs re-translation

    @property
    def model_key(self) -> str:
        """The model finished articles are recorded with; asked for only when first needed."""
        if callable(self._model_key):
            self._model_key = self._model_key()
        return self._model_key

    def is_done(self, article: Entry, digest: str, out_dir: Path) -> bool:
        entry = self.entries.get(article.relative_stem)
        if not entry or entry.get("sha256") != digest or entry.get("model") != self.model_key:
            return False
        stem = article.out_stem(out_dir)
        return all(stem.with_name(stem.name + s).exists() for s in (TEXT_SUFFIX, JSON_SUFFIX))

    def record(self, article: Entry, digest: str, sentences: int) -> None:
        """Note a finished article and save at once."""
        with self.lock:
            self.entries[article.relative_stem] = self.entry(article, digest, sentences)
            self.save()

    def entry(self, article: Entry, digest: str, sentences: int) -> dict:
        """The manifest entry of a finished article."""
        return {
            "sha256": digest,
            "model": self.model_key,
            "source": article.recorded_path,  # never a path on this machine unless asked
            "sentences": sentences,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

    def save(self) -> None:
        """Write every entry (callers hold the lock)."""
        payload = {"format": "tarjama.manifest.v1", "articles": self.entries}
        write_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
