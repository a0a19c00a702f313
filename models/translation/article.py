"""Translates whole articles: validate, prepare, translate their sentences, assemble the result."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tarjama.models.errors import InvalidInput, TarjamaError
from tarjama.models.text.prepare import prepare_article, prepare_page
from tarjama.models.translation.backend import BackendInfo
from tarjama.models.types import (
    CancelCheck,
    GenerationOptions,
    ModelRef,
    PreparedArticle,
    Segment,
    SentenceTranslation,
    TranslatedArticle,
    never_cancelled,
)

DEFAULT_OPTIONS = GenerationOptions()


class TranslationEngine(Protocol):
    """What the pipeline needs from a sentence translator (SentenceTranslator implements it)."""

    @property
    def info(self) -> BackendInfo: ...

    def check_languages(self, source: str, target: str) -> None: ...

    def resolve_options(self, options: GenerationOptions) -> GenerationOptions: ...

    def translate_sentences(
        self,
        sentences: Sequence[str],
        options: GenerationOptions,
        cancelled: CancelCheck = never_cancelled,
    ) -> Iterator[tuple[int, SentenceTranslation]]: ...


@dataclass(frozen=True)
class ArticleRequest:
    """One article as a caller submits it."""

    article_id: str
    text: str
    source_language: str = ""
    target_language: str = ""
    html: str = ""  # a web page holding the article, sent instead of text
    url: str = ""  # where the page came from (optional, with html)


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


class ArticleTranslator:
    """Turns raw Arabic articles into TranslatedArticles with a translation engine."""

    def __init__(
        self,
        engine: TranslationEngine,
        *,
        max_article_chars: int = 200_000,
        max_page_chars: int = 5_000_000,
    ) -> None:
        self.engine = engine
        self.max_article_chars = max_article_chars
        self.max_page_chars = max_page_chars

    @property
    def model(self) -> ModelRef:
        return self.engine.info.model

    def prepare(self, request: ArticleRequest) -> PreparedRequest:
        """Validate and prepare an article; raises InvalidInput with a readable message."""
        started = time.perf_counter()
        if request.html:
            return self._prepare_page(request, started)
        label = f"article '{request.article_id}'" if request.article_id else "article"
        if not request.text or not request.text.strip():
            raise InvalidInput(f"{label} is empty: send the Arabic text to translate")
        if len(request.text) > self.max_article_chars:
            raise InvalidInput(
                f"{label} has {len(request.text):,} characters; the limit is "
                f"{self.max_article_chars:,} (split it into several articles)"
            )
        self.engine.check_languages(request.source_language, request.target_language)
        prepared = prepare_article(request.text)
        if not prepared.paragraphs:
            raise InvalidInput(f"{label} has no text left after removing site boilerplate")
        return PreparedRequest(request, prepared, time.perf_counter() - started)

    def _prepare_page(self, request: ArticleRequest, started: float) -> PreparedRequest:
        """A web page: extract its article and metadata (models/text/webpage.py), then prepare."""
        label = f"page '{request.article_id}'" if request.article_id else "page"
        if request.text:
            raise InvalidInput(f"{label} has both text and html: send one of them")
        self.engine.check_languages(request.source_language, request.target_language)
        prepared = prepare_page(
            request.html,
            url=request.url,
            label=label,
            max_page_chars=self.max_page_chars,
            max_article_chars=self.max_article_chars,
        )
        return PreparedRequest(request, prepared, time.perf_counter() - started)

    def translate(
        self,
        request: ArticleRequest,
        options: GenerationOptions = DEFAULT_OPTIONS,
        cancelled: CancelCheck = never_cancelled,
    ) -> TranslatedArticle:
        result = None
        for event in self.stream(request, options, cancelled):
            if isinstance(event, TranslatedArticle):
                result = event
        assert result is not None
        return result

    def stream(
        self,
        request: ArticleRequest,
        options: GenerationOptions = DEFAULT_OPTIONS,
        cancelled: CancelCheck = never_cancelled,
    ) -> Iterator[PreparedRequest | SegmentDone | TranslatedArticle]:
        """Yield the prepared article, then each segment as it finishes, then the whole result."""
        resolved = self.engine.resolve_options(options)
        prepared = self.prepare(request)
        yield prepared
        placed = prepared.prepared.sentences
        started = time.perf_counter()
        segments: dict[int, Segment] = {}
        sources = [sentence for _, sentence in placed]
        for index, translated in self.engine.translate_sentences(sources, resolved, cancelled):
            segment = _segment(index, placed[index][0], translated)
            segments[index] = segment
            yield SegmentDone(segment, len(segments), len(placed))
        yield _assemble(prepared, segments, self.model, time.perf_counter() - started)

    def translate_many(
        self,
        requests: Sequence[ArticleRequest],
        options: GenerationOptions = DEFAULT_OPTIONS,
        cancelled: CancelCheck = never_cancelled,
    ) -> list[TranslatedArticle | TarjamaError]:
        """Translate several articles in one pass so their sentences share batches.

        A problem with one article becomes that article's entry; the others go on.
        """
        resolved = self.engine.resolve_options(options)
        outcomes: list[TranslatedArticle | TarjamaError | PreparedRequest] = []
        for request in requests:
            try:
                outcomes.append(self.prepare(request))
            except TarjamaError as error:
                outcomes.append(error)
        owners: list[tuple[int, int, int]] = []  # (article position, sentence index, paragraph)
        sources: list[str] = []
        for position, outcome in enumerate(outcomes):
            if isinstance(outcome, PreparedRequest):
                for sentence_index, (paragraph, sentence) in enumerate(outcome.prepared.sentences):
                    owners.append((position, sentence_index, paragraph))
                    sources.append(sentence)
        started = time.perf_counter()
        segments: dict[int, dict[int, Segment]] = {}
        for flat_index, translated in self.engine.translate_sentences(sources, resolved, cancelled):
            position, sentence_index, paragraph = owners[flat_index]
            segments.setdefault(position, {})[sentence_index] = _segment(
                sentence_index, paragraph, translated
            )
        elapsed = time.perf_counter() - started
        results: list[TranslatedArticle | TarjamaError] = []
        for position, outcome in enumerate(outcomes):
            if isinstance(outcome, PreparedRequest):
                results.append(_assemble(outcome, segments.get(position, {}), self.model, elapsed))
            else:
                results.append(outcome)
        return results


def _segment(index: int, paragraph_index: int, translated: SentenceTranslation) -> Segment:
    return Segment(
        index=index,
        paragraph_index=paragraph_index,
        source=translated.source,
        translation=translated.translation,
        pieces=translated.pieces,
        flags=translated.flags,
    )


def _assemble(
    prepared: PreparedRequest, segments: dict[int, Segment], model: ModelRef, seconds: float
) -> TranslatedArticle:
    expected = len(prepared.prepared.sentences)
    if len(segments) != expected:
        # Never hand out an article with sentences missing.
        raise TarjamaError(f"translated {len(segments)} of {expected} sentences")
    return TranslatedArticle(
        article_id=prepared.request.article_id,
        paragraphs=prepared.prepared.paragraphs,
        segments=[segments[i] for i in range(expected)],
        dropped=prepared.prepared.dropped,
        model=model,
        prepare_seconds=prepared.prepare_seconds,
        translate_seconds=seconds,
        metadata=prepared.prepared.metadata,
    )
