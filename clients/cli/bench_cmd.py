"""`tarjama bench`: load a running server, or `--compare` naive HF, raw engines and the server."""

from __future__ import annotations

import argparse
from pathlib import Path

from tarjama.clients.cli.common import add_remote_flags, server_address
from tarjama.clients.runs.outputs import prepare_output_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure throughput and latency of a server (or --compare engines and server)",
        description=(
            "Without --compare: N concurrent clients send the sentences (in requests of "
            "--sentences-per-request) to a running server for --duration seconds or --requests "
            "requests, then print sentences/s, generated tokens/s, p50/p95/p99 latency and the "
            "server's peak RSS. With --compare: build an opus-mt-ar-en-shaped random model "
            "(and its CTranslate2 int8 conversion) once, then measure in one run the naive HF "
            "one-sentence loop, the raw engines on the same length-sorted batches and the "
            "served path (a server child process), with forced output lengths, and check the "
            "targets."
        ),
    )
    parser.add_argument(
        "--server",
        "--address",
        dest="address",
        type=server_address,
        default="127.0.0.1:50051",
        help="server to load (default %(default)s)",
    )
    add_remote_flags(parser)
    parser.add_argument("--input", type=Path, help="sentence-per-line file (default: the seeds)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--requests", type=int, help="stop after this many requests instead")
    parser.add_argument(
        "--sentences-per-request", type=int, default=8, help="sentences per request (default 8)"
    )
    parser.add_argument("--beam", type=int, default=4, help="beam width (default 4)")
    parser.add_argument(
        "--tokenizer", help="tokenizer dir to count generated tokens (default: the server's model)"
    )
    compare = parser.add_argument_group("--compare")
    compare.add_argument("--compare", action="store_true", help="naive vs raw engine vs served")
    compare.add_argument(
        "--kind",
        choices=["marian", "llm"],
        default="marian",
        help="model kind to compare: marian (opus-mt-shaped, default) or llm (a random "
        "instruction model of --llm-shape, windows of --sentences-per-request sentences)",
    )
    compare.add_argument(
        "--llm-shape",
        choices=["smollm2-135m", "tiny"],
        default="smollm2-135m",
        help="architecture of the --kind llm model (default smollm2-135m, Llama-shaped)",
    )
    compare.add_argument(
        "--workdir", type=Path, help="where the benchmark models are built and kept"
    )
    compare.add_argument(
        "--forced-tokens", type=int, default=32, help="output length of every sentence"
    )
    compare.add_argument(
        "--naive-sentences",
        type=int,
        default=16,
        help="sentences for (a), the naive one-at-a-time HF loop (default 16)",
    )
    compare.add_argument(
        "--naive-seconds",
        type=float,
        default=45.0,
        help="stop (a) after this many seconds even if sentences are left (default 45)",
    )
    compare.add_argument(
        "--hf-batched-sentences",
        type=int,
        default=64,
        help="sentences for (b), raw HF on sorted batches (default 64)",
    )
    compare.add_argument(
        "--batch-size", type=int, default=8, help="max sentences per batch (default 8)"
    )
    compare.add_argument(
        "--max-batch-tokens",
        type=int,
        default=4096,
        help="max source tokens per batch, padding included (default 4096)",
    )
    compare.add_argument(
        "--max-wait-ms",
        type=float,
        default=5.0,
        help="the server's batch fill wait while workers are busy (default 5)",
    )
    compare.add_argument(
        "--threads",
        type=int,
        default=0,
        help="total engine threads, split into parallel batches (0 = usable cores)",
    )
    compare.add_argument("--inter-threads", type=int, help="CT2 parallel batches (override)")
    compare.add_argument("--intra-threads", type=int, help="CT2 threads per batch (override)")
    compare.add_argument(
        "--latency-repeats",
        type=int,
        default=15,
        help="short-sentence requests for (d), alternated with the raw engine (default 15)",
    )
    compare.add_argument(
        "--contention",
        type=int,
        default=0,
        metavar="N",
        help="also measure (f) the served path beside N busy processes vs idle and (g) two "
        "in-process `tarjama translate` runs side by side, default vs --threads 1",
    )
    compare.add_argument(
        "--contention-seconds",
        type=float,
        default=20.0,
        help="seconds of load for each of (f)'s idle and busy runs (default 20)",
    )
    compare.add_argument(
        "--contention-sentences",
        type=int,
        default=48,
        help="sentences each (g) run translates, in articles of 8 (default 48)",
    )
    compare.add_argument(
        "--contention-rounds",
        type=int,
        default=2,
        help="(g) rounds, each one --threads 1 pair then one default pair (default 2)",
    )
    compare.add_argument(
        "--served-backends",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=["ctranslate2"],
        help="comma list of backends to serve: ctranslate2,hf (default ctranslate2)",
    )
    compare.add_argument("--json", type=Path, help="also write the results as JSON here")
    ray = parser.add_argument_group("--ray (uses --workdir, --forced-tokens, --batch-size, --json)")
    ray.add_argument(
        "--ray",
        action="store_true",
        help="corpus throughput in-process vs Ray Data with 1 and N single-thread actors",
    )
    ray.add_argument(
        "--article-sentences", type=int, default=8, help="sentences per benchmark article"
    )
    ray.add_argument(
        "--repeat", type=int, default=2, help="times the sentences are repeated (default 2)"
    )
    ray.add_argument(
        "--articles-per-batch", type=int, default=1, help="articles per actor call (default 1)"
    )
    neighbours = parser.add_argument_group(
        "--neighbours (uses --input, --beam, --batch-size, --threads, --workdir, --json)"
    )
    neighbours.add_argument(
        "--neighbours",
        action="store_true",
        help="how often a sentence's translation changes with its batch neighbours: alone, "
        "in its own article's batches (in-process) and across articles (a server)",
    )
    neighbours.add_argument(
        "--model", help="model folder (default: the --compare model, built once in --workdir)"
    )
    neighbours.add_argument(
        "--backend", choices=["hf", "ctranslate2"], default="hf", help="default hf"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.json:  # found unwritable now, not after minutes of measuring
        prepare_output_dir(args.json.parent, option="--json's folder")
    if args.neighbours:
        # Each mode's module is imported when it runs: they pull grpc and the engines'
        # loaders (0.15 s), which `tarjama --help` and the other commands do not need.
        from tarjama.clients.bench.compare import default_workdir
        from tarjama.clients.bench.neighbours import run_neighbours

        args.workdir = args.workdir or default_workdir()
        return run_neighbours(args)
    if args.ray:
        from tarjama.clients.bench.compare import default_workdir
        from tarjama.clients.bench.ray_actors import run_ray_bench  # see above

        args.workdir = args.workdir or default_workdir()
        return run_ray_bench(args)
    if args.compare and args.kind == "llm":
        from tarjama.clients.bench.compare import default_workdir
        from tarjama.clients.bench.llm import run_llm_compare

        args.workdir = args.workdir or default_workdir()
        return run_llm_compare(args)
    if args.compare:
        from tarjama.clients.bench.compare import default_workdir, run_compare

        args.workdir = args.workdir or default_workdir()
        return run_compare(args)
    from tarjama.clients.bench.load import run_bench

    return run_bench(args)
