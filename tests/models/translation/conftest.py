"""Fixtures of the translation engine tests: a translator on a fake backend."""

from __future__ import annotations

from collections.abc import Callable

import pytest


def _translator_for(backend, **config):
    from tarjama.models.translation.config import TranslatorConfig
    from tarjama.models.translation.translator import SentenceTranslator

    return SentenceTranslator(backend, TranslatorConfig(model="fake", **config))


@pytest.fixture(scope="session")
def translator_for() -> Callable:
    """Function: translator_for(backend, **config) -> a SentenceTranslator on that backend."""
    return _translator_for


@pytest.fixture(scope="session")
def no_space() -> Callable[[str], str]:
    """Function: the text without any whitespace (to compare texts split differently)."""
    return lambda text: "".join(text.split())
