"""`tarjama translate`: translate article files, folders, pages and JSONL files, in-process,
through a server or on Ray."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tarjama.clients.cli.common import (
    EXIT_INTERRUPTED,
    add_decoding_flags,
    add_model_flags,
    add_remote_flags,
    add_server_flag,
    generation_options,
    int_range,
    positive_float,
    server_connector,
    settings_from_args,
    setup_logging,
)
from tarjama.clients.runs.outputs import prepare_output_dir
from tarjama.models.errors import InvalidInput, counted

ENGINES = ("inprocess", "ray")
OUT_FORMATS = ("files", "jsonl")  # per-article files, or one JSONL file (runs.sinks)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate Arabic article files or folders into English",
        description=(
            "Translate every *.txt article and saved *.html/*.htm news page under the given "
            "folders (and any files given), and every record of the JSONL corpora given (one "
            "JSON object a line: id, text, optional title, url, date), writing <name>.en.txt "
            "and <name>.json per article into --out, mirroring the folder tree (or "
            "OUT/translations.jsonl with --out-format jsonl). Pages have their article and "
            "metadata extracted first. Finished articles are skipped on re-runs unless their "
            "content changed, whichever engine finished them. --engine ray runs the job on "
            "Ray Data: an embedded Ray on this machine, or the cluster at --ray-address / "
            "RAY_ADDRESS."
        ),
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, help="article files or folders, or JSONL corpora"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("out"), help="output folder (default: out)"
    )
    add_server_flag(parser)
    parser.add_argument(
        "--record-absolute-paths",
        action="store_true",
        help="write each source's absolute path in the outputs' source_path (default: its path "
        "relative to the input folder given, or its name; outputs are shared with others)",
    )
    parser.add_argument(
        "--concurrency",
        type=int_range(1),
        help="articles in flight at once (default: as many as the model runs batches at once; "
        "2 with --server)",
    )
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=600.0,
        help="per-article deadline (s), with --server",
    )
    add_remote_flags(parser)
    add_decoding_flags(parser)
    add_model_flags(parser)
    _add_engine_flags(parser)
    parser.set_defaults(handler=run)


def _add_engine_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="inprocess",
        help="inprocess (default: this process, or --server) or ray (a Ray Data job)",
    )
    parser.add_argument(
        "--out-format",
        choices=OUT_FORMATS,
        default="files",
        help="files: <id>.en.txt + <id>.json per article (default); "
        "jsonl: one record per article in OUT/translations.jsonl",
    )
    ray = parser.add_argument_group("--engine ray")
    ray.add_argument(
        "--ray-address",
        help="join this Ray cluster (default: RAY_ADDRESS, else an embedded Ray on this machine)",
    )
    ray.add_argument(
        "--actors", type=int, default=0, help="model actors (default: as many as fit the CPUs)"
    )
    ray.add_argument(
        "--actor-threads", type=int, default=0, help="CPU threads per actor (default 1)"
    )
    ray.add_argument(
        "--batch-size", type=int, default=4, help="articles per actor call (default 4)"
    )


def run(args: argparse.Namespace) -> int:
    """Check the inputs and --out, open the engine, run every article, print the summary."""
    # The runner pulls the text pipeline, the model loaders and tqdm (most of a second):
    # imported when the command runs, so that `tarjama --help` and other commands start fast.
    from tqdm import tqdm

    from tarjama.clients.runs.inputs import Inputs, output_folders
    from tarjama.clients.runs.runner import run_articles
    from tarjama.clients.runs.runtime import RayJob, open_engine  # engines and workflow: 0.1 s
    from tarjama.clients.runs.sinks import JSONL_OUTPUT_NAME, open_sink, write_failures

    on_ray = args.engine == "ray"
    if on_ray and args.server:
        raise InvalidInput("--engine ray loads the model on its actors; drop --server")
    # Everything the user gave is checked before a model loads or a server is called.
    inputs = Inputs.find(args.inputs, record_absolute_paths=args.record_absolute_paths)
    prepare_output_dir(args.out, subfolders=output_folders(inputs.files))
    settings = settings_from_args(args)
    if not args.server:
        setup_logging("WARNING")
    ray = None
    if on_ray:
        ray = RayJob(args.ray_address, args.actors, args.actor_threads, args.batch_size)
    engine = open_engine(
        settings,
        generation_options(args),
        connect=server_connector(args),
        concurrency=args.concurrency,
        ray=ray,
    )
    try:
        sink = open_sink(args.out_format, args.out, engine.model_key, engine.engine)
        with tqdm(total=inputs.total, unit="article", file=sys.stderr, disable=None) as bar:
            report = run_articles(
                inputs.articles(
                    max_article_chars=settings.max_article_chars,
                    max_id_chars=settings.max_id_chars,
                ),
                engine,
                sink,
                on_progress=lambda: bar.update(1),
                on_failure=lambda source, reason: tqdm.write(
                    f"failed: {source}: {reason}", file=sys.stderr
                ),
            )
    finally:
        engine.close()
    where = args.out / JSONL_OUTPUT_NAME if args.out_format == "jsonl" else args.out
    mixed = sink.mixed_engines_note(report.translated)
    if mixed:
        print(f"tarjama: note: {mixed}", file=sys.stderr)
    if report.interrupted:
        print(f"tarjama: {report.interrupted_line(where)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    # A run of article files into per-article files prints its failures (as it always has);
    # JSONL records, JSONL output and Ray runs also list them in OUT/failures.jsonl.
    lists_failures = on_ray or args.out_format == "jsonl" or bool(inputs.jsonl)
    failures = write_failures(args.out, report.failures) if lists_failures else None
    stats = getattr(engine, "stats", None)  # Ray: what each actor did
    if stats is not None and stats.peak_rss:
        peak = max(stats.peak_rss.values()) / 1e6
        worked = counted(len(stats.peak_rss), "actor")
        print(f"tarjama: {worked} did work; highest peak RSS {peak:.0f} MB", file=sys.stderr)
    more = f"; failures listed in {failures}" if failures else ""
    print(f"tarjama: {report.summary_line()}; outputs in {where}{more}")
    return 1 if report.failures else 0
