"""Fixtures of the summarization tests: a tiny random BART built once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory):
    """A tiny random BART summarization model directory named tiny-bart, built once."""
    from tarjama.models.testing.bart import build_tiny_bart

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        return build_tiny_bart(tmp_path_factory.mktemp("bart") / "tiny-bart")
