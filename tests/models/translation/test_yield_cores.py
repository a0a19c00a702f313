"""Yielding busy cores: NeighbourLoad's arithmetic, and the batcher holding a second batch back."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Sequence

import pytest

from tarjama.models.engines import neighbour_load
from tarjama.models.settings import Settings
from tarjama.models.threads import NeighbourLoad
from tarjama.models.translation.backend import Generated, PieceRequest
from tarjama.models.translation.batcher import DynamicBatcher
from tarjama.models.types import never_cancelled

PATIENCE = 20.0


class ScriptedLoad(NeighbourLoad):
    """A NeighbourLoad fed with made-up (time, busy ticks, own CPU seconds) samples."""

    def __init__(self, samples: list[tuple[float, int, float]], cores: int = 2) -> None:
        self.samples = list(samples)
        super().__init__({0, 1}, cores, interval=0.5)

    def _sample(self):
        return self.samples.pop(0) if self.samples else None


def ticks(seconds: float) -> int:
    from tarjama.models import threads

    return round(seconds * threads._CLOCK_TICKS)


def test_busy_elsewhere_is_machine_busy_less_our_own_cpu():
    load = ScriptedLoad([(0.0, 0, 0.0), (1.0, ticks(1.8), 0.9)])
    load.clock = lambda: 1.0
    assert load.busy_elsewhere() == pytest.approx(0.9, abs=0.02)
    assert load.allowed(2) == 1  # a neighbour takes most of a core: one batch at a time


def test_an_idle_machine_allows_every_worker():
    load = ScriptedLoad([(0.0, 0, 0.0), (1.0, ticks(2.0), 1.9)])
    load.clock = lambda: 1.0
    assert load.allowed(2) == 2
    assert load.allowed(1) == 1


def test_the_estimate_is_cached_between_samples():
    clock = [1.0]
    load = ScriptedLoad([(0.0, 0, 0.0), (1.0, ticks(1.0), 0.0), (1.2, ticks(1.2), 0.0)])
    load.clock = lambda: clock[0]
    assert load.busy_elsewhere() == pytest.approx(1.0, abs=0.02)
    clock[0] = 1.2  # less than the interval later: the second sample is not taken
    assert load.busy_elsewhere() == pytest.approx(1.0, abs=0.02)
    assert len(load.samples) == 1


def test_a_spinning_neighbour_is_seen():
    load = NeighbourLoad.for_this_process()
    if load is None:
        pytest.skip("needs Linux /proc/stat and at least two usable cores without a quota")
    spinner = subprocess.Popen([sys.executable, "-c", "while True:\n    pass\n"])
    try:
        time.sleep(0.2)
        load.busy_elsewhere()  # start a window while the neighbour spins
        time.sleep(load.interval + 0.3)
        assert load.busy_elsewhere() >= 0.5
    finally:
        spinner.kill()
        spinner.wait()


def test_only_cpu_engines_with_the_setting_on_get_a_sampler():
    assert neighbour_load(Settings(yield_cores=False), "cpu", 2) is None
    assert neighbour_load(Settings(), "cuda:0", 2) is None
    assert neighbour_load(Settings(), "cpu", 1) is None  # one worker never oversubscribes


class FixedLoad:
    """Stands in for NeighbourLoad: a fixed number of batches allowed at once."""

    interval = 0.01

    def __init__(self, allowed: int) -> None:
        self.value = allowed

    def allowed(self, workers: int) -> int:
        return min(workers, self.value)


class CountingBackend:
    """Each batch takes a moment; records the most batches that ever ran at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return [(0, 1) for _ in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
        return [Generated(text=text, output_tokens=1) for text in texts]


def run_requests(batcher: DynamicBatcher, count: int) -> None:
    def one(number: int) -> None:
        pieces = [PieceRequest(f"w{number}", 1, 8, (0, 1))]
        assert [result.text for _, result in batcher.run(pieces, never_cancelled)] == [f"w{number}"]

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE)
        assert not thread.is_alive()


@pytest.mark.parametrize(("allowed", "most"), [(1, 1), (2, 2)])
def test_the_batcher_starts_a_second_batch_only_on_a_free_core(allowed, most):
    backend = CountingBackend()
    batcher = DynamicBatcher(
        backend, workers=2, max_batch_sentences=1, max_wait_ms=0, neighbours=FixedLoad(allowed)
    )
    try:
        run_requests(batcher, 8)
    finally:
        batcher.close()
    assert backend.most == most
