"""Builds the engines a server or an in-process CLI run needs, from Settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tarjama.models.settings import Settings
from tarjama.models.translation.article import ArticleTranslator

log = logging.getLogger(__name__)


@dataclass
class Engines:
    """Loaded engines and the objects that own their resources."""

    translator: Any  # SentenceTranslator (or anything implementing TranslationEngine + close)
    pipeline: ArticleTranslator
    cache: Any = None  # CachingExecutor, when enabled
    summarizer: Any = None
    closers: list[Any] = field(default_factory=list)

    @property
    def parallelism(self) -> int:
        """Batches the translation backend runs at once (CTranslate2 inter_threads; else 1)."""
        return max(1, int(getattr(self.translator.backend, "parallelism", 1) or 1))

    def cache_stats(self) -> tuple[int, int]:
        if self.cache is None:
            return (0, 0)
        return (self.cache.hits, self.cache.misses)

    def close(self) -> None:
        for closer in reversed(self.closers):
            closer.close()


def build_translator(
    settings: Settings, *, wrap_backend: Callable[[Any], Any] | None = None
) -> tuple[Any, Any]:
    """Load the translation backend and wrap it in the configured executor and cache.

    The thread budget is applied here for the server and the in-process CLI alike:
    `threads` (0 = usable cores) is split by plan_threads into `batch_workers` parallel
    batches of `threads / workers` intra-op threads each; the backend is loaded with that
    plan (torch / CTranslate2 thread settings, set once) and the dynamic batcher runs
    exactly as many workers as the backend decodes batches at once. `wrap_backend` wraps
    the loaded backend first (benchmarks force output lengths with it).
    """
    from tarjama.models.translation.executor import InlineExecutor
    from tarjama.models.translation.loading import load_backend
    from tarjama.models.translation.translator import SentenceTranslator

    config = settings.translator_config()
    backend = load_backend(config)
    if wrap_backend is not None:
        backend = wrap_backend(backend)
    if settings.batching == "dynamic":
        from tarjama.models.translation.batcher import DynamicBatcher

        executor = DynamicBatcher(
            backend,
            max_batch_tokens=config.max_batch_tokens,
            max_batch_sentences=config.max_batch_sentences,
            max_wait_ms=settings.max_wait_ms,
            workers=None,  # as many as the backend decodes at once (its thread plan's workers)
            max_queued_pieces=settings.max_queued_sentences,
            neighbours=neighbour_load(settings, backend.info.device, backend.info.workers),
        )
    else:
        executor = InlineExecutor(
            backend,
            max_batch_tokens=config.max_batch_tokens,
            max_batch_sentences=config.max_batch_sentences,
        )
    cache = None
    if settings.cache_entries > 0:
        from tarjama.models.translation.cache import CachingExecutor

        cache = CachingExecutor(executor, backend.info.model, max_entries=settings.cache_entries)
        executor = cache
    return SentenceTranslator(backend, config, executor=executor), cache


def neighbour_load(settings: Settings, device: str, workers: int):
    """The sampler that holds back parallel CPU batches while neighbours keep the cores busy.

    Two processes that each run one batch per core on a shared machine oversubscribe it;
    measured with `tarjama bench --compare --contention 1`, two default runs side by side
    took 1.10x the time of two `--threads 1` runs without it and 1.05x with it.
    """
    if not settings.yield_cores or not device.startswith("cpu") or workers < 2:
        return None
    from tarjama.models.threads import NeighbourLoad

    sampler = NeighbourLoad.for_this_process()
    if sampler is not None:
        log.info(
            "up to %d parallel batches, fewer while other processes keep cores busy "
            "(--no-yield-cores turns this off)",
            workers,
        )
    return sampler


def build_engines(
    settings: Settings,
    *,
    with_summarizer: bool = False,
    wrap_backend: Callable[[Any], Any] | None = None,
) -> Engines:
    """Load every model before anything is served; raises ModelMissing with a fetch hint."""
    translator, cache = build_translator(settings, wrap_backend=wrap_backend)
    from tarjama.models.text.language_guard import load_language_identifier

    load_language_identifier()  # before the port opens, not on the first request
    engines = Engines(
        translator=translator,
        pipeline=ArticleTranslator(translator, limits=settings.limits()),
        cache=cache,
        closers=[translator],
    )
    if with_summarizer:
        from tarjama.models.summarization.engine import load_summarizer
        from tarjama.models.summarization.types import SummaryMethod

        method = SummaryMethod(settings.summary_method)
        engines.summarizer = load_summarizer(
            settings.summary_model,
            settings.device,
            method=method,
            # "auto" means abstractive when weights are already here: never wait on the hub.
            local_files_only=settings.translator_config().local_files_only
            or method is SummaryMethod.AUTO,
            limits=settings.limits(),
        )
    info = translator.info
    log.info(
        "loaded translation model %s (%s): %d parallel batches x %d threads",
        info.model.model_id,
        info.model.revision,
        info.workers,
        info.intra_threads,
    )
    return engines
