"""What the summary workflow hands back: per-article outcomes and collection progress events.

Plain dataclasses with no engine behind them, so the wire conversion and the bare client can
use them without loading any model code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tarjama.models.errors import TarjamaError
from tarjama.models.summarization.types import Summary, Synthesis
from tarjama.models.types import TranslatedArticle


class Stage(str, Enum):
    """What a collection event reports."""

    TRANSLATED = "translated"
    SUMMARIZED = "summarized"
    FAILED = "failed"
    DONE = "done"


@dataclass(frozen=True)
class ArticleOutcome:
    """Where one article of a collection stands: its translation, summary, or error."""

    index: int
    article_id: str
    translation: TranslatedArticle | None = None
    summary: Summary | None = None
    error: TarjamaError | None = None


@dataclass(frozen=True)
class CollectionEvent:
    """Progress of a collection; the last one (DONE) carries the summary and synthesis."""

    stage: Stage
    done: int
    total: int
    article: ArticleOutcome | None = None
    summary: Summary | None = None
    synthesis: Synthesis | None = None
    articles: tuple[ArticleOutcome, ...] = ()


@dataclass(frozen=True)
class ArticleResult:
    """One summarized article and the translation its references point into."""

    translation: TranslatedArticle
    summary: Summary
