"""DynamicBatcher: routing across requests, length-sorted batches, cancellation, bounded queue."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import pytest

from tarjama.models.errors import Cancelled, NotReady, Overloaded
from tarjama.models.translation.backend import Generated, PieceRequest
from tarjama.models.translation.batcher import DynamicBatcher
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.fake_backend import FakeBackend, romanize
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.types import never_cancelled

# Generous: only a hang or a missed wake-up ever reaches it; nothing here measures speed.
PATIENCE = 20.0


class GatedBackend:
    """Records batches; a batch holding the text "blocker" waits inside the engine for `gate`."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.batches: list[tuple[tuple[str, ...], int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Semaphore(0)
        self.fail_on = fail_on
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return [tuple(range(len(text.split()) + 1)) for text in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        with self._lock:
            self.batches.append((tuple(texts), beam_size))
        self.entered.release()
        if "blocker" in texts:
            assert self.gate.wait(PATIENCE)
        if self.fail_on is not None and self.fail_on in texts:
            raise RuntimeError("engine failure")
        return [Generated(text=f"<{text}>", output_tokens=1) for text in texts]

    def texts_seen(self) -> set[str]:
        with self._lock:
            return {text for texts, _ in self.batches for text in texts}


class Call:
    """One run() in its own thread, like one gRPC request."""

    def __init__(
        self,
        batcher: DynamicBatcher,
        pieces: Sequence[PieceRequest],
        cancelled: Callable[[], bool] = never_cancelled,
    ) -> None:
        self.results: list[tuple[int, Generated]] = []
        self.error: BaseException | None = None

        def target() -> None:
            try:
                for item in batcher.run(pieces, cancelled):
                    self.results.append(item)
            except BaseException as error:  # noqa: BLE001 - inspected by the test
                self.error = error

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    def join(self) -> Call:
        self.thread.join(PATIENCE)
        assert not self.thread.is_alive(), "request never finished"
        return self


def pieces(*texts: str, beam: int = 4) -> list[PieceRequest]:
    return [PieceRequest(text, beam, 50, tuple(range(len(text.split()) + 1))) for text in texts]


def words(count: int, tag: str) -> str:
    return " ".join([tag] * count)


def hold_worker(backend: GatedBackend, batcher: DynamicBatcher) -> Call:
    """Occupy a worker with a blocked batch so that later pieces stay queued."""
    backend.gate.clear()
    blocker = Call(batcher, pieces("blocker"))
    assert backend.entered.acquire(timeout=PATIENCE)
    return blocker


@pytest.fixture
def gated():
    backend = GatedBackend()
    batchers: list[DynamicBatcher] = []

    def make(**options) -> DynamicBatcher:
        options.setdefault("workers", 1)
        options.setdefault("max_wait_ms", 0)
        batcher = DynamicBatcher(backend, **options)
        batchers.append(batcher)
        return batcher

    yield backend, make
    backend.gate.set()
    for batcher in batchers:
        batcher.close()


def test_concurrent_requests_each_get_their_own_results_in_place():
    backend = FakeBackend()
    batcher = DynamicBatcher(backend, workers=2, max_batch_sentences=8, max_wait_ms=2)
    requests = [
        [f"كلمة{request} " * (1 + (position * 7 + request) % 9) for position in range(12)]
        for request in range(8)
    ]
    calls = [Call(batcher, pieces(*texts)) for texts in requests]
    try:
        for call, texts in zip(calls, requests, strict=True):
            call.join()
            assert call.error is None
            assert sorted(index for index, _ in call.results) == list(range(len(texts)))
            for index, generated in call.results:
                assert generated.text == romanize(texts[index])
    finally:
        batcher.close()
    assert batcher.stats().pieces == sum(len(texts) for texts in requests)


def test_one_batch_mixes_pieces_of_several_requests(gated, wait_until):
    backend, make = gated
    batcher = make(max_batch_sentences=16)
    blocker = hold_worker(backend, batcher)
    first = Call(batcher, pieces("a1", "a2"))
    second = Call(batcher, pieces("b1", "b2", "b3"))
    wait_until(lambda: batcher.stats().queued_pieces == 5)
    backend.gate.set()
    for call in (blocker, first, second):
        assert call.join().error is None
    assert {"a1", "a2", "b1", "b2", "b3"} in [set(texts) for texts, _ in backend.batches]
    assert dict(second.results)[2].text == "<b3>"


def test_batches_group_similar_lengths_and_respect_the_token_budget(gated, wait_until):
    backend, make = gated
    batcher = make(max_batch_sentences=3, max_batch_tokens=30)
    blocker = hold_worker(backend, batcher)
    lengths = [2, 9, 3, 10, 4, 11, 30]
    texts = [words(length, f"w{length}") for length in lengths]
    call = Call(batcher, pieces(*texts))
    wait_until(lambda: batcher.stats().queued_pieces == len(texts))
    backend.gate.set()
    assert call.join().error is None and blocker.join().error is None
    batches = [sorted(len(text.split()) for text in batch) for batch, _ in backend.batches[1:]]
    assert sorted(batches) == [[2, 3, 4], [9, 10], [11], [30]]
    for batch in batches:
        assert len(batch) == 1 or (max(batch) + 1) * len(batch) <= 30


def test_pieces_with_different_beam_sizes_never_share_a_batch(gated, wait_until):
    backend, make = gated
    batcher = make()
    blocker = hold_worker(backend, batcher)
    greedy = Call(batcher, pieces("g1", "g2", beam=1))
    beam = Call(batcher, pieces("b1", "b2", beam=4))
    wait_until(lambda: batcher.stats().queued_pieces == 4)
    backend.gate.set()
    for call in (blocker, greedy, beam):
        assert call.join().error is None
    for texts, beam_size in backend.batches[1:]:
        assert {text[0] for text in texts} == ({"g"} if beam_size == 1 else {"b"})


def test_oldest_piece_goes_first(gated, wait_until):
    backend, make = gated
    batcher = make(max_batch_sentences=1)
    blocker = hold_worker(backend, batcher)
    old = Call(batcher, pieces(words(20, "old")))
    wait_until(lambda: batcher.stats().queued_pieces == 1)
    new = Call(batcher, pieces("n1", "n2"))
    wait_until(lambda: batcher.stats().queued_pieces == 3)
    backend.gate.set()
    for call in (blocker, old, new):
        assert call.join().error is None
    assert backend.batches[1][0] == (words(20, "old"),)


def test_cancelled_request_leaves_the_queue_and_is_never_decoded(gated, wait_until):
    backend, make = gated
    batcher = make()
    blocker = hold_worker(backend, batcher)
    cancel = threading.Event()
    doomed = Call(batcher, pieces("x1", "x2", "x3"), cancelled=cancel.is_set)
    survivor = Call(batcher, pieces("y1"))
    wait_until(lambda: batcher.stats().queued_pieces == 4)
    cancel.set()
    doomed.join()
    assert isinstance(doomed.error, Cancelled)
    assert batcher.stats().queued_pieces == 1
    assert batcher.stats().dropped_pieces == 3
    backend.gate.set()
    assert survivor.join().error is None and blocker.join().error is None
    assert not {"x1", "x2", "x3"} & backend.texts_seen()


def test_abandoned_iterator_drops_its_queued_pieces(gated):
    backend, make = gated
    # z1 and z2 cannot share a batch (budget); with another batch running, the free worker
    # sends z1 (it cannot grow) and keeps z2 waiting to fill for a minute.
    batcher = make(workers=2, max_wait_ms=60_000, max_batch_tokens=10)
    blocker = hold_worker(backend, batcher)
    results = batcher.run(pieces("z1 z1 z1", words(8, "z2")), never_cancelled)
    assert next(results)[1].text == "<z1 z1 z1>"
    assert batcher.stats().queued_pieces == 1
    results.close()  # the caller stops reading, e.g. its stream was closed
    assert batcher.stats().queued_pieces == 0
    assert batcher.stats().dropped_pieces == 1
    backend.gate.set()
    assert blocker.join().error is None
    assert words(8, "z2") not in backend.texts_seen()


def test_full_queue_refuses_new_work_with_overloaded(gated, wait_until):
    backend, make = gated
    batcher = make(max_queued_pieces=4)
    blocker = hold_worker(backend, batcher)
    admitted = Call(batcher, pieces("q1", "q2", "q3"))
    wait_until(lambda: batcher.stats().queued_pieces == 3)
    with pytest.raises(Overloaded):
        list(batcher.run(pieces("r1", "r2"), never_cancelled))
    assert batcher.stats().queued_pieces == 3
    assert batcher.stats().rejected_requests == 1
    fits = Call(batcher, pieces("s1"))
    wait_until(lambda: batcher.stats().queued_pieces == 4)
    backend.gate.set()
    for call in (blocker, admitted, fits):
        assert call.join().error is None
    assert not {"r1", "r2"} & backend.texts_seen()


def test_request_larger_than_the_queue_is_taken_when_the_queue_is_empty(gated):
    _, make = gated
    batcher = make(max_queued_pieces=2)
    call = Call(batcher, pieces("l1", "l2", "l3", "l4", "l5")).join()
    assert call.error is None and len(call.results) == 5


def test_idle_server_dispatches_without_waiting_for_max_wait(gated):
    backend, make = gated
    # A minute of max wait: finishing at all before PATIENCE proves it was not waited for.
    batcher = make(max_wait_ms=60_000)
    call = Call(batcher, pieces("alone")).join()
    assert call.error is None and call.results[0][1].text == "<alone>"


def test_busy_server_waits_to_fill_then_dispatches_when_the_engine_frees(gated, wait_until):
    backend, make = gated
    batcher = make(workers=2, max_wait_ms=60_000, max_batch_sentences=4)
    blocker = hold_worker(backend, batcher)
    waiting = Call(batcher, pieces("f1"))
    wait_until(lambda: batcher.stats().queued_pieces == 1)
    time.sleep(0.2)  # the free worker holds back while another batch runs
    assert "f1" not in backend.texts_seen()
    more = Call(batcher, pieces("f2", "f3"))
    wait_until(lambda: batcher.stats().queued_pieces == 3)
    backend.gate.set()  # the running batch ends: nothing to wait for any more
    for call in (blocker, waiting, more):
        assert call.join().error is None
    assert ("f1", "f2", "f3") in [tuple(sorted(texts)) for texts, _ in backend.batches]


def test_busy_server_dispatches_a_full_batch_at_once(gated):
    backend, make = gated
    batcher = make(workers=2, max_wait_ms=60_000, max_batch_sentences=2)
    blocker = hold_worker(backend, batcher)
    full = Call(batcher, pieces("p1", "p2"))
    assert backend.entered.acquire(timeout=PATIENCE)  # the second worker took it
    assert ("p1", "p2") in [tuple(sorted(texts)) for texts, _ in backend.batches]
    backend.gate.set()
    assert full.join().error is None and blocker.join().error is None


def test_engine_error_reaches_the_requests_of_that_batch_only():
    backend = GatedBackend(fail_on="bad")
    batcher = DynamicBatcher(backend, workers=1, max_wait_ms=0)
    try:
        failed = Call(batcher, pieces("bad")).join()
        assert isinstance(failed.error, RuntimeError)
        fine = Call(batcher, pieces("good")).join()
        assert fine.error is None and fine.results[0][1].text == "<good>"
    finally:
        batcher.close()


def test_close_cancels_queued_requests_and_refuses_new_ones(gated, wait_until):
    backend, make = gated
    batcher = make()
    blocker = hold_worker(backend, batcher)
    queued = Call(batcher, pieces("c1"))
    wait_until(lambda: batcher.stats().queued_pieces == 1)
    closer = threading.Thread(target=batcher.close, daemon=True)
    closer.start()
    assert isinstance(queued.join().error, Cancelled)
    backend.gate.set()
    closer.join(PATIENCE)
    blocker.join()
    with pytest.raises(NotReady):
        list(batcher.run(pieces("late"), never_cancelled))


def test_sentence_translator_runs_on_the_batcher():
    backend = FakeBackend()
    batcher = DynamicBatcher(backend, workers=2, max_wait_ms=1)
    translator = SentenceTranslator(backend, TranslatorConfig(beam_size=1), executor=batcher)
    sentences = ["مرحبا بالعالم", "", "كتب الطالب الدرس"]
    try:
        results = translator.translate_all(sentences)
    finally:
        translator.close()
    assert [result.translation for result in results] == [romanize(s) for s in sentences]
