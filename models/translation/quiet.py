"""Quiet transformers while loading or saving: no progress bars, no sacremoses advice (no torch)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """Load or save without progress bars (they clutter CLI output and server logs).

    Also hides MarianTokenizer's request for sacremoses, which only its normalize() method
    uses; tokenization and generation never call it.
    """
    from transformers.utils import logging as transformers_logging  # heavy: seconds to import

    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses")
            yield
    finally:
        if bars_were_on:
            transformers_logging.enable_progress_bar()
