"""Runs `tarjama digest`: one code path, in-process or with --server, from files to digest."""

from __future__ import annotations

import argparse
import sys

from tarjama.clients.cli.common import settings_from_args
from tarjama.clients.cli.summarize_cmd import generation_options, summary_length


def run_digest(args: argparse.Namespace) -> int:
    from tarjama.clients.digest.inputs import (
        check_output_folder,
        discover_articles,
        open_backend,
        prepare_jobs,
    )
    from tarjama.clients.runs.folder_runner import Manifest, output_folders
    from tarjama.models.errors import InvalidInput
    from tarjama.models.summarization.engine import Summarizer
    from tarjama.models.summarization.english import is_english
    from tarjama.models.summarization.types import SummaryMethod

    settings = settings_from_args(args)
    limits = settings.limits()
    if args.concurrency < 1:
        raise InvalidInput("--concurrency must be at least 1")
    checker = Summarizer(limits=limits)  # no models: checks requests before anything loads
    article_length = checker.resolve_length(
        summary_length(args.sentences, args.words), limits.article_summary_sentences
    )
    collection_length = checker.resolve_length(
        summary_length(args.collection_sentences, args.collection_words),
        limits.collection_summary_sentences,
    )
    english = is_english(args.input_language)
    jobs = discover_articles(args.inputs, english)
    if not jobs:
        kinds = "*.txt, *.en.txt or tarjama .json" if english else "*.txt or *.html"
        raise InvalidInput(f"no {kinds} articles found in {', '.join(map(str, args.inputs))}")
    checker.check_collection_size(len(jobs))
    check_output_folder(args.out, output_folders(jobs))
    method = SummaryMethod(settings.summary_method)
    backend, model_key, close = open_backend(args, settings, english)
    try:
        manifest = None if english else Manifest(args.out, model_key)
        prepared = prepare_jobs(jobs, english, args.out, manifest)
        articles, collection, synthesis = _run(
            args, backend, prepared, manifest, method, article_length, collection_length
        )
    finally:
        close()
    return _finish_digest(
        args.out, articles, collection, synthesis, method, article_length, collection_length
    )


def _run(args, backend, prepared, manifest, method, article_length, collection_length):
    """Send the readable articles, write translations as they arrive, build the digest."""
    from tqdm import tqdm

    from tarjama.clients.digest.types import DigestArticle, remap_summary, remap_synthesis
    from tarjama.clients.runs.article_files import JSON_SUFFIX, TEXT_SUFFIX, write_article_outputs
    from tarjama.models.summarization.english import is_untranslated
    from tarjama.models.types import ArticleRequest
    from tarjama.models.workflow import Stage

    sent = [p for p in prepared if p.item is not None]
    job_index = {request: prepared.index(p) for request, p in enumerate(sent)}
    final = None
    translated = 0
    if sent:
        events = backend.summarize_collection(
            [p.item for p in sent],
            article_length=article_length,
            collection_length=collection_length,
            method=method,
            options=generation_options(args),
            max_themes=getattr(args, "themes", None),
        )
        total = len(sent)
        with tqdm(total=total, unit="article", file=sys.stderr, disable=None) as bar:
            for event in events:
                if event.stage is Stage.DONE:
                    final = event
                    continue
                outcome, entry = event.article, sent[event.article.index]
                bar.write(
                    f"[{event.done}/{event.total}] {event.stage.value}: {outcome.article_id}",
                    file=sys.stderr,
                )
                if event.stage is Stage.TRANSLATED and isinstance(entry.item, ArticleRequest):
                    if not is_untranslated(outcome.translation):
                        translated += 1
                        stem = entry.job.out_stem(args.out)
                        write_article_outputs(
                            outcome.translation,
                            stem,
                            source_path=str(entry.job.source),
                            source_sha256=entry.sha256,
                        )
                        if manifest is not None:
                            manifest.record(
                                entry.job, entry.sha256, len(outcome.translation.segments)
                            )
                if event.stage is not Stage.TRANSLATED:
                    bar.update(1)
        if final is None:
            raise ConnectionError("the summary stream ended before the collection summary")
    reused = sum(1 for p in prepared if p.reused)
    print(f"tarjama: {translated} articles translated, {reused} skipped", file=sys.stderr)
    outcomes = {job_index[o.index]: o for o in final.articles} if final else {}
    articles = []
    for index, entry in enumerate(prepared):
        base = {"index": index, "article_id": entry.job.relative_stem,
                "source_path": str(entry.job.source)}  # fmt: skip
        outcome = outcomes.get(index)
        if entry.error is not None or outcome is None or outcome.error is not None:
            error = entry.error or (str(outcome.error) if outcome else "not summarized")
            articles.append(DigestArticle(**base, error=error))
            continue
        translation = outcome.translation
        files = {}
        if not is_untranslated(translation) and not entry.job.source.suffix == JSON_SUFFIX:
            files = {"text_file": entry.job.relative_stem + TEXT_SUFFIX,
                     "json_file": entry.job.relative_stem + JSON_SUFFIX}  # fmt: skip
        summary = remap_summary(outcome.summary, job_index)
        articles.append(DigestArticle(**base, translation=translation, summary=summary, **files))
    collection = remap_summary(final.summary, job_index) if final else None
    synthesis = remap_synthesis(final.synthesis, job_index) if final else None
    return articles, collection, synthesis


def _finish_digest(
    out, articles, collection, synthesis, method, article_length, collection_length
) -> int:
    from importlib.metadata import PackageNotFoundError, version

    from tarjama.clients.digest.files import write_digest
    from tarjama.clients.digest.types import DigestInfo

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
    written = write_digest(out, articles, collection, info, synthesis)
    failed = [a for a in articles if a.error]
    for article in failed:
        where = article.source_path or article.article_id
        print(f"failed: {where}: {article.error}", file=sys.stderr)
    print(
        f"tarjama: {len(articles) - len(failed)} of {len(articles)} articles summarized, "
        f"{len(failed)} failed; wrote {', '.join(str(path) for path in written)}"
    )
    return 1 if failed else 0
