"""Where `tarjama eval` commands write: the --out and --html flags and the default folder."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from tarjama.clients.runs.outputs import prepare_output_dir

DEFAULT_OUT_ROOT = Path("eval-results")


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        help=f"folder for result.json and report.md (default {DEFAULT_OUT_ROOT}/<command>-<time>)",
    )
    parser.add_argument("--html", action="store_true", help="also write report.html with plots")


def out_dir(args: argparse.Namespace) -> Path:
    if args.out is not None:
        return args.out
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return DEFAULT_OUT_ROOT / f"{args.eval_command}-{stamp}"


def prepare_out(args: argparse.Namespace, *subfolders: str) -> Path:
    """Create --out (or the default folder) and prove it writable, once the inputs are known
    to be good and before any scoring or server call; later writes use the same folder."""
    args.out = prepare_output_dir(out_dir(args), subfolders=subfolders)
    return args.out
