"""Dynamic batching: one bounded queue of pieces from all in-flight requests, run by N workers."""

from __future__ import annotations

import bisect
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tarjama.models.errors import Cancelled, NotReady, Overloaded
from tarjama.models.threads import NeighbourLoad
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
    taken: bool = False  # in a batch already, or dropped (the arrival queue skips it)

    @property
    def order(self) -> tuple[int, int]:
        """Where the item sits in its beam's length-sorted list."""
        return (self.tokens, self.arrival)


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

    Cost: queued pieces sit in an arrival queue and, per beam size, in a list sorted by
    length, so forming a batch costs O(batch) plus one slice removal, whatever the queue's
    size (a 50,000-sentence article is batched in linear time, not quadratic).
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
        neighbours: NeighbourLoad | None = None,
        observer: EngineObserver | None = None,
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
        # With a sampler, a second parallel batch starts only while neighbours leave a core
        # free; without one every worker runs whenever there is work.
        self.neighbours = neighbours
        self.observer = observer
        self._cond = threading.Condition()
        self._arrival_order: deque[_Item] = deque()  # oldest first; taken items are skipped
        self._by_length: dict[int, list[tuple[int, int, _Item]]] = {}  # beam -> sorted queue
        self._queued = 0
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
        # The planner tokenized every piece once already; its ids travel with it.
        tokens = [piece.tokens for piece in pieces]
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
                queued_pieces=self._queued,
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
            for item in self._arrival_order:
                if not item.taken and not item.request.gone:
                    item.request.gone = True
                    item.request.results.put(_Failure(Cancelled("the translator is shutting down")))
            self._dropped += self._queued
            self._arrival_order.clear()
            self._by_length.clear()
            self._queued = 0
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
            queued = self._queued
            # An empty queue takes any request, or one article longer than the limit could
            # never be translated; otherwise the limit bounds memory.
            if queued and queued + len(pieces) > self.max_queued_pieces:
                self._rejected += 1
                raise Overloaded(
                    f"translation queue is full ({queued} sentences waiting, limit "
                    f"{self.max_queued_pieces}); retry later"
                )
            touched: set[int] = set()
            for index, (piece, count) in enumerate(zip(pieces, tokens, strict=True)):
                item = _Item(request, index, piece, count, self._arrivals, now)
                self._arrivals += 1
                self._arrival_order.append(item)
                self._by_length.setdefault(piece.beam_size, []).append((*item.order, item))
                touched.add(piece.beam_size)
            for beam in touched:
                # Timsort merges the sorted queue and the new sorted-ish run in linear time.
                self._by_length[beam].sort(key=_sort_key)
            self._queued += len(pieces)
            self._cond.notify_all()
        return request

    def _forget(self, request: _Request) -> None:
        """Drop a request's queued pieces; results of its running batches are discarded."""
        with self._cond:
            request.gone = True
            dropped = 0
            for beam, entries in list(self._by_length.items()):
                kept = [entry for entry in entries if entry[2].request is not request]
                for _, _, item in entries:
                    if item.request is request:
                        item.taken = True
                dropped += len(entries) - len(kept)
                if kept:
                    self._by_length[beam] = kept
                else:
                    del self._by_length[beam]
            self._queued -= dropped
            self._dropped += dropped
            self._skip_taken()

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
                    token_ids=[item.piece.token_ids for item in batch],
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
                if not self._queued:
                    self._cond.wait()
                    continue
                if self._running and not self._core_free():
                    self._cond.wait(self.neighbours.interval)  # neighbours change unannounced
                    continue
                oldest = self._arrival_order[0]
                batch, full, (beam, low, high) = self._form_batch(oldest)
                wait = oldest.enqueued_at + self.max_wait - time.monotonic()
                if full or self._running == 0 or wait <= 0:
                    entries = self._by_length[beam]
                    del entries[low : high + 1]
                    if not entries:
                        del self._by_length[beam]
                    for item in batch:
                        item.taken = True
                    self._queued -= len(batch)
                    self._skip_taken()
                    self._running += 1
                    self._batches += 1
                    self._pieces += len(batch)
                    return batch
                self._cond.wait(wait)

    def _core_free(self) -> bool:
        """Whether one more batch may start beside the running ones."""
        if self.neighbours is None:
            return True
        return self._running < self.neighbours.allowed(self.workers)

    def _skip_taken(self) -> None:
        """Drop batched or forgotten items from the front of the arrival queue."""
        while self._arrival_order and self._arrival_order[0].taken:
            self._arrival_order.popleft()

    def _form_batch(self, oldest: _Item) -> tuple[list[_Item], bool, tuple[int, int, int]]:
        """The oldest piece plus its nearest neighbours in length; whether it is full; and
        where the batch lies in its beam's sorted list (beam, first, last index).

        Neighbours are added one at a time, from whichever side adds less padding, while the
        padded size (longest * count) stays within the token budget.
        """
        beam = oldest.piece.beam_size
        entries = self._by_length[beam]
        position = bisect.bisect_left(entries, oldest.order, key=_sort_key)
        same_beam = _ItemView(entries)
        low = high = position
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
        batch = [entry[2] for entry in entries[low : high + 1]]
        full = len(batch) >= self.max_batch_sentences or limited_by_budget
        return batch, full, (beam, low, high)


def _sort_key(entry: tuple[int, int, _Item] | tuple[int, int]) -> tuple[int, int]:
    return (entry[0], entry[1])


class _ItemView:
    """Index a beam's sorted (tokens, arrival, item) list as items, without copying it."""

    def __init__(self, entries: list[tuple[int, int, _Item]]) -> None:
        self._entries = entries

    def __getitem__(self, index: int) -> _Item:
        return self._entries[index][2]

    def __len__(self) -> int:
        return len(self._entries)
