"""Translates whole articles: validate, prepare, translate their sentences, assemble the result."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from tarjama.models.errors import InvalidInput, TarjamaError, shown
from tarjama.models.limits import Limits
from tarjama.models.text.language_guard import check_arabic
from tarjama.models.text.prepare import prepare_article, prepare_page
from tarjama.models.translation.backend import BackendInfo
from tarjama.models.translation.languages import serves_arabic
from tarjama.models.types import (
    ArticleRequest,
    CancelCheck,
    GenerationOptions,
    ModelRef,
    PreparedRequest,
    QualityCounts,
    Segment,
    SegmentDone,
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
        groups: Sequence[int] | None = None,
    ) -> Iterator[tuple[int, SentenceTranslation]]: ...


class ArticleTranslator:
    """Turns raw Arabic articles into TranslatedArticles with a translation engine."""

    def __init__(
        self,
        engine: TranslationEngine,
        *,
        limits: Limits | None = None,
        max_article_chars: int | None = None,
    ) -> None:
        self.engine = engine
        limits = limits or Limits()
        if max_article_chars is not None:  # the older keyword, still accepted
            limits = replace(limits, max_article_chars=max_article_chars)
        self.limits = limits
        self._counts = QualityCounts()
        self._counts_lock = threading.Lock()

    @property
    def max_article_chars(self) -> int:
        return self.limits.max_article_chars

    @property
    def model(self) -> ModelRef:
        return self.engine.info.model

    def quality_counts(self) -> QualityCounts:
        """A copy of the counters since start."""
        with self._counts_lock:
            return QualityCounts(self._counts.segments, Counter(self._counts.flags))

    def prepare(
        self, request: ArticleRequest, options: GenerationOptions = DEFAULT_OPTIONS
    ) -> PreparedRequest:
        """Validate and prepare an article; raises InvalidInput with a readable message.

        Checks, in order: the id's length, empty text, the size limit, the language pair,
        something left after boilerplate removal, and (unless options.skip_language_check)
        that the text is Arabic at all.
        """
        started = time.perf_counter()
        self.limits.check_id("article_id", request.article_id)
        if request.html:
            return self._prepare_page(request, options, started)
        label = f"article {shown(request.article_id)}" if request.article_id else "article"
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
            raise InvalidInput(
                f"{label} has no text left to translate after removing site boilerplate "
                "and lines without letters or digits"
            )
        if not options.skip_language_check and serves_arabic(self.engine.info):
            check_arabic(request.text, label if request.article_id else "")
        return PreparedRequest(request, prepared, time.perf_counter() - started)

    def _prepare_page(
        self, request: ArticleRequest, options: GenerationOptions, started: float
    ) -> PreparedRequest:
        """A web page: extract its article and metadata (models/text/webpage.py), then prepare;
        the language guard judges the extracted article, not the markup."""
        label = f"page {shown(request.article_id)}" if request.article_id else "page"
        if request.text:
            raise InvalidInput(f"{label} has both text and html: send one of them")
        self.engine.check_languages(request.source_language, request.target_language)
        prepared = prepare_page(
            request.html,
            url=request.url,
            label=label,
            max_page_chars=self.limits.max_page_chars,
            max_article_chars=self.max_article_chars,
        )
        if not options.skip_language_check and serves_arabic(self.engine.info):
            check_arabic("\n".join(s for _, s in prepared.sentences), label)
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
        prepared = self.prepare(request, resolved)
        yield prepared
        placed = prepared.prepared.sentences
        started = time.perf_counter()
        segments: dict[int, Segment] = {}
        sources = [sentence for _, sentence in placed]
        paragraphs = [paragraph for paragraph, _ in placed]
        for index, translated in self.engine.translate_sentences(
            sources, resolved, cancelled, groups=paragraphs
        ):
            segment = _segment(index, placed[index][0], translated)
            segments[index] = segment
            yield SegmentDone(segment, len(segments), len(placed))
        yield self._assemble(prepared, segments, time.perf_counter() - started)

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
                outcomes.append(self.prepare(request, resolved))
            except TarjamaError as error:
                outcomes.append(error)
        owners: list[tuple[int, int, int]] = []  # (article position, sentence index, paragraph)
        sources: list[str] = []
        groups: list[int] = []  # one number per (article, paragraph): prompts stay inside one
        group_ids: dict[tuple[int, int], int] = {}
        for position, outcome in enumerate(outcomes):
            if isinstance(outcome, PreparedRequest):
                for sentence_index, (paragraph, sentence) in enumerate(outcome.prepared.sentences):
                    owners.append((position, sentence_index, paragraph))
                    sources.append(sentence)
                    groups.append(group_ids.setdefault((position, paragraph), len(group_ids)))
        started = time.perf_counter()
        segments: dict[int, dict[int, Segment]] = {}
        for flat_index, translated in self.engine.translate_sentences(
            sources, resolved, cancelled, groups=groups
        ):
            position, sentence_index, paragraph = owners[flat_index]
            segments.setdefault(position, {})[sentence_index] = _segment(
                sentence_index, paragraph, translated
            )
        elapsed = time.perf_counter() - started
        results: list[TranslatedArticle | TarjamaError] = []
        for position, outcome in enumerate(outcomes):
            if isinstance(outcome, PreparedRequest):
                results.append(self._assemble(outcome, segments.get(position, {}), elapsed))
            else:
                results.append(outcome)
        return results

    def _assemble(
        self, prepared: PreparedRequest, segments: dict[int, Segment], seconds: float
    ) -> TranslatedArticle:
        article = _assemble(prepared, segments, self.model, seconds)
        with self._counts_lock:
            self._counts.segments += len(article.segments)
            for segment in article.segments:
                self._counts.flags.update(segment.flags)
        return article


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
