"""Python client for a tarjama server: deadlines, retries on UNAVAILABLE, request ids."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc

from tarjama.models.errors import (
    Cancelled,
    InvalidInput,
    ModelNotFound,
    NotReady,
    Overloaded,
    TarjamaError,
)
from tarjama.models.translation.article import ArticleRequest
from tarjama.models.types import GenerationOptions, Segment, TranslatedArticle
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service import converters

T = TypeVar("T")

_ERRORS_BY_CODE: dict[grpc.StatusCode, type[TarjamaError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidInput,
    grpc.StatusCode.NOT_FOUND: ModelNotFound,
    grpc.StatusCode.UNAVAILABLE: NotReady,
    grpc.StatusCode.RESOURCE_EXHAUSTED: Overloaded,
    grpc.StatusCode.CANCELLED: Cancelled,
    grpc.StatusCode.DEADLINE_EXCEEDED: Cancelled,
}


class ServerError(TarjamaError):
    """The server answered with an error status that has no more specific domain error."""


def error_from_rpc(error: grpc.RpcError, address: str) -> TarjamaError:
    """A domain error carrying the server's readable message."""
    code = error.code()
    details = error.details() or code.name
    if code is grpc.StatusCode.UNAVAILABLE:
        details = f"server {address} is unavailable ({details})"
    elif code is grpc.StatusCode.DEADLINE_EXCEEDED:
        details = f"deadline exceeded waiting for {address}"
    kind = _ERRORS_BY_CODE.get(code, ServerError)
    return kind(details)


@dataclass(frozen=True)
class BatchItem:
    """One article's outcome in a batch: a translation or an error message."""

    article_id: str
    translation: TranslatedArticle | None
    error_code: str = ""
    error_message: str = ""


@dataclass(frozen=True)
class StreamUpdate:
    """A streaming event: a segment with progress, or the final article."""

    done: int
    total: int
    segment: Segment | None = None
    article: TranslatedArticle | None = None


class TarjamaClient:
    """A connection to a tarjama server. Use as a context manager or call close()."""

    def __init__(
        self,
        address: str,
        *,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_message_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.address = address
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.channel = grpc.insecure_channel(
            address,
            options=[
                ("grpc.max_send_message_length", max_message_bytes),
                ("grpc.max_receive_message_length", max_message_bytes),
            ],
        )
        self.stub = translation_pb2_grpc.TranslationServiceStub(self.channel)

    def __enter__(self) -> TarjamaClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.channel.close()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the server's health check says SERVING."""
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        health_stub = health_pb2_grpc.HealthStub(self.channel)
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = health_stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            if time.monotonic() > deadline:
                raise NotReady(f"server {self.address} is not serving after {timeout:.0f}s")
            time.sleep(0.2)

    def _call(self, rpc: Callable[..., T], request: Any, timeout: float | None) -> T:
        """Call with a deadline; retry only UNAVAILABLE (nothing was processed) with backoff."""
        attempt = 0
        while True:
            try:
                return rpc(request, timeout=timeout or self.timeout)
            except grpc.RpcError as error:
                if error.code() is grpc.StatusCode.UNAVAILABLE and attempt < self.retries:
                    time.sleep(self.backoff * (2**attempt))
                    attempt += 1
                    continue
                raise error_from_rpc(error, self.address) from None

    def translate(
        self,
        text: str = "",
        *,
        html: str = "",
        url: str = "",
        article_id: str = "",
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> TranslatedArticle:
        request = pb.TranslateRequest(
            request_id=request_id or uuid.uuid4().hex,
            article=converters.article_to_pb(ArticleRequest(article_id, text, html=html, url=url)),
            options=converters.options_to_pb(options),
        )
        reply = self._call(self.stub.Translate, request, timeout)
        return converters.translated_from_pb(reply)

    def translate_stream(
        self,
        text: str = "",
        *,
        html: str = "",
        url: str = "",
        article_id: str = "",
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> Iterator[StreamUpdate]:
        request = pb.TranslateRequest(
            request_id=request_id or uuid.uuid4().hex,
            article=converters.article_to_pb(ArticleRequest(article_id, text, html=html, url=url)),
            options=converters.options_to_pb(options),
        )
        try:
            for event in self.stub.TranslateStream(request, timeout=timeout or self.timeout):
                kind = event.WhichOneof("event")
                if kind == "segment":
                    yield StreamUpdate(
                        event.progress.done,
                        event.progress.total,
                        segment=converters.segment_from_pb(event.segment),
                    )
                elif kind == "completed":
                    yield StreamUpdate(
                        event.progress.done,
                        event.progress.total,
                        article=converters.translated_from_pb(event.completed),
                    )
        except grpc.RpcError as error:
            raise error_from_rpc(error, self.address) from None

    def translate_batch(
        self,
        articles: Sequence[tuple[str, str] | ArticleRequest],
        *,
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> list[BatchItem]:
        """Translate (article_id, text) pairs or ArticleRequests (e.g. web pages as html);
        failures are reported per article."""
        request = pb.TranslateBatchRequest(
            request_id=request_id or uuid.uuid4().hex,
            articles=[
                converters.article_to_pb(a if isinstance(a, ArticleRequest) else ArticleRequest(*a))
                for a in articles
            ],
            options=converters.options_to_pb(options),
        )
        reply = self._call(self.stub.TranslateBatch, request, timeout)
        items = []
        for result in reply.results:
            if result.WhichOneof("outcome") == "translation":
                items.append(
                    BatchItem(result.article_id, converters.translated_from_pb(result.translation))
                )
            else:
                items.append(
                    BatchItem(result.article_id, None, result.error.code, result.error.message)
                )
        return items

    def info(self, timeout: float | None = None) -> pb.GetInfoResponse:
        return self._call(self.stub.GetInfo, pb.GetInfoRequest(), timeout or 10.0)
