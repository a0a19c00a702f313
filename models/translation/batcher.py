"""Dynamic batching: one bounded queue of pieces from all in-flight requests, run by N workers."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tarjama.models.errors import Cancelled, NotReady, Overloaded
from tarjama.models.translation.backend import Generated, PieceRequest, Seq2SeqBackend
from tarjama.models.translation.observer import EngineObserver
from tarjama.models.types import CancelCheck

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatcherStats:
    """Counters of a DynamicBatcher since it started (for GetInfo, logs and the benchmark)."""

    workers: int
    queued_pieces: int
    running_batches: int
    batches: int
    pieces: int
    rejected_requests: int
    dropped_pieces: int

    @property
    def mean_batch_size(self) -> float:
        return self.pieces / self.batches if self.batches else 0.0


@dataclass
class _Request:
    """The waiting caller of run(): where its results go and whether it still wants them."""

    results: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    gone: bool = False


@dataclass(eq=False)
class _Item:
    request: _Request
    index: int  # position in the caller's pieces
    piece: PieceRequest
    tokens: int
    arrival: int  # global arrival order: the oldest item is always in the next batch
    enqueued_at: float


@dataclass(frozen=True)
class _Failure:
    error: BaseException


class DynamicBatcher:
    """A PieceExecutor shared by all requests of a server.

    Pieces of every request wait in one bounded queue. Each worker takes the oldest piece
    plus the queued pieces closest to it in length (same beam size) up to the token budget,
    runs them as one batch and routes each result back to its request and position.

    Latency rule: a worker that finds work while no other batch is running dispatches at
    once; only while other batches are running does it wait (up to max_wait after the
    oldest piece arrived) for the batch to fill, since the engine is busy anyway.
    """

    def __init__(
        self,
        backend: Seq2SeqBackend,
        *,
        max_batch_tokens: int = 4096,
        max_batch_sentences: int = 32,
        max_wait_ms: float = 10.0,
        max_queued_pieces: int = 4096,
        workers: int | None = None,
        poll_seconds: float = 0.05,
    ) -> None:
        if max_batch_tokens < 1 or max_batch_sentences < 1 or max_queued_pieces < 1:
            raise ValueError("batch limits and queue size must be positive")
        self.backend = backend
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_sentences = max_batch_sentences
        self.max_wait = max_wait_ms / 1000.0
        self.max_queued_pieces = max_queued_pieces
        # Engines that run batches in parallel (CTranslate2 inter_threads) say how many;
        # others (PyTorch already uses every core for one batch) get one worker.
        self.workers = workers or int(getattr(backend, "parallelism", 1) or 1)
        self._poll_seconds = poll_seconds
        self.observer: EngineObserver | None = None  # metrics, when a server sets them
        self._cond = threading.Condition()
        self._pending: list[_Item] = []  # arrival order
        self._arrivals = 0
        self._running = 0
        self._closed = False
        self._batches = 0
        self._pieces = 0
        self._rejected = 0
        self._dropped = 0
        self._threads = [
            threading.Thread(target=self._work, name=f"tarjama-batcher-{n}", daemon=True)
            for n in range(self.workers)
        ]
        for thread in self._threads:
            thread.start()

    def run(
        self, pieces: Sequence[PieceRequest], cancelled: CancelCheck
    ) -> Iterator[tuple[int, Generated]]:
        """Queue the pieces and yield (index, result) as their batches finish.

        Raises Overloaded (nothing queued) when the queue cannot take them all, Cancelled
        when `cancelled()` turns true; either way none of this request's pieces stay queued.
        """
        if not pieces:
            return
        # Tokenize in the caller's thread, outside the lock, so workers never wait on it.
        tokens = self.backend.count_tokens([piece.text for piece in pieces])
        request = self._admit(pieces, tokens)
        remaining = len(pieces)
        try:
            while remaining:
                if cancelled():
                    raise Cancelled("translation cancelled by the caller")
                try:
                    message = request.results.get(timeout=self._poll_seconds)
                except queue.Empty:
                    continue
                if isinstance(message, _Failure):
                    raise message.error
                remaining -= 1
                yield message
        finally:
            if remaining:
                self._forget(request)

    def stats(self) -> BatcherStats:
        with self._cond:
            return BatcherStats(
                workers=self.workers,
                queued_pieces=len(self._pending),
                running_batches=self._running,
                batches=self._batches,
                pieces=self._pieces,
                rejected_requests=self._rejected,
                dropped_pieces=self._dropped,
            )

    def close(self) -> None:
        """Stop the workers after their current batch; queued requests get Cancelled."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            for item in self._pending:
                if not item.request.gone:
                    item.request.gone = True
                    item.request.results.put(_Failure(Cancelled("the translator is shutting down")))
            self._dropped += len(self._pending)
            self._pending.clear()
            self._cond.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=30)

    # -- queue side -------------------------------------------------------------------

    def _admit(self, pieces: Sequence[PieceRequest], tokens: list[int]) -> _Request:
        request = _Request()
        now = time.monotonic()
        with self._cond:
            if self._closed:
                raise NotReady("the translator is shutting down")
            queued = len(self._pending)
            # An empty queue takes any request, or one article longer than the limit could
            # never be translated; otherwise the limit bounds memory.
            if queued and queued + len(pieces) > self.max_queued_pieces:
                self._rejected += 1
                raise Overloaded(
                    f"translation queue is full ({queued} sentences waiting, limit "
                    f"{self.max_queued_pieces}); retry later"
                )
            for index, (piece, count) in enumerate(zip(pieces, tokens, strict=True)):
                self._pending.append(_Item(request, index, piece, count, self._arrivals, now))
                self._arrivals += 1
            self._cond.notify_all()
        return request

    def _forget(self, request: _Request) -> None:
        """Drop a request's queued pieces; results of its running batches are discarded."""
        with self._cond:
            request.gone = True
            kept = [item for item in self._pending if item.request is not request]
            self._dropped += len(self._pending) - len(kept)
            self._pending = kept

    # -- worker side ------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            started = time.monotonic()
            try:
                results = self.backend.generate(
                    [item.piece.text for item in batch],
                    beam_size=batch[0].piece.beam_size,
                    max_new_tokens=[item.piece.max_new_tokens for item in batch],
                )
                if len(results) != len(batch):
                    raise RuntimeError(f"backend returned {len(results)} results for {len(batch)}")
                if self.observer is not None:
                    self.observer.batch_done(
                        sentences=len(batch),
                        source_tokens=sum(item.tokens for item in batch),
                        generated_tokens=sum(result.output_tokens for result in results),
                        inference_seconds=time.monotonic() - started,
                        queue_seconds=[started - item.enqueued_at for item in batch],
                    )
            except BaseException as error:  # noqa: BLE001 - routed to the waiting callers
                log.debug("batch of %d failed", len(batch), exc_info=True)
                failed = {id(item.request): item.request for item in batch}
                for request in failed.values():
                    if not request.gone:
                        request.results.put(_Failure(error))
            else:
                for item, result in zip(batch, results, strict=True):
                    if not item.request.gone:
                        item.request.results.put((item.index, result))
            finally:
                with self._cond:
                    self._running -= 1
                    # A waiting worker may now be the only one left: it must not keep waiting.
                    self._cond.notify_all()

    def _next_batch(self) -> list[_Item] | None:
        with self._cond:
            while True:
                if self._closed:
                    return None
                if not self._pending:
                    self._cond.wait()
                    continue
                batch, full = self._form_batch()
                wait = self._pending[0].enqueued_at + self.max_wait - time.monotonic()
                if full or self._running == 0 or wait <= 0:
                    chosen = {id(item) for item in batch}
                    self._pending = [item for item in self._pending if id(item) not in chosen]
                    self._running += 1
                    self._batches += 1
                    self._pieces += len(batch)
                    return batch
                self._cond.wait(wait)

    def _form_batch(self) -> tuple[list[_Item], bool]:
        """The oldest piece plus its nearest neighbours in length; and whether it is full.

        Neighbours are added one at a time, from whichever side adds less padding, while the
        padded size (longest * count) stays within the token budget.
        """
        oldest = self._pending[0]
        same_beam = sorted(
            (item for item in self._pending if item.piece.beam_size == oldest.piece.beam_size),
            key=lambda item: (item.tokens, item.arrival),
        )
        low = high = same_beam.index(oldest)
        longest = oldest.tokens
        limited_by_budget = False
        while high - low + 1 < self.max_batch_sentences:
            count = high - low + 1
            left = same_beam[low - 1] if low > 0 else None
            right = same_beam[high + 1] if high + 1 < len(same_beam) else None
            if left is not None and longest * (count + 1) > self.max_batch_tokens:
                left, limited_by_budget = None, True
            if right is not None and right.tokens * (count + 1) > self.max_batch_tokens:
                right, limited_by_budget = None, True
            if left is None and right is None:
                break
            left_padding = longest - left.tokens if left is not None else None
            right_padding = count * (right.tokens - longest) if right is not None else None
            take_left = left_padding is not None and (
                right_padding is None or left_padding <= right_padding
            )
            if take_left:
                low -= 1
            else:
                high += 1
                longest = right.tokens
        batch = same_beam[low : high + 1]
        full = len(batch) >= self.max_batch_sentences or limited_by_budget
        return batch, full
