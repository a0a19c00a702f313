"""The thread budget: engine workers × intra-op threads never exceed the usable cores."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by a cgroup CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        cores = min(cores, quota)
    return max(1, cores)


def _cgroup_quota() -> int | None:
    """Whole cores allowed by a cgroup v2 `cpu.max` quota (containers), if any."""
    try:
        fields = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except OSError:
        return None
    if len(fields) != 2 or fields[0] == "max":
        return None
    try:
        return max(1, int(int(fields[0]) / int(fields[1])))
    except (ValueError, ZeroDivisionError):
        return None


@dataclass(frozen=True)
class ThreadPlan:
    """How an engine uses its threads: `workers` batches at once, each on `intra` threads."""

    workers: int
    intra: int

    @property
    def total(self) -> int:
        return self.workers * self.intra


def plan_threads(threads: int = 0, workers: int = 0, cores: int | None = None) -> ThreadPlan:
    """The thread plan for an engine.

    threads: total CPU threads the engine may use (0 = the usable cores).
    workers: batches run in parallel (0 = one per thread).

    Parallel single-threaded batches are the default: on a few shared cores they are
    faster than one batch split across threads, and they degrade gracefully when a
    neighbouring process takes a core, where intra-op thread teams stall on each other
    (measured: `tarjama bench --compare --contention 1`). workers × intra never exceeds
    `threads`; asking for more threads than usable cores is allowed but logged.
    """
    available = usable_cores() if cores is None else max(1, cores)
    total = threads if threads > 0 else available
    if total > available:
        log.warning(
            "%d threads requested but only %d cores are usable: the engine will oversubscribe",
            total,
            available,
        )
    parallel = workers if workers > 0 else total
    parallel = min(parallel, total)
    return ThreadPlan(workers=parallel, intra=max(1, total // parallel))


class NeighbourLoad:
    """How many of this process's cores other processes kept busy lately (Linux /proc/stat).

    A process that runs `workers` batches in parallel on a machine where a neighbour also
    runs flat out oversubscribes the cores (4 runnable threads on 2 cores): every thread
    then runs slower than one thread per core would, for the same total work. Asking this
    before each extra batch lets an engine use idle cores and leave busy ones alone.
    """

    def __init__(self, cpus: set[int], cores: int, interval: float = 0.5) -> None:
        self.cpus = {f"cpu{n}" for n in cpus}
        self.cores = cores
        self.interval = interval
        self._lock = threading.Lock()
        self.clock = time.monotonic
        self._last = self._sample()
        self._busy_elsewhere = 0.0

    @classmethod
    def for_this_process(cls) -> NeighbourLoad | None:
        """A sampler when /proc/stat shows exactly the cores this process may use, else None.

        Under a cgroup CPU quota the CPUs it may run on are shared with processes outside
        its container, whose load says nothing about its own quota: no sampler there.
        """
        try:
            cpus = os.sched_getaffinity(0)
        except (AttributeError, OSError):
            return None
        if len(cpus) != usable_cores() or len(cpus) < 2:
            return None
        try:
            sampler = cls(cpus, len(cpus))
        except (OSError, ValueError):
            return None
        return sampler if sampler._last is not None else None

    def allowed(self, workers: int) -> int:
        """Batches worth running at once: the cores neighbours left free, at least one."""
        busy = self.busy_elsewhere()
        return max(1, min(workers, int(self.cores - busy + 0.5)))

    def busy_elsewhere(self) -> float:
        """Cores other processes used over the last sampling interval (cached in between)."""
        with self._lock:
            now = self.clock()
            if self._last is None or now - self._last[0] < self.interval:
                return self._busy_elsewhere
            sample = self._sample()
            if sample is None:
                return self._busy_elsewhere
            wall = sample[0] - self._last[0]
            busy = (sample[1] - self._last[1]) / _CLOCK_TICKS / wall
            own = (sample[2] - self._last[2]) / wall
            self._busy_elsewhere = max(0.0, busy - own)
            self._last = sample
            return self._busy_elsewhere

    def _sample(self) -> tuple[float, int, float] | None:
        """(monotonic time, busy ticks of our cpus, this process's CPU seconds)."""
        busy = 0
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                for line in stat:
                    name, _, rest = line.partition(" ")
                    if name in self.cpus:
                        fields = [int(value) for value in rest.split()]
                        # user nice system idle iowait irq softirq steal: steal is a
                        # hypervisor's doing, not a neighbour's, so it is not counted
                        busy += sum(fields[:3]) + sum(fields[5:7])
        except (OSError, ValueError):
            return None
        times = os.times()
        return self.clock(), busy, times.user + times.system


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
