"""`tarjama serve`: run the gRPC server until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import os

from tarjama.clients.cli.common import add_model_flags, settings_from_args, setup_logging


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the gRPC server",
        description="Load the models, then serve tarjama.v1 over gRPC until SIGTERM or Ctrl-C.",
    )
    parser.add_argument("--host", help="interface to bind (TARJAMA_HOST, default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, help="port, 0 for any free port (TARJAMA_PORT, default 50051)"
    )
    add_model_flags(parser)
    parser.add_argument(
        "--beam", dest="beam_size", type=int, help="default beam width (TARJAMA_BEAM_SIZE)"
    )
    parser.add_argument("--batching", choices=["dynamic", "inline"], help="TARJAMA_BATCHING")
    parser.add_argument(
        "--batch-workers", type=int, help="parallel batch workers (TARJAMA_BATCH_WORKERS)"
    )
    parser.add_argument(
        "--max-wait-ms", type=float, help="batch fill wait when busy (TARJAMA_MAX_WAIT_MS)"
    )
    parser.add_argument("--cache-entries", type=int, help="translation cache size, 0 disables")
    parser.add_argument("--summary-model", help="summarization model (TARJAMA_SUMMARY_MODEL)")
    parser.add_argument("--summary-method", choices=["auto", "extractive", "abstractive"])
    parser.add_argument("--max-article-chars", type=int, help="per-article size limit")
    parser.add_argument("--max-message-bytes", type=int, help="gRPC message size limit")
    parser.add_argument("--grace-seconds", type=float, help="time in-flight calls get on shutdown")
    parser.add_argument(
        "--max-concurrent-rpcs",
        type=int,
        help="RPCs served at once; more get RESOURCE_EXHAUSTED (TARJAMA_MAX_CONCURRENT_RPCS, 256)",
    )
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (TARJAMA_LOG_LEVEL)")
    parser.add_argument(
        "--log-format",
        choices=["plain", "json"],
        help="plain lines, or one JSON object per line (TARJAMA_LOG_FORMAT, default plain)",
    )
    _add_security_flags(parser)
    parser.set_defaults(handler=run)


def _add_security_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("security and monitoring (see README, Deploying)")
    group.add_argument("--tls-cert", help="server certificate chain, PEM (TARJAMA_TLS_CERT)")
    group.add_argument("--tls-key", help="its private key, PEM (TARJAMA_TLS_KEY)")
    group.add_argument(
        "--tls-client-ca",
        help="require client certificates signed by this CA: mutual TLS (TARJAMA_TLS_CLIENT_CA)",
    )
    group.add_argument(
        "--auth-tokens",
        dest="auth_tokens_file",
        help="file of name:token or name:sha256:<hex> lines; every RPC but health needs "
        "'authorization: Bearer <token>'; SIGHUP re-reads it (TARJAMA_AUTH_TOKENS_FILE)",
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="allow a non-loopback --host without TLS or tokens (TARJAMA_INSECURE)",
    )
    group.add_argument(
        "--rate-limit",
        help="requests per client (token name, certificate or address), e.g. 600/minute "
        "(TARJAMA_RATE_LIMIT)",
    )
    group.add_argument(
        "--sentence-rate-limit",
        help="sentences translated per client, e.g. 20000/hour (TARJAMA_SENTENCE_RATE_LIMIT)",
    )
    group.add_argument(
        "--rate-limit-storage",
        help="where counts live: memory:// (default) or redis://host:6379 to share them "
        "between replicas (TARJAMA_RATE_LIMIT_STORAGE)",
    )
    group.add_argument(
        "--metrics-port",
        type=int,
        help="serve Prometheus metrics on http://HOST:PORT/metrics (TARJAMA_METRICS_PORT)",
    )
    group.add_argument("--metrics-host", help="interface for the metrics port (default: --host)")


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    if settings.log_format == "json":
        # gRPC's C core logs connection events (TLS handshake failures...) in its own text
        # format; keep the stream JSON unless the operator asked for them. Read at import.
        os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    from tarjama.service.server import serve_forever  # after GRPC_VERBOSITY; 0.17 s

    setup_logging(settings.log_level, settings.log_format)
    return serve_forever(settings)
