"""Finds and reads a digest's articles (Arabic, English, or tarjama translations) and picks
where the work runs: the summary workflow in-process, or a server through the client."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tarjama.clients.runs.article_files import (
    FORMAT_NAME,
    JSON_SUFFIX,
    SUMMARY_SUFFIX,
    TEXT_SUFFIX,
    UnreadableArticle,
    decode_article,
    read_article_bytes,
    read_article_json,
)
from tarjama.clients.runs.folder_runner import (
    Job,
    Manifest,
    article_request,
    check_inputs_exist,
    discover,
    sha256_of,
)
from tarjama.clients.runs.outputs import prepare_output_dir
from tarjama.models.text.webpage import decode_html
from tarjama.models.types import ArticleRequest, TranslatedArticle


@dataclass(frozen=True)
class Prepared:
    """One job ready to send: an item for the workflow, or why it could not be read."""

    job: Job
    item: ArticleRequest | TranslatedArticle | None = None
    error: str | None = None
    sha256: str = ""
    reused: bool = False  # a finished translation found in --out


def discover_articles(inputs: Iterable[Path], english: bool) -> list[Job]:
    """Arabic: *.txt (not our English outputs). English: *.txt, *.en.txt and tarjama .json,
    never summaries or digests; a .json beats the .en.txt/.txt of the same article."""
    if not english:
        return discover(inputs)
    inputs = check_inputs_exist(inputs)  # a missing path: exit code 2, before any work
    jobs: dict[str, Job] = {}
    for given in inputs:
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            candidates = [(p, p.relative_to(given)) for p in files]
        elif given.is_file():
            candidates = [(given, Path(given.name))]
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path, relative in candidates:
            stem = _english_stem(relative)
            if stem is None or any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix == JSON_SUFFIX and not _is_translation(path):
                continue
            current = jobs.get(stem)
            if current is None or (
                path.suffix == JSON_SUFFIX and current.source.suffix != JSON_SUFFIX
            ):
                jobs[stem] = Job(path, stem)
    return [jobs[stem] for stem in sorted(jobs)]


def _english_stem(relative: Path) -> str | None:
    name = relative.name
    if name.endswith(SUMMARY_SUFFIX):
        return None
    for suffix in (TEXT_SUFFIX, ".txt", JSON_SUFFIX):
        if name.endswith(suffix):
            return relative.with_name(name[: -len(suffix)]).as_posix()
    return None


def _is_translation(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
        return f'"{FORMAT_NAME}"' in head
    except (OSError, UnicodeDecodeError):
        return False


def prepare_jobs(
    jobs: list[Job], english: bool, out_dir: Path, manifest: Manifest | None
) -> list[Prepared]:
    """Read every job; a file that cannot be read is its own failure, the rest go on."""
    prepared = []
    for job in jobs:
        try:  # the reading every command shares: one readable reason per unreadable file
            data = read_article_bytes(job.source)
            if job.source.suffix == JSON_SUFFIX:
                text = ""
            elif job.is_html and not english:  # a saved page: its declared charset decides
                text = decode_html(data)
            else:
                text = decode_article(data)
        except UnreadableArticle as error:
            prepared.append(Prepared(job, error=str(error)))
            continue
        if job.source.suffix == JSON_SUFFIX:
            try:
                translation = read_article_json(job.source)
            except UnreadableArticle as error:
                prepared.append(Prepared(job, error=str(error)))
                continue
            except (ValueError, KeyError, TypeError) as error:
                message = f"not a tarjama translation ({type(error).__name__})"
                prepared.append(Prepared(job, error=message))
                continue
            prepared.append(Prepared(job, translation, sha256=sha256_of(data), reused=True))
            continue
        digest = sha256_of(data)
        if manifest is not None and manifest.is_done(job, digest, out_dir):
            stem = job.out_stem(out_dir)
            try:
                finished = read_article_json(stem.with_name(stem.name + JSON_SUFFIX))
                prepared.append(Prepared(job, finished, sha256=digest, reused=True))
                continue
            except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
                pass  # a damaged output is translated again
        language = "en" if english else ""
        request = ArticleRequest(job.relative_stem, text, source_language=language)
        if job.is_html and not english:
            request = article_request(job.relative_stem, text, html=True)
        prepared.append(Prepared(job, request, sha256=digest))
    return prepared


def check_output_folder(out_dir: Path, subfolders: Iterable[str] = ()) -> None:
    """Create --out and prove it is writable before any work starts (and remove temp files
    a killed run left in it and in `subfolders`)."""
    prepare_output_dir(out_dir, subfolders=subfolders)


def open_backend(args: Any, settings: Any, english: bool) -> tuple[Any, str, Any]:
    """(workflow or client, the translation model's manifest key, closer).

    Both expose summarize_article and summarize_collection with the same arguments and
    results, so the commands run one code path whichever is used.
    """
    if args.server:
        from tarjama.clients.cli.common import connect

        client = connect(args, timeout=args.timeout)  # TLS and token flags; waits for health
        model_key = "none"
        if not english:
            info = client.info()  # fails fast, with one readable line, when the server is down
            model = info.models[0].model if info.models else None
            model_key = f"{model.model_id}@{model.revision}" if model else "unknown"
        return client, model_key, client.close
    from tarjama.clients.cli.common import setup_logging
    from tarjama.models.summarization.engine import load_summarizer
    from tarjama.models.summarization.types import SummaryMethod
    from tarjama.models.workflow import SummaryWorkflow

    setup_logging("WARNING")
    limits = settings.limits()
    if english:  # no translation model at all
        method = SummaryMethod(settings.summary_method)
        summarizer = load_summarizer(
            settings.summary_model,
            settings.device,
            method=method,
            local_files_only=settings.translator_config().local_files_only
            or method is SummaryMethod.AUTO,
            limits=limits,
        )
        workflow = SummaryWorkflow(summarizer, None, limits=limits, concurrency=_concurrency(args))
        return workflow, "none", lambda: None
    from tarjama.models.engines import build_engines

    engines = build_engines(settings, with_summarizer=True)
    workflow = SummaryWorkflow(
        engines.summarizer,
        engines.article_translator,
        limits=limits,
        concurrency=_concurrency(args),
    )
    model = engines.article_translator.model
    return workflow, f"{model.model_id}@{model.revision}", engines.close


def _concurrency(args: Any) -> int:
    return getattr(args, "concurrency", None) or 1
