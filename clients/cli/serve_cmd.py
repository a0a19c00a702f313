"""`tarjama serve`: run the gRPC server until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse

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
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (TARJAMA_LOG_LEVEL)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tarjama.service.server import serve_forever

    settings = settings_from_args(args)
    setup_logging(settings.log_level)
    return serve_forever(settings)
