"""The Ray Data engine of `tarjama translate --engine ray`: articles through an actor pool.

Each actor loads the model once with the same engine builder as the CLI and the server
(`build_engines`) and translates batches of articles with `ArticleTranslator.translate_many`.
The driver reads the inputs, skips finished articles and writes every output itself, so the
files, the manifest and resume are exactly those of the in-process engine.
"""

from __future__ import annotations

import math
import os
import pickle
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tarjama.clients.runs.local_engines import (
    engine_record_of,
    load_engines,
    local_translator,
    model_key_of,
)
from tarjama.clients.runs.manifest import EngineRecord
from tarjama.clients.runs.ray_join import connect_ray, ray_error_line
from tarjama.clients.runs.runner import Outcome, failure_message
from tarjama.clients.runs.types import Article
from tarjama.models.errors import InvalidInput, TarjamaError, counted
from tarjama.models.memory import peak_rss_bytes
from tarjama.models.settings import Settings
from tarjama.models.types import GenerationOptions, TranslatedArticle

# The driver hands articles to Ray in windows, so its memory holds one window of text at
# most whatever the input size; actors are re-created per window (a model load each).
WINDOW_ARTICLES = 20_000
WINDOW_CHARS = 200_000_000
# Ray Data retries crashed actors and their tasks forever by default; an article that
# crashes its actor (out of memory, a native crash) must fail instead of looping.
ACTOR_MAX_RESTARTS = 3
TASK_MAX_RETRIES = 3


@dataclass(frozen=True)
class RayPlan:
    """How the job uses the cluster: `actors` actors, each on `threads` CPUs (and `gpus`)."""

    actors: int
    threads: int
    gpus: float
    batch_size: int
    address: str | None  # None: an embedded Ray on this machine

    def describe(self, cpus: float) -> str:
        where = f"cluster {self.address}" if self.address else "embedded Ray"
        gpus = f", {self.gpus:g} GPU each" if self.gpus else ""
        return (
            f"{where}: {cpus:g} CPUs; {counted(self.actors, 'actor')} x "
            f"{counted(self.threads, 'thread')}{gpus}; {counted(self.batch_size, 'article')} "
            "per batch"
        )


@dataclass
class ActorStats:
    """What each actor reported: articles translated and its peak RSS."""

    articles: dict[str, int] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)


def actor_settings(settings: Settings, threads: int) -> Settings:
    """An actor's settings: the user's, on its own `threads` (the thread budget per actor).

    Ray gives a GPU actor its device as the only visible one, so `cuda:N` becomes `cuda`.
    """
    device = "cuda" if settings.device.startswith("cuda") else settings.device
    return settings.override(threads=threads, batch_workers=0, device=device)


class ArticleActor:
    """A Ray Data actor: loads the engines once, then translates batches of articles.

    Each article is translated on its own (as in-process), as many at once as the engine
    runs batches, so the outputs are those of the in-process engine byte for byte.
    """

    def __init__(self, settings: Settings, options: GenerationOptions, wrap_backend=None) -> None:
        self.engines = load_engines(settings, wrap_backend=wrap_backend)
        self.translate = local_translator(self.engines, options)
        self.model_key = model_key_of(self.engines)
        self.name = f"{os.uname().nodename}:{os.getpid()}"
        self.pool = ThreadPoolExecutor(max_workers=self.engines.parallelism)

    def __call__(self, batch: dict) -> dict:
        pages = [bool(h) for h in batch["html"]] if "html" in batch else [False] * len(batch["id"])
        outcomes = list(
            self.pool.map(
                self._one, [str(i) for i in batch["id"]], [str(t) for t in batch["text"]], pages
            )
        )
        articles, errors = [], []
        for outcome in outcomes:
            if isinstance(outcome, TranslatedArticle):
                articles.append(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
                errors.append("")
            else:
                articles.append(b"")
                errors.append(outcome)
        count = len(outcomes)
        return {
            "position": batch["position"],
            "article": articles,
            "error": errors,
            "model": [self.model_key] * count,
            "actor": [self.name] * count,
            "peak_rss": [peak_rss_bytes() or 0] * count,
        }

    def _one(self, article_id: str, text: str, html: bool = False) -> TranslatedArticle | str:
        try:
            return self.translate(article_id, text, html=html)
        except Exception as error:  # noqa: BLE001 - becomes this article's failure
            return failure_message(error)


def _probe(
    settings: Settings, options: GenerationOptions, wrap_backend=None
) -> tuple[str, EngineRecord]:
    """Load the model as an actor will; its manifest key and engine (fails fast if it can't)."""
    actor = ArticleActor(settings, options, wrap_backend)
    key, engine = actor.model_key, engine_record_of(actor.engines, "ray")
    actor.pool.shutdown()
    actor.engines.close()
    return key, engine


class RayEngine:
    """Translates articles on a Ray Data actor pool; embedded Ray unless an address is given."""

    def __init__(
        self,
        settings: Settings,
        options: GenerationOptions,
        *,
        address: str | None = None,
        actors: int = 0,
        actor_threads: int = 0,
        batch_size: int = 4,
        wrap_backend=None,
        log=lambda message: print(f"tarjama: {message}", file=sys.stderr),
    ) -> None:
        """`wrap_backend`: a picklable callable each actor wraps its backend in (benchmarks)."""
        import ray  # lazily: Ray is an optional extra and slow to import

        if batch_size < 1:
            raise InvalidInput("--batch-size must be at least 1")
        if actors < 0 or actor_threads < 0:
            raise InvalidInput("--actors and --actor-threads must be positive")
        self.options = options
        self.wrap_backend = wrap_backend
        self.stats = ActorStats()
        address = address or os.environ.get("RAY_ADDRESS") or None
        if address:
            log(f"joining the Ray cluster at {address} ...")  # Ray may retry for 20 s
        self._started_ray = connect_ray(address)
        try:
            self.plan = plan_actors(
                settings, address, actors=actors, threads=actor_threads, batch_size=batch_size
            )
            self.settings = actor_settings(settings, self.plan.threads)
            log(self.plan.describe(ray.cluster_resources().get("CPU", 0)))
            self.model_key, self.engine = self._probe()
        except BaseException:
            self.close()
            raise

    def _remote_args(self) -> dict:
        args: dict = {"num_cpus": self.plan.threads}
        if self.plan.gpus:
            args["num_gpus"] = self.plan.gpus
        return args

    def _probe(self) -> tuple[str, EngineRecord]:
        import ray  # lazily: Ray is an optional extra and slow to import

        task = ray.remote(_probe).options(**self._remote_args(), max_retries=0)
        try:
            return ray.get(task.remote(self.settings, self.options, self.wrap_backend))
        except ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, TarjamaError):
                raise cause from None
            raise TarjamaError(
                f"the model could not be loaded on Ray: {failure_message(cause or error)}"
            ) from None

    def translate(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Outcome]]:
        succeeded = False
        for window in _windows(articles):
            for article, outcome in self._run_window(window, stop_on_error=not succeeded):
                succeeded = succeeded or not isinstance(outcome, str)
                yield article, outcome

    def _run_window(
        self, window: list[Article], *, stop_on_error: bool
    ) -> Iterator[tuple[Article, Outcome]]:
        import ray.data  # lazily: Ray is an optional extra and slow to import

        rows = [
            {
                "position": position,
                "id": article.relative_stem,
                "text": article.text,
                "html": article.html,
            }
            for position, article in enumerate(window)
        ]
        blocks = max(1, min(math.ceil(len(rows) / self.plan.batch_size), 2000))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        arguments = {
            "fn_constructor_kwargs": {
                "settings": self.settings,
                "options": self.options,
                "wrap_backend": self.wrap_backend,
            },
            "compute": ray.data.ActorPoolStrategy(
                size=min(self.plan.actors, blocks), max_tasks_in_flight_per_actor=2
            ),
            "batch_size": None,  # one block (about --batch-size articles) per actor call
            "batch_format": "numpy",
            **self._remote_args(),
        }
        with warnings.catch_warnings():
            # Deprecated in Ray 2.60 with no replacement yet for actor restart limits;
            # without them Ray Data retries an actor-crashing article forever.
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                dataset = dataset.map_batches(
                    ArticleActor, ray_remote_args_fn=_fault_limits, **arguments
                )
            except TypeError:  # a Ray without ray_remote_args_fn
                dataset = dataset.map_batches(ArticleActor, **arguments)
        returned: set[int] = set()
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                for index, position in enumerate(batch["position"]):
                    position = int(position)
                    returned.add(position)
                    yield window[position], self._outcome(batch, index)
        except Exception as error:  # noqa: BLE001 - the rest of the window fails, not the run
            if stop_on_error and not returned:
                raise TarjamaError(f"the Ray job failed: {ray_error_line(error)}") from None
            reason = f"the Ray job failed before this article came back: {ray_error_line(error)}"
            for position, article in enumerate(window):
                if position not in returned:
                    yield article, reason

    def _outcome(self, batch: dict, index: int) -> Outcome:
        actor = str(batch["actor"][index])
        self.stats.peak_rss[actor] = max(
            self.stats.peak_rss.get(actor, 0), int(batch["peak_rss"][index])
        )
        error = str(batch["error"][index])
        if error:
            return error
        model = str(batch["model"][index])
        if model != self.model_key:
            return f"an actor loaded model {model}, not {self.model_key}; check the nodes' files"
        self.stats.articles[actor] = self.stats.articles.get(actor, 0) + 1
        return pickle.loads(batch["article"][index])

    def close(self) -> None:
        if self._started_ray:
            import ray  # lazily: Ray is an optional extra and slow to import

            ray.shutdown()
            self._started_ray = False


def _fault_limits() -> dict:
    return {"max_restarts": ACTOR_MAX_RESTARTS, "max_task_retries": TASK_MAX_RETRIES}


def _windows(articles: Iterator[Article]) -> Iterator[list[Article]]:
    window: list[Article] = []
    chars = 0
    for article in articles:
        window.append(article)
        chars += len(article.text)
        if len(window) >= WINDOW_ARTICLES or chars >= WINDOW_CHARS:
            yield window
            window, chars = [], 0
    if window:
        yield window


def plan_actors(
    settings: Settings, address: str | None, *, actors: int, threads: int, batch_size: int
) -> RayPlan:
    """Actors and threads under the thread budget: actors x threads <= CPUs, never more.

    On CPU an actor uses `threads` (default 1: parallel single-thread engines are the fastest
    on few cores) and declares them as its num_cpus; by default as many actors as fit the
    CPUs Ray has. With a CUDA device each actor declares one GPU and feeds it from one thread.
    """
    import ray  # lazily: Ray is an optional extra and slow to import

    resources = ray.cluster_resources()
    cpus = int(resources.get("CPU", 0))
    on_gpu = settings.device.startswith("cuda")
    if on_gpu:
        gpus_total = int(resources.get("GPU", 0))
        if gpus_total < 1:
            raise InvalidInput("--device cuda needs GPUs, but the Ray cluster has none")
        threads = threads or 1
        actors = actors or gpus_total
        plan = RayPlan(actors, threads, 1.0, batch_size, address)
    else:
        threads = threads or 1
        fit = cpus // threads
        if fit < 1:
            raise InvalidInput(f"--actor-threads {threads} is more than the {cpus} CPUs Ray has")
        plan = RayPlan(actors or fit, threads, 0.0, batch_size, address)
    needed = plan.actors * plan.threads
    if needed > cpus:
        message = (
            f"{counted(plan.actors, 'actor')} x {counted(plan.threads, 'thread')} need "
            f"{counted(needed, 'CPU')}, but Ray has {cpus}"
        )
        if not address:
            raise InvalidInput(message + "; use fewer --actors or --actor-threads")
        print(f"tarjama: warning: {message}; actors wait until nodes join", file=sys.stderr)
    return plan
