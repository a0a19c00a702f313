"""Thin gRPC servicer for tarjama.v1.TranslationService: proto in, pipeline call, proto out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from importlib.metadata import version
from typing import Any

import grpc

from tarjama.models.errors import InvalidInput
from tarjama.models.limits import Limits
from tarjama.models.memory import peak_rss_bytes
from tarjama.models.settings import Settings
from tarjama.models.threads import usable_cores
from tarjama.models.translation.article import ArticleTranslator
from tarjama.models.types import PreparedRequest
from tarjama.protos import converters
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service.errors import cancel_check, grpc_errors
from tarjama.service.security import security_info


def request_id_of(message_request_id: str, limits: Limits) -> str:
    """The request's id, or a new one; InvalidInput past the configured limits.max_id_chars.

    Every servicer calls this with the server's Limits (Settings.limits()), so
    TARJAMA_MAX_ID_CHARS applies to every RPC alike.
    """
    limits.check_id("request_id", message_request_id)
    return message_request_id or uuid.uuid4().hex


class TranslationServicer(translation_pb2_grpc.TranslationServiceServicer):
    """Serves translation RPCs with an ArticleTranslator."""

    def __init__(
        self,
        articles: ArticleTranslator,
        settings: Settings,
        cache_stats: Callable[[], tuple[int, int]] = lambda: (0, 0),
        *,
        summarizer: Any = None,
    ) -> None:
        self.articles = articles
        self.settings = settings
        self.cache_stats = cache_stats
        self.summarizer = summarizer
        self.limits = settings.limits()

    def _request_id(self, value: str) -> str:
        return request_id_of(value, self.limits)

    @grpc_errors
    def Translate(self, request: pb.TranslateRequest, context: grpc.ServicerContext):
        request_id = self._request_id(request.request_id)
        article = self.articles.translate(
            converters.article_from_pb(request.article),
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        return converters.translated_to_pb(article, request_id)

    @grpc_errors
    def TranslateStream(
        self, request: pb.TranslateRequest, context: grpc.ServicerContext
    ) -> Iterator[pb.TranslateStreamEvent]:
        request_id = self._request_id(request.request_id)
        total = 0
        events = self.articles.stream(
            converters.article_from_pb(request.article),
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        for event in events:
            if isinstance(event, PreparedRequest):
                total = len(event.prepared.sentences)
            yield converters.stream_event_to_pb(
                event, request_id, total=total, model=self.articles.model
            )

    @grpc_errors
    def TranslateBatch(self, request: pb.TranslateBatchRequest, context: grpc.ServicerContext):
        request_id = self._request_id(request.request_id)
        if not request.articles:
            raise InvalidInput("the batch has no articles")
        if len(request.articles) > self.settings.max_batch_articles:
            raise InvalidInput(
                f"the batch has {len(request.articles)} articles; the limit is "
                f"{self.settings.max_batch_articles}"
            )
        outcomes = self.articles.translate_many(
            [converters.article_from_pb(a) for a in request.articles],
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        return converters.batch_to_pb(
            request_id, [a.article_id for a in request.articles], outcomes
        )

    @grpc_errors
    def GetInfo(self, request: pb.GetInfoRequest, context: grpc.ServicerContext):
        hits, misses = self.cache_stats()
        info = self.articles.engine.info
        models = [converters.loaded_model_to_pb("translation", info)]
        if self.summarizer is not None:
            models.append(converters.summarizer_model_to_pb(self.summarizer))
        segments, flag_counts = converters.quality_counts_to_pb(self.articles.quality_counts())
        return pb.GetInfoResponse(
            server_version=version("tarjama"),
            models=models,
            limits=pb.Limits(
                max_article_chars=self.settings.max_article_chars,
                max_batch_articles=self.settings.max_batch_articles,
                max_message_bytes=self.settings.max_message_bytes,
                default_beam_size=self.settings.beam_size,
                max_id_chars=self.settings.max_id_chars,
                max_collection_articles=self.settings.max_collection_articles,
                max_page_chars=self.settings.max_page_chars,
            ),
            peak_rss_bytes=peak_rss_bytes() or 0,
            cache_hits=hits,
            cache_misses=misses,
            segments_translated=segments,
            flag_counts=flag_counts,
            threads=converters.thread_plan_to_pb(info, usable_cores()),
            security=security_info(self.settings),
        )
