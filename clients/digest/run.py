"""Runs a digest: articles through the summary workflow (in-process or a server) into files."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tarjama.clients.digest.files import write_digest
from tarjama.clients.digest.inputs import Prepared
from tarjama.clients.digest.types import (
    DigestArticle,
    DigestInfo,
    remap_summary,
    remap_synthesis,
)
from tarjama.clients.runs.article_files import JSON_SUFFIX, TEXT_SUFFIX, write_article_outputs
from tarjama.clients.runs.manifest import Manifest
from tarjama.models.errors import counted
from tarjama.models.summarization.english import is_untranslated
from tarjama.models.summarization.types import SummaryLength, SummaryMethod
from tarjama.models.types import ArticleRequest, GenerationOptions
from tarjama.models.workflow import Stage


def summarize_articles(
    summaries: Any,
    prepared: list[Prepared],
    manifest: Manifest | None,
    *,
    out: Path,
    options: GenerationOptions,
    method: SummaryMethod,
    article_length: SummaryLength,
    collection_length: SummaryLength,
    max_themes: int | None = None,
) -> tuple[list[DigestArticle], Any, Any]:
    """Send the readable articles, write translations as they arrive, build the digest.

    `summaries`: a TarjamaClient or the in-process SummaryWorkflow (same calls, same events).
    `max_themes`: the most shared themes to show (None: the workflow's default).
    Returns the digest's articles, the collection summary and the synthesis.
    """
    sent = [p for p in prepared if p.item is not None]
    prepared_index = {request: prepared.index(p) for request, p in enumerate(sent)}
    final = None
    translated = 0
    if sent:
        events = summaries.summarize_collection(
            [p.item for p in sent],
            article_length=article_length,
            collection_length=collection_length,
            method=method,
            options=options,
            max_themes=max_themes,
        )
        # Progress counts every article given: those that could not be read are failed
        # already; "translated k/n" counts only the articles that need translating.
        unreadable = len(prepared) - len(sent)
        to_translate = sum(1 for p in sent if _needs_translation(p.item))
        with tqdm(
            total=len(prepared), initial=unreadable, unit="article", file=sys.stderr, disable=None
        ) as bar:
            unread = (p for p in prepared if p.item is None)
            for number, entry in enumerate(unread, 1):  # each reason is listed at the end
                where = f"[{number}/{len(prepared)}]"
                bar.write(f"{where} failed: {entry.file.recorded_path}", file=sys.stderr)
            for event in events:
                if event.stage is Stage.DONE:
                    final = event
                    continue
                outcome, entry = event.article, sent[event.article.index]
                done = f"[{event.done + unreadable}/{len(prepared)}]"
                if event.stage is not Stage.TRANSLATED:
                    bar.write(f"{done} {event.stage.value}: {outcome.article_id}", file=sys.stderr)
                    bar.update(1)
                elif _needs_translation(entry.item):
                    if not is_untranslated(outcome.translation):
                        translated += 1
                        bar.write(
                            f"{done} translated ({translated} of {to_translate}): "
                            f"{outcome.article_id}",
                            file=sys.stderr,
                        )
                        stem = entry.file.out_stem(out)
                        write_article_outputs(
                            outcome.translation,
                            stem,
                            source_path=entry.file.recorded_path,
                            source_sha256=entry.sha256,
                        )
                        if manifest is not None:
                            manifest.record(
                                entry.file, entry.sha256, len(outcome.translation.segments)
                            )
        if final is None:
            raise ConnectionError("the summary stream ended before the collection summary")
    reused = sum(1 for p in prepared if p.reused)
    if translated or reused or any(_needs_translation(p.item) for p in sent):  # not English
        print(
            f"tarjama: {counted(translated, 'article')} translated, {reused} skipped",
            file=sys.stderr,
        )
    outcomes = {prepared_index[o.index]: o for o in final.articles} if final else {}
    articles = []
    for index, entry in enumerate(prepared):
        base = {"index": index, "article_id": entry.file.relative_stem,
                "source_path": entry.file.recorded_path}  # fmt: skip
        outcome = outcomes.get(index)
        if entry.error is not None or outcome is None or outcome.error is not None:
            error = entry.error or (str(outcome.error) if outcome else "not summarized")
            articles.append(DigestArticle(**base, error=error))
            continue
        translation = outcome.translation
        files = {}
        if not is_untranslated(translation) and not entry.file.source.suffix == JSON_SUFFIX:
            files = {"text_file": entry.file.relative_stem + TEXT_SUFFIX,
                     "json_file": entry.file.relative_stem + JSON_SUFFIX}  # fmt: skip
        summary = remap_summary(outcome.summary, prepared_index)
        articles.append(DigestArticle(**base, translation=translation, summary=summary, **files))
    collection = remap_summary(final.summary, prepared_index) if final else None
    synthesis = remap_synthesis(final.synthesis, prepared_index) if final else None
    return articles, collection, synthesis


def _needs_translation(item: object) -> bool:
    """An Arabic article to translate (not English input, not a finished translation)."""
    return isinstance(item, ArticleRequest) and item.source_language != "en"


def finish_digest(
    out: Path,
    articles: list[DigestArticle],
    collection: Any,
    synthesis: Any,
    method: SummaryMethod,
    article_length: SummaryLength,
    collection_length: SummaryLength,
) -> int:
    """Write digest.md/.html/.json, print each failure and the summary line; the exit code."""
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
        f"tarjama: {len(articles) - len(failed)} of {counted(len(articles), 'article')} "
        f"summarized, {len(failed)} failed; wrote {', '.join(str(path) for path in written)}"
    )
    return 1 if failed else 0
