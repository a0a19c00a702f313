"""Where a command's work runs: a server through the client, or engines loaded in this process.

The one opener `translate`, `summarize` and `digest` share: the same calls reach a
TarjamaClient (--server) or the in-process engines and workflow, so each command has one
code path whichever is used. `open_engine` adds the Ray engine for `translate`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tarjama.clients.runs.local_engines import (
    engine_record_of,
    load_engines,
    load_summarizer_alone,
    local_translator,
    model_key_of,
    per_article_settings,
)
from tarjama.clients.runs.manifest import EngineRecord, ModelKey
from tarjama.clients.runs.ray_engine import RayEngine
from tarjama.clients.runs.runner import Engine
from tarjama.clients.runs.thread_engine import ThreadEngine, TranslateFn
from tarjama.models.engines import Engines
from tarjama.models.errors import InvalidInput
from tarjama.models.settings import Settings
from tarjama.models.types import GenerationOptions
from tarjama.models.workflow import SummaryWorkflow

# Articles in flight at once against a server unless --concurrency says otherwise.
SERVER_CONCURRENCY = 2
NO_MODEL = "none"  # the model key when no translation model is involved (English articles)

Connect = Callable[[], Any]
"""() -> a TarjamaClient connected to a live server (one readable line when it is down)."""


@dataclass
class Runtime:
    """A server (`client`) or engines in this process (`engines`, or `summarizer` alone)."""

    client: Any = None  # TarjamaClient
    engines: Engines | None = None
    summarizer: Any = None  # English articles: a summarizer with no translation model
    # The translation model as the manifest names it; with a server, learnt when needed.
    model_key: ModelKey = NO_MODEL
    engine: EngineRecord | None = None  # how translations are made (None: none are)

    @property
    def concurrency(self) -> int:
        """Articles in flight by default: what the server or the loaded backend runs at once."""
        if self.client is not None:
            return SERVER_CONCURRENCY
        return self.engines.parallelism if self.engines is not None else 1

    def translator(self, options: GenerationOptions) -> TranslateFn:
        """(article_id, text, *, html) -> TranslatedArticle, on the server or in-process."""
        if self.client is None:
            if self.engines is None:
                raise InvalidInput("no translation model was loaded")
            return local_translator(self.engines, options)
        client = self.client

        served = self.model_key if isinstance(self.model_key, _ServedModel) else None

        def remote(article_id: str, text: str, *, html: bool = False):
            if html:
                article = client.translate(html=text, article_id=article_id, options=options)
            else:
                article = client.translate(text, article_id=article_id, options=options)
            if served is not None:
                served.seen(article.model)
            return article

        return remote

    def summaries(self, *, concurrency: int, limits: Any) -> Any:
        """Something with summarize_article and summarize_collection: the client, or the
        workflow the server runs (same arguments, same results)."""
        if self.client is not None:
            return self.client
        if self.engines is not None:
            summarizer, translator = self.engines.summarizer, self.engines.article_translator
        else:
            summarizer, translator = self.summarizer, None
        return SummaryWorkflow(summarizer, translator, limits=limits, concurrency=concurrency)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.engines is not None:
            self.engines.close()


def open_runtime(
    settings: Settings,
    *,
    connect: Connect | None = None,
    translation: bool = True,
    summaries: bool = False,
) -> Runtime:
    """Connect to the server (`connect` given) or load the models here.

    `translation`: a translation model is needed (its key names finished articles; with a
    server, asking for it checks the server is up before any work). `summaries`: load the
    summarizer too (in-process; a server has its own).
    """
    if connect is not None:
        client = connect()
        try:
            runtime = Runtime(client=client)
            if translation:
                runtime.model_key = _ServedModel(client)
                runtime.engine = EngineRecord("server")
            return runtime
        except BaseException:
            client.close()
            raise
    if not translation:
        return Runtime(summarizer=load_summarizer_alone(settings))
    engines = load_engines(settings, with_summarizer=summaries)
    return Runtime(
        engines=engines, model_key=model_key_of(engines), engine=engine_record_of(engines)
    )


class _ServedModel:
    """The served model's key, learnt from the first translation that names it, or, when a
    skip decision needs it before that, from GetInfo: a fresh run spends no request of the
    client's rate limit on it. `connect` has checked that the server is up."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.key: str | None = None

    def seen(self, model: Any) -> None:
        if self.key is None and model is not None:
            self.key = f"{model.model_id}@{model.revision}"

    def __call__(self) -> str:
        if self.key is None:
            info = self.client.info()
            self.seen(info.models[0].model if info.models else None)
        return self.key or "unknown"


@dataclass(frozen=True)
class RayJob:
    """How `--engine ray` runs: the cluster (None: embedded Ray), actors, threads, batch size."""

    address: str | None = None
    actors: int = 0
    actor_threads: int = 0
    batch_size: int = 4


def open_engine(
    settings: Settings,
    options: GenerationOptions,
    *,
    connect: Connect | None = None,
    concurrency: int | None = None,
    ray: RayJob | None = None,
) -> Engine:
    """The engine of a translate run: Ray actors (`ray`), else threads over open_runtime.

    Both translate each article on its own (per_article_settings), so any engine, any
    concurrency and any order give the same bytes.
    """
    if ray is not None:
        if importlib.util.find_spec("ray") is None:
            # The CLI turns this into one line naming the [ray] extra and how to install it.
            raise ModuleNotFoundError("No module named 'ray'", name="ray")
        return RayEngine(
            per_article_settings(settings),
            options,
            address=ray.address,
            actors=ray.actors,
            actor_threads=ray.actor_threads,
            batch_size=ray.batch_size,
        )
    runtime = open_runtime(per_article_settings(settings), connect=connect)
    try:
        translate = runtime.translator(options)  # bad options stop here, before any work
    except BaseException:
        runtime.close()
        raise
    return ThreadEngine(
        translate,
        runtime.model_key,
        concurrency=concurrency or runtime.concurrency,
        close=runtime.close,
        engine=runtime.engine,
    )
