"""The server interceptor every call passes: token check, rate limit, metrics, access log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import grpc

from tarjama.models.errors import RateLimited, TarjamaError, Unauthenticated
from tarjama.service.errors import status_for

access_log = logging.getLogger("tarjama.access")

# Load balancers probe health without credentials; everything else (reflection included)
# sits behind the token check.
OPEN_PREFIXES = ("/grpc.health.v1.Health/",)
# Rate limits count the API's own calls, not the reflection lookups a tool like grpcurl
# makes around each of them.
LIMITED_PREFIXES = ("/tarjama.",)


def short_method(full_method: str) -> str:
    """'/tarjama.v1.TranslationService/Translate' -> 'TranslationService/Translate'."""
    service, _, method = full_method.lstrip("/").rpartition("/")
    return f"{service.rpartition('.')[2]}/{method}"


def peer_host(peer: str) -> str:
    """The address part of a gRPC peer ('ipv4:10.0.0.7:5123' -> '10.0.0.7')."""
    kind, _, rest = peer.partition(":")
    if kind in ("ipv4", "ipv6"):
        return unquote(rest).rpartition(":")[0].strip("[]")
    return peer


def articles_in(request: Any) -> int:
    """Articles a request carries (0 for requests that carry none)."""
    if hasattr(request, "articles"):
        return len(request.articles)
    if hasattr(request, "article") and request.HasField("article"):
        return 1
    return 0


def sentences_in(response: Any) -> int:
    """Sentences translated in one response message of a translation or summary RPC."""
    name = getattr(getattr(response, "DESCRIPTOR", None), "name", "")
    if name == "TranslateResponse":
        return len(response.segments)
    if name == "TranslateStreamEvent":
        return 1 if response.WhichOneof("event") == "segment" else 0
    if name == "TranslateBatchResponse":
        return sum(len(result.translation.segments) for result in response.results)
    if name == "SummarizeArticleResponse":
        return len(response.translation.segments)
    if name == "CollectionEvent":  # the last event lists every article's translation
        return sum(len(outcome.translation.segments) for outcome in response.articles)
    return 0


class _Call:
    """What the gate knows about one call while it runs."""

    def __init__(self, method: str, peer: str) -> None:
        self.method = method
        self.peer = peer
        self.client = "anonymous"
        self.started = time.perf_counter()
        self.request_id = ""
        self.articles = 0
        self.sentences = 0
        self.failed = False

    def saw_request(self, request: Any) -> None:
        self.articles = articles_in(request)
        self.request_id = getattr(request, "request_id", "") or ""

    def saw_response(self, response: Any) -> None:
        self.sentences += sentences_in(response)
        if not self.request_id:
            self.request_id = getattr(response, "request_id", "") or ""


class CallGate(grpc.ServerInterceptor):
    """Wraps every method handler: authenticate, rate-limit, then count, time and log the call.

    tokens: a TokenStore or None (no auth); limiter: a ClientLimiter or None; metrics: a
    ServerMetrics or None. Unknown methods are left to grpc (UNIMPLEMENTED).
    """

    def __init__(self, *, tokens: Any = None, limiter: Any = None, metrics: Any = None) -> None:
        self.tokens = tokens
        self.limiter = limiter if limiter is not None and limiter.enabled else None
        self.metrics = metrics

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(details)
        if handler is None:
            return None
        guarded = not details.method.startswith(OPEN_PREFIXES)
        limited = details.method.startswith(LIMITED_PREFIXES)
        metadata = details.invocation_metadata
        method = short_method(details.method)
        peeks = not handler.request_streaming  # a request stream is left alone

        def begin(context: grpc.ServicerContext) -> _Call:
            call = _Call(method, peer_host(context.peer()))
            if self.metrics is not None:
                self.metrics.call_started()
            return call

        def admit(call: _Call, request: Any, context: grpc.ServicerContext) -> None:
            if peeks:
                call.saw_request(request)
            if guarded:
                self._admit(call, metadata, context, limited)
            else:  # open (health): no token needed, but a client certificate still names it
                call.client = _certificate_client(context) or call.client

        if handler.unary_unary or handler.stream_unary:
            behavior = handler.unary_unary or handler.stream_unary

            def unary(request: Any, context: grpc.ServicerContext) -> Any:
                call = begin(context)
                try:
                    admit(call, request, context)
                    response = behavior(request, context)
                    call.saw_response(response)
                    return response
                except BaseException:
                    call.failed = True
                    raise
                finally:
                    self._finish(call, context)

            wrap = (
                grpc.unary_unary_rpc_method_handler
                if handler.unary_unary
                else grpc.stream_unary_rpc_method_handler
            )
            return wrap(unary, handler.request_deserializer, handler.response_serializer)

        behavior = handler.unary_stream or handler.stream_stream

        def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            call = begin(context)
            try:
                admit(call, request, context)
                for response in behavior(request, context):
                    call.saw_response(response)
                    yield response
            except BaseException:  # GeneratorExit included: the client went away
                call.failed = True
                raise
            finally:
                self._finish(call, context)

        wrap = (
            grpc.unary_stream_rpc_method_handler
            if handler.unary_stream
            else grpc.stream_stream_rpc_method_handler
        )
        return wrap(stream, handler.request_deserializer, handler.response_serializer)

    def _admit(
        self, call: _Call, metadata: Any, context: grpc.ServicerContext, limited: bool
    ) -> None:
        """Identify the caller and take its rate limit; abort the call if either fails."""
        try:
            if self.tokens is not None:
                call.client = self.tokens.authenticate(metadata)
            else:
                call.client = _certificate_client(context) or call.client
            if self.limiter is not None and limited:
                key = call.client if call.client != "anonymous" else f"peer:{call.peer}"
                shown = f"client {call.client!r}" if call.client != "anonymous" else call.peer
                self.limiter.admit(key, shown)
        except (Unauthenticated, RateLimited) as error:
            self._refuse(error, call, context)

    def _refuse(self, error: TarjamaError, call: _Call, context: grpc.ServicerContext) -> None:
        code, message = status_for(error)
        if isinstance(error, RateLimited):
            if error.retry_after is not None:
                context.set_trailing_metadata((("retry-after", str(int(error.retry_after))),))
            if self.metrics is not None:
                self.metrics.rate_limited.labels(call.client).inc()
        elif self.metrics is not None:
            self.metrics.auth_failures.inc()
        context.abort(code, message)

    def _finish(self, call: _Call, context: grpc.ServicerContext) -> None:
        code = context.code()
        if isinstance(code, grpc.StatusCode):
            code_name = code.name
        elif call.failed:  # raised without a status: grpc answers UNKNOWN, or the peer left
            code_name = "CANCELLED" if not context.is_active() else "UNKNOWN"
        else:
            code_name = "OK"
        seconds = time.perf_counter() - call.started
        if self.metrics is not None:
            self.metrics.call_finished(call.method, code_name, call.client, seconds)
        if self.limiter is not None and call.sentences and code_name == "OK":
            key = call.client if call.client != "anonymous" else f"peer:{call.peer}"
            self.limiter.charge(key, call.sentences)
        level = logging.DEBUG if call.method.startswith("Health/") else logging.INFO
        if access_log.isEnabledFor(level):
            access_log.log(
                level,
                "%s %s %.1f ms client=%s peer=%s articles=%d sentences=%d request_id=%s",
                call.method,
                code_name,
                seconds * 1000,
                call.client,
                call.peer,
                call.articles,
                call.sentences,
                call.request_id or "-",
                extra={
                    "request_id": call.request_id or None,
                    "method": call.method,
                    "code": code_name,
                    "duration_ms": round(seconds * 1000, 3),
                    "articles": call.articles,
                    "sentences": call.sentences,
                    "client": call.client,
                    "peer": call.peer,
                },
            )


def _certificate_client(context: grpc.ServicerContext) -> str:
    """'cert:<common name>' of a verified client certificate (mutual TLS), or ''."""
    names = context.auth_context().get("x509_common_name") or []
    return f"cert:{names[0].decode('utf-8', 'replace')}" if names else ""
