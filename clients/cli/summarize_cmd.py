"""`tarjama summarize` (one article) and `tarjama digest` (a folder of articles)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tarjama.clients.cli.common import (
    add_decoding_flags,
    add_model_flags,
    settings_from_args,
    setup_logging,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    summarize = subparsers.add_parser(
        "summarize",
        help="print an English summary of one Arabic article",
        description=(
            "Translate an Arabic article (.txt, or a saved .html news page) and print an "
            "English summary; each sentence "
            "ends with the numbers of the translated sentences it rests on. A tarjama "
            "translation (.json from `tarjama translate`) is summarized without re-translating."
        ),
    )
    summarize.add_argument(
        "article", type=Path, help="Arabic .txt article, .html page or tarjama .json"
    )
    _add_summary_flags(summarize)
    _add_length_flags(summarize, "", "summary")
    summarize.add_argument("--json", action="store_true", help="print the summary as JSON")
    summarize.set_defaults(handler=run_summarize)

    digest = subparsers.add_parser(
        "digest",
        help="translate and summarize many articles into digest.md and digest.json",
        description=(
            "Translate every *.txt article and *.html/*.htm page under the inputs into --out "
            "(finished translations "
            "are reused), summarize each, write one cross-article summary, and produce "
            "digest.md (for reading) and digest.json (for programs). With --server the "
            "server's streaming collection RPC does all the work (nothing is reused)."
        ),
    )
    digest.add_argument("inputs", nargs="+", type=Path, help="article files or folders")
    digest.add_argument("--out", type=Path, default=Path("digest"), help="default: digest")
    _add_summary_flags(digest)
    _add_length_flags(digest, "", "each article's summary")
    _add_length_flags(digest, "collection-", "the cross-article summary")
    digest.add_argument("--concurrency", type=int, default=2, help="articles in flight at once")
    digest.set_defaults(handler=_run_digest)


def _add_summary_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        dest="summary_method",
        choices=["auto", "extractive", "abstractive"],
        help="auto (abstractive when weights are present), extractive or abstractive "
        "(TARJAMA_SUMMARY_METHOD)",
    )
    parser.add_argument(
        "--summary-model", help="summarization hub id or local directory (TARJAMA_SUMMARY_MODEL)"
    )
    parser.add_argument(
        "--server", help="host:port of a running `tarjama serve`; in-process if omitted"
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="deadline (s), with --server")
    add_decoding_flags(parser)
    add_model_flags(parser)


def _add_length_flags(parser: argparse.ArgumentParser, prefix: str, what: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{prefix}sentences", type=int, help=f"sentences in {what}")
    group.add_argument(f"--{prefix}words", type=int, help=f"about this many words in {what}")


# -- shared helpers ----------------------------------------------------------------------


def summary_length(sentences: int | None, words: int | None):
    from tarjama.models.summarization.types import SummaryLength

    return SummaryLength(sentences=sentences, words=words)


def generation_options(args: argparse.Namespace):
    from tarjama.models.types import GenerationOptions

    return GenerationOptions(beam_size=args.beam_size, max_output_tokens=args.max_output_tokens)


def summary_limits(settings):
    from tarjama.models.summarization.engine import Summarizer, SummaryLimits

    # A summarizer without models: checks requests before anything slow is loaded.
    return Summarizer(limits=SummaryLimits(max_articles=settings.max_collection_articles))


# -- summarize ---------------------------------------------------------------------------


def run_summarize(args: argparse.Namespace) -> int:
    from tarjama.clients.article_io import read_article_json
    from tarjama.clients.digest import summary_to_json
    from tarjama.models.errors import InvalidInput
    from tarjama.models.summarization.inputs import article_text_from_translation
    from tarjama.models.summarization.types import SummaryMethod

    settings = settings_from_args(args)
    method = SummaryMethod(settings.summary_method)
    checker = summary_limits(settings)
    length = checker.resolve_length(summary_length(args.sentences, args.words), 4)
    path: Path = args.article
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if args.server:
        if path.suffix == ".json":
            raise InvalidInput(
                "--server summarizes Arabic .txt articles and .html pages, not translations"
            )
        translation, summary = _summarize_remote(args, path, method, length)
    elif path.suffix == ".json":
        from tarjama.models.summarization.engine import load_summarizer

        setup_logging("WARNING")
        summarizer = load_summarizer(
            settings.summary_model,
            settings.device,
            method=method,
            local_files_only=settings.translator_config().local_files_only,
        )
        try:
            translation = read_article_json(path)
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidInput(f"{path} is not a tarjama translation ({error})") from None
        summary = summarizer.summarize_article(
            article_text_from_translation(translation), length, method
        )
    else:
        translation, summary = _summarize_local(args, settings, path, method, length)
    if args.json:
        payload = {"article_id": translation.article_id, "summary": summary_to_json(summary)}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    title = article_text_from_translation(translation).title
    if title:
        print(title)
        print()
    for sentence in summary.sentences:
        numbers = ",".join(str(ref.sentence_index + 1) for ref in sentence.sources)
        print(f"{sentence.text} [{numbers}]")
        if sentence.unsupported_numbers:
            print(f"  warning: not in its sources: {', '.join(sentence.unsupported_numbers)}")
    for note in summary.notes:
        print(f"tarjama: note: {note}", file=sys.stderr)
    return 0


def _summarize_local(args, settings, path: Path, method, length):
    from tarjama.clients.folder_runner import article_request, read_source
    from tarjama.models.summarization.inputs import article_text_from_translation
    from tarjama.models.text.webpage import is_html_name
    from tarjama.service.engines import build_engines

    setup_logging("WARNING")
    engines = build_engines(settings, with_summarizer=True)
    try:
        options = engines.translator.resolve_options(generation_options(args))
        text = read_source(path)[1]
        request = article_request(path.stem, text, html=is_html_name(path.name))
        translation = engines.pipeline.translate(request, options)
        summary = engines.summarizer.summarize_article(
            article_text_from_translation(translation), length, method
        )
    finally:
        engines.close()
    return translation, summary


def _summarize_remote(args, path: Path, method, length):
    import grpc

    from tarjama.clients.client import TarjamaClient, error_from_rpc
    from tarjama.clients.folder_runner import article_request, read_source
    from tarjama.models.text.webpage import is_html_name
    from tarjama.protos.v1 import summarization_pb2 as spb
    from tarjama.protos.v1 import summarization_pb2_grpc
    from tarjama.service import converters
    from tarjama.service.summarization_servicer import (
        length_to_pb,
        method_to_pb,
        summary_from_pb,
    )

    request = spb.SummarizeArticleRequest(
        article=converters.article_to_pb(
            article_request(path.stem, read_source(path)[1], html=is_html_name(path.name))
        ),
        method=method_to_pb(method),
        length=length_to_pb(length),
        translation_options=converters.options_to_pb(generation_options(args)),
    )
    with TarjamaClient(args.server, timeout=args.timeout) as client:
        stub = summarization_pb2_grpc.SummarizationServiceStub(client.channel)
        try:
            reply = stub.SummarizeArticle(request, timeout=args.timeout)
        except grpc.RpcError as error:
            raise error_from_rpc(error, args.server) from None
    return converters.translated_from_pb(reply.translation), summary_from_pb(reply.summary)


# -- digest ------------------------------------------------------------------------------


def _run_digest(args: argparse.Namespace) -> int:
    from tarjama.clients.cli.digest_run import run_digest

    return run_digest(args)
