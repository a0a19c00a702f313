"""`tarjama summarize` (one article) and `tarjama digest` (a folder of articles)."""

from __future__ import annotations

import argparse
import json
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
    read_input_text,
    server_connector,
    settings_from_args,
    setup_logging,
)
from tarjama.clients.runs.article_files import JSON_SUFFIX, TEXT_SUFFIX
from tarjama.models.errors import InvalidInput, counted
from tarjama.models.summarization.types import SummaryLength, SummaryMethod


def register(subparsers: argparse._SubParsersAction) -> None:
    summarize = subparsers.add_parser(
        "summarize",
        help="print an English summary of one Arabic article",
        description=(
            "Translate an Arabic article (.txt, or a saved .html news page) and print an English "
            "summary; each sentence "
            "ends with the numbers of the translated sentences it rests on. A tarjama "
            "translation (.json from `tarjama translate`) is summarized without re-translating."
        ),
    )
    summarize.add_argument(
        "article",
        type=Path,
        help="Arabic .txt article or .html page, English text, or tarjama .json",
    )
    _add_summary_flags(summarize)
    _add_length_flags(summarize, "", "summary")
    summarize.add_argument("--json", action="store_true", help="print the summary as JSON")
    summarize.set_defaults(handler=run_summarize)

    digest = subparsers.add_parser(
        "digest",
        help="translate and summarize many articles into digest.md, digest.html and digest.json",
        description=(
            "Translate every *.txt article and saved *.html/*.htm page under the inputs into "
            "--out (finished translations "
            "are reused), summarize each, write one cross-article summary with shared themes, "
            "figures and names, and produce digest.md (for reading), digest.html (one offline "
            "page with clickable citations) and digest.json (for programs). With --server the "
            "server's streaming collection RPC does the work. --input-language en digests "
            "English articles with no translation model."
        ),
    )
    digest.add_argument("inputs", nargs="+", type=Path, help="article files or folders")
    digest.add_argument("--out", type=Path, default=Path("digest"), help="default: digest")
    _add_summary_flags(digest)
    _add_length_flags(digest, "", "each article's summary")
    _add_length_flags(digest, "collection-", "the cross-article summary")
    digest.add_argument(
        "--concurrency", type=int_range(1), default=2, help="articles in flight at once"
    )
    digest.add_argument(
        "--themes",
        type=int_range(1, 50),
        default=None,
        help="most shared themes to show (default 8)",
    )
    digest.set_defaults(handler=run_digest)


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
    add_server_flag(parser)
    parser.add_argument(
        "--timeout", type=positive_float, default=1800.0, help="deadline (s), with --server"
    )
    parser.add_argument(
        "--input-language",
        default="ar",
        help="language of the articles: ar (translated first, the default) or en (English "
        ".txt, .en.txt or tarjama .json, summarized as they are; no translation model needed)",
    )
    add_decoding_flags(parser)
    add_remote_flags(parser)
    add_model_flags(parser)


def _add_length_flags(parser: argparse.ArgumentParser, prefix: str, what: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{prefix}sentences", type=int, help=f"sentences in {what}")
    group.add_argument(f"--{prefix}words", type=int, help=f"about this many words in {what}")


# -- summarize ---------------------------------------------------------------------------


def run_summarize(args: argparse.Namespace) -> int:
    """One code path: the workflow in-process, or the same calls through the client."""
    # These pull the summary workflow and the model loaders (most of a second): imported
    # when the command runs, so that `tarjama --help` and other commands start fast.
    from tarjama.clients.digest.inputs import prepare_files
    from tarjama.clients.digest.json_doc import summary_to_json
    from tarjama.clients.runs.inputs import SourceFile
    from tarjama.clients.runs.runtime import open_runtime  # engines and workflow: 0.1 s
    from tarjama.models.summarization.engine import Summarizer  # model loaders: 25 ms
    from tarjama.models.summarization.english import is_english
    from tarjama.models.summarization.inputs import article_text_from_translation

    settings = settings_from_args(args)
    limits = settings.limits()
    method = SummaryMethod(settings.summary_method)
    length = Summarizer(limits=limits).resolve_length(
        SummaryLength(sentences=args.sentences, words=args.words), limits.article_summary_sentences
    )
    path: Path = args.article
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    if path.suffix != JSON_SUFFIX:
        read_input_text(path)  # a file that cannot be read stops here, before any model loads
    stem = path.name.removesuffix(JSON_SUFFIX).removesuffix(TEXT_SUFFIX).removesuffix(".txt")
    stem = stem if stem != path.name else path.stem  # a page: page.html -> page
    # English text or a finished translation needs no translation model.
    english = is_english(args.input_language) or path.suffix == JSON_SUFFIX
    setup_logging("WARNING")
    # A missing model: exit 3 before any work.
    runtime = open_runtime(
        settings, connect=server_connector(args), translation=not english, summaries=True
    )
    try:
        [prepared] = prepare_files(
            [SourceFile(path, stem)], is_english(args.input_language), path, None
        )
        if prepared.error is not None:
            raise InvalidInput(f"{path}: {prepared.error}")
        summaries = runtime.summaries(concurrency=1, limits=limits)
        result = summaries.summarize_article(
            prepared.item, length=length, method=method, options=generation_options(args)
        )
    finally:
        runtime.close()
    translation, summary = result.translation, result.summary
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


# -- digest ------------------------------------------------------------------------------


def run_digest(args: argparse.Namespace) -> int:
    """One code path, in-process or with --server, from files to digest."""
    # These pull the summary workflow, the renderers and the model loaders: imported when
    # the command runs, so that `tarjama --help` and other commands start fast.
    from tarjama.clients.digest.inputs import check_output_folder, discover_articles, prepare_files
    from tarjama.clients.digest.run import finish_digest, summarize_articles  # the workflow: 0.1 s
    from tarjama.clients.runs.inputs import output_folders
    from tarjama.clients.runs.local_engines import per_article_settings  # engine code: 0.1 s
    from tarjama.clients.runs.manifest import Manifest
    from tarjama.clients.runs.runtime import open_runtime  # engines and workflow: 0.1 s
    from tarjama.models.summarization.engine import Summarizer  # model loaders: 25 ms
    from tarjama.models.summarization.english import is_english

    settings = settings_from_args(args)
    limits = settings.limits()
    if args.concurrency < 1:
        raise InvalidInput("--concurrency must be at least 1")
    checker = Summarizer(limits=limits)  # no models: checks requests before anything loads
    article_length = checker.resolve_length(
        SummaryLength(sentences=args.sentences, words=args.words), limits.article_summary_sentences
    )
    collection_length = checker.resolve_length(
        SummaryLength(sentences=args.collection_sentences, words=args.collection_words),
        limits.collection_summary_sentences,
    )
    english = is_english(args.input_language)
    files = discover_articles(args.inputs, english)
    if not files:
        kinds = "*.txt, *.en.txt or tarjama .json" if english else "*.txt or *.html"
        raise InvalidInput(f"no {kinds} articles found in {', '.join(map(str, args.inputs))}")
    checker.check_collection_size(len(files))
    check_output_folder(args.out, output_folders(files))
    method = SummaryMethod(settings.summary_method)
    if not args.server:
        setup_logging("WARNING")
    # Each article batched on its own, as `translate` does: the translations a digest saves
    # in --out are those `translate` would write (and the manifest records them as such).
    runtime = open_runtime(
        per_article_settings(settings),
        connect=server_connector(args),
        translation=not english,
        summaries=True,
    )
    manifest = None if english else Manifest(args.out, runtime.model_key, runtime.engine)
    try:
        prepared = prepare_files(files, english, args.out, manifest)
        articles, collection, synthesis = summarize_articles(
            runtime.summaries(concurrency=args.concurrency, limits=limits),
            prepared,
            manifest,
            out=args.out,
            options=generation_options(args),
            method=method,
            article_length=article_length,
            collection_length=collection_length,
            max_themes=args.themes,
        )
    except KeyboardInterrupt:
        saved = (
            f"this run saved {counted(manifest.recorded, 'translation')} in {args.out} and "
            if manifest is not None
            else ""
        )
        print(
            f"tarjama: interrupted: {saved}no digest was written; run the same command again "
            "to resume" + (": saved translations are reused" if manifest is not None else ""),
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        runtime.close()
    mixed = manifest.mixed_digest_note() if manifest else None
    if mixed:
        print(f"tarjama: note: {mixed}", file=sys.stderr)
    return finish_digest(
        args.out, articles, collection, synthesis, method, article_length, collection_length
    )
