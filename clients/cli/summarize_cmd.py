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
            "Translate an Arabic article (.txt) and print an English summary; each sentence "
            "ends with the numbers of the translated sentences it rests on. A tarjama "
            "translation (.json from `tarjama translate`) is summarized without re-translating."
        ),
    )
    summarize.add_argument("article", type=Path, help="Arabic .txt article or tarjama .json")
    _add_summary_flags(summarize)
    _add_length_flags(summarize, "", "summary")
    summarize.add_argument("--json", action="store_true", help="print the summary as JSON")
    summarize.set_defaults(handler=run_summarize)

    digest = subparsers.add_parser(
        "digest",
        help="translate and summarize many articles into digest.md and digest.json",
        description=(
            "Translate every *.txt article under the inputs into --out (finished translations "
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


def _length(sentences: int | None, words: int | None):
    from tarjama.models.summarization.types import SummaryLength

    return SummaryLength(sentences=sentences, words=words)


def _options(args: argparse.Namespace):
    from tarjama.models.types import GenerationOptions

    return GenerationOptions(beam_size=args.beam_size, max_output_tokens=args.max_output_tokens)


def _limits(settings):
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
    checker = _limits(settings)
    length = checker.resolve_length(_length(args.sentences, args.words), 4)
    path: Path = args.article
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if args.server:
        if path.suffix == ".json":
            raise InvalidInput("--server summarizes Arabic .txt articles, not translations")
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
    from tarjama.models.pipeline import ArticleRequest
    from tarjama.models.summarization.inputs import article_text_from_translation
    from tarjama.service.engines import build_engines

    setup_logging("WARNING")
    engines = build_engines(settings, with_summarizer=True)
    try:
        options = engines.translator.resolve_options(_options(args))
        text = path.read_text(encoding="utf-8-sig")
        translation = engines.pipeline.translate(ArticleRequest(path.stem, text), options)
        summary = engines.summarizer.summarize_article(
            article_text_from_translation(translation), length, method
        )
    finally:
        engines.close()
    return translation, summary


def _summarize_remote(args, path: Path, method, length):
    import grpc

    from tarjama.clients.client import TarjamaClient, error_from_rpc
    from tarjama.models.pipeline import ArticleRequest
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
            ArticleRequest(path.stem, path.read_text(encoding="utf-8-sig"))
        ),
        method=method_to_pb(method),
        length=length_to_pb(length),
        translation_options=converters.options_to_pb(_options(args)),
    )
    with TarjamaClient(args.server, timeout=args.timeout) as client:
        stub = summarization_pb2_grpc.SummarizationServiceStub(client.channel)
        try:
            reply = stub.SummarizeArticle(request, timeout=args.timeout)
        except grpc.RpcError as error:
            raise error_from_rpc(error, args.server) from None
    return converters.translated_from_pb(reply.translation), summary_from_pb(reply.summary)


# -- digest ------------------------------------------------------------------------------


def run_digest(args: argparse.Namespace) -> int:
    from tarjama.clients.batch import discover
    from tarjama.models.errors import InvalidInput
    from tarjama.models.summarization.types import SummaryMethod

    settings = settings_from_args(args)
    if args.concurrency < 1:
        raise InvalidInput("--concurrency must be at least 1")
    checker = _limits(settings)
    article_length = checker.resolve_length(_length(args.sentences, args.words), 4)
    collection_length = checker.resolve_length(
        _length(args.collection_sentences, args.collection_words), 8
    )
    jobs = discover(args.inputs)
    if not jobs:
        raise InvalidInput(f"no *.txt articles found in {', '.join(map(str, args.inputs))}")
    checker.check_collection_size(len(jobs))
    method = SummaryMethod(settings.summary_method)
    if args.server:
        articles, collection = _digest_remote(args, jobs, method, article_length, collection_length)
    else:
        articles, collection = _digest_local(
            args, settings, jobs, method, article_length, collection_length
        )
    return _finish_digest(args.out, articles, collection, method, article_length, collection_length)


def _digest_local(args, settings, jobs, method, article_length, collection_length):
    from tqdm import tqdm

    from tarjama.clients.article_io import JSON_SUFFIX, TEXT_SUFFIX, read_article_json
    from tarjama.clients.batch import Manifest, run_batch
    from tarjama.clients.digest import DigestArticle
    from tarjama.models.errors import InvalidInput
    from tarjama.models.pipeline import ArticleRequest
    from tarjama.models.summarization.inputs import article_text_from_translation
    from tarjama.service.engines import build_engines

    setup_logging("WARNING")
    engines = build_engines(settings, with_summarizer=True)
    try:
        options = engines.translator.resolve_options(_options(args))
        model = engines.pipeline.model
        manifest = Manifest(args.out, f"{model.model_id}@{model.revision}")

        def translate(article_id: str, text: str):
            return engines.pipeline.translate(ArticleRequest(article_id, text), options)

        progress = tqdm(
            total=len(jobs), unit="article", desc="translate", file=sys.stderr, disable=None
        )
        with progress:
            report = run_batch(
                jobs,
                translate,
                args.out,
                manifest,
                concurrency=args.concurrency,
                on_progress=lambda: progress.update(1),
            )
        print(f"tarjama: {report.summary_line()}", file=sys.stderr)
        failures = {str(path): message for path, message in report.failures}

        articles, texts, indices = [], [], []
        summarizing = tqdm(jobs, unit="article", desc="summarize", file=sys.stderr, disable=None)
        for index, job in enumerate(summarizing):
            stem = job.out_stem(args.out)
            entry = {
                "index": index,
                "article_id": job.relative_stem,
                "source_path": str(job.source),
            }
            if str(job.source) in failures:
                articles.append(DigestArticle(**entry, error=failures[str(job.source)]))
                continue
            translation = read_article_json(stem.with_name(stem.name + JSON_SUFFIX))
            text = article_text_from_translation(translation)
            files = {
                "translation": translation,
                "text_file": job.relative_stem + TEXT_SUFFIX,
                "json_file": job.relative_stem + JSON_SUFFIX,
            }
            try:
                summary = engines.summarizer.summarize_article(
                    text, article_length, method, article_index=index
                )
            except InvalidInput as error:
                articles.append(DigestArticle(**entry, **files, error=str(error)))
                continue
            articles.append(DigestArticle(**entry, **files, summary=summary))
            texts.append(text)
            indices.append(index)
        collection = None
        if texts:
            collection = engines.summarizer.summarize_collection(
                texts, collection_length, method, article_indices=indices
            )
    finally:
        engines.close()
    return articles, collection


def _finish_digest(out, articles, collection, method, article_length, collection_length) -> int:
    from importlib.metadata import PackageNotFoundError, version

    from tarjama.clients.digest import DigestInfo, write_digest

    try:
        tarjama_version = version("tarjama")
    except PackageNotFoundError:
        tarjama_version = ""
    info = DigestInfo(
        method=method.value,
        article_length=article_length,
        collection_length=collection_length,
        tarjama_version=tarjama_version,
    )
    markdown, data = write_digest(out, articles, collection, info)
    failed = [a for a in articles if a.error]
    for article in failed:
        where = article.source_path or article.article_id
        print(f"failed: {where}: {article.error}", file=sys.stderr)
    print(
        f"tarjama: {len(articles) - len(failed)} of {len(articles)} articles summarized, "
        f"{len(failed)} failed; wrote {markdown} and {data}"
    )
    return 1 if failed else 0


def _digest_remote(args, jobs, method, article_length, collection_length):
    """The server's SummarizeCollection RPC, progress printed as events stream in."""
    import grpc

    from tarjama.clients.article_io import JSON_SUFFIX, TEXT_SUFFIX, write_article_outputs
    from tarjama.clients.client import TarjamaClient, error_from_rpc
    from tarjama.clients.digest import DigestArticle
    from tarjama.models.pipeline import ArticleRequest
    from tarjama.protos.v1 import summarization_pb2 as spb
    from tarjama.protos.v1 import summarization_pb2_grpc
    from tarjama.service import converters
    from tarjama.service.summarization_servicer import (
        length_to_pb,
        method_to_pb,
        summary_from_pb,
    )

    request = spb.SummarizeCollectionRequest(
        articles=[
            converters.article_to_pb(
                ArticleRequest(job.relative_stem, job.source.read_text(encoding="utf-8-sig"))
            )
            for job in jobs
        ],
        method=method_to_pb(method),
        article_length=length_to_pb(article_length),
        collection_length=length_to_pb(collection_length),
        translation_options=converters.options_to_pb(_options(args)),
    )
    stage_names = {
        spb.COLLECTION_STAGE_ARTICLE_TRANSLATED: "translated",
        spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED: "summarized",
        spb.COLLECTION_STAGE_ARTICLE_FAILED: "failed",
    }
    final = None
    with TarjamaClient(args.server, timeout=args.timeout) as client:
        stub = summarization_pb2_grpc.SummarizationServiceStub(client.channel)
        try:
            for event in stub.SummarizeCollection(request, timeout=args.timeout):
                if event.stage == spb.COLLECTION_STAGE_COLLECTION_DONE:
                    final = event
                    continue
                print(
                    f"[{event.articles_done}/{event.articles_total}] "
                    f"{stage_names.get(event.stage, 'event')}: {event.article.article_id}",
                    file=sys.stderr,
                )
        except grpc.RpcError as error:
            raise error_from_rpc(error, args.server) from None
    if final is None:
        raise ConnectionError(f"server {args.server} ended the stream before the summary")
    articles = []
    for job, outcome in zip(jobs, final.articles, strict=True):
        entry = {
            "index": outcome.article_index,
            "article_id": job.relative_stem,
            "source_path": str(job.source),
        }
        if outcome.HasField("error"):
            message = f"{outcome.error.code}: {outcome.error.message}"
            articles.append(DigestArticle(**entry, error=message))
            continue
        translation = converters.translated_from_pb(outcome.translation)
        write_article_outputs(translation, job.out_stem(args.out), source_path=str(job.source))
        articles.append(
            DigestArticle(
                **entry,
                translation=translation,
                text_file=job.relative_stem + TEXT_SUFFIX,
                json_file=job.relative_stem + JSON_SUFFIX,
                summary=summary_from_pb(outcome.summary),
            )
        )
    collection = summary_from_pb(final.collection_summary)
    return articles, collection if collection.sentences else None
