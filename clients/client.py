"""Python client for a tarjama server: TLS, tokens, deadlines, retries on UNAVAILABLE, ids."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import grpc

from tarjama.models.errors import (
    Cancelled,
    InvalidInput,
    ModelNotFound,
    NotReady,
    Overloaded,
    RateLimited,
    TarjamaError,
    Unauthenticated,
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
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
}
# "last error: UNAVAILABLE: ipv4:127.0.0.1:50051: " and the like, before gRPC's reason.
_PREFIX = re.compile(r"^(last error: )?(\w+: )?(ipv[46]:\S+: |unix:\S+: )?")
# Services whose calls get the retry policy and wait_for_ready.
_SERVICES = ("tarjama.v1.TranslationService", "tarjama.v1.SummarizationService")
# gRPC caps a retry policy at 5 attempts (the first call and 4 retries).
MAX_ATTEMPTS = 5


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
    elif code is grpc.StatusCode.UNAUTHENTICATED:
        details = f"server {address} refused the call: {details} (--token or TARJAMA_TOKEN)"
    elif code is grpc.StatusCode.RESOURCE_EXHAUSTED:
        retry_after = _retry_after(error)
        if retry_after is not None:
            return RateLimited(details, retry_after=retry_after)
    kind = _ERRORS_BY_CODE.get(code, ServerError)
    return kind(details)


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


def service_config(retries: int, backoff: float) -> str:
    """gRPC service config: wait for the server to be reachable, retry UNAVAILABLE with backoff.

    UNAVAILABLE means the server did not process the call (not up yet, draining, connection
    lost), so retrying is safe; gRPC itself replays the request and honours the deadline.
    """
    method_config: dict[str, Any] = {
        "name": [{"service": service} for service in _SERVICES],
        "waitForReady": True,
    }
    if retries > 0:
        method_config["retryPolicy"] = {
            "maxAttempts": min(MAX_ATTEMPTS, retries + 1),
            "initialBackoff": f"{max(backoff, 0.001):.3f}s",
            "maxBackoff": f"{max(backoff * 2 ** (MAX_ATTEMPTS - 1), backoff, 0.001):.3f}s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        }
    return json.dumps({"methodConfig": [method_config]})


def _pem(value: str | os.PathLike[str] | bytes | None, what: str) -> bytes | None:
    """PEM bytes from a path (or the bytes themselves); InvalidInput naming the file if not."""
    if value is None or isinstance(value, bytes):
        return value
    try:
        return Path(value).read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read the {what} {value}: {error.strerror}") from None


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Adds `authorization: Bearer <token>` to every call (with or without TLS)."""

    def __init__(self, token: str) -> None:
        self.header = ("authorization", f"Bearer {token}")

    def _with_token(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or ()), self.header]
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            details.wait_for_ready,
            details.compression,
        )

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)


@dataclass(frozen=True)
class _CallDetails(grpc.ClientCallDetails):
    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: bool | None
    compression: Any


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
    """A connection to a tarjama server. Use as a context manager or call close().

    TLS is on when `tls_ca` (the CA that signed the server's certificate) or `tls=True`
    (the system's trusted CAs) is given; `client_cert` and `client_key` add a client
    certificate for mutual TLS. Files are paths or PEM bytes. `token` is sent as
    `authorization: Bearer <token>` on every call. Calls wait for the server to become
    reachable within their deadline and are retried on UNAVAILABLE (`retries` times, at
    most 4, with exponential backoff from `backoff` seconds) by gRPC's retry policy.
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
    ) -> None:
        self.address = address
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        if bool(client_cert) != bool(client_key):
            raise InvalidInput("a client certificate needs its key (client_cert and client_key)")
        self.tls = bool(tls or tls_ca or client_cert) if tls is None else tls
        options = [
            ("grpc.max_send_message_length", max_message_bytes),
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.service_config", service_config(retries, backoff)),
            # Requests up to the message limit may be replayed by the retry policy.
            ("grpc.per_rpc_retry_buffer_size", max_message_bytes),
        ]
        if server_name:
            options.append(("grpc.ssl_target_name_override", server_name))
        if self.tls:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_pem(tls_ca, "CA certificate"),
                private_key=_pem(client_key, "client key"),
                certificate_chain=_pem(client_cert, "client certificate"),
            )
            self._raw_channel = grpc.secure_channel(address, credentials, options=options)
        else:
            self._raw_channel = grpc.insecure_channel(address, options=options)
        self.channel = self._raw_channel
        if token:
            self.channel = grpc.intercept_channel(self._raw_channel, _BearerToken(token))
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
                detail = f" ({reason})" if reason else ""
                raise NotReady(f"server {self.address} is not serving after {timeout:.0f}s{detail}")
            time.sleep(0.2)

    def unreachable_reason(self) -> str | None:
        """Why the server cannot be reached now (connection refused, TLS handshake failed...),
        or None when it answers. One health probe that does not wait for the connection."""
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        try:
            health_pb2_grpc.HealthStub(self._raw_channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=2, wait_for_ready=False
            )
        except grpc.RpcError as error:
            if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                return _connection_hint(error.details() or error.code().name, self.tls)
        return None

    def _fail(self, error: grpc.RpcError) -> TarjamaError:
        """The domain error for a failed call; a deadline spent waiting for a connection that
        never came is reported as the server being unavailable, with the reason."""
        if error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:
            reason = self.unreachable_reason()
            if reason is not None:
                return NotReady(f"server {self.address} is unavailable ({reason})")
        if error.code() is grpc.StatusCode.UNAVAILABLE:
            details = _connection_hint(error.details() or "", self.tls)
            return NotReady(f"server {self.address} is unavailable ({details})")
        return error_from_rpc(error, self.address)

    def _call(self, rpc: Callable[..., T], request: Any, timeout: float | None) -> T:
        """Call with a deadline; gRPC's retry policy retries UNAVAILABLE with backoff."""
        try:
            return rpc(request, timeout=timeout or self.timeout)
        except grpc.RpcError as error:
            raise self._fail(error) from None

    def translate(
        self,
        text: str,
        *,
        article_id: str = "",
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> TranslatedArticle:
        request = pb.TranslateRequest(
            request_id=request_id or uuid.uuid4().hex,
            article=converters.article_to_pb(ArticleRequest(article_id, text)),
            options=converters.options_to_pb(options),
        )
        reply = self._call(self.stub.Translate, request, timeout)
        return converters.translated_from_pb(reply)

    def translate_stream(
        self,
        text: str,
        *,
        article_id: str = "",
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> Iterator[StreamUpdate]:
        request = pb.TranslateRequest(
            request_id=request_id or uuid.uuid4().hex,
            article=converters.article_to_pb(ArticleRequest(article_id, text)),
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
            raise self._fail(error) from None

    def translate_batch(
        self,
        articles: Sequence[tuple[str, str]],
        *,
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> list[BatchItem]:
        """Translate (article_id, text) pairs; failures are reported per article."""
        request = pb.TranslateBatchRequest(
            request_id=request_id or uuid.uuid4().hex,
            articles=[converters.article_to_pb(ArticleRequest(i, t)) for i, t in articles],
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


def _connection_hint(details: str, tls: bool) -> str:
    """gRPC's connection error, shortened, with what to do about the usual TLS mismatches."""
    reason = _PREFIX.sub("", details.replace("failed to connect to all addresses; ", ""), 1)
    handshake = reason.lower().find("handshake failed")
    if handshake >= 0:
        cause = reason.rpartition("OPENSSL_internal:")[2] or reason[handshake:]
        cause = cause.removesuffix(": OK")
        return f"TLS handshake failed: {cause}; check --tls-ca, --tls-cert and --tls-key"
    if "socket closed" in reason.lower() or "connection reset" in reason.lower():
        if tls:
            return f"{reason}; does the server want a client certificate (--tls-cert/--tls-key)?"
        return f"{reason}; if the server uses TLS, pass --tls-ca (TARJAMA_TLS_CA)"
    return reason
