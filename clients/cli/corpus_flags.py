"""`tarjama translate` on corpora: JSONL inputs and outputs, and the Ray engine (`--engine ray`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ENGINES = ("inprocess", "ray")


def add_corpus_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="inprocess",
        help="inprocess (default: this process, or --server) or ray (a Ray Data job)",
    )
    parser.add_argument(
        "--out-format",
        choices=("files", "jsonl"),
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


def uses_corpus_runner(args: argparse.Namespace) -> bool:
    """Ray, JSONL in or out: the corpus runner; plain article folders keep the folder runner."""
    from tarjama.clients.runs.corpus import split_inputs

    return args.engine == "ray" or args.out_format == "jsonl" or bool(split_inputs(args.inputs)[1])


def run_corpus_command(args: argparse.Namespace, make_translator: Callable) -> int:
    """Translate the inputs with the chosen engine into the chosen output format."""
    from tqdm import tqdm

    from tarjama.clients.cli.common import settings_from_args, setup_logging
    from tarjama.clients.runs.corpus import CorpusInputs
    from tarjama.clients.runs.folder_runner import output_folders
    from tarjama.clients.runs.outputs import prepare_output_dir
    from tarjama.clients.runs.runner import ThreadEngine, open_sink, run_corpus, write_failures
    from tarjama.models.errors import InvalidInput
    from tarjama.models.types import GenerationOptions

    if args.engine == "ray" and args.server:
        raise InvalidInput("--engine ray loads the model on its actors; drop --server")
    settings = settings_from_args(args)
    inputs = CorpusInputs.find(args.inputs)
    prepare_output_dir(args.out, subfolders=output_folders(inputs.jobs))
    options = GenerationOptions(beam_size=args.beam_size, max_output_tokens=args.max_output_tokens)
    if args.engine == "ray":
        from tarjama.clients.runs.runner import per_article_settings

        setup_logging("WARNING")
        engine = _ray_engine(args, per_article_settings(settings), options)
    else:
        translate, model_key, close = make_translator(args, options)
        engine = ThreadEngine(translate, model_key, concurrency=args.concurrency, close=close)
    try:
        sink = open_sink(args.out_format, args.out, engine.model_key)
        with tqdm(total=inputs.total, unit="article", file=sys.stderr, disable=None) as bar:
            report = run_corpus(
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
    failures = write_failures(args.out, report.failures)
    stats = getattr(engine, "stats", None)
    if stats is not None and stats.peak_rss:
        peak = max(stats.peak_rss.values()) / 1e6
        worked = len(stats.peak_rss)
        print(
            f"tarjama: {worked} {'actor' if worked == 1 else 'actors'} did work; "
            f"highest peak RSS {peak:.0f} MB",
            file=sys.stderr,
        )
    where = _outputs_line(args.out, args.out_format)
    more = f"; failures listed in {failures}" if failures else ""
    print(f"tarjama: {report.summary_line()}; outputs in {where}{more}")
    return 1 if report.failures else 0


def _ray_engine(args: argparse.Namespace, settings, options):
    import importlib.util

    from tarjama.models.errors import InvalidInput

    if importlib.util.find_spec("ray") is None:
        raise InvalidInput('--engine ray needs Ray: pip install "tarjama[ray]"')
    from tarjama.clients.runs.ray_engine import RayEngine

    return RayEngine(
        settings,
        options,
        address=args.ray_address,
        actors=args.actors,
        actor_threads=args.actor_threads,
        batch_size=args.batch_size,
    )


def _outputs_line(out: Path, out_format: str) -> str:
    from tarjama.clients.runs.runner import JSONL_OUTPUT_NAME

    return str(out / JSONL_OUTPUT_NAME) if out_format == "jsonl" else str(out)
