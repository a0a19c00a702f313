"""Dataclasses for summaries with sentence-level attribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from tarjama.models.types import ModelRef


class SummaryMethod(str, Enum):
    """How a summary is produced; AUTO is abstractive when weights are loaded."""

    AUTO = "auto"
    EXTRACTIVE = "extractive"
    ABSTRACTIVE = "abstractive"


@dataclass(frozen=True)
class ArticleText:
    """One translated article as the summarizers see it; sentence i is segment i."""

    article_id: str
    title: str | None
    sentences: list[str]
    # Title and heading sentences: context for ranking, never picked as summary sentences.
    heading_indices: tuple[int, ...] = ()


@dataclass(frozen=True)
class SentenceRef:
    """Points at sentence `sentence_index` of article `article_index` (both 0-based)."""

    article_index: int
    sentence_index: int


@dataclass(frozen=True)
class SummaryLength:
    """Requested summary length; at most one of the two is set, None means default."""

    sentences: int | None = None
    words: int | None = None


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence and the source sentences it rests on."""

    text: str
    sources: tuple[SentenceRef, ...]
    unsupported_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """A summary of one article or of a collection."""

    sentences: list[SummarySentence]
    method: SummaryMethod
    chunks: int = 1
    model: ModelRef | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)
