"""The server's engines around FakeBackend: what service and `--server` CLI tests serve."""

from __future__ import annotations

from typing import Any

from tarjama.models.engines import Engines
from tarjama.models.limits import Limits
from tarjama.models.translation.article import ArticleTranslator
from tarjama.models.translation.backend import Seq2SeqBackend
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.executor import InlineExecutor
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.translation.translator import SentenceTranslator


def fake_engines(
    backend: Seq2SeqBackend | None = None,
    *,
    summarizer: Any = None,
    limits: Limits | None = None,
    max_batch_sentences: int = 8,
) -> Engines:
    """Engines that "translate" with `backend` (a fresh FakeBackend by default), batch by
    request (no dynamic batcher, no cache) and summarize with `summarizer` (None: the server
    registers no summarization service)."""
    backend = FakeBackend() if backend is None else backend
    executor = InlineExecutor(
        backend, max_batch_tokens=4096, max_batch_sentences=max_batch_sentences
    )
    translator = SentenceTranslator(backend, TranslatorConfig(model="fake"), executor=executor)
    return Engines(
        translator=translator,
        pipeline=ArticleTranslator(translator, limits=limits),
        summarizer=summarizer,
        closers=[translator],
    )
