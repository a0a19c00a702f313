"""`tarjama bench --compare --contention N`: tarjama beside busy processes on a shared host.

Two measurements, both side by side in one run:

* the served path (a bench server child, as in (c)) loaded for --contention-seconds while
  the machine is otherwise idle, then again while N busy processes (one spinning Python
  loop each) run beside it: the slowdown is contended / idle throughput;
* two in-process `tarjama translate` runs started at the same moment, with `--threads 1`
  and with the default thread settings, alternated for --contention-rounds rounds (so a
  drift in the host's speed hits both alike): with a thread budget that never
  oversubscribes, the default must cost at most 1.1x the single-threaded runs' time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tarjama.clients.bench.load import LoadResult, make_requests, run_load
from tarjama.clients.bench.server_child import ServerProcess
from tarjama.clients.client import TarjamaClient
from tarjama.models.threads import usable_cores
from tarjama.models.types import GenerationOptions

# Served throughput beside one busy process, relative to idle (on 2 cores a fair share is
# 2/3; an oversubscribed engine, whose thread teams stall on each other, gets far less).
SERVED_BUSY_TARGET = 0.4
# Two default in-process runs side by side vs two `--threads 1` runs side by side.
SIDE_BY_SIDE_TARGET = 1.1
BUSY_LOOP = "while True:\n    pass\n"
# Settings that would change what "default settings" means for the in-process runs.
_THREAD_VARIABLES = ("TARJAMA_THREADS", "TARJAMA_BATCH_WORKERS")


class BusyProcesses:
    """N child processes that each keep one core busy until the block ends."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> BusyProcesses:
        for _ in range(self.count):
            self.processes.append(subprocess.Popen([sys.executable, "-c", BUSY_LOOP]))
        time.sleep(0.5)  # let the scheduler see them before anything is timed
        return self

    def __exit__(self, *_exc: object) -> None:
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait()


@dataclass
class ContentionResult:
    """What --contention measured."""

    busy: int
    cores: int
    served_backend: str
    served_idle: LoadResult
    served_busy: LoadResult
    single_thread_seconds: float  # two `--threads 1` runs side by side, summed over rounds
    default_seconds: float  # two default runs side by side, summed over rounds
    rounds: int = 1

    @property
    def served_ratio(self) -> float:
        idle = self.served_idle.tokens_per_second
        return self.served_busy.tokens_per_second / idle if idle else 0.0

    @property
    def side_by_side_ratio(self) -> float:
        if not self.single_thread_seconds:
            return 0.0
        return self.default_seconds / self.single_thread_seconds


def measure_contention(
    args: argparse.Namespace,
    *,
    served_backend: str,
    server_arguments: list[str],
    sentences: list[str],
    hf_model_dir: Path,
) -> ContentionResult:
    """Run both measurements; progress goes to stdout."""
    options = GenerationOptions(beam_size=args.beam)
    requests = make_requests(sentences, args.sentences_per_request)
    tmp = Path(tempfile.mkdtemp(prefix="tarjama-contention-"))
    _progress(f"(f) starting the {served_backend} server (log: {tmp / 'server.log'})")
    with ServerProcess(server_arguments, tmp / "server.log") as server:
        with TarjamaClient(server.address, timeout=600) as client:
            client.wait_ready(timeout=600)
            client.translate(sentences[0], options=options)

        def load() -> LoadResult:
            return run_load(
                server.address,
                requests,
                clients=args.clients,
                duration=args.contention_seconds,
                max_requests=None,
                options=options,
                tokens_per_piece=args.forced_tokens,
            )

        _progress(f"(f) served, idle machine: {args.contention_seconds:.0f} s")
        idle = load()
        _progress(f"(f) served beside {args.contention} busy processes")
        with BusyProcesses(args.contention):
            busy = load()
    articles = _write_articles(tmp / "articles", sentences[: args.contention_sentences])
    base = [
        "translate",
        str(articles),
        f"--model={hf_model_dir}",
        "--offline",
        f"--beam={args.beam}",
        f"--max-output-tokens={args.forced_tokens}",
    ]
    single = default = 0.0
    rounds = max(1, args.contention_rounds)
    for round_number in range(1, rounds + 1):
        _progress(f"(g) round {round_number}/{rounds}: two `tarjama translate --threads 1` runs")
        single += _side_by_side(base + ["--threads=1"], tmp / f"single-{round_number}")
        _progress(f"(g) round {round_number}/{rounds}: two `tarjama translate` runs, defaults")
        default += _side_by_side(base, tmp / f"default-{round_number}")
    return ContentionResult(
        busy=args.contention,
        cores=usable_cores(),
        served_backend=served_backend,
        served_idle=idle,
        served_busy=busy,
        single_thread_seconds=single,
        default_seconds=default,
        rounds=rounds,
    )


def contention_checks(result: ContentionResult) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, goal, pass) rows; pass is None for information only."""
    rows: list[tuple[str, str, str, bool | None]] = []
    goal = f">= {SERVED_BUSY_TARGET}x" if result.busy == 1 else "(info)"
    rows.append(
        (
            f"served beside {result.busy} busy process(es) / idle",
            f"{result.served_ratio:.2f}x",
            goal,
            result.served_ratio >= SERVED_BUSY_TARGET if result.busy == 1 else None,
        )
    )
    rows.append(
        (
            f"2 in-process runs side by side, default / --threads 1 ({result.rounds} rounds)",
            f"{result.side_by_side_ratio:.2f}x "
            f"({result.default_seconds:.1f}/{result.single_thread_seconds:.1f} s)",
            f"<= {SIDE_BY_SIDE_TARGET}x",
            result.side_by_side_ratio <= SIDE_BY_SIDE_TARGET,
        )
    )
    return rows


def contention_lines(result: ContentionResult) -> list[str]:
    """The rows of the results table for the contention runs."""
    label = "CT2 int8" if result.served_backend == "ctranslate2" else "HF"
    lines = []
    for name, load in (
        (f"(f) served {label}, idle", result.served_idle),
        (f"(f) served {label}, {result.busy} busy", result.served_busy),
    ):
        lines.append(
            f"{name:<48}{load.sentences:>6}{load.sentences_per_second:>9.2f}"
            f"{load.tokens_per_second:>9.1f}{load.latency_ms(0.5):>9.0f}"
            f"{load.latency_ms(0.95):>9.0f}{load.latency_ms(0.99):>9.0f}"
        )
    return lines


def _write_articles(folder: Path, sentences: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(make_requests(sentences, 8)):
        (folder / f"{number:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def _side_by_side(arguments: list[str], workdir: Path) -> float:
    """Wall seconds until both of two identical `tarjama` runs, started together, finish."""
    env = {k: v for k, v in os.environ.items() if k not in _THREAD_VARIABLES}
    env["HF_HUB_OFFLINE"] = "1"
    workdir.mkdir(parents=True, exist_ok=True)
    processes = []
    started = time.perf_counter()
    for run in (1, 2):
        out = workdir / f"out-{run}"
        command = [sys.executable, "-m", "tarjama.clients.cli.main", *arguments, f"--out={out}"]
        log = (workdir / f"run-{run}.log").open("w", encoding="utf-8")
        processes.append(
            (subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env), log)
        )
    for process, log in processes:
        code = process.wait()
        log.close()
        if code != 0:
            raise RuntimeError(f"`tarjama {arguments[0]}` exited with {code}; see {workdir}")
    return time.perf_counter() - started


def _progress(message: str) -> None:
    print(f"{message} ...", flush=True)
