"""Engine assembly, written once: server, CLI, Ray actors, bench and test fakes all use it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tarjama.models.limits import Limits
from tarjama.models.settings import Settings
from tarjama.models.summarization.engine import Summarizer, load_summarizer
from tarjama.models.summarization.types import SummaryMethod
from tarjama.models.text.language_guard import load_language_identifier
from tarjama.models.threads import NeighbourLoad
from tarjama.models.translation.article import ArticleTranslator
from tarjama.models.translation.backend import PieceExecutor, Seq2SeqBackend
from tarjama.models.translation.batcher import DynamicBatcher
from tarjama.models.translation.cache import CachingExecutor
from tarjama.models.translation.executor import InlineExecutor
from tarjama.models.translation.llm_translator import is_llm_backend
from tarjama.models.translation.loading import load_backend
from tarjama.models.translation.observer import EngineEvents
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.translation.translators import make_translator

log = logging.getLogger(__name__)


@dataclass
class Engines:
    """Loaded engines and the objects that own their resources."""

    sentence_translator: SentenceTranslator
    article_translator: ArticleTranslator
    # Every part was built with this observer: a server subscribes its metrics here.
    events: EngineEvents = field(default_factory=EngineEvents)
    batcher: DynamicBatcher | None = None  # the shared cross-request batcher, when dynamic
    cache: CachingExecutor | None = None
    summarizer: Any = None
    closers: list[Any] = field(default_factory=list)

    @property
    def parallelism(self) -> int:
        """Batches the translation backend runs at once (CTranslate2 inter_threads; else 1)."""
        backend = self.sentence_translator.backend
        return max(1, int(getattr(backend, "parallelism", 1) or 1))

    def cache_stats(self) -> tuple[int, int]:
        if self.cache is None:
            return (0, 0)
        return (self.cache.hits, self.cache.misses)

    def queued_pieces(self) -> int:
        """Pieces waiting in the shared batcher (0 without one)."""
        return 0 if self.batcher is None else self.batcher.stats().queued_pieces

    def close(self) -> None:
        for closer in reversed(self.closers):
            closer.close()


def build_engines(
    settings: Settings,
    *,
    backend: Seq2SeqBackend | None = None,
    wrap_backend: Callable[[Any], Any] | None = None,
    with_summarizer: bool = False,
    summarizer: Any = None,
    limits: Limits | None = None,
    batcher_workers: int | None = None,
) -> Engines:
    """Load every model before anything is served; raises ModelMissing with a fetch hint.

    The thread budget is applied here for the server and the in-process CLI alike:
    `threads` (0 = usable cores) is split by plan_threads into `batch_workers` parallel
    batches of `threads / workers` intra-op threads each; the backend is loaded with that
    plan (torch / CTranslate2 thread settings, set once) and the dynamic batcher runs
    exactly as many workers as the backend decodes batches at once.

    `backend` is an already loaded one (test fakes, benchmarks); `wrap_backend` wraps the
    loaded backend first (benchmarks force output lengths with it). `summarizer` is a ready
    summarizer, else `with_summarizer` loads the configured one. `limits` replaces
    settings.limits() for the article translator (tests of one limit).
    """
    config = settings.translator_config()
    if backend is None:
        backend = load_backend(config)
        load_language_identifier()  # before the port opens, not on the first request
    if wrap_backend is not None:
        backend = wrap_backend(backend)
    events = EngineEvents()
    batcher = None
    executor: PieceExecutor
    if settings.batching == "dynamic":
        batcher = DynamicBatcher(
            backend,
            max_batch_tokens=config.max_batch_tokens,
            max_batch_sentences=config.max_batch_sentences,
            max_wait_ms=settings.max_wait_ms,
            # None: as many as the backend decodes at once (its thread plan's workers).
            workers=batcher_workers,
            max_queued_pieces=settings.max_queued_sentences,
            neighbours=neighbour_load(settings, backend.info.device, backend.info.workers),
            observer=events,
        )
        executor = batcher
    else:
        executor = InlineExecutor(
            backend,
            max_batch_tokens=config.max_batch_tokens,
            max_batch_sentences=config.max_batch_sentences,
            observer=events,
        )
    cache = None
    if settings.cache_entries > 0:
        cache = CachingExecutor(executor, backend.info.model, max_entries=settings.cache_entries)
        executor = cache
    # Instruction models get the numbered-window translator; seq2seq models the plain one.
    translator = make_translator(backend, config, executor, observer=events)
    engines = Engines(
        sentence_translator=translator,
        article_translator=ArticleTranslator(translator, limits=limits or settings.limits()),
        events=events,
        batcher=batcher,
        cache=cache,
        summarizer=summarizer,
        closers=[translator],
    )
    if summarizer is None and with_summarizer:
        engines.summarizer = load_configured_summarizer(settings, shared=backend)
    info = translator.info
    log.info(
        "loaded translation model %s (%s): %d parallel batches x %d threads",
        info.model.model_id,
        info.model.revision,
        info.workers,
        info.intra_threads,
    )
    return engines


def load_configured_summarizer(settings: Settings, shared: Any = None) -> Any:
    """The summarizer Settings name: abstractive weights when cached (or asked), else extractive.

    `shared` is the loaded translation backend: when it is the same instruction model, the
    summaries use it too instead of loading the weights a second time.
    """
    method = SummaryMethod(settings.summary_method)
    same_model = settings.summary_model.strip() == settings.model.strip()
    if same_model and is_llm_backend(shared) and method is not SummaryMethod.EXTRACTIVE:
        from tarjama.models.summarization.llm_summarizer import LLMSummarizer  # numpy, sklearn

        llm = LLMSummarizer(shared, shared.info.model, settings.limits())
        return Summarizer(llm, settings.limits(), None, settings.summary_model)
    return load_summarizer(
        settings.summary_model,
        settings.device,
        method=method,
        # "auto" means abstractive when weights are already here: never wait on the hub.
        local_files_only=settings.translator_config().local_files_only
        or method is SummaryMethod.AUTO,
        limits=settings.limits(),
        # --dtype names a torch dtype for the hf backend, a CT2 compute type otherwise.
        dtype=settings.dtype if settings.backend == "hf" else "float32",
    )


def neighbour_load(settings: Settings, device: str, workers: int):
    """The sampler that holds back parallel CPU batches while neighbours keep the cores busy.

    Two processes that each run one batch per core on a shared machine oversubscribe it;
    measured with `tarjama bench --compare --contention 1`, two default runs side by side
    took 1.10x the time of two `--threads 1` runs without it and 1.05x with it.
    """
    if not settings.yield_cores or not device.startswith("cpu") or workers < 2:
        return None
    sampler = NeighbourLoad.for_this_process()
    if sampler is not None:
        log.info(
            "up to %d parallel batches, fewer while other processes keep cores busy "
            "(--no-yield-cores turns this off)",
            workers,
        )
    return sampler
