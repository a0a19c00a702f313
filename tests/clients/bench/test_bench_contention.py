"""`bench --compare --contention`: its busy neighbours and its verdicts (no timing asserted)."""

from __future__ import annotations

from tarjama.clients.bench.contention import (
    BusyProcesses,
    ContentionResult,
    contention_checks,
    contention_lines,
)
from tarjama.clients.bench.load import LoadResult


def load(tokens: int, seconds: float = 10.0) -> LoadResult:
    return LoadResult(
        clients=8, wall_seconds=seconds, sentences=tokens // 8, generated_tokens=tokens
    )


def test_busy_processes_run_inside_the_block_and_are_gone_after():
    with BusyProcesses(2) as busy:
        assert len(busy.processes) == 2
        assert all(process.poll() is None for process in busy.processes)
    assert all(process.poll() is not None for process in busy.processes)


def test_verdicts_follow_the_targets():
    result = ContentionResult(
        busy=1,
        cores=2,
        served_backend="ctranslate2",
        served_idle=load(1000),
        served_busy=load(450),
        single_thread_seconds=40.0,
        default_seconds=42.0,
    )
    (served, served_value, _, served_ok), (side, side_value, _, side_ok) = contention_checks(result)
    assert served_value == "0.45x" and served_ok is True
    assert side_value.startswith("1.05x") and side_ok is True
    slow = ContentionResult(1, 2, "hf", load(1000), load(300), 40.0, 60.0)
    assert [ok for *_, ok in contention_checks(slow)] == [False, False]
    many = ContentionResult(3, 2, "hf", load(1000), load(300), 40.0, 40.0)
    assert contention_checks(many)[0][3] is None  # only N=1 has a target
    assert any("3 busy" in line for line in contention_lines(many))
