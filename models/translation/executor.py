"""Runs one request's pieces through a backend in length-sorted, token-budgeted batches."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from tarjama.models.errors import Cancelled
from tarjama.models.translation.backend import Generated, PieceRequest, Seq2SeqBackend
from tarjama.models.translation.observer import EngineObserver
from tarjama.models.types import CancelCheck


def plan_batches(
    pieces: Sequence[PieceRequest],
    lengths: Sequence[int],
    max_batch_tokens: int,
    max_batch_sentences: int,
) -> list[list[int]]:
    """Indices of pieces grouped into batches, shortest batches first.

    A batch holds pieces of one beam size, sorted by token length so that little padding is
    needed; its cost counts padding (size * longest) and stays within max_batch_tokens,
    except that a single piece longer than the budget still gets a batch of its own.
    """
    by_beam: dict[int, list[int]] = {}
    for index, piece in enumerate(pieces):
        by_beam.setdefault(piece.beam_size, []).append(index)
    batches: list[list[int]] = []
    for indices in by_beam.values():
        batch: list[int] = []
        for index in sorted(indices, key=lambda i: (lengths[i], i)):
            # Sorted ascending, so the newcomer is the batch's longest piece.
            padded_cost = (len(batch) + 1) * lengths[index]
            if batch and (padded_cost > max_batch_tokens or len(batch) >= max_batch_sentences):
                batches.append(batch)
                batch = []
            batch.append(index)
        if batch:
            batches.append(batch)
    batches.sort(key=lambda batch: (lengths[batch[-1]], batch[0]))
    return batches


class InlineExecutor:
    """Batches in the calling thread; what the CLI and a server without a batcher use."""

    def __init__(
        self,
        backend: Seq2SeqBackend,
        max_batch_tokens: int = 4096,
        max_batch_sentences: int = 32,
        *,
        observer: EngineObserver | None = None,
    ) -> None:
        if max_batch_tokens < 1 or max_batch_sentences < 1:
            raise ValueError("max_batch_tokens and max_batch_sentences must be positive")
        self.backend = backend
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_sentences = max_batch_sentences
        self.observer = observer

    def run(
        self, pieces: Sequence[PieceRequest], cancelled: CancelCheck
    ) -> Iterator[tuple[int, Generated]]:
        if not pieces:
            return
        lengths = [piece.tokens for piece in pieces]
        batches = plan_batches(pieces, lengths, self.max_batch_tokens, self.max_batch_sentences)
        for number, batch in enumerate(batches):
            if cancelled():
                raise Cancelled(f"translation cancelled after {number} of {len(batches)} batches")
            started = time.monotonic()
            results = self.backend.generate(
                [pieces[index].text for index in batch],
                beam_size=pieces[batch[0]].beam_size,
                max_new_tokens=[pieces[index].max_new_tokens for index in batch],
                token_ids=[pieces[index].token_ids for index in batch],
            )
            if self.observer is not None:
                self.observer.batch_done(
                    sentences=len(batch),
                    source_tokens=sum(lengths[index] for index in batch),
                    generated_tokens=sum(result.output_tokens for result in results),
                    inference_seconds=time.monotonic() - started,
                    queue_seconds=(),
                )
            yield from zip(batch, results, strict=True)

    def close(self) -> None:
        """Nothing to release: work runs in the caller's thread."""
