"""Python client for a tarjama server: TLS, tokens, deadlines, retries on UNAVAILABLE, ids."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tarjama.clients.client.channel import connection_hint, open_channel
from tarjama.models.errors import (
    NotReady,
    RateLimited,
    TarjamaError,
)
from tarjama.models.summarization.types import SummaryLength, SummaryMethod
from tarjama.models.types import (
    ArticleRequest,
    BatchItem,
    GenerationOptions,
    StreamUpdate,
    TranslatedArticle,
)
from tarjama.models.workflow_events import ArticleResult, CollectionEvent
from tarjama.protos import converters
from tarjama.protos.converters.status import error_class
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc, translation_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb

T = TypeVar("T")
# Time a call needs after a rate-limit wait; a wait that leaves less of the deadline fails.
RATE_LIMIT_CALL_MARGIN_S = 1.0


def error_from_rpc(error: grpc.RpcError, address: str) -> TarjamaError:
    """A domain error carrying the server's readable message."""
    code = error.code()
    details = error.details() or code.name
    if code is grpc.StatusCode.UNAVAILABLE:
        details = f"server {address} is unavailable ({details})"
    elif code is grpc.StatusCode.DEADLINE_EXCEEDED:
        details = f"deadline exceeded waiting for {address}"
    elif code is grpc.StatusCode.UNAUTHENTICATED:
        details = f"server {address} refused the call: {details} (--token or TARJAMA_TOKEN)"
    elif code is grpc.StatusCode.RESOURCE_EXHAUSTED:
        retry_after = _retry_after(error)
        if retry_after is not None:
            return RateLimited(details, retry_after=retry_after)
    return error_class(code)(details)


def _retry_after(error: grpc.RpcError) -> float | None:
    """The server's `retry-after` trailing metadata (seconds), when it sent one."""
    trailing = getattr(error, "trailing_metadata", None)
    for key, value in (trailing() if callable(trailing) else None) or ():
        if key == "retry-after":
            try:
                return float(value)
            except ValueError:
                return None
    return None


class TarjamaClient:
    """A connection to a tarjama server. Use as a context manager or call close().

    TLS is on when `tls_ca` (the CA that signed the server's certificate) or `tls=True`
    (the system's trusted CAs) is given; `client_cert` and `client_key` add a client
    certificate for mutual TLS. Files are paths or PEM bytes. `token` is sent as
    `authorization: Bearer <token>` on every call. Calls wait for the server to become
    reachable within their deadline and are retried on UNAVAILABLE (`retries` times, at
    most 4, with exponential backoff from `backoff` seconds) by gRPC's retry policy.

    A unary call refused by the server's rate limit (RESOURCE_EXHAUSTED with `retry-after`)
    waits that long and tries again, at most `rate_limit_waits` times and only while the
    wait fits in the call's deadline; `on_rate_limited(error, seconds)` is told before each
    wait. Otherwise the call raises `RateLimited` with `retry_after`.
    """

    def __init__(
        self,
        address: str,
        *,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_message_bytes: int = 64 * 1024 * 1024,
        tls_ca: str | os.PathLike[str] | bytes | None = None,
        client_cert: str | os.PathLike[str] | bytes | None = None,
        client_key: str | os.PathLike[str] | bytes | None = None,
        token: str | None = None,
        tls: bool | None = None,
        server_name: str | None = None,
        rate_limit_waits: int = 5,
        on_rate_limited: Callable[[RateLimited, float], None] | None = None,
    ) -> None:
        self.address = address
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.rate_limit_waits = rate_limit_waits
        self.on_rate_limited = on_rate_limited
        self.tls = bool(tls or tls_ca or client_cert) if tls is None else tls
        # The channel itself (health checks, no token) and the one calls go through.
        self._raw_channel, self.channel = open_channel(
            address,
            tls=self.tls,
            tls_ca=tls_ca,
            client_cert=client_cert,
            client_key=client_key,
            token=token,
            server_name=server_name,
            retries=retries,
            backoff=backoff,
            max_message_bytes=max_message_bytes,
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
        health_stub = health_pb2_grpc.HealthStub(self._raw_channel)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                reply = health_stub.Check(
                    health_pb2.HealthCheckRequest(service=""),
                    timeout=max(0.1, min(2.0, remaining)),
                    wait_for_ready=True,
                )
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            if time.monotonic() > deadline:
                reason = self.unreachable_reason()
                if reason is not None:
                    raise NotReady(f"server {self.address} is unavailable ({reason})")
                raise NotReady(f"server {self.address} is not serving after {timeout:.0f}s")
            time.sleep(0.2)

    def unreachable_reason(self) -> str | None:
        """Why the server cannot be reached now (connection refused, TLS handshake failed...),
        or None when it answers. One health probe that does not wait for the connection."""
        try:
            health_pb2_grpc.HealthStub(self._raw_channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=2, wait_for_ready=False
            )
        except grpc.RpcError as error:
            if error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:
                return "no answer within 2 s"
            if error.code() is grpc.StatusCode.UNAVAILABLE:
                return connection_hint(error.details() or error.code().name, self.tls)
        return None

    def _fail(self, error: grpc.RpcError) -> TarjamaError:
        """The domain error for a failed call; a deadline spent waiting for a connection that
        never came is reported as the server being unavailable, with the reason."""
        if error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:
            reason = self.unreachable_reason()
            if reason is not None:
                return NotReady(f"server {self.address} is unavailable ({reason})")
        if error.code() is grpc.StatusCode.UNAVAILABLE:
            details = connection_hint(error.details() or "", self.tls)
            return NotReady(f"server {self.address} is unavailable ({details})")
        return error_from_rpc(error, self.address)

    def _call(self, rpc: Callable[..., T], request: Any, timeout: float | None) -> T:
        """Call with a deadline; gRPC's retry policy retries UNAVAILABLE with backoff, and a
        rate-limited call waits out the server's retry-after within that same deadline."""
        deadline = time.monotonic() + (timeout or self.timeout)
        waits = 0
        while True:
            try:
                return rpc(request, timeout=max(deadline - time.monotonic(), 0.001))
            except grpc.RpcError as error:
                failure = self._fail(error)
            pause = self._rate_limit_pause(failure, deadline, waits)
            if pause is None:
                raise failure
            waits += 1
            if self.on_rate_limited is not None:
                self.on_rate_limited(failure, pause)
            time.sleep(pause)

    def _rate_limit_pause(self, failure: TarjamaError, deadline: float, waits: int) -> float | None:
        """Seconds to wait before trying a rate-limited call again, or None to give up."""
        if not isinstance(failure, RateLimited) or failure.retry_after is None:
            return None
        if waits >= self.rate_limit_waits:
            return None
        # The limit's window frees up at retry-after; a little more so that it has.
        pause = max(failure.retry_after, 0.0) + 0.25
        if time.monotonic() + pause + RATE_LIMIT_CALL_MARGIN_S > deadline:
            return None  # the wait would not leave the call time to run
        return pause

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
        article = ArticleRequest(article_id, text, html=html, url=url)
        request = _translate_request(article, options, request_id)
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
        article = ArticleRequest(article_id, text, html=html, url=url)
        request = _translate_request(article, options, request_id)
        try:
            for event in self.stub.TranslateStream(request, timeout=timeout or self.timeout):
                update = converters.stream_update_from_pb(event)
                if update is not None:
                    yield update
        except grpc.RpcError as error:
            raise self._fail(error) from None

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
        return converters.batch_from_pb(reply)

    # -- summaries: the same workflow as in-process, through SummarizationService --------

    def summarize_article(
        self,
        item: ArticleRequest | TranslatedArticle,
        *,
        length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> ArticleResult:
        """Summarize one article (Arabic or English text, or a finished translation)."""

        request = spb.SummarizeArticleRequest(
            request_id=request_id or uuid.uuid4().hex,
            method=converters.method_to_pb(method),
            length=converters.length_to_pb(length),
            translation_options=converters.options_to_pb(options),
        )
        if isinstance(item, TranslatedArticle):
            request.translation.CopyFrom(converters.translated_to_pb(item, ""))
        else:
            request.article.CopyFrom(converters.article_to_pb(item))
        stub = summarization_pb2_grpc.SummarizationServiceStub(self.channel)
        reply = self._call(stub.SummarizeArticle, request, timeout)
        return ArticleResult(
            converters.translated_from_pb(reply.translation),
            converters.summary_from_pb(reply.summary),
        )

    def summarize_collection(
        self,
        items: Sequence[ArticleRequest | TranslatedArticle],
        *,
        article_length: SummaryLength | None = None,
        collection_length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
        max_themes: int | None = None,
    ) -> Iterator[CollectionEvent]:
        """Stream a collection's events, as SummaryWorkflow.summarize_collection yields them."""

        request = spb.SummarizeCollectionRequest(
            request_id=request_id or uuid.uuid4().hex,
            items=[converters.item_to_pb(item) for item in items],
            method=converters.method_to_pb(method),
            article_length=converters.length_to_pb(article_length),
            collection_length=converters.length_to_pb(collection_length),
            translation_options=converters.options_to_pb(options),
            max_themes=max_themes or 0,
        )
        stub = summarization_pb2_grpc.SummarizationServiceStub(self.channel)
        try:
            for event in stub.SummarizeCollection(request, timeout=timeout or self.timeout):
                yield converters.event_from_pb(event)
        except grpc.RpcError as error:
            raise self._fail(error) from None

    def info(self, timeout: float | None = None) -> pb.GetInfoResponse:
        return self._call(self.stub.GetInfo, pb.GetInfoRequest(), timeout or 10.0)


def _translate_request(
    article: ArticleRequest, options: GenerationOptions | None, request_id: str | None
) -> pb.TranslateRequest:
    """The request of Translate and TranslateStream (a fresh request id unless one is given)."""
    return pb.TranslateRequest(
        request_id=request_id or uuid.uuid4().hex,
        article=converters.article_to_pb(article),
        options=converters.options_to_pb(options),
    )
