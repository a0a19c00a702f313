"""The items a run streams: an article to translate, or an input that could not become one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    """One article to translate, wherever it came from (a file, a saved page, a JSONL record).

    `relative_stem` is its id and where its outputs go (relative to the output folder);
    `digest` the sha256 the manifest keys it by; `meta` a JSONL record's title/url/date.
    """

    relative_stem: str
    source: str  # as outputs record it (SourceFile.recorded_path), or "corpus.jsonl:12"
    text: str
    digest: str
    meta: tuple[tuple[str, str], ...] = ()
    html: bool = False  # `text` is a saved web page whose article is extracted first
    origin: str = ""  # where it was read on this machine (tells same-named inputs apart)

    def out_stem(self, out_dir: Path) -> Path:
        return out_dir / self.relative_stem

    @property
    def recorded_path(self) -> str:
        """The source as the manifest and outputs record it."""
        return self.source

    @property
    def meta_dict(self) -> dict[str, str]:
        return dict(self.meta)


@dataclass(frozen=True)
class Unreadable:
    """An input that could not become an article, and why (recorded as a failure)."""

    source: str  # as outputs record it
    reason: str
    origin: str = ""  # where it lies on this machine, for the terminal
