"""`tarjama translate`: translate article files or folders, through a server or in-process."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tarjama.clients.cli.common import (
    add_decoding_flags,
    add_model_flags,
    add_remote_flags,
    add_server_flag,
    connect,
    int_range,
    positive_float,
    settings_from_args,
    setup_logging,
)
from tarjama.clients.cli.corpus_flags import (
    add_corpus_flags,
    run_corpus_command,
    uses_corpus_runner,
)


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
    add_corpus_flags(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from tarjama.clients.runs.folder_runner import Manifest, discover, output_folders, run_batch
    from tarjama.clients.runs.outputs import prepare_output_dir
    from tarjama.models.errors import InvalidInput
    from tarjama.models.types import GenerationOptions

    if uses_corpus_runner(args):  # --engine ray, JSONL corpora in or out
        return run_corpus_command(args, _translator)
    # Everything the user gave is checked before a model loads or a server is called.
    jobs = discover(args.inputs)
    if not jobs:
        raise InvalidInput(
            f"no *.txt or *.html articles found in {', '.join(map(str, args.inputs))}"
        )
    prepare_output_dir(args.out, subfolders=output_folders(jobs))
    options = GenerationOptions(
        beam_size=args.beam_size,
        max_output_tokens=args.max_output_tokens,
        skip_language_check=args.no_language_check,
    )
    translate, model_key, close = _translator(args, options)
    try:
        manifest = Manifest(args.out, model_key)
        with tqdm(total=len(jobs), unit="article", file=sys.stderr, disable=None) as bar:
            report = run_batch(
                jobs,
                translate,
                args.out,
                manifest,
                concurrency=args.concurrency,
                on_progress=lambda: bar.update(1),
                on_failure=lambda path, message: tqdm.write(
                    f"failed: {path}: {message}", file=sys.stderr
                ),
            )
    finally:
        close()
    print(f"tarjama: {report.summary_line()}; outputs in {args.out}")
    return 1 if report.failures else 0


def _translator(args: argparse.Namespace, options):
    """A (article_id, text) -> TranslatedArticle function, the manifest model key, a closer."""
    if args.server:
        client = connect(args, timeout=args.timeout)  # one readable line if the server is down
        info = client.info()
        model = info.models[0].model if info.models else None
        model_key = f"{model.model_id}@{model.revision}" if model else "unknown"

        def remote(article_id: str, text: str, *, html: bool = False):
            if html:
                return client.translate(html=text, article_id=article_id, options=options)
            return client.translate(text, article_id=article_id, options=options)

        args.concurrency = args.concurrency or 2
        return remote, model_key, client.close

    from tarjama.clients.runs.folder_runner import article_request
    from tarjama.clients.runs.runner import per_article_settings
    from tarjama.models.engines import build_engines

    settings = per_article_settings(settings_from_args(args))
    setup_logging("WARNING")
    engines = build_engines(settings)
    args.concurrency = args.concurrency or engines.parallelism
    model = engines.article_translator.model
    resolved = engines.sentence_translator.resolve_options(
        options
    )  # reject bad options before any work

    def local(article_id: str, text: str, *, html: bool = False):
        return engines.article_translator.translate(
            article_request(article_id, text, html=html), resolved
        )

    return local, f"{model.model_id}@{model.revision}", engines.close
