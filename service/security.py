"""TLS and mutual TLS with grpcio's credentials, and the secure-by-default listening rule."""

from __future__ import annotations

import ipaddress
import logging
import threading
from pathlib import Path

import grpc

from tarjama.models.errors import InvalidInput
from tarjama.models.settings import Settings
from tarjama.protos.v1 import translation_pb2 as pb

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 or ::1; any other name or address counts as exposed."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings) -> None:
    """Refuse a non-loopback address without TLS or tokens unless --insecure; warn on half-measures.

    Runs before any model loads, so the refusal is immediate.
    """
    if is_loopback(settings.host):
        return
    protected = bool(settings.tls_cert or settings.auth_tokens_file)
    if not protected and not settings.insecure:
        raise InvalidInput(
            f"refusing to serve on {settings.address} without TLS or tokens: anyone who can "
            "reach it could use it; add --tls-cert/--tls-key and/or --auth-tokens, or "
            "--insecure if the network is trusted"
        )
    if not protected:
        log.warning("serving on %s with no TLS and no tokens (--insecure)", settings.address)
    elif settings.auth_tokens_file and not settings.tls_cert:
        log.warning("tokens on %s travel in plaintext: add --tls-cert/--tls-key", settings.address)
    elif settings.tls_cert and not (settings.auth_tokens_file or settings.tls_client_ca):
        log.warning(
            "TLS on %s without tokens or client certificates: any client that reaches it "
            "can call it",
            settings.address,
        )


def _read_pem(path: str, what: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read the {what} {path}: {error.strerror}") from None
    if b"-----BEGIN" not in data:
        raise InvalidInput(f"the {what} {path} is not PEM (no -----BEGIN line)")
    return data


class ServerTls:
    """The server's certificate, key and optional client CA, reloadable without a restart.

    grpcio asks `_fetch` for a new configuration on each handshake; after `reload()` (the
    server calls it on SIGHUP, e.g. after certbot renewed the files) new connections get
    the new certificate and existing ones carry on.
    """

    def __init__(self, cert: str, key: str, client_ca: str = "") -> None:
        self.cert, self.key, self.client_ca = cert, key, client_ca
        self._lock = threading.Lock()
        self._pending: object | None = None
        self._initial = self._load()

    @property
    def mutual(self) -> bool:
        return bool(self.client_ca)

    def _load(self) -> object:
        chain = _read_pem(self.cert, "TLS certificate")
        key = _read_pem(self.key, "TLS key")
        roots = _read_pem(self.client_ca, "client CA") if self.client_ca else None
        return grpc.ssl_server_certificate_configuration([(key, chain)], root_certificates=roots)

    def credentials(self) -> grpc.ServerCredentials:
        return grpc.dynamic_ssl_server_credentials(
            self._initial, self._fetch, require_client_authentication=self.mutual
        )

    def reload(self) -> bool:
        """Read the files again for new connections; on error keep the current ones."""
        try:
            config = self._load()
        except InvalidInput as error:
            log.error("TLS files not reloaded, the current certificate stays: %s", error)
            return False
        with self._lock:
            self._pending = config
        log.info("TLS certificate reloaded from %s", self.cert)
        return True

    def _fetch(self) -> object | None:
        with self._lock:
            config, self._pending = self._pending, None
        return config  # None: keep the current configuration


def security_info(settings: Settings):
    """GetInfo's ServerSecurity message: what protects this server."""
    return pb.ServerSecurity(
        tls=bool(settings.tls_cert),
        client_certificates=bool(settings.tls_client_ca),
        token_auth=bool(settings.auth_tokens_file),
        rate_limit=settings.rate_limit,
        sentence_rate_limit=settings.sentence_rate_limit,
        max_concurrent_rpcs=settings.max_concurrent_rpcs,
    )
