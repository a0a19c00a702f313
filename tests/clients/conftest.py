"""Fixtures of the client-side tests: a served fake engine that also summarizes."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def summarizing_server(start_module_fake_server) -> str:
    """Address of a real server on the fake engine with the extractive summarizer, as
    `--server` commands meet it (default settings, any free port)."""
    from tarjama.models.settings import Settings
    from tarjama.models.summarization.engine import Summarizer
    from tarjama.models.testing.fake_engines import fake_engines

    engines = fake_engines(summarizer=Summarizer())
    return start_module_fake_server(Settings(port=0, grace_seconds=1), engines=engines).address
