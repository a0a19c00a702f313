"""End-to-end evaluation of a running server: send a test set's sources, collect, score."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.clients.evaluation.articles import align_articles, load_articles
from tarjama.clients.evaluation.inputs import (
    AlignedCorpus,
    line_corpus,
    read_document_ids,
    read_lines,
)
from tarjama.clients.runs.article_files import (
    UnreadableArticle,
    write_article_outputs,
    write_atomically,
)
from tarjama.clients.runs.inputs import SOURCE_SUFFIXES, article_request, read_source
from tarjama.models.errors import InvalidInput
from tarjama.models.text.webpage import is_html_name

LINE_SOURCE_NAMES = ("ara.txt", "src.txt", "source.txt")
LINE_REFERENCE_NAMES = ("eng.txt", "ref.txt", "reference.txt")
DOCUMENT_IDS_NAME = "document_ids.tsv"
REFERENCES_FOLDER = "references"
HYPOTHESES_FILE = "hypotheses.txt"
HYPOTHESES_FOLDER = "hypotheses"

# (article_id, text) pairs or ArticleRequests -> per item: (TranslatedArticle or None, error)
BatchFn = Callable[[Sequence[Any]], list[tuple[Any, str]]]


@dataclass(frozen=True)
class EvaluationSet:
    """Where a test set's sources and references are, and how they are laid out."""

    layout: str  # "lines" or "articles"
    source: Path
    reference: Path
    documents: Path | None = None


@dataclass
class RunOutcome:
    """The collected hypotheses as a scorable corpus, plus what happened on the way."""

    corpus: AlignedCorpus
    hypotheses_path: Path
    seconds: float
    requests: int
    failures: list[str] = field(default_factory=list)


def find_testset(
    folder: Path, *, source_name: str | None = None, reference_name: str | None = None
) -> EvaluationSet:
    """Line files (ara.txt + eng.txt, optional document_ids.tsv) or article files
    (*.txt, with references/<id>.en.txt)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"--testset {folder} is not a folder")
    sources = [source_name] if source_name else LINE_SOURCE_NAMES
    references = [reference_name] if reference_name else LINE_REFERENCE_NAMES
    source = next((folder / n for n in sources if (folder / n).is_file()), None)
    reference = next((folder / n for n in references if (folder / n).is_file()), None)
    if source and reference:
        documents = folder / DOCUMENT_IDS_NAME
        return EvaluationSet("lines", source, reference, documents if documents.is_file() else None)
    reference_dir = folder / (reference_name or REFERENCES_FOLDER)
    if reference_dir.is_dir() and any(any(folder.glob(f"*{suffix}")) for suffix in SOURCE_SUFFIXES):
        return EvaluationSet("articles", folder, reference_dir)
    raise InvalidInput(
        f"--testset {folder}: expected ara.txt and eng.txt (one segment per line), or article"
        f" files *.txt or pages *.html with references in {REFERENCES_FOLDER}/<id>.en.txt"
    )


def client_batch_fn(client: Any) -> BatchFn:
    """translate_batch of a TarjamaClient, as (article, error) pairs in request order."""

    def translate(pairs: Sequence[Any]) -> list[tuple[Any, str]]:
        items = client.translate_batch(list(pairs))
        by_id = {item.article_id: item for item in items}
        outcomes = []
        for article_id in (p.article_id if hasattr(p, "article_id") else p[0] for p in pairs):
            item = by_id.get(article_id)
            if item is None:
                outcomes.append((None, "missing from the server's reply"))
            else:
                message = f"{item.error_code}: {item.error_message}" if item.error_code else ""
                outcomes.append((item.translation, message))
        return outcomes

    return translate


def _translate_all(
    pairs: list[Any], translate: BatchFn, *, batch_size: int, concurrency: int
) -> tuple[list[tuple[Any, str]], int]:
    batches = [pairs[i : i + batch_size] for i in range(0, len(pairs), batch_size)]
    # A few batches in flight let the server's dynamic batcher fill its GPU/CPU batches.
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(translate, batches))
    return [outcome for batch in results for outcome in batch], len(batches)


def run_lines(
    testset: EvaluationSet,
    translate: BatchFn,
    out_dir: Path,
    *,
    batch_size: int = 16,
    concurrency: int = 2,
    limit: int | None = None,
) -> RunOutcome:
    """Each source line goes as its own article, so replies map back one to one even when
    the server splits a line into several sentences (their translations are re-joined)."""
    all_sources = read_lines(testset.source, role="source")
    sources = all_sources[:limit]
    pairs = [(f"line-{i + 1}", text) for i, text in enumerate(sources) if text]
    started = time.perf_counter()
    outcomes, requests = _translate_all(
        pairs, translate, batch_size=batch_size, concurrency=concurrency
    )
    seconds = time.perf_counter() - started
    by_id = dict(zip((p[0] for p in pairs), outcomes, strict=True))
    hypotheses, failures = [], []
    for i in range(len(sources)):
        article, error = by_id.get(f"line-{i + 1}", (None, ""))
        if error:
            failures.append(f"line {i + 1}: {error}")
        hypotheses.append(
            " ".join(s.translation.strip() for s in article.segments) if article else ""
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    hyp_path = out_dir / HYPOTHESES_FILE
    write_atomically(hyp_path, "".join(line.replace("\n", " ") + "\n" for line in hypotheses))
    reference_path = testset.reference
    if limit is not None:
        # Score the same prefix of the references.
        reference_path = out_dir / "references.txt"
        references = read_lines(testset.reference, role="reference")[:limit]
        write_atomically(reference_path, "".join(line + "\n" for line in references))
    corpus = line_corpus(hyp_path, [reference_path], src_path=None)
    corpus.sources = sources
    if testset.documents is not None:
        document_ids = read_document_ids(testset.documents, len(all_sources))
        corpus.documents = document_ids[: len(corpus)]
    corpus.notes.extend(failures[:20])
    return RunOutcome(corpus, hyp_path, seconds, requests, failures)


def run_articles(
    testset: EvaluationSet,
    translate: BatchFn,
    out_dir: Path,
    *,
    batch_size: int = 4,
    concurrency: int = 2,
    limit: int | None = None,
) -> RunOutcome:
    """Each article is sent whole; outputs are written as `tarjama translate` writes them and
    scored against the references by article id."""
    references = load_articles(testset.reference, role="references", kind="reference")
    ids = sorted(references)[:limit]
    pairs = []
    for article_id in ids:
        # A text article, or a saved web page whose article the server extracts.
        candidates = [testset.source / f"{article_id}{suffix}" for suffix in SOURCE_SUFFIXES]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            raise InvalidInput(f"reference {article_id} has no source article {candidates[0]}")
        try:
            text = read_source(path)[1]
        except UnreadableArticle as error:
            raise InvalidInput(f"source article {path}: {error}") from None
        pairs.append(article_request(article_id, text, html=is_html_name(path.name)))
    started = time.perf_counter()
    outcomes, requests = _translate_all(
        pairs, translate, batch_size=batch_size, concurrency=concurrency
    )
    seconds = time.perf_counter() - started
    hyp_dir = out_dir / HYPOTHESES_FOLDER
    failures = []
    translated: dict[str, Any] = {}
    for article_id, (article, error) in zip(ids, outcomes, strict=True):
        if article is None:
            failures.append(f"{article_id}: {error or 'no translation'}")
            continue
        write_article_outputs(article, hyp_dir / article_id, source_path=Path(testset.source).name)
        translated[article_id] = article
    if not translated:
        raise InvalidInput("the server translated none of the articles: " + "; ".join(failures))
    hypotheses = load_articles(hyp_dir, role="hypotheses")
    scored = {i: references[i] for i in ids if i in hypotheses}
    corpus = align_articles(scored, {"system": hypotheses})
    corpus.notes.extend(f"not scored: {f}" for f in failures)
    return RunOutcome(corpus, hyp_dir, seconds, requests, failures)


def cache_note(hits: int, misses: int) -> str | None:
    """What the timing of a run means when the server answered some sentences from its cache."""
    if hits <= 0:
        return None
    if misses <= 0:
        return (
            f"all {hits} sentences were answered from the server's translation cache: the time"
            " measures the cache, not the model (serve with --cache-entries 0 to time the model)"
        )
    return (
        f"{hits} of {hits + misses} sentences were answered from the server's translation"
        " cache, so the time is shorter than the model alone would take"
    )


def server_models(info: Any) -> list[dict[str, str]]:
    """The models a server reports in GetInfo, as result-JSON entries."""
    models = []
    for loaded in info.models:
        models.append(
            {
                "id": loaded.model.model_id,
                "revision": loaded.model.revision,
                "role": loaded.role,
                "backend": loaded.backend,
                "device": loaded.device,
                "dtype": loaded.dtype,
            }
        )
    return models
