"""Runs `tarjama digest`: translate, summarize and report a folder of articles."""

from __future__ import annotations

import argparse
import sys

from tarjama.clients.cli.common import settings_from_args, setup_logging
from tarjama.clients.cli.summarize_cmd import generation_options, summary_length, summary_limits


def run_digest(args: argparse.Namespace) -> int:
    from tarjama.clients.folder_runner import discover
    from tarjama.models.errors import InvalidInput
    from tarjama.models.summarization.types import SummaryMethod

    settings = settings_from_args(args)
    if args.concurrency < 1:
        raise InvalidInput("--concurrency must be at least 1")
    checker = summary_limits(settings)
    article_length = checker.resolve_length(summary_length(args.sentences, args.words), 4)
    collection_length = checker.resolve_length(
        summary_length(args.collection_sentences, args.collection_words), 8
    )
    jobs = discover(args.inputs)
    if not jobs:
        raise InvalidInput(
            f"no *.txt or *.html articles found in {', '.join(map(str, args.inputs))}"
        )
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
    from tarjama.clients.digest import DigestArticle
    from tarjama.clients.folder_runner import Manifest, article_request, run_batch
    from tarjama.models.errors import InvalidInput
    from tarjama.models.summarization.inputs import article_text_from_translation
    from tarjama.service.engines import build_engines

    setup_logging("WARNING")
    engines = build_engines(settings, with_summarizer=True)
    try:
        options = engines.translator.resolve_options(generation_options(args))
        model = engines.pipeline.model
        manifest = Manifest(args.out, f"{model.model_id}@{model.revision}")

        def translate(article_id: str, text: str, *, html: bool = False):
            return engines.pipeline.translate(article_request(article_id, text, html=html), options)

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
    from tarjama.clients.folder_runner import article_request, read_source
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
                article_request(job.relative_stem, read_source(job.source)[1], html=job.is_html)
            )
            for job in jobs
        ],
        method=method_to_pb(method),
        article_length=length_to_pb(article_length),
        collection_length=length_to_pb(collection_length),
        translation_options=converters.options_to_pb(generation_options(args)),
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
