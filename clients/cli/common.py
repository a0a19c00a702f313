"""Flags shared by several commands and their mapping onto Settings (flags override TARJAMA_*)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
from collections.abc import Callable

from tarjama.clients.runs.article_files import UnreadableArticle, read_article_text
from tarjama.models.errors import NotReady, one_line, shown
from tarjama.models.settings import Settings
from tarjama.models.types import GenerationOptions

# Kept equal to the engine's limits (MAX_BEAM_SIZE, MAX_OUTPUT_TOKENS in
# models/translation/translator.py; a test checks) so bad options stop before a model loads.
MAX_BEAM_SIZE = 16
MAX_OUTPUT_TOKENS = 1024

# Exit codes of every command (docs/translating.md, "Exit codes and errors").
EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_MODEL_MISSING = 3
EXIT_UNAVAILABLE = 4
EXIT_INTERRUPTED = 130

_HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?):(?P<port>\d{1,5})$")
_IPV6_PORT = re.compile(r"^\[(?P<host>[^\]]+)\]:(?P<port>\d{1,5})$")


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the problem and where help is, no usage dump."""

    def error(self, message: str, prog: str | None = None):  # type: ignore[override]
        prog = prog or self.prog
        self.exit(2, f"{prog}: error: {one_line(message)} (see `{prog} --help`)\n")

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        namespace, extras = super().parse_known_args(args, namespace)
        if not getattr(namespace, "command_prog", None):
            namespace.command_prog = self.prog  # the innermost (sub)command parses first
        return namespace, extras

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:  # reported by the command they were given to, with its help
            self.error(f"unrecognized arguments: {' '.join(extras)}", namespace.command_prog)
        return namespace


def server_address(text: str) -> str:
    """argparse type of --server: host:port, IPv4:port or [IPv6]:port, port 1-65535."""
    value = text.strip()
    match = _HOST_PORT.match(value) or _IPV6_PORT.match(value)
    valid = match is not None and 1 <= int(match["port"]) <= 65535
    if valid and value.startswith("["):
        try:
            ipaddress.IPv6Address(match["host"].split("%")[0])
        except ValueError:
            valid = False
    if not valid and match is not None and not 1 <= int(match["port"]) <= 65535:
        raise argparse.ArgumentTypeError(
            f"port {int(match['port'])} is out of range: a port is 1-65535, got {shown(text)}"
        )
    if not valid:
        raise argparse.ArgumentTypeError(
            f"expected host:port, e.g. 127.0.0.1:50051 or [::1]:50051, got {shown(text)}"
        )
    return value


def int_range(low: int, high: int | None = None) -> Callable[[str], int]:
    """argparse type: an integer in [low, high] (no upper bound when high is None)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, got {shown(text)}"
            ) from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {value}")
        return value

    return parse


def positive_float(text: str) -> float:
    """argparse type: a number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {shown(text)}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def add_server_flag(parser: argparse.ArgumentParser, help_text: str | None = None, **kw) -> None:
    parser.add_argument(
        "--server",
        type=server_address,
        help=help_text or "host:port of a running `tarjama serve`; in-process if omitted",
        **kw,
    )


def add_model_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("translation model (default from TARJAMA_* variables)")
    group.add_argument("--model", help="hub id or local directory (TARJAMA_MODEL)")
    group.add_argument("--revision", help="hub revision: branch, tag or commit (TARJAMA_REVISION)")
    group.add_argument("--backend", choices=["hf", "ctranslate2"], help="TARJAMA_BACKEND")
    group.add_argument("--device", help="cpu, cuda, cuda:N or auto (TARJAMA_DEVICE)")
    group.add_argument("--dtype", help="float32, float16 or bfloat16 (TARJAMA_DTYPE)")
    group.add_argument(
        "--threads",
        type=int_range(0),
        help="CPU threads for the model, 0 = automatic (TARJAMA_THREADS)",
    )
    group.add_argument(
        "--no-yield-cores",
        dest="yield_cores",
        action="store_false",
        default=None,
        help="run parallel batches even while other processes keep the cores busy "
        "(TARJAMA_YIELD_CORES=0)",
    )
    group.add_argument(
        "--no-vllm",
        dest="vllm",
        action="store_false",
        default=None,
        help="serve an instruction model with transformers even where vLLM is installed and a "
        "GPU is present (TARJAMA_VLLM=0)",
    )
    group.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="never contact the Hugging Face Hub (TARJAMA_OFFLINE)",
    )


def add_decoding_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--beam",
        dest="beam_size",
        type=int_range(1, MAX_BEAM_SIZE),
        help=f"beam width, 1-{MAX_BEAM_SIZE}",
    )
    parser.add_argument(
        "--max-output-tokens",
        type=int_range(1, MAX_OUTPUT_TOKENS),
        help=f"cap on generated tokens per sentence, 1-{MAX_OUTPUT_TOKENS}",
    )
    parser.add_argument(
        "--no-language-check",
        action="store_true",
        help="translate even text that does not look like Arabic",
    )


def generation_options(args: argparse.Namespace) -> GenerationOptions:
    """The decoding flags (add_decoding_flags) as the engines' options."""
    return GenerationOptions(
        beam_size=args.beam_size,
        max_output_tokens=args.max_output_tokens,
        skip_language_check=args.no_language_check,
    )


def settings_from_args(args: argparse.Namespace) -> Settings:
    """TARJAMA_* environment first, then any flag the user gave."""
    return Settings.from_env().override(**vars(args))


def setup_logging(level: str, log_format: str = "plain") -> None:
    """Log to stderr as plain lines, or one JSON object per line (`--log-format json`)."""
    from tarjama.service.logs import setup_logging as configure  # 1 ms that --help skips

    configure(level, log_format)


def add_remote_flags(parser: argparse.ArgumentParser) -> None:
    """TLS and token flags of every command that calls a server (--server)."""
    group = parser.add_argument_group("connecting to a server (with --server)")
    group.add_argument(
        "--tls-ca",
        default=os.environ.get("TARJAMA_TLS_CA") or None,
        help="CA certificate (PEM) that signed the server's certificate; turns TLS on "
        "(TARJAMA_TLS_CA)",
    )
    group.add_argument(
        "--tls-cert",
        dest="client_cert",
        default=os.environ.get("TARJAMA_CLIENT_CERT") or None,
        help="client certificate (PEM) for mutual TLS (TARJAMA_CLIENT_CERT)",
    )
    group.add_argument(
        "--tls-key",
        dest="client_key",
        default=os.environ.get("TARJAMA_CLIENT_KEY") or None,
        help="key of the client certificate (TARJAMA_CLIENT_KEY)",
    )
    group.add_argument(
        "--tls",
        action="store_true",
        default=None,
        help="TLS with the system's trusted CAs (implied by --tls-ca)",
    )
    group.add_argument(
        "--tls-server-name",
        help="name to verify in the server's certificate, when --server is an IP address",
    )
    group.add_argument(
        "--token",
        default=None,
        help="bearer token (prefer the TARJAMA_TOKEN variable: flags show up in `ps`)",
    )


def connect(args: argparse.Namespace, *, timeout: float, ready_timeout: float = 10.0):
    """A TarjamaClient for args.server with the TLS and token flags, once the server is up.

    Nothing listening, or a TLS mismatch, fails at once in one line (exit code 4) before any
    work starts; a server that answers but is still warming up gets `ready_timeout` seconds
    to report SERVING. Later calls wait for the connection and retry UNAVAILABLE themselves.
    """
    from tarjama.clients.client import TarjamaClient  # grpc: 80 ms that --help skips

    client = TarjamaClient(
        args.server,
        timeout=timeout,
        tls_ca=getattr(args, "tls_ca", None),
        client_cert=getattr(args, "client_cert", None),
        client_key=getattr(args, "client_key", None),
        token=getattr(args, "token", None) or os.environ.get("TARJAMA_TOKEN") or None,
        tls=getattr(args, "tls", None),
        server_name=getattr(args, "tls_server_name", None),
        on_rate_limited=lambda error, pause: _say_rate_limited(args.server, error, pause),
    )
    try:
        reason = client.unreachable_reason()
        if reason is not None:
            raise NotReady(f"server {args.server} is unavailable ({reason})")
        client.wait_ready(timeout=ready_timeout)
    except BaseException:
        client.close()
        raise
    return client


def server_connector(args: argparse.Namespace) -> Callable[[], object] | None:
    """With --server: how a run reaches the server (`connect` with args.timeout); else None."""
    if not args.server:
        return None
    return lambda: connect(args, timeout=args.timeout)


def _say_rate_limited(address: str, error: Exception, pause: float) -> None:
    """One line, above any progress bar: the call waits out the server's rate limit."""
    from tqdm import tqdm  # tqdm: only when a call waits, not at start-up

    tqdm.write(
        f"tarjama: rate limited by {address} ({error}); waiting {pause:.0f} s, then trying again",
        file=sys.stderr,
    )


def read_input_text(path) -> str:
    """One input article file as text, or InvalidInput naming the file and what to do."""
    try:
        return read_article_text(path)
    except UnreadableArticle as error:
        raise UnreadableArticle(f"{path}: {error}") from None
