"""The one summarization workflow behind the server and the CLI (transport-neutral, no gRPC).

It owns summarize-article and summarize-collection: taking each article as Arabic text to
translate, English text, or a finished translation; running articles concurrently;
stopping when the caller goes away; one error policy (a bad article is reported and the
others and the collection summary go on; only cancellation or a lost engine stops the
whole request); and lengths from one Limits object. The gRPC servicer converts protos and
calls it; the CLI calls it in-process or reaches it through the client with --server.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from tarjama.models.errors import (
    INTERNAL_MESSAGE,
    Cancelled,
    InvalidInput,
    NotReady,
    TarjamaError,
)
from tarjama.models.limits import Limits
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.summarization.english import is_english, prepare_english
from tarjama.models.summarization.inputs import article_text_from_translation
from tarjama.models.summarization.types import (
    MAX_THEMES,
    ArticleText,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.translation.article import ArticleTranslator
from tarjama.models.types import (
    ArticleRequest,
    CancelCheck,
    GenerationOptions,
    TranslatedArticle,
    never_cancelled,
)
from tarjama.models.workflow_events import ArticleOutcome, ArticleResult, CollectionEvent, Stage

log = logging.getLogger(__name__)

ArticleInput = ArticleRequest | TranslatedArticle
"""Text to translate (or English text, source_language "en"), or a finished translation."""

_FINISHED = object()  # queue marker: a worker is done with its article


class SummaryWorkflow:
    """Translate when needed, summarize, and synthesize; the same for every transport."""

    def __init__(
        self,
        summarizer: Summarizer,
        translator: ArticleTranslator | None = None,
        *,
        limits: Limits | None = None,
        concurrency: int = 4,
    ) -> None:
        self.summarizer = summarizer
        self.translator = translator
        self.limits = limits or summarizer.limits
        self.concurrency = max(1, concurrency)

    # -- one article -----------------------------------------------------------------

    def summarize_article(
        self,
        item: ArticleInput,
        *,
        length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        options: GenerationOptions | None = None,
        cancelled: CancelCheck = never_cancelled,
    ) -> ArticleResult:
        """Summary of one article; InvalidInput and friends propagate to the caller."""
        length = self.summarizer.resolve_length(length, self.limits.article_summary_sentences)
        self.summarizer.pick_method(method)  # refuse before translating if it cannot be served
        options = self._resolved(options)
        translation = self.translation_of(item, options, cancelled)
        summary = self.summarizer.summarize_article(
            article_text_from_translation(translation), length, method, cancelled
        )
        return ArticleResult(translation, summary)

    def translation_of(
        self, item: ArticleInput, options: GenerationOptions, cancelled: CancelCheck
    ) -> TranslatedArticle:
        """The item's English sentences: as given, as English text, or translated."""
        if isinstance(item, TranslatedArticle):
            self.limits.check_id("article_id", item.article_id)
            if not item.segments:
                raise InvalidInput(f"translation '{item.article_id}' has no sentences")
            return item
        self.limits.check_id("article_id", item.article_id)
        if is_english(item.source_language):
            return prepare_english(item, max_chars=self.limits.max_article_chars)
        if self.translator is None:
            raise InvalidInput(
                "no translation model is loaded: send English text (source language 'en') "
                "or finished translations"
            )
        return self.translator.translate(item, options, cancelled)

    # -- a collection ----------------------------------------------------------------

    def summarize_collection(
        self,
        items: Sequence[ArticleInput],
        *,
        article_length: SummaryLength | None = None,
        collection_length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        options: GenerationOptions | None = None,
        cancelled: CancelCheck = never_cancelled,
        max_themes: int | None = None,
    ) -> Iterator[CollectionEvent]:
        """Events as articles are translated and summarized, then one DONE event.

        Everything that can be refused is refused before the first event. `max_themes`:
        most shared themes in the synthesis (1-MAX_THEMES; None for DEFAULT_THEMES).
        """
        if max_themes is not None and not 1 <= max_themes <= MAX_THEMES:
            raise InvalidInput(f"max_themes must be between 1 and {MAX_THEMES} (got {max_themes})")
        self.summarizer.check_collection_size(len(items))
        article_length = self.summarizer.resolve_length(
            article_length, self.limits.article_summary_sentences
        )
        collection_length = self.summarizer.resolve_length(
            collection_length, self.limits.collection_summary_sentences
        )
        self.summarizer.pick_method(method)
        options = self._resolved(options)
        return self._collection(
            items, article_length, collection_length, method, options, cancelled, max_themes
        )

    def _collection(
        self,
        items: Sequence[ArticleInput],
        article_length: SummaryLength,
        collection_length: SummaryLength,
        method: SummaryMethod,
        options: GenerationOptions,
        cancelled: CancelCheck,
        max_themes: int | None = None,
    ) -> Iterator[CollectionEvent]:
        total = len(items)
        outcomes = [ArticleOutcome(i, _article_id(item)) for i, item in enumerate(items)]
        texts: dict[int, ArticleText] = {}
        done = 0
        for event in self._run_articles(items, article_length, method, options, cancelled):
            outcomes[event.index] = event
            if event.error is not None:
                stage = Stage.FAILED
            elif event.summary is not None:
                stage = Stage.SUMMARIZED
                texts[event.index] = article_text_from_translation(event.translation)
            else:
                stage = Stage.TRANSLATED
            done += stage is not Stage.TRANSLATED
            yield CollectionEvent(stage, done, total, article=event)
        summary, synthesis = None, None
        if texts:
            indices = sorted(texts)
            ordered = [texts[i] for i in indices]
            summary = self.summarizer.summarize_collection(
                ordered, collection_length, method, cancelled, article_indices=indices
            )
            # sklearn (and numpy): kept out of the remote summary commands of the bare client
            from tarjama.models.summarization.synthesis import synthesize

            synthesis = synthesize(ordered, indices, self.limits, max_themes=max_themes)
        yield CollectionEvent(
            Stage.DONE, done, total, summary=summary, synthesis=synthesis, articles=tuple(outcomes)
        )

    def _run_articles(
        self,
        items: Sequence[ArticleInput],
        length: SummaryLength,
        method: SummaryMethod,
        options: GenerationOptions,
        caller_cancelled: CancelCheck,
    ) -> Iterator[ArticleOutcome]:
        """Translate and summarize articles concurrently, yielding outcomes as they happen.

        Workers share the translator's batcher, so sentences of several articles are decoded
        together; each article's outcomes come in order (translated, then summarized).
        """
        events: queue.Queue = queue.Queue()
        stop = threading.Event()

        def cancelled() -> bool:
            return stop.is_set() or caller_cancelled()

        def work(index: int) -> None:
            item = items[index]
            article_id = _article_id(item)
            try:
                translation = self.translation_of(item, options, cancelled)
                events.put(ArticleOutcome(index, article_id, translation))
                summary = self.summarizer.summarize_article(
                    article_text_from_translation(translation),
                    length,
                    method,
                    cancelled,
                    article_index=index,
                )
                events.put(ArticleOutcome(index, article_id, translation, summary))
            except (Cancelled, NotReady) as error:
                events.put(error)  # the whole request stops, not just this article
            except TarjamaError as error:
                events.put(ArticleOutcome(index, article_id, error=error))
            except Exception:  # noqa: BLE001 - one broken article must not end the rest
                log.exception("article %d of a collection failed", index)
                events.put(ArticleOutcome(index, article_id, error=TarjamaError(INTERNAL_MESSAGE)))
            finally:
                events.put(_FINISHED)

        pool = ThreadPoolExecutor(
            max_workers=min(self.concurrency, len(items)), thread_name_prefix="collection"
        )
        try:
            for index in range(len(items)):
                pool.submit(work, index)
            remaining = len(items)
            while remaining:
                item = events.get()
                if item is _FINISHED:
                    remaining -= 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yield item
        finally:
            stop.set()  # also reached when the caller stops reading (a closed stream)
            pool.shutdown(wait=False, cancel_futures=True)

    def _resolved(self, options: GenerationOptions | None) -> GenerationOptions:
        options = options or GenerationOptions()
        if self.translator is not None:
            return self.translator.engine.resolve_options(options)
        return options


def _article_id(item: ArticleInput) -> str:
    return item.article_id
