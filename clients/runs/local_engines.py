"""Engines loaded in this process, for a CLI run or a Ray actor: the one place runs build them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from tarjama.clients.runs.inputs import article_request
from tarjama.clients.runs.manifest import EngineRecord
from tarjama.clients.runs.thread_engine import TranslateFn
from tarjama.models.engines import Engines, build_engines, load_configured_summarizer
from tarjama.models.settings import Settings
from tarjama.models.types import GenerationOptions, TranslatedArticle


def per_article_settings(settings: Settings, env: Mapping[str, str] | None = None) -> Settings:
    """Settings under which an article's translation depends on that article alone.

    A batch shared with other articles' sentences, or a sentence cached from another article,
    can tip a near-tie in decoding, so the output would depend on what ran alongside. Batch
    translation therefore batches each article on its own (`inline`) without the sentence
    cache, unless TARJAMA_BATCHING / TARJAMA_CACHE_ENTRIES say otherwise: every engine, any
    concurrency and any order then give the same bytes.
    """
    env = os.environ if env is None else env
    changes: dict[str, object] = {}
    if not env.get("TARJAMA_BATCHING"):
        changes["batching"] = "inline"
    if not env.get("TARJAMA_CACHE_ENTRIES"):
        changes["cache_entries"] = 0
    return settings.override(**changes)


def load_engines(
    settings: Settings,
    *,
    with_summarizer: bool = False,
    wrap_backend: Callable[[Any], Any] | None = None,
) -> Engines:
    """The translation engines (and the summarizer) as the server loads them, in this process.

    `wrap_backend`: wraps the loaded backend (benchmarks force output lengths with it).
    """
    return build_engines(settings, with_summarizer=with_summarizer, wrap_backend=wrap_backend)


def load_summarizer_alone(settings: Settings) -> Any:
    """The configured summarizer without a translation model (English articles)."""
    return load_configured_summarizer(settings)


def model_key_of(engines: Engines) -> str:
    """The manifest's name of the loaded translation model: `id@revision`."""
    model = engines.article_translator.model
    return f"{model.model_id}@{model.revision}"


def engine_record_of(engines: Engines, kind: str = "in-process") -> EngineRecord:
    """How the loaded engines translate (`kind`: in-process, or ray for an actor's)."""
    info = engines.sentence_translator.info
    return EngineRecord(kind, info.backend, info.device, info.dtype)


def local_translator(engines: Engines, options: GenerationOptions) -> TranslateFn:
    """(article_id, text, *, html) -> the article translated by these engines.

    The options are resolved first, so bad ones are refused before any article is read.
    """
    resolved = engines.sentence_translator.resolve_options(options)

    def translate(article_id: str, text: str, *, html: bool = False) -> TranslatedArticle:
        request = article_request(article_id, text, html=html)
        return engines.article_translator.translate(request, resolved)

    return translate
