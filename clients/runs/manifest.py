"""The manifest: which articles of an output folder are finished, by content hash and model."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tarjama.clients.runs.article_files import JSON_SUFFIX, TEXT_SUFFIX
from tarjama.clients.runs.outputs import write_atomically
from tarjama.models.errors import counted

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


@dataclass(frozen=True)
class EngineRecord:
    """How finished articles were translated, beyond the model: where, and on which backend.

    In-process and Ray batch each article on its own, so the same model, backend, device and
    dtype give the same bytes there; a server batches sentences of many requests together,
    and batch neighbours can change a sentence's words. A server's backend is recorded only
    when a run asked it (GetInfo), never at the cost of a request.
    """

    kind: str  # "in-process", "ray" or "server"
    backend: str = ""  # "hf", "ctranslate2", "vllm"; "" when not known
    device: str = ""
    dtype: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}

    @classmethod
    def from_json(cls, data: Any) -> EngineRecord | None:
        """The record of a manifest entry; None for entries written before engines were."""
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return None
        fields = ("backend", "device", "dtype")
        return cls(data["kind"], **{f: str(data.get(f) or "") for f in fields})

    @property
    def batches_alone(self) -> bool:
        """Each article batched on its own (in-process, Ray), not with other requests."""
        return self.kind != "server"

    def same_outputs(self, other: EngineRecord) -> bool:
        """Whether the two give the same words for the same article (and model, options)."""
        if self.batches_alone != other.batches_alone:
            return False
        mine, theirs = self.to_json(), other.to_json()
        return all(
            mine[f] == theirs[f]
            for f in ("backend", "device", "dtype")
            if f in mine and f in theirs
        )

    def describe(self) -> str:
        """How it translated, e.g. `in-process (ctranslate2, cpu, int8)`, `through a server`."""
        where = {"server": "through a server", "ray": "on Ray"}.get(self.kind, self.kind)
        details = ", ".join(v for v in (self.backend, self.device, self.dtype) if v)
        return f"{where} ({details})" if details else where


def mixed_engines_note(
    engine: EngineRecord | None, other_engines: Counter[str], translated: int
) -> str | None:
    """One line when a run added `translated` articles beside finished ones that other
    engines (`other_engines`: their description -> articles) translated; else None."""
    if not translated or not other_engines or engine is None:
        return None
    earlier = ", ".join(f"{n} {described}" for described, n in other_engines.items())
    return (
        f"this folder now mixes engines: {counted(translated, 'article')} translated "
        f"{engine.describe()} in this run, {earlier} earlier; the same sentence can come out "
        "differently (docs/translating.md, 'In-process or server'); use a new --out to keep "
        "one engine's outputs"
    )


# The model key, or how to learn it: a served run asks the server (GetInfo, one request of
# a rate limit) only when a skip decision needs it before any translation has named it.
ModelKey = str | Callable[[], str]


class Manifest:
    """Which articles are finished, keyed by content hash and model, saved atomically."""

    def __init__(
        self, out_dir: Path, model_key: ModelKey, engine: EngineRecord | None = None
    ) -> None:
        self.path = out_dir / MANIFEST_NAME
        self._model_key = model_key
        self.engine = engine
        # Finished articles found done whose engine gives other outputs than this run's
        # (a folder translated partly in-process, partly through a server), by engine.
        self.other_engines: Counter[str] = Counter()
        self.recorded = 0  # articles this run recorded
        self.alike = 0  # finished articles found done by an engine that gives this run's words
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
        if not all(stem.with_name(stem.name + s).exists() for s in (TEXT_SUFFIX, JSON_SUFFIX)):
            return False
        finished_by = EngineRecord.from_json(entry.get("engine"))
        with self.lock:
            if self.engine and finished_by and not finished_by.same_outputs(self.engine):
                self.other_engines[finished_by.describe()] += 1
            else:
                self.alike += 1
        return True

    def mixed_engines_note(self, translated: int) -> str | None:
        """One line when this run added articles beside ones another engine translated."""
        return mixed_engines_note(self.engine, self.other_engines, translated)

    def mixed_digest_note(self) -> str | None:
        """One line when a digest's translations (made now or reused) come from engines that
        can word a sentence differently."""
        mine = self.recorded + self.alike
        if not mine or not self.other_engines or self.engine is None:
            return None
        others = ", ".join(f"{n} {described}" for described, n in self.other_engines.items())
        return (
            f"this digest mixes engines: {counted(mine, 'article')} translated "
            f"{self.engine.describe()}, {others}; the same sentence can come out differently "
            "(docs/translating.md, 'In-process or server'); use a new --out to keep one engine's "
            "translations"
        )

    def record(self, article: Entry, digest: str, sentences: int) -> None:
        """Note a finished article and save at once."""
        with self.lock:
            self.entries[article.relative_stem] = self.entry(article, digest, sentences)
            self.recorded += 1
            self.save()

    def entry(self, article: Entry, digest: str, sentences: int) -> dict:
        """The manifest entry of a finished article."""
        entry = {
            "sha256": digest,
            "model": self.model_key,
            "source": article.recorded_path,  # never a path on this machine unless asked
            "sentences": sentences,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        if self.engine is not None:
            entry["engine"] = self.engine.to_json()
        return entry

    def save(self) -> None:
        """Write every entry (callers hold the lock)."""
        payload = {"format": "tarjama.manifest.v1", "articles": self.entries}
        write_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
