"""The results table and the target checks of `tarjama bench --compare`."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from tarjama.clients.bench.contention import contention_checks, contention_lines
from tarjama.clients.bench.load import LoadResult, percentile
from tarjama.clients.bench.raw_engines import EngineResult
from tarjama.clients.bench.secured import TARGET

RSS_LIMIT_BYTES = 1_000_000_000
TARGETS = {"vs_naive": 12.0, "vs_raw": 0.9, "idle_latency": 1.2}


@dataclass
class Row:
    """One line of the results table."""

    path: str
    sentences: int
    sentences_per_second: float
    tokens_per_second: float
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None

    @classmethod
    def of_engine(cls, path: str, result: EngineResult) -> Row:
        latencies = result.latencies
        return cls(
            path,
            result.sentences,
            result.sentences_per_second,
            result.tokens_per_second,
            *(percentile(latencies, f) * 1000 if latencies else None for f in (0.5, 0.95, 0.99)),
        )

    @classmethod
    def of_load(cls, path: str, result: LoadResult) -> Row:
        return cls(
            path,
            result.sentences,
            result.sentences_per_second,
            result.tokens_per_second,
            result.latency_ms(0.5),
            result.latency_ms(0.95),
            result.latency_ms(0.99),
        )


@dataclass
class Served:
    """The served path of one backend, and the raw engine measured alongside it."""

    backend: str
    load: LoadResult
    replay: EngineResult  # the raw engine on exactly the batches the server formed
    served_idle: list[float]
    raw_idle: list[float]
    peak_rss: int
    secure: LoadResult | None = None  # the same load with TLS + token + metrics on
    plain_again: LoadResult | None = None  # the plain load once more, after the secured one


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "info"
    return "PASS" if ok else "FAIL"


def compare_report(
    *,
    command: str,
    rows: list[Row],
    best: Served,
    naive: EngineResult,
    ideal: EngineResult,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    args: argparse.Namespace,
    contention=None,
) -> dict:
    served_rate = best.load.tokens_per_second
    vs_naive = served_rate / naive.tokens_per_second
    vs_replay = served_rate / best.replay.tokens_per_second
    vs_ideal = served_rate / ideal.tokens_per_second
    served_idle = percentile(best.served_idle, 0.5) * 1000
    raw_idle = percentile(best.raw_idle, 0.5) * 1000
    idle_ratio = served_idle / raw_idle
    label = "CT2 int8" if best.backend == "ctranslate2" else "HF"
    checks = [
        (
            f"served {label} / naive HF beam-{args.beam} loop",
            f"{vs_naive:.1f}x",
            f">= {TARGETS['vs_naive']:.0f}x",
            vs_naive >= TARGETS["vs_naive"],
        ),
        (
            "served / raw engine on the same batches",
            f"{vs_replay:.2f}x",
            f">= {TARGETS['vs_raw']}x",
            vs_replay >= TARGETS["vs_raw"],
        ),
        (
            "idle short sentence p50, served / raw",
            f"{idle_ratio:.2f}x ({served_idle:.0f}/{raw_idle:.0f} ms)",
            f"<= {TARGETS['idle_latency']}x",
            idle_ratio <= TARGETS["idle_latency"],
        ),
        *secure_check(best),
        (
            "server peak RSS under load",
            f"{best.peak_rss / 1e6:.0f} MB",
            "<= 1000 MB",
            best.peak_rss <= RSS_LIMIT_BYTES,
        ),
    ]

    checks: list[tuple[str, str, str, bool | None]] = list(checks)
    contention_rows: list[str] = []
    if contention is not None:
        checks += contention_checks(contention)
        contention_rows = contention_lines(contention)

    def ms(value: float | None) -> str:
        return f"{value:9.0f}" if value is not None else f"{'-':>9}"

    lines = [
        "",
        f"command: {command}",
        "model: opus-mt-ar-en architecture, random weights (d_model 512, 6+6 layers, 8 heads, "
        "FFN 2048, vocab 62000)",
        f"beam {args.beam}, outputs forced to {args.forced_tokens} tokens, batches <= "
        f"{args.batch_size} sentences / {args.max_batch_tokens} tokens, max wait "
        f"{args.max_wait_ms} ms, {args.sentences_per_request} sentences per request, "
        f"{os.cpu_count()} CPU cores",
        f"load average before/after: {load[0][0]:.2f} / {load[1][0]:.2f}",
        "",
        f"{'path':<48}{'sent':>6}{'sent/s':>9}{'tok/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]
    for row in rows:
        lines.append(
            f"{row.path:<48}{row.sentences:>6}{row.sentences_per_second:>9.2f}"
            f"{row.tokens_per_second:>9.1f}{ms(row.p50_ms)}{ms(row.p95_ms)}{ms(row.p99_ms)}"
        )
    lines += contention_rows
    lines += ["", f"{'target':<48}{'measured':>22}{'goal':>12}  result"]
    for name, measured, goal, ok in checks:
        lines.append(f"{name:<48}{measured:>22}{goal:>12}  {_verdict(ok)}")
    lines.append(
        f"(info) served / raw engine on ideal sorted batches: {vs_ideal:.2f}x; "
        f"mean served batch {_mean(best.replay.batch_sizes):.1f} sentences, "
        f"RESOURCE_EXHAUSTED {best.load.rejected}"
    )
    data = {
        "command": command,
        "rows": [row.__dict__ for row in rows],
        "checks": [{"target": n, "measured": m, "goal": g, "pass": ok} for n, m, g, ok in checks],
        "served_vs_ideal_batches": vs_ideal,
        "all_pass": all(ok for *_, ok in checks if ok is not None),
        "load_average": load,
    }
    return {"text": "\n".join(lines), "data": data}


def secure_check(best: Served) -> list[tuple[str, str, str, bool]]:
    if best.secure is None or best.plain_again is None:
        return []
    # Against the plain runs before and after it (A-B-A): a drifting host hits both sides.
    plain = (best.load.tokens_per_second + best.plain_again.tokens_per_second) / 2
    ratio = best.secure.tokens_per_second / plain
    return [
        (
            "served TLS+token+metrics / plain (A-B-A)",
            f"{ratio:.2f}x",
            f">= {TARGET}x",
            ratio >= TARGET,
        )
    ]


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0
