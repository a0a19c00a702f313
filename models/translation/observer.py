"""What engines report as they work (batches, sentences), for whoever monitors them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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
