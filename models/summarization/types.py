"""Dataclasses for summaries with sentence-level attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from tarjama.models.types import ModelRef

DEFAULT_SUMMARIZATION_MODEL = "sshleifer/distilbart-cnn-12-6"
# Shared themes in a synthesis: a reader's page holds about eight; callers may ask 1-50.
DEFAULT_THEMES = 8
MAX_THEMES = 50


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
    # Sentences whose translation the engine flagged as failed (a decoding loop, a copy of the
    # source, empty, cut at the length cap, unaligned): quoted only when nothing else is.
    flagged_indices: tuple[int, ...] = ()
    # The article's own date (its dateline or page metadata): YYYY-MM-DD, --MM-DD when the
    # year is unknown, "" when undated. Relative dates in its sentences resolve against it.
    date: str = ""


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
class CitationCheck:
    """What the citation checker found in a summary's sentences, and what was done."""

    path: str  # "extractive", "abstractive" (seq2seq) or "instruction model"
    checked: int = 0
    supported: int = 0
    recited: int = 0  # failed with the model's citations, passed with others
    dropped: int = 0  # failed and removed (instruction-model summaries only)
    reasons: dict[str, int] = field(default_factory=dict)  # sentences failing per reason
    fell_back: bool = False  # too little survived: the summary is the extractive one


@dataclass(frozen=True)
class Summary:
    """A summary of one article or of a collection."""

    sentences: list[SummarySentence]
    method: SummaryMethod
    chunks: int = 1
    model: ModelRef | None = None
    notes: list[str] = field(default_factory=list)
    citation_check: CitationCheck | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Theme:
    """Something several articles say: a cluster of their sentences on one topic."""

    label: str  # the key phrases, joined: "Karachi · Gwadar · ports"
    key_phrases: tuple[str, ...]
    statement: SummarySentence  # the most representative sentence, citing itself
    sources: tuple[SentenceRef, ...]  # every supporting sentence, across articles
    articles: tuple[int, ...]  # the articles that support it (indices)


@dataclass(frozen=True)
class Figure:
    """A quantity an article reports, with what it counts and where it is said."""

    surface: str  # as written: "$15 billion"
    value: str  # the number it stands for, as a decimal string: "15000000000"
    unit: str  # "USD", "EUR", "%", "tenge", "" for a plain count
    scale: str  # "billion", "million", "" as written
    what: str  # the noun phrase around it: "trade volume", "Pakistani students"
    group: str  # what several figures share, e.g. "trade target"; shown side by side
    when: str  # a date or period in the same clause: "2023", "by 2027-2028"
    qualifier: str  # "about", "more than", "almost"; "" when exact
    sources: tuple[SentenceRef, ...]
    reported: str = ""  # the date of the (earliest) article that states it, "" if undated

    @property
    def holds_at(self) -> str:
        """When it holds: the year its clause names, else the date it was reported."""
        year = re.search(r"(?:19|20)\d\d", self.when)
        if year and not self.reported.startswith(year.group(0)):
            return year.group(0)
        return self.reported or self.when


@dataclass(frozen=True)
class Entity:
    """A person, place or organization named in two or more articles."""

    name: str
    kind: str  # "person", "place", "organization" or "name" when unsure
    mentions: int  # sentences that name it, across articles
    articles: tuple[int, ...]
    sources: tuple[SentenceRef, ...]  # a few citations per article


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened on a date, as one or more articles tell it."""

    date: str  # YYYY-MM-DD, YYYY-MM for a month; --MM-DD / --MM when the year is unknown
    precision: str  # "day", "week" (around that day) or "month"
    written: str  # how the text says it: "on Sunday, January 16", "yesterday"; "" = lead
    sentence: SummarySentence  # the event's sentence, citing every sentence that tells it
    articles: tuple[int, ...]
    rank: int  # 1 for the event most articles tell; pages short of room show the best first


@dataclass(frozen=True)
class ArticleDate:
    """An article's own date, "" when it has none (its events are then left out)."""

    article_index: int
    date: str


@dataclass(frozen=True)
class DistinctPoint:
    """An article's own point that no theme already covers."""

    article_index: int
    sentence: SummarySentence


@dataclass
class FirstPage:
    """What a digest shows first: indices into the synthesis' themes, figures and timeline."""

    themes: list[int] = field(default_factory=list)
    # The first progressions of the synthesis, in its order, each maybe cut short.
    progressions: list[list[int]] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)
    timeline: list[int] = field(default_factory=list)
    words: int = 0  # about how many words the page takes (a citation counts one)


@dataclass(frozen=True)
class Synthesis:
    """What a collection's articles say together, beyond its summary."""

    themes: list[Theme] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    distinct_points: list[DistinctPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)  # in date order
    article_dates: list[ArticleDate] = field(default_factory=list)
    # Figures whose value changed over time: each a list of indices into `figures`, by date.
    progressions: list[list[int]] = field(default_factory=list)
    # What each progression counts ("death toll"), as its figures say it.
    progression_labels: list[str] = field(default_factory=list)
    first_page: FirstPage = field(default_factory=FirstPage)
