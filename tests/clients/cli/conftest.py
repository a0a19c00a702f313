"""Fixtures of the CLI tests: flags that keep the tiny model fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny() -> Callable[[Path], list[str]]:
    """Function: tiny(model_dir) -> flags that make the tiny smoke model fast: offline, greedy,
    short outputs."""
    return lambda model_dir: [
        "--model", str(model_dir), "--offline", "--beam", "1", "--max-output-tokens", "8"
    ]  # fmt: skip
