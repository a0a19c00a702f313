"""Thin gRPC servicer for tarjama.v1.SummarizationService: proto in, engines, proto out."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc

from tarjama.models.errors import Cancelled, InvalidInput, NotReady, TarjamaError
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.summarization.inputs import article_text_from_translation
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
)
from tarjama.models.translation.article import ArticleRequest, ArticleTranslator
from tarjama.models.types import CancelCheck, GenerationOptions, ModelRef, TranslatedArticle
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.service import converters
from tarjama.service.errors import cancel_check, grpc_errors, status_for
from tarjama.service.settings import Settings
from tarjama.service.translation_servicer import request_id_of

log = logging.getLogger(__name__)

# Articles of one collection translated and summarized at once: enough to keep the
# shared batcher fed, few enough that progress events come in request order roughly.
COLLECTION_CONCURRENCY = 4

_METHOD_TO_PB = {
    SummaryMethod.AUTO: spb.SUMMARY_METHOD_UNSPECIFIED,
    SummaryMethod.EXTRACTIVE: spb.SUMMARY_METHOD_EXTRACTIVE,
    SummaryMethod.ABSTRACTIVE: spb.SUMMARY_METHOD_ABSTRACTIVE,
}
_METHOD_FROM_PB = {v: k for k, v in _METHOD_TO_PB.items()}


# -- conversions -------------------------------------------------------------------------


def method_from_pb(value: int) -> SummaryMethod:
    if value not in _METHOD_FROM_PB:
        raise InvalidInput(f"unknown summary method {value}")
    return _METHOD_FROM_PB[value]


def method_to_pb(method: SummaryMethod) -> int:
    return _METHOD_TO_PB[method]


def length_from_pb(message: spb.SummaryLength) -> SummaryLength:
    return SummaryLength(
        sentences=message.sentences if message.HasField("sentences") else None,
        words=message.words if message.HasField("words") else None,
    )


def length_to_pb(length: SummaryLength | None) -> spb.SummaryLength:
    message = spb.SummaryLength()
    if length is not None and length.sentences is not None:
        message.sentences = length.sentences
    if length is not None and length.words is not None:
        message.words = length.words
    return message


def summary_to_pb(summary: Summary) -> spb.Summary:
    message = spb.Summary(
        sentences=[
            spb.SummarySentence(
                text=sentence.text,
                sources=[
                    spb.SentenceRef(article_index=r.article_index, sentence_index=r.sentence_index)
                    for r in sentence.sources
                ],
                unsupported_numbers=list(sentence.unsupported_numbers),
            )
            for sentence in summary.sentences
        ],
        method=method_to_pb(summary.method),
        chunks=summary.chunks,
        notes=list(summary.notes),
    )
    if summary.model is not None:
        message.model.CopyFrom(converters.model_to_pb(summary.model))
    return message


def summary_from_pb(message: spb.Summary) -> Summary:
    return Summary(
        sentences=[
            SummarySentence(
                text=sentence.text,
                sources=tuple(
                    SentenceRef(ref.article_index, ref.sentence_index) for ref in sentence.sources
                ),
                unsupported_numbers=tuple(sentence.unsupported_numbers),
            )
            for sentence in message.sentences
        ],
        method=_METHOD_FROM_PB.get(message.method, SummaryMethod.AUTO),
        chunks=message.chunks or 1,
        model=(
            ModelRef(message.model.model_id, message.model.revision)
            if message.HasField("model")
            else None
        ),
        notes=list(message.notes),
    )


# -- the collection run ------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleEvent:
    """Progress of one article of a collection, produced by a worker thread."""

    index: int
    translation: TranslatedArticle | None = None
    text: ArticleText | None = None
    summary: Summary | None = None
    error: TarjamaError | None = None


_FINISHED = object()  # queue marker: a worker is done with its article


class SummarizationServicer(summarization_pb2_grpc.SummarizationServiceServicer):
    """Serves summaries with an ArticleTranslator (translation) and a Summarizer."""

    def __init__(
        self, pipeline: ArticleTranslator, summarizer: Summarizer, settings: Settings
    ) -> None:
        self.pipeline = pipeline
        self.summarizer = summarizer
        self.settings = settings

    @grpc_errors
    def SummarizeArticle(
        self, request: spb.SummarizeArticleRequest, context: grpc.ServicerContext
    ) -> spb.SummarizeArticleResponse:
        request_id = request_id_of(request.request_id)
        method = method_from_pb(request.method)
        length = self.summarizer.resolve_length(
            length_from_pb(request.length), self.summarizer.limits.article_sentences
        )
        self.summarizer.pick_method(method)  # fail before translating if it cannot be served
        cancelled = cancel_check(context)
        translation = self.pipeline.translate(
            converters.article_from_pb(request.article),
            converters.options_from_pb(request.translation_options),
            cancelled,
        )
        summary = self.summarizer.summarize_article(
            article_text_from_translation(translation), length, method, cancelled
        )
        return spb.SummarizeArticleResponse(
            request_id=request_id,
            translation=converters.translated_to_pb(translation, request_id),
            summary=summary_to_pb(summary),
        )

    @grpc_errors
    def SummarizeCollection(
        self, request: spb.SummarizeCollectionRequest, context: grpc.ServicerContext
    ) -> Iterator[spb.CollectionEvent]:
        request_id = request_id_of(request.request_id)
        requests = [converters.article_from_pb(a) for a in request.articles]
        method = method_from_pb(request.method)
        limits = self.summarizer.limits
        # Everything that can be refused is refused before any translation starts.
        self.summarizer.check_collection_size(len(requests))
        article_length = self.summarizer.resolve_length(
            length_from_pb(request.article_length), limits.article_sentences
        )
        collection_length = self.summarizer.resolve_length(
            length_from_pb(request.collection_length), limits.collection_sentences
        )
        self.summarizer.pick_method(method)
        options = converters.options_from_pb(request.translation_options)
        self.pipeline.engine.resolve_options(options)

        total = len(requests)
        outcomes = [
            spb.ArticleOutcome(article_index=i, article_id=r.article_id)
            for i, r in enumerate(requests)
        ]
        texts: dict[int, ArticleText] = {}
        done = 0
        for event in self._run_articles(
            requests, options, article_length, method, cancel_check(context)
        ):
            outcome = outcomes[event.index]
            if event.error is not None:
                code, message = status_for(event.error)
                outcome.error.CopyFrom(pb.ArticleError(code=code.name, message=message))
                stage = spb.COLLECTION_STAGE_ARTICLE_FAILED
            elif event.summary is not None:
                outcome.summary.CopyFrom(summary_to_pb(event.summary))
                texts[event.index] = event.text
                stage = spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED
            else:
                outcome.translation.CopyFrom(
                    converters.translated_to_pb(event.translation, request_id)
                )
                stage = spb.COLLECTION_STAGE_ARTICLE_TRANSLATED
            if stage != spb.COLLECTION_STAGE_ARTICLE_TRANSLATED:
                done += 1
            yield spb.CollectionEvent(
                request_id=request_id,
                stage=stage,
                articles_done=done,
                articles_total=total,
                article=outcome,
            )

        final = spb.CollectionEvent(
            request_id=request_id,
            stage=spb.COLLECTION_STAGE_COLLECTION_DONE,
            articles_done=done,
            articles_total=total,
            articles=outcomes,
        )
        if texts:
            indices = sorted(texts)
            summary = self.summarizer.summarize_collection(
                [texts[i] for i in indices],
                collection_length,
                method,
                cancel_check(context),
                article_indices=indices,
            )
            final.collection_summary.CopyFrom(summary_to_pb(summary))
        else:
            final.collection_summary.notes.append("no article could be summarized")
        yield final

    def _run_articles(
        self,
        requests: Sequence[ArticleRequest],
        options: GenerationOptions,
        length: SummaryLength,
        method: SummaryMethod,
        rpc_cancelled: CancelCheck,
    ) -> Iterator[ArticleEvent]:
        """Translate and summarize articles concurrently, yielding events as they happen.

        Workers share the server's batcher, so sentences of several articles are decoded
        together; each article's events come in order (translated, then summarized).
        """
        events: queue.Queue = queue.Queue()
        stop = threading.Event()

        def cancelled() -> bool:
            return stop.is_set() or rpc_cancelled()

        def work(index: int) -> None:
            try:
                translation = self.pipeline.translate(requests[index], options, cancelled)
                events.put(ArticleEvent(index, translation=translation))
                text = article_text_from_translation(translation)
                summary = self.summarizer.summarize_article(
                    text, length, method, cancelled, article_index=index
                )
                events.put(ArticleEvent(index, translation, text, summary))
            except (Cancelled, NotReady) as error:
                events.put(error)  # the whole request stops, not just this article
            except TarjamaError as error:
                events.put(ArticleEvent(index, error=error))
            except Exception as error:  # noqa: BLE001 - one broken article must not end the rest
                log.exception("article %d of a collection failed", index)
                events.put(ArticleEvent(index, error=TarjamaError(f"internal error: {error}")))
            finally:
                events.put(_FINISHED)

        pool = ThreadPoolExecutor(
            max_workers=min(COLLECTION_CONCURRENCY, len(requests)), thread_name_prefix="collection"
        )
        try:
            for index in range(len(requests)):
                pool.submit(work, index)
            remaining = len(requests)
            while remaining:
                item = events.get()
                if item is _FINISHED:
                    remaining -= 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yield item
        finally:
            stop.set()  # also reached when the client goes away and the stream is closed
            pool.shutdown(wait=False, cancel_futures=True)
