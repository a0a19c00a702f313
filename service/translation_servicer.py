"""Thin gRPC servicer for tarjama.v1.TranslationService: proto in, pipeline call, proto out."""

from __future__ import annotations

import resource
import sys
import uuid
from collections.abc import Callable, Iterator

import grpc

from tarjama.models.errors import InvalidInput, TarjamaError
from tarjama.models.translation.article import ArticleTranslator, PreparedRequest, SegmentDone
from tarjama.models.types import TranslatedArticle
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service import converters
from tarjama.service.errors import cancel_check, grpc_errors, status_for
from tarjama.service.settings import Settings


def request_id_of(message_request_id: str) -> str:
    return message_request_id or uuid.uuid4().hex


def peak_rss_bytes() -> int:
    """This process's own high-water mark (ru_maxrss would include a large parent's at exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


class TranslationServicer(translation_pb2_grpc.TranslationServiceServicer):
    """Serves translation RPCs with an ArticleTranslator."""

    def __init__(
        self,
        pipeline: ArticleTranslator,
        settings: Settings,
        cache_stats: Callable[[], tuple[int, int]] = lambda: (0, 0),
    ) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.cache_stats = cache_stats

    @grpc_errors
    def Translate(self, request: pb.TranslateRequest, context: grpc.ServicerContext):
        request_id = request_id_of(request.request_id)
        article = self.pipeline.translate(
            converters.article_from_pb(request.article),
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        return converters.translated_to_pb(article, request_id)

    @grpc_errors
    def TranslateStream(
        self, request: pb.TranslateRequest, context: grpc.ServicerContext
    ) -> Iterator[pb.TranslateStreamEvent]:
        request_id = request_id_of(request.request_id)
        total = 0
        events = self.pipeline.stream(
            converters.article_from_pb(request.article),
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        for event in events:
            if isinstance(event, PreparedRequest):
                total = len(event.prepared.sentences)
                yield pb.TranslateStreamEvent(
                    request_id=request_id,
                    progress=pb.Progress(done=0, total=total),
                    layout=pb.ArticleLayout(
                        article_id=event.request.article_id,
                        paragraphs=[
                            converters.paragraph_to_pb(p) for p in event.prepared.paragraphs
                        ],
                        dropped=[converters.dropped_to_pb(d) for d in event.prepared.dropped],
                        model=converters.model_to_pb(self.pipeline.model),
                        metadata=_metadata_pb(event.prepared.metadata),
                    ),
                )
            elif isinstance(event, SegmentDone):
                yield pb.TranslateStreamEvent(
                    request_id=request_id,
                    progress=pb.Progress(done=event.done, total=event.total),
                    segment=converters.segment_to_pb(event.segment),
                )
            elif isinstance(event, TranslatedArticle):
                yield pb.TranslateStreamEvent(
                    request_id=request_id,
                    progress=pb.Progress(done=total, total=total),
                    completed=converters.translated_to_pb(event, request_id),
                )

    @grpc_errors
    def TranslateBatch(self, request: pb.TranslateBatchRequest, context: grpc.ServicerContext):
        request_id = request_id_of(request.request_id)
        if not request.articles:
            raise InvalidInput("the batch has no articles")
        if len(request.articles) > self.settings.max_batch_articles:
            raise InvalidInput(
                f"the batch has {len(request.articles)} articles; the limit is "
                f"{self.settings.max_batch_articles}"
            )
        outcomes = self.pipeline.translate_many(
            [converters.article_from_pb(a) for a in request.articles],
            converters.options_from_pb(request.options),
            cancel_check(context),
        )
        response = pb.TranslateBatchResponse(request_id=request_id)
        for article, outcome in zip(request.articles, outcomes, strict=True):
            result = response.results.add(article_id=article.article_id)
            if isinstance(outcome, TarjamaError):
                code, message = status_for(outcome)
                result.error.CopyFrom(pb.ArticleError(code=code.name, message=message))
                response.failed += 1
            else:
                result.translation.CopyFrom(converters.translated_to_pb(outcome, request_id))
        return response

    @grpc_errors
    def GetInfo(self, request: pb.GetInfoRequest, context: grpc.ServicerContext):
        from importlib.metadata import version

        hits, misses = self.cache_stats()
        return pb.GetInfoResponse(
            server_version=version("tarjama"),
            models=[converters.loaded_model_to_pb("translation", self.pipeline.engine.info)],
            limits=pb.Limits(
                max_article_chars=self.settings.max_article_chars,
                max_batch_articles=self.settings.max_batch_articles,
                max_message_bytes=self.settings.max_message_bytes,
                default_beam_size=self.settings.beam_size,
            ),
            peak_rss_bytes=peak_rss_bytes(),
            cache_hits=hits,
            cache_misses=misses,
        )


def _metadata_pb(metadata):
    """A web page's metadata for the stream layout (None leaves the field unset)."""
    return None if metadata is None else converters.metadata_to_pb(metadata)
