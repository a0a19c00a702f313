"""The server's engines around FakeBackend: what service and `--server` CLI tests serve."""

from __future__ import annotations

from typing import Any

from tarjama.models.engines import Engines, build_engines
from tarjama.models.limits import Limits
from tarjama.models.settings import Settings
from tarjama.models.translation.backend import Seq2SeqBackend
from tarjama.models.translation.fake_backend import FakeBackend


def fake_engines(
    backend: Seq2SeqBackend | None = None,
    *,
    summarizer: Any = None,
    limits: Limits | None = None,
    max_batch_sentences: int = 8,
    batching: str = "inline",
    cache_entries: int = 0,
    batcher_workers: int | None = None,
    **settings: Any,
) -> Engines:
    """The real engine assembly around `backend` (a fresh FakeBackend by default).

    By default it batches by request (no dynamic batcher, no cache); `batching="dynamic"`
    and `cache_entries` give the server's full stack. `summarizer` None: the server
    registers no summarization service. Other keywords are Settings fields.
    """
    # Tests decide batch timing themselves: no holding back for neighbour processes.
    settings.setdefault("yield_cores", False)
    configured = Settings(
        model="fake",
        batching=batching,
        cache_entries=cache_entries,
        max_batch_sentences=max_batch_sentences,
        **settings,
    )
    return build_engines(
        configured,
        backend=FakeBackend() if backend is None else backend,
        summarizer=summarizer,
        limits=limits,
        batcher_workers=batcher_workers,
    )
