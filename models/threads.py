"""The thread budget: engine workers × intra-op threads never exceed the usable cores."""

from __future__ import annotations

import logging
import os
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
