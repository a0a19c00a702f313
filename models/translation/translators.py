"""Picks the sentence translator that fits a backend's kind, and loads one from a config."""

from __future__ import annotations

from tarjama.models.translation.backend import PieceExecutor
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.llm_translator import LLMTranslator, is_llm_backend
from tarjama.models.translation.loading import load_backend
from tarjama.models.translation.observer import EngineObserver
from tarjama.models.translation.translator import SentenceTranslator


def make_translator(
    backend,
    config: TranslatorConfig,
    executor: PieceExecutor | None = None,
    *,
    observer: EngineObserver | None = None,
) -> SentenceTranslator:
    """The translator that fits the backend's kind: LLMTranslator or SentenceTranslator."""
    if is_llm_backend(backend):
        return LLMTranslator(backend, config, executor, observer=observer)
    return SentenceTranslator(backend, config, executor, observer=observer)


def load_translator(config: TranslatorConfig) -> SentenceTranslator:
    """Load config's model and wrap it with an inline (per-request) batching executor."""
    return make_translator(load_backend(config), config)
