"""Plain dataclasses passed between text preparation, engines, the server and the CLI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class ParagraphKind(str, Enum):
    """What role a block of text plays in the article."""

    TITLE = "title"
    HEADING = "heading"
    BODY = "body"


@dataclass(frozen=True)
class Paragraph:
    """One block of the article, already split into sentences."""

    index: int
    kind: ParagraphKind
    sentences: list[str]


@dataclass(frozen=True)
class DroppedLine:
    """A line removed as site boilerplate, with the rule that matched it."""

    line_number: int
    text: str
    reason: str


@dataclass(frozen=True)
class ArticleMetadata:
    """What a web page (trafilatura) or the article's dateline says about it; "" when unknown.

    A text article has only ``date`` and ``date_source`` ("text"), from its dateline."""

    title: str = ""
    author: str = ""
    # publication date as precise as known, never padded: YYYY-MM-DD, YYYY-MM or YYYY, or
    # --MM-DD for a dateline that gives no year (models/text/publication_date.py)
    date: str = ""
    site_name: str = ""
    url: str = ""
    date_source: str = ""  # where the date came from: "metadata", "url" or "text"


@dataclass(frozen=True)
class PreparedArticle:
    """An article after normalization, boilerplate removal and segmentation."""

    paragraphs: list[Paragraph]
    dropped: list[DroppedLine] = field(default_factory=list)
    metadata: ArticleMetadata | None = None  # set when the article came from a web page

    @property
    def title(self) -> str | None:
        for paragraph in self.paragraphs:
            if paragraph.kind is ParagraphKind.TITLE:
                return " ".join(paragraph.sentences)
        return None

    @property
    def sentences(self) -> list[tuple[int, str]]:
        """All sentences in reading order, each with its paragraph index."""
        return [(p.index, s) for p in self.paragraphs for s in p.sentences]


@dataclass(frozen=True)
class GenerationOptions:
    """Per-request decoding options; None means the engine's configured default."""

    beam_size: int | None = None
    max_output_tokens: int | None = None
    # The language guard refuses text that is mostly not Arabic; True lets it through.
    skip_language_check: bool = False


class QualityFlag(str, Enum):
    """Warnings attached to a translated segment."""

    REPETITION = "repetition"
    COPY_OF_SOURCE = "copy_of_source"
    LENGTH_CAPPED = "length_capped"
    # The model returned nothing for a non-empty source (or for a piece of a split one).
    EMPTY = "empty"
    # An instruction model's answer could not be matched to this sentence, even when asked
    # for it alone (skipped, merged or only commentary): the translation is left empty.
    UNALIGNED = "unaligned"


@dataclass(frozen=True)
class SentenceTranslation:
    """The translation of one source sentence, possibly made from several pieces."""

    source: str
    translation: str
    pieces: int = 1
    flags: tuple[QualityFlag, ...] = ()
    output_tokens: int = 0

    @property
    def was_split(self) -> bool:
        return self.pieces > 1


@dataclass(frozen=True)
class Segment:
    """A translated sentence placed in its article."""

    index: int
    paragraph_index: int
    source: str
    translation: str
    pieces: int = 1
    flags: tuple[QualityFlag, ...] = ()

    @property
    def was_split(self) -> bool:
        return self.pieces > 1


@dataclass(frozen=True)
class ModelRef:
    """Which model produced an output."""

    model_id: str
    revision: str


@dataclass(frozen=True)
class TranslatedArticle:
    """A whole article in English, sentence-aligned with its source."""

    article_id: str
    paragraphs: list[Paragraph]
    segments: list[Segment]
    dropped: list[DroppedLine]
    model: ModelRef
    prepare_seconds: float
    translate_seconds: float
    metadata: ArticleMetadata | None = None  # set when the article came from a web page

    def paragraph_texts(self) -> list[tuple[Paragraph, str]]:
        """Each paragraph with its English text, sentences joined by spaces.

        A sentence that came back empty shows as an `[untranslated: ...]` marker, so no
        paragraph (a heading, say) silently disappears from the English article.
        """
        by_paragraph: dict[int, list[str]] = {}
        for segment in self.segments:
            by_paragraph.setdefault(segment.paragraph_index, []).append(shown_translation(segment))
        return [(p, " ".join(by_paragraph.get(p.index, []))) for p in self.paragraphs]

    def english_text(self) -> str:
        """The English article: one paragraph per block, blank lines between blocks."""
        return "\n\n".join(text for _, text in self.paragraph_texts()) + "\n"


# Source characters an `[untranslated: ...]` marker keeps before it is shortened with "…".
UNTRANSLATED_SOURCE_CHARS = 60


def untranslated_marker(source: str) -> str:
    """The visible stand-in for a sentence the model returned nothing for."""
    text = " ".join(source.split())
    if len(text) > UNTRANSLATED_SOURCE_CHARS:
        text = text[: UNTRANSLATED_SOURCE_CHARS - 1] + "…"
    return f"[untranslated: {text}]"


def shown_translation(segment: Segment) -> str:
    """A segment's translation as the English article shows it (a marker when empty)."""
    if segment.translation.strip() or not segment.source.strip():
        return segment.translation
    return untranslated_marker(segment.source)


CancelCheck = Callable[[], bool]
"""Returns True when the caller has gone away and the work should stop."""


def never_cancelled() -> bool:
    return False


@dataclass(frozen=True)
class ArticleRequest:
    """One article as a caller submits it."""

    article_id: str
    text: str
    source_language: str = ""
    target_language: str = ""
    html: str = ""  # a web page holding the article, sent instead of text
    url: str = ""  # where the page came from (optional, with html)


@dataclass
class QualityCounts:
    """Segments translated and quality flags raised since start (GetInfo reports them)."""

    segments: int = 0
    flags: Counter[QualityFlag] = field(default_factory=Counter)


@dataclass(frozen=True)
class PreparedRequest:
    """A validated, prepared article waiting for translation."""

    request: ArticleRequest
    prepared: PreparedArticle
    prepare_seconds: float


@dataclass(frozen=True)
class SegmentDone:
    """Streaming event: one more segment is translated."""

    segment: Segment
    done: int
    total: int


@dataclass(frozen=True)
class StreamUpdate:
    """A streaming event as a client sees it: a segment with progress, or the final article."""

    done: int
    total: int
    segment: Segment | None = None
    article: TranslatedArticle | None = None


@dataclass(frozen=True)
class BatchItem:
    """One article's outcome in a batch: a translation, or the error's status name and message."""

    article_id: str
    translation: TranslatedArticle | None
    error_code: str = ""
    error_message: str = ""
