"""Fixtures of the evaluation tests: writing line-aligned test sets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def write_lines() -> Callable[[Path, list[str]], Path]:
    """Function: write_lines(path, lines) writes one line each (folders made); returns path."""
    return _write_lines
