"""What engines report as they work (batches, sentences), for whoever monitors them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from tarjama.models.types import SentenceTranslation


class EngineObserver(Protocol):
    """Receives engine events; the server's metrics implement it, engines never depend on one.

    Calls come from engine threads and must return quickly without raising.
    """

    def batch_done(
        self,
        *,
        sentences: int,
        source_tokens: int,
        generated_tokens: int,
        inference_seconds: float,
        queue_seconds: Sequence[float],
    ) -> None:
        """One engine batch finished: its size, tokens in and out, how long it ran, and how
        long each of its pieces waited in the queue (empty without a queue)."""
        ...

    def sentence_done(self, translation: SentenceTranslation) -> None:
        """One sentence was translated (from the engine or the cache) for a caller."""
        ...


class EngineEvents:
    """The observer engine assembly hands to every part it builds (translator, executor,
    batcher); whoever monitors the engines subscribes here, before or after they start.

    Parts get it when they are made, so nothing walks the executor chain later to find
    who emits what.
    """

    def __init__(self) -> None:
        self._observers: tuple[EngineObserver, ...] = ()

    def subscribe(self, observer: EngineObserver) -> None:
        self._observers = (*self._observers, observer)  # one atomic swap: no lock on emit

    def batch_done(self, **batch: Any) -> None:
        for observer in self._observers:
            observer.batch_done(**batch)

    def sentence_done(self, translation: SentenceTranslation) -> None:
        for observer in self._observers:
            observer.sentence_done(translation)
