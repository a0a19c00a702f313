"""`tarjama bench --compare`: naive HF loop vs raw engines vs the served path, in one run."""

from __future__ import annotations

import argparse
import gc
import json
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from tarjama.clients.bench.contention import measure_contention
from tarjama.clients.bench.load import load_sentences, make_requests, run_load, server_info
from tarjama.clients.bench.raw_engines import (
    EngineResult,
    naive_loop,
    raw_batches,
    replay_batches,
    single_sentence_latencies,
    stride_sample,
)
from tarjama.clients.bench.report import Row, Served, compare_report
from tarjama.clients.bench.secured import measure_secure_served
from tarjama.clients.bench.server_child import ServerProcess, build_parser, load_forced_backend
from tarjama.clients.client import TarjamaClient
from tarjama.models.threads import usable_cores
from tarjama.models.translation.backend import token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.ct2_convert import convert_to_ctranslate2
from tarjama.models.translation.ct2_format import METADATA_FILE
from tarjama.models.types import GenerationOptions

HF_MODEL_DIR = "opus-shaped-hf"
CT2_MODEL_DIR = "opus-shaped-ct2-int8"


def default_workdir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "tarjama" / "bench"


def prepare_models(workdir: Path) -> tuple[Path, Path]:
    """The opus-mt-ar-en-shaped random model and its CT2 int8 conversion, built once."""
    from tarjama.models.testing.marian import build_opus_shaped_marian  # torch, sentencepiece

    hf_dir, ct2_dir = workdir / HF_MODEL_DIR, workdir / CT2_MODEL_DIR
    if not (hf_dir / "model.safetensors").is_file():
        print(f"building the opus-mt-ar-en-shaped random model in {hf_dir} ...", flush=True)
        build_opus_shaped_marian(hf_dir)
    if not (ct2_dir / METADATA_FILE).is_file():
        print(f"converting it to CTranslate2 int8 in {ct2_dir} ...", flush=True)
        convert_to_ctranslate2(str(hf_dir), ct2_dir, "int8", force=True)
    return hf_dir, ct2_dir


def run_compare(args: argparse.Namespace) -> int:
    command = shlex.join(["tarjama", *sys.argv[1:]]) if sys.argv else "tarjama bench --compare"
    load_before = os.getloadavg()
    hf_dir, ct2_dir = prepare_models(args.workdir)
    sentences = load_sentences(args.input)
    beam = args.beam
    budget = {"max_batch_tokens": args.max_batch_tokens, "max_batch_sentences": args.batch_size}
    print(
        f"{len(sentences)} sentences; beam {beam}; every output forced to "
        f"{args.forced_tokens} tokens; load average {load_before[0]:.2f}",
        flush=True,
    )
    rows: list[Row] = []
    served: dict[str, Served] = {}
    ideal: dict[str, EngineResult] = {}

    hf = _load_engine(args, "hf", hf_dir)
    _progress("(a) naive HF loop, one sentence at a time")
    sample = stride_sample(sentences, args.naive_sentences)
    naive = _with_torch_default_threads(
        lambda: naive_loop(hf, sample, beam_size=beam, time_limit=args.naive_seconds)
    )
    rows.append(Row.of_engine("(a) naive HF, one sentence per call", naive))
    _progress("(b) raw HF on length-sorted batches")
    sample = stride_sample(sentences, args.hf_batched_sentences)
    ideal["hf"] = raw_batches(hf, sample, beam_size=beam, parallel=hf.parallelism, **budget)
    rows.append(Row.of_engine("(b) raw HF, length-sorted batches", ideal["hf"]))
    if "hf" in args.served_backends:
        served["hf"] = _measure_served(args, "hf", hf_dir, hf, sentences)
    _close(hf)

    ct2 = _load_engine(args, "ctranslate2", ct2_dir)
    _progress("(b) raw CT2 int8 on length-sorted batches")
    ideal["ctranslate2"] = raw_batches(
        ct2, sentences, beam_size=beam, parallel=ct2.parallelism, **budget
    )
    rows.append(
        Row.of_engine(
            f"(b) raw CT2 int8, sorted batches, {ct2.parallelism} parallel", ideal["ctranslate2"]
        )
    )
    if "ctranslate2" in args.served_backends:
        served["ctranslate2"] = _measure_served(args, "ctranslate2", ct2_dir, ct2, sentences)
    _close(ct2)

    for name, result in served.items():
        label = "CT2 int8" if name == "ctranslate2" else "HF"
        rows.append(Row.of_engine(f"(b) raw {label} on the served batches", result.replay))
        rows.append(Row.of_load(f"(c) served {label}, {args.clients} clients", result.load))
        if result.secure is not None:
            rows.append(Row.of_load(f"(c) served {label} + TLS, token, metrics", result.secure))
        if result.plain_again is not None:
            rows.append(Row.of_load(f"(c) served {label}, again after TLS", result.plain_again))
    best = max(served.values(), key=lambda result: result.load.tokens_per_second)
    contention = None
    if args.contention:
        model_dir = ct2_dir if best.backend == "ctranslate2" else hf_dir
        contention = measure_contention(
            args,
            served_backend=best.backend,
            server_arguments=_server_arguments(args, best.backend, model_dir),
            sentences=sentences,
            hf_model_dir=hf_dir,
        )
    report = compare_report(
        command=command,
        rows=rows,
        best=best,
        naive=naive,
        ideal=ideal[best.backend],
        load=(load_before, os.getloadavg()),
        args=args,
        contention=contention,
    )
    print(report["text"])
    if args.json:
        args.json.write_text(json.dumps(report["data"], indent=2) + "\n", encoding="utf-8")
    return 0 if report["data"]["all_pass"] else 1


def _with_torch_default_threads(run):
    """Run with torch's own default (every usable core on the one sentence), as a naive
    server would; tarjama's thread plan is restored afterwards."""
    import torch  # heavy: only the hf backend's rows need it

    planned = torch.get_num_threads()
    torch.set_num_threads(usable_cores())
    try:
        return run()
    finally:
        torch.set_num_threads(planned)


def _progress(message: str) -> None:
    print(f"{message} ...", flush=True)


def _close(engine) -> None:
    engine.close()
    del engine
    gc.collect()


def _load_engine(args: argparse.Namespace, backend: str, model_dir: Path):
    engine_args = build_parser().parse_args(_server_arguments(args, backend, model_dir))
    config = TranslatorConfig(
        model=str(model_dir), backend=backend, threads=args.threads, local_files_only=True
    )
    return load_forced_backend(engine_args, config)


def _server_arguments(args: argparse.Namespace, backend: str, model_dir: Path) -> list[str]:
    arguments = [
        f"--backend={backend}",
        f"--model={model_dir}",
        f"--forced-tokens={args.forced_tokens}",
        f"--beam={args.beam}",
        f"--max-batch-tokens={args.max_batch_tokens}",
        f"--max-batch-sentences={args.batch_size}",
        f"--max-wait-ms={args.max_wait_ms}",
        f"--threads={args.threads}",
    ]
    if args.inter_threads:
        arguments.append(f"--inter-threads={args.inter_threads}")
    if args.intra_threads is not None:
        arguments.append(f"--intra-threads={args.intra_threads}")
    return arguments


def _short_sentence(backend, sentences: list[str]) -> str:
    """The shortest sentence of at least 8 source tokens: "one short sentence"."""
    counts = token_counts(backend, sentences)
    candidates = [(count, s) for count, s in zip(counts, sentences, strict=True) if count >= 8]
    return min(candidates or list(zip(counts, sentences, strict=True)))[1]


def _measure_served(
    args: argparse.Namespace, backend: str, model_dir: Path, engine, sentences: list[str]
) -> Served:
    """Start the server, measure idle latency against the raw engine, then the load; replay
    the batches the server formed on the raw engine (the server is stopped by then)."""
    options = GenerationOptions(beam_size=args.beam)
    short = _short_sentence(engine, sentences)
    tmp = Path(tempfile.mkdtemp(prefix="tarjama-bench-"))
    record = tmp / "batches.json"
    arguments = [*_server_arguments(args, backend, model_dir), f"--record-batches={record}"]
    _progress(f"(c) starting the {backend} server (log: {tmp / 'server.log'})")
    with ServerProcess(arguments, tmp / "server.log") as server:
        _progress("(d) one short sentence at a time on the idle server, and on the raw engine")
        raw_idle, served_idle = [], []
        with TarjamaClient(server.address, timeout=600) as client:
            client.wait_ready(timeout=600)
            client.translate(short, options=options)
            single_sentence_latencies(engine, short, beam_size=args.beam, repeats=0)
            # Alternating the two spreads any background noise evenly over both.
            for _ in range(args.latency_repeats):
                raw_idle += single_sentence_latencies(
                    engine, short, beam_size=args.beam, repeats=1, warm=False
                )
                sent = time.perf_counter()
                client.translate(short, options=options)
                served_idle.append(time.perf_counter() - sent)
        _progress(f"(c) served: {args.clients} clients for {args.duration:.0f} s")
        load = run_load(
            server.address,
            make_requests(sentences, args.sentences_per_request),
            clients=args.clients,
            duration=args.duration,
            max_requests=None,
            options=options,
            tokens_per_piece=args.forced_tokens,
        )
        # The child's own high-water mark (VmHWM); getrusage's ru_maxrss, which GetInfo
        # reports, also counts the parent's memory at fork/exec time.
        peak = server.peak_rss_bytes() or server_info(server.address).peak_rss_bytes
    secure, plain_again = _measure_secure(args, arguments, tmp, sentences, options)
    batches = [
        (beam, texts)
        for started, beam, texts in json.loads(record.read_text(encoding="utf-8"))
        if load.started_at <= started <= load.finished_at
    ]
    _progress(f"(b) raw engine on the {len(batches)} batches the server formed")
    replay = replay_batches(engine, batches, parallel=engine.parallelism)
    return Served(backend, load, replay, served_idle, raw_idle, peak, secure, plain_again)


def _measure_secure(args, arguments, tmp: Path, sentences: list[str], options):
    """The served row again with TLS, a bearer token and metrics on (bench_secure.py)."""
    _progress(f"(c) served with TLS + token + metrics, then plain again: {args.clients} clients")
    arguments = [argument for argument in arguments if not argument.startswith("--record")]
    measured = measure_secure_served(
        arguments,
        tmp / "server-secure.log",
        make_requests(sentences, args.sentences_per_request),
        clients=args.clients,
        duration=args.duration,
        options=options,
        tokens_per_piece=args.forced_tokens,
    )
    if measured is None:
        print("(no openssl: the secured row is skipped)", flush=True)
        return None, None
    return measured
