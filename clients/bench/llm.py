"""`tarjama bench --compare --kind llm`: naive generate loop vs raw engine vs served, for LLMs.

The model is a random one with a real instruction model's architecture (SmolLM2-135M,
Llama-shaped; `--llm-shape tiny` for a quick run), so compute per token is real. Outputs
are forced to --forced-tokens per numbered source line and answered as well-formed
numbered lines: the served path then runs as it does for a model that follows the format
(one prompt per paragraph window, no retries); the retry path is tested, not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tarjama.clients.bench.compare import (
    _load_engine,
    _server_arguments,
    _with_torch_default_threads,
)
from tarjama.clients.bench.load import load_sentences, run_load
from tarjama.clients.bench.raw_engines import (
    EngineResult,
    replay_batches,
    stride_sample,
)
from tarjama.clients.bench.server_child import ServerProcess
from tarjama.models.translation.llm_prompt import translation_prompt
from tarjama.models.types import GenerationOptions

LLM_MODEL_DIRS = {"smollm2-135m": "smollm2-135m-shaped-hf", "tiny": "tiny-qwen2-hf"}
TARGETS = {"vs_raw": 0.9, "vs_naive": 2.0}


def prepare_llm_model(workdir: Path, shape: str) -> Path:
    """The random instruction model of `shape`, built once in workdir."""
    from tarjama.models.testing.llm import build_smollm2_shaped_llm, build_tiny_llm  # torch

    model_dir = workdir / LLM_MODEL_DIRS[shape]
    if not (model_dir / "model.safetensors").is_file():
        print(f"building the {shape}-shaped random chat model in {model_dir} ...", flush=True)
        if shape == "tiny":
            build_tiny_llm(model_dir)
        else:
            build_smollm2_shaped_llm(model_dir)
    return model_dir


def paragraph_requests(sentences: Sequence[str], per_request: int) -> list[str]:
    """Articles of one paragraph each, `per_request` sentences long (one prompt window)."""
    size = max(1, per_request)
    return [" ".join(sentences[start : start + size]) for start in range(0, len(sentences), size)]


def run_llm_compare(args: argparse.Namespace) -> int:
    command = shlex.join(["tarjama", *sys.argv[1:]]) if sys.argv else "tarjama bench --compare"
    load_before = os.getloadavg()
    model_dir = prepare_llm_model(args.workdir, args.llm_shape)
    sentences = load_sentences(args.input)
    engine = _load_engine(args, "hf", model_dir)
    print(
        f"{len(sentences)} sentences; {args.forced_tokens} tokens forced per sentence; "
        f"model {args.llm_shape}; load average {load_before[0]:.2f}",
        flush=True,
    )
    print("(a) naive loop: one sentence per prompt, one prompt per generate call ...", flush=True)
    prompts = [
        engine.render(translation_prompt([sentence], "arb_Arab", "eng_Latn"))
        for sentence in stride_sample(sentences, args.naive_sentences)
    ]
    naive = _with_torch_default_threads(
        lambda: _naive_loop(engine, prompts, args.forced_tokens, args.naive_seconds)
    )

    tmp = Path(tempfile.mkdtemp(prefix="tarjama-bench-llm-"))
    record = tmp / "batches.json"
    arguments = [*_server_arguments(args, "hf", model_dir), f"--record-batches={record}"]
    print(f"(c) served: {args.clients} clients for {args.duration:.0f} s ...", flush=True)
    with ServerProcess(arguments, tmp / "server.log") as server:
        load = run_load(
            server.address,
            paragraph_requests(sentences, args.sentences_per_request),
            clients=args.clients,
            duration=args.duration,
            max_requests=None,
            options=GenerationOptions(beam_size=1),
        )
        peak = server.peak_rss_bytes()
    batches = [
        (beam, texts)
        for started, beam, texts in json.loads(record.read_text(encoding="utf-8"))
        if load.started_at <= started <= load.finished_at
    ]
    tokens = sum(engine.forced_tokens(texts) for _, texts in batches)
    print(f"(b) raw engine on the {len(batches)} batches the server formed ...", flush=True)
    replay = replay_batches(engine, batches, parallel=engine.parallelism)
    engine.close()
    report = llm_report(command, naive, load, replay, tokens, peak, args, load_before)
    print(report["text"])
    if args.json:
        args.json.write_text(json.dumps(report["data"], indent=2) + "\n", encoding="utf-8")
    return 0 if report["data"]["all_pass"] else 1


def _naive_loop(engine, prompts: list[str], tokens: int, time_limit: float) -> EngineResult:
    """One prompt per generate call, in order: a straightforward LLM translation server."""
    engine.generate(prompts[:1], beam_size=1, max_new_tokens=[tokens])  # warm-up, untimed
    result = EngineResult()
    start = time.perf_counter()
    for prompt in prompts:
        sent = time.perf_counter()
        engine.generate([prompt], beam_size=1, max_new_tokens=[tokens])
        result.latencies.append(time.perf_counter() - sent)
        result.sentences += 1
        result.generated_tokens += tokens
        result.batch_sizes.append(1)
        if time.perf_counter() - start >= time_limit:
            break
    result.wall_seconds = time.perf_counter() - start
    return result


def llm_report(command, naive, load, replay, tokens, peak, args, load_before) -> dict:
    """The table and the target checks (tokens per second; sentences per second beside)."""
    served_tps = tokens / load.wall_seconds if load.wall_seconds else 0.0
    raw_tps = tokens / replay.wall_seconds if replay.wall_seconds else 0.0
    raw_sps = load.sentences / replay.wall_seconds if replay.wall_seconds else 0.0
    vs_raw = served_tps / raw_tps if raw_tps else 0.0
    vs_naive = load.sentences_per_second / naive.sentences_per_second if naive.sentences else 0.0
    rows = [
        ("(a) naive loop, one sentence per call", naive.sentences, naive.sentences_per_second,
         naive.tokens_per_second),
        ("(b) raw engine on the served batches", load.sentences, raw_sps, raw_tps),
        (f"(c) served, {args.clients} clients", load.sentences, load.sentences_per_second,
         served_tps),
    ]  # fmt: skip
    checks = {
        "vs_raw": (vs_raw, vs_raw >= TARGETS["vs_raw"]),
        "vs_naive": (vs_naive, vs_naive >= TARGETS["vs_naive"]),
    }
    lines = [f"$ {command}", f"{'path':<42} {'sentences':>9} {'sent/s':>8} {'tok/s':>8}"]
    lines += [f"{path:<42} {n:>9} {sps:>8.2f} {tps:>8.1f}" for path, n, sps, tps in rows]
    lines.append(f"served / raw (tok/s): {vs_raw:.2f}x (target >= {TARGETS['vs_raw']}x)")
    lines.append(f"served / naive (sent/s): {vs_naive:.2f}x (target >= {TARGETS['vs_naive']}x)")
    lines.append(f"server peak RSS: {peak / 1e6:.0f} MB" if peak else "server peak RSS: n/a")
    lines.append(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    data = {
        "command": command,
        "rows": [
            dict(zip(("path", "sentences", "sent_s", "tok_s"), row, strict=True)) for row in rows
        ],
        "ratios": {name: value for name, (value, _) in checks.items()},
        "passed": {name: ok for name, (_, ok) in checks.items()},
        "peak_rss_bytes": peak,
        "all_pass": all(ok for _, ok in checks.values()),
    }
    lines.append("targets: " + ("all PASS" if data["all_pass"] else "FAIL"))
    return {"text": "\n".join(lines), "data": data}
