"""Starts the gRPC server: engines first, then port, health, reflection, graceful shutdown."""

from __future__ import annotations

import logging
import signal
import threading
from concurrent import futures
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from tarjama.models.errors import TarjamaError
from tarjama.models.types import GenerationOptions
from tarjama.protos.v1 import summarization_pb2, translation_pb2, translation_pb2_grpc
from tarjama.service.engines import Engines, build_engines
from tarjama.service.errors import MalformedRequestInterceptor
from tarjama.service.settings import Settings
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

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def _set_health(self, status: int) -> None:
        for service in ("", *self.services):
            self.health.set(service, status)

    def warm_up(self) -> None:
        """Translate one short sentence so the first real request pays no start-up costs."""
        for _ in self.engines.translator.translate_sentences(
            [WARM_UP_TEXT], GenerationOptions(beam_size=1, max_output_tokens=8)
        ):
            pass

    def mark_serving(self) -> None:
        self._set_health(health_pb2.HealthCheckResponse.SERVING)

    def stop(self, grace: float | None = None) -> None:
        """Refuse new calls, let in-flight calls finish within `grace` seconds, free engines."""
        self._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)
        self.server.stop(grace).wait()
        self.engines.close()


def start_server(
    settings: Settings, *, engines: Engines | None = None, ready: bool = True
) -> RunningServer:
    """Load engines (unless given), open the port, and when `ready` warm up and report SERVING."""
    engines = engines if engines is not None else build_engines(settings, with_summarizer=True)
    message_limit = settings.max_message_bytes
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.rpc_workers, thread_name_prefix="rpc"),
        options=[
            ("grpc.max_send_message_length", message_limit),
            ("grpc.max_receive_message_length", message_limit),
            ("grpc.so_reuseport", 0),
        ],
        maximum_concurrent_rpcs=settings.max_concurrent_rpcs,
        interceptors=[MalformedRequestInterceptor()],
    )
    translation_pb2_grpc.add_TranslationServiceServicer_to_server(
        TranslationServicer(
            engines.pipeline, settings, engines.cache_stats, summarizer=engines.summarizer
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
        port = server.add_insecure_port(settings.address)
    except RuntimeError as error:
        engines.close()
        raise TarjamaError(f"cannot listen on {settings.address}: {error}") from None
    running = RunningServer(server, engines, health_servicer, settings.host, port, tuple(services))
    running._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)
    server.start()
    if ready:
        running.warm_up()
        running.mark_serving()
    return running


def _add_summarization(server: grpc.Server, engines: Engines, settings: Settings) -> str:
    from tarjama.models.workflow import SummaryWorkflow
    from tarjama.protos.v1 import summarization_pb2_grpc
    from tarjama.service.summarization_servicer import SummarizationServicer

    workflow = SummaryWorkflow(
        engines.summarizer,
        engines.pipeline,
        limits=settings.limits(),
        concurrency=settings.collection_concurrency,
    )
    summarization_pb2_grpc.add_SummarizationServiceServicer_to_server(
        SummarizationServicer(workflow), server
    )
    return SUMMARIZATION_SERVICE


def serve_forever(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT, then drain in-flight calls within the grace period."""
    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("received %s; shutting down", signal.Signals(signum).name)
        stop_requested.set()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        running = start_server(settings)
        log.info(
            "serving %s on %s (health SERVING; grace %.0fs)",
            settings.model,
            running.address,
            settings.grace_seconds,
        )
        print(f"tarjama: serving {settings.model} on {running.address}", flush=True)
        stop_requested.wait()
        running.stop(settings.grace_seconds)
        log.info("stopped")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
