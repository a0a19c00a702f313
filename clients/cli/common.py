"""Flags shared by several commands and their mapping onto Settings (flags override TARJAMA_*)."""

from __future__ import annotations

import argparse
import logging
import sys

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
    parser.add_argument(
        "--no-language-check",
        action="store_true",
        help="translate even text that does not look like Arabic",
    )


def settings_from_args(args: argparse.Namespace) -> Settings:
    """TARJAMA_* environment first, then any flag the user gave."""
    return Settings.from_env().override(**vars(args))


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
