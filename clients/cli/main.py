"""Entry point of the `tarjama` command: builds the argparse tree and maps errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from tarjama.clients.cli.common import (
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_MODEL_MISSING,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    Parser,
)
from tarjama.clients.cli.extras import missing_extra
from tarjama.clients.runs.outputs import removing_empty_outputs
from tarjama.models.errors import (
    InvalidInput,
    ModelNotFound,
    NotReady,
    TarjamaError,
    Unauthenticated,
    one_line,
)

# Each module exposes `register(subparsers)`; handlers import heavy libraries lazily
# so that `tarjama --help` stays instant.
COMMAND_MODULES = (
    "tarjama.clients.cli.serve_cmd",
    "tarjama.clients.cli.translate_cmd",
    "tarjama.clients.cli.models_cmd",
    "tarjama.clients.cli.summarize_cmd",
    "tarjama.clients.cli.eval_cmd",
    "tarjama.clients.cli.bench_cmd",
    "tarjama.clients.cli.schema_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="tarjama",
        description="Translate and summarize Arabic news articles into English.",
    )
    parser.add_argument("--version", action="version", version=f"tarjama {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # command not built yet in this checkout
            raise
        module.register(subparsers)
    return parser


def _version() -> str:
    try:
        return version("tarjama")
    except PackageNotFoundError:
        return "unknown"


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, ModelNotFound):
        return EXIT_MODEL_MISSING
    if isinstance(error, NotReady):
        return EXIT_UNAVAILABLE
    if isinstance(error, (InvalidInput, Unauthenticated)):
        return EXIT_USAGE
    return EXIT_FAILURES


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (bad arguments: 2, --help: 0) instead of exiting."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse: --help, --version, or an error it already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("tarjama: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    try:
        # A run that fails before its first output leaves no empty --out folder it created.
        with removing_empty_outputs():
            return int(args.handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("tarjama: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except TarjamaError as error:
        print(f"tarjama: error: {error}", file=sys.stderr)
        return exit_code_for(error)
    except OSError as error:  # e.g. the disk filled up while writing outputs
        print(f"tarjama: error: {one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILURES
    except Exception as error:  # noqa: BLE001 - users get one line; TARJAMA_DEBUG=1 shows more
        extra = (
            missing_extra(error, args.command) if isinstance(error, ModuleNotFoundError) else None
        )
        if extra is not None:  # a light install running a command that needs an extra
            print(f"tarjama: error: {extra}", file=sys.stderr)
            return EXIT_USAGE
        if os.environ.get("TARJAMA_DEBUG") == "1":
            raise
        print(
            f"tarjama: internal error: {one_line(f'{type(error).__name__}: {error}', 200)} "
            "(set TARJAMA_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILURES


if __name__ == "__main__":
    sys.exit(main())
