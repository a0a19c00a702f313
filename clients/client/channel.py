"""The client's gRPC channel: TLS credentials, the bearer token, and the retry policy."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from tarjama.models.errors import InvalidInput

# Services whose calls get the retry policy and wait_for_ready.
SERVICES = ("tarjama.v1.TranslationService", "tarjama.v1.SummarizationService")
# gRPC caps a retry policy at 5 attempts (the first call and 4 retries).
MAX_ATTEMPTS = 5
# "last error: UNAVAILABLE: ipv4:127.0.0.1:50051: " and the like, before gRPC's reason.
_PREFIX = re.compile(r"^(last error: )?(\w+: )?(ipv[46]:\S+: |unix:\S+: )?")

PemSource = str | os.PathLike[str] | bytes | None


def open_channel(
    address: str,
    *,
    tls: bool,
    tls_ca: PemSource,
    client_cert: PemSource,
    client_key: PemSource,
    token: str | None,
    server_name: str | None,
    retries: int,
    backoff: float,
    max_message_bytes: int,
) -> tuple[grpc.Channel, grpc.Channel]:
    """(the channel, the channel calls go through: the same one with the token added)."""
    if bool(client_cert) != bool(client_key):
        raise InvalidInput("a client certificate needs its key (client_cert and client_key)")
    options = [
        ("grpc.max_send_message_length", max_message_bytes),
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.service_config", service_config(retries, backoff)),
        # Requests up to the message limit may be replayed by the retry policy.
        ("grpc.per_rpc_retry_buffer_size", max_message_bytes),
    ]
    if server_name:
        options.append(("grpc.ssl_target_name_override", server_name))
    if tls:
        credentials = grpc.ssl_channel_credentials(
            root_certificates=_pem(tls_ca, "CA certificate"),
            private_key=_pem(client_key, "client key"),
            certificate_chain=_pem(client_cert, "client certificate"),
        )
        channel = grpc.secure_channel(address, credentials, options=options)
    else:
        channel = grpc.insecure_channel(address, options=options)
    if not token:
        return channel, channel
    return channel, grpc.intercept_channel(channel, _BearerToken(token))


def service_config(retries: int, backoff: float) -> str:
    """gRPC service config: wait for the server to be reachable, retry UNAVAILABLE with backoff.

    UNAVAILABLE means the server did not process the call (not up yet, draining, connection
    lost), so retrying is safe; gRPC itself replays the request and honours the deadline.
    """
    method_config: dict[str, Any] = {
        "name": [{"service": service} for service in SERVICES],
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


def _pem(value: PemSource, what: str) -> bytes | None:
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


def connection_hint(details: str, tls: bool) -> str:
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
