"""Flags shared by several commands and their mapping onto Settings (flags override TARJAMA_*)."""

from __future__ import annotations

import argparse
import os

from tarjama.service.settings import Settings


def add_model_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("translation model (default from TARJAMA_* variables)")
    group.add_argument("--model", help="hub id or local directory (TARJAMA_MODEL)")
    group.add_argument("--revision", help="hub revision: branch, tag or commit (TARJAMA_REVISION)")
    group.add_argument("--backend", choices=["hf", "ctranslate2"], help="TARJAMA_BACKEND")
    group.add_argument("--device", help="cpu, cuda, cuda:N or auto (TARJAMA_DEVICE)")
    group.add_argument("--dtype", help="float32, float16 or bfloat16 (TARJAMA_DTYPE)")
    group.add_argument("--threads", type=int, help="CPU threads for the model (TARJAMA_THREADS)")
    group.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="never contact the Hugging Face Hub (TARJAMA_OFFLINE)",
    )


def add_decoding_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--beam", dest="beam_size", type=int, help="beam width, 1-16")
    parser.add_argument(
        "--max-output-tokens", type=int, help="cap on generated tokens per sentence"
    )


def settings_from_args(args: argparse.Namespace) -> Settings:
    """TARJAMA_* environment first, then any flag the user gave."""
    return Settings.from_env().override(**vars(args))


def setup_logging(level: str, log_format: str = "plain") -> None:
    """Log to stderr as plain lines, or one JSON object per line (`--log-format json`)."""
    from tarjama.service.logs import setup_logging as configure

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

    Waits up to `ready_timeout` seconds for the server's health to say SERVING, so a server
    that is down or misconfigured fails in one line before any work starts.
    """
    from tarjama.clients.client import TarjamaClient

    client = TarjamaClient(
        args.server,
        timeout=timeout,
        tls_ca=getattr(args, "tls_ca", None),
        client_cert=getattr(args, "client_cert", None),
        client_key=getattr(args, "client_key", None),
        token=getattr(args, "token", None) or os.environ.get("TARJAMA_TOKEN") or None,
        tls=getattr(args, "tls", None),
        server_name=getattr(args, "tls_server_name", None),
    )
    try:
        client.wait_ready(timeout=ready_timeout)
    except BaseException:
        client.close()
        raise
    return client
