"""Starts the gRPC server: engines first, then port, health, reflection, graceful shutdown.

Every call passes the CallGate interceptor (tokens, rate limits, metrics, access log); TLS
comes from grpcio's own credentials. SIGHUP re-reads the token file and the TLS files.
"""

from __future__ import annotations

import logging
import signal
import threading
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from tarjama.models.engines import Engines, build_engines
from tarjama.models.errors import TarjamaError
from tarjama.models.settings import Settings, host_port
from tarjama.models.types import GenerationOptions
from tarjama.models.workflow import SummaryWorkflow
from tarjama.protos.v1 import (
    summarization_pb2,
    summarization_pb2_grpc,
    translation_pb2,
    translation_pb2_grpc,
)
from tarjama.service.auth import TokenStore
from tarjama.service.errors import MalformedRequestInterceptor
from tarjama.service.gate import CallGate
from tarjama.service.ratelimit import ClientLimiter
from tarjama.service.security import ServerTls, check_exposure
from tarjama.service.summarization_servicer import SummarizationServicer
from tarjama.service.translation_servicer import TranslationServicer

log = logging.getLogger(__name__)

TRANSLATION_SERVICE = translation_pb2.DESCRIPTOR.services_by_name["TranslationService"].full_name
SUMMARIZATION_SERVICE = summarization_pb2.DESCRIPTOR.services_by_name[
    "SummarizationService"
].full_name
WARM_UP_TEXT = "مرحبا بالعالم."


@dataclass
class RunningServer:
    """A started server; health stays NOT_SERVING until `mark_serving`."""

    server: grpc.Server
    engines: Engines
    health: health.HealthServicer
    host: str
    port: int
    services: tuple[str, ...]
    tokens: Any = None  # TokenStore, with --auth-tokens
    tls: ServerTls | None = None
    metrics: Any = None  # ServerMetrics, with --metrics-port
    metrics_port: int | None = None
    notes: list[str] = field(default_factory=list)  # what protects it, for the start-up line

    @property
    def address(self) -> str:
        return host_port(self.host, self.port)

    def _set_health(self, status: int) -> None:
        for service in ("", *self.services):
            self.health.set(service, status)

    def warm_up(self) -> None:
        """Translate one short sentence so the first real request pays no start-up costs."""
        for _ in self.engines.sentence_translator.translate_sentences(
            [WARM_UP_TEXT], GenerationOptions(beam_size=1, max_output_tokens=8)
        ):
            pass

    def mark_serving(self) -> None:
        self._set_health(health_pb2.HealthCheckResponse.SERVING)

    def reload(self) -> None:
        """Re-read the token file and the TLS files (SIGHUP); bad files keep the current ones."""
        if self.tokens is not None:
            self.tokens.reload()
        if self.tls is not None:
            self.tls.reload()

    def stop(self, grace: float | None = None) -> None:
        """Refuse new calls, let in-flight calls finish within `grace` seconds, free engines."""
        self._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)
        self.server.stop(grace).wait()
        if self.metrics is not None:
            self.metrics.close()
        self.engines.close()


def start_server(
    settings: Settings, *, engines: Engines | None = None, ready: bool = True
) -> RunningServer:
    """Load engines (unless given), open the port, and when `ready` warm up and report SERVING.

    Security files are read and the listening rule checked before any model loads.
    """
    check_exposure(settings)
    tokens, tls, limiter, metrics = _security(settings)
    engines = engines if engines is not None else build_engines(settings, with_summarizer=True)
    if metrics is not None:
        engines.events.subscribe(metrics)
        metrics.watch_engines(
            engines.sentence_translator.info,
            engines.queued_pieces if engines.batcher is not None else None,
            engines.cache_stats,
        )
    message_limit = settings.max_message_bytes
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.rpc_workers, thread_name_prefix="rpc"),
        options=[
            ("grpc.max_send_message_length", message_limit),
            ("grpc.max_receive_message_length", message_limit),
            ("grpc.so_reuseport", 0),
        ],
        maximum_concurrent_rpcs=settings.max_concurrent_rpcs,
        # The gate runs first: callers are identified (and refused) before anything else.
        interceptors=[
            CallGate(tokens=tokens, limiter=limiter, metrics=metrics),
            MalformedRequestInterceptor(),
        ],
    )
    translation_pb2_grpc.add_TranslationServiceServicer_to_server(
        TranslationServicer(
            engines.article_translator, settings, engines.cache_stats, summarizer=engines.summarizer
        ),
        server,
    )
    services = [TRANSLATION_SERVICE]
    if engines.summarizer is not None:
        services.append(_add_summarization(server, engines, settings))
    health_servicer = health.HealthServicer(
        experimental_non_blocking=True,
        experimental_thread_pool=futures.ThreadPoolExecutor(max_workers=1),
    )
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*services, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    try:
        if tls is not None:
            port = server.add_secure_port(settings.address, tls.credentials())
        else:
            port = server.add_insecure_port(settings.address)
    except RuntimeError as error:
        engines.close()
        raise TarjamaError(f"cannot listen on {settings.address}: {error}") from None
    running = RunningServer(
        server, engines, health_servicer, settings.host, port, tuple(services), tokens, tls, metrics
    )
    running.notes = _notes(tokens, tls, limiter)
    running._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)
    if metrics is not None:
        try:
            running.metrics_port = metrics.serve(
                (settings.metrics_host or settings.host).strip("[]"), settings.metrics_port
            )
        except TarjamaError:
            engines.close()
            raise
        running.notes.append(f"metrics on :{running.metrics_port}/metrics")
    server.start()
    if ready:
        running.warm_up()
        running.mark_serving()
    return running


def _security(settings: Settings) -> tuple[Any, ServerTls | None, Any, Any]:
    """Token store, TLS, rate limiter and metrics from settings (libraries imported as needed)."""
    tokens = tls = limiter = metrics = None
    if settings.auth_tokens_file:
        tokens = TokenStore(settings.auth_tokens_file)
    if settings.tls_cert:
        tls = ServerTls(settings.tls_cert, settings.tls_key, settings.tls_client_ca)
    if settings.rate_limit or settings.sentence_rate_limit:
        limiter = ClientLimiter(
            settings.rate_limit, settings.sentence_rate_limit, settings.rate_limit_storage
        )
    if settings.metrics_port:
        from tarjama.service.metrics import ServerMetrics  # prometheus_client: only when asked

        metrics = ServerMetrics()
    return tokens, tls, limiter, metrics


def _notes(tokens: Any, tls: ServerTls | None, limiter: Any) -> list[str]:
    notes = []
    if tls is not None:
        notes.append("mutual TLS" if tls.mutual else "TLS")
    if tokens is not None:
        notes.append(f"tokens for {len(tokens.names)} clients")
    if limiter is not None:
        notes.append(f"rate limit {limiter.describe()} per client")
    return notes


def _add_summarization(server: grpc.Server, engines: Engines, settings: Settings) -> str:
    workflow = SummaryWorkflow(
        engines.summarizer,
        engines.article_translator,
        limits=settings.limits(),
        concurrency=settings.collection_concurrency,
    )
    summarization_pb2_grpc.add_SummarizationServiceServicer_to_server(
        SummarizationServicer(workflow), server
    )
    return SUMMARIZATION_SERVICE


def serve_forever(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT (draining in-flight calls); SIGHUP reloads tokens and TLS files.

    Signal handlers only raise flags; the main thread does the work, so no file reading or
    logging ever runs inside a handler. A SIGHUP during start-up is applied once serving.
    """
    wake = threading.Event()
    stop_requested = threading.Event()
    reload_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop_requested.set()
        wake.set()

    def request_reload(_signum: int, _frame: object) -> None:
        reload_requested.set()
        wake.set()

    handlers = {signal.SIGTERM: request_stop, signal.SIGINT: request_stop}
    if hasattr(signal, "SIGHUP"):
        handlers[signal.SIGHUP] = request_reload
    previous = {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}
    try:
        running = start_server(settings)
        notes = ", ".join(running.notes) or "no TLS, no tokens"
        log.info(
            "serving %s on %s (%s; health SERVING; grace %.0fs)",
            settings.model,
            running.address,
            notes,
            settings.grace_seconds,
        )
        if settings.log_format != "json":  # with json the log line above says it
            print(f"tarjama: serving {settings.model} on {running.address} ({notes})", flush=True)
        while not stop_requested.is_set():
            wake.wait()
            wake.clear()
            if reload_requested.is_set() and not stop_requested.is_set():
                reload_requested.clear()
                log.info("received SIGHUP; reloading tokens and TLS files")
                running.reload()
        log.info("shutting down (grace %.0fs)", settings.grace_seconds)
        running.stop(settings.grace_seconds)
        log.info("stopped")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
