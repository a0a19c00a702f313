"""The in-process engine: articles on threads over a translate function (local or a server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from tarjama.clients.runs.manifest import EngineRecord, ModelKey
from tarjama.clients.runs.runner import Outcome, failure_message
from tarjama.clients.runs.types import Article
from tarjama.models.errors import Cancelled, NotReady, Unauthenticated
from tarjama.models.types import TranslatedArticle

TranslateFn = Callable[..., TranslatedArticle]
"""(article_id, text, *, html: bool) -> translated article; html: text is a saved web page."""


class ThreadEngine:
    """The in-process (or --server) engine: `concurrency` articles in flight on threads."""

    def __init__(
        self,
        translate: TranslateFn,
        model_key: ModelKey,
        *,
        concurrency: int,
        close: Callable[[], None] = lambda: None,
        engine: EngineRecord | None = None,
    ) -> None:
        self._translate = translate
        self.model_key = model_key
        self.engine = engine  # recorded with each finished article (None: not recorded)
        self.concurrency = max(1, concurrency)
        self._close = close

    def translate(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Outcome]]:
        # At most 2 x concurrency articles are read ahead, so any input streams through.
        limit = 2 * self.concurrency
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="translate")
        running: dict[Future, Article] = {}
        try:
            for article in articles:
                page = {"html": True} if article.html else {}  # a saved page: extract it first
                future = pool.submit(self._translate, article.relative_stem, article.text, **page)
                running[future] = article
                while len(running) >= limit:
                    yield from self._finished(running)
            while running:
                yield from self._finished(running)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _finished(
        running: dict[Future, Article],
    ) -> Iterator[tuple[Article, Outcome]]:
        done, _ = wait(list(running), return_when=FIRST_COMPLETED)
        for future in done:
            article = running.pop(future)
            try:
                yield article, future.result()
            except (NotReady, Cancelled, Unauthenticated):
                # The server is gone or refuses this client's token: every remaining article
                # would fail the same way, so stop the run instead.
                raise
            except Exception as error:  # noqa: BLE001 - one broken article must not end the run
                yield article, failure_message(error)

    def close(self) -> None:
        self._close()
