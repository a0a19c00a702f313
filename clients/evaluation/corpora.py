"""Turns the paths a user gives `tarjama eval` into aligned corpora and summary pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tarjama.clients.evaluation.articles import align_articles, is_article_input, load_articles
from tarjama.clients.evaluation.inputs import (
    AlignedCorpus,
    describe_path,
    line_corpus,
    read_document_ids,
    read_lines,
    require_same_length,
)
from tarjama.clients.evaluation.summary_metrics import (
    COLLECTION_ID,
    load_summaries,
    pair_summaries,
)
from tarjama.models.errors import InvalidInput


def translation_corpus(
    hyp: Path,
    refs: list[Path],
    *,
    src: Path | None = None,
    baseline: Path | None = None,
    docs: Path | None = None,
    system_name: str = "system",
    baseline_name: str = "baseline",
) -> AlignedCorpus:
    """Line files are aligned line by line; article outputs (tarjama JSON, `.en.txt`, or a
    folder of them) are matched to reference articles by id."""
    hyp, refs = Path(hyp), [Path(r) for r in refs]
    if not is_article_input(hyp):
        for ref in refs:
            if ref.is_dir():
                raise InvalidInput(
                    f"--hyp {hyp} is a line file but --ref {ref} is a folder; give a reference"
                    " file with one segment per line, or a folder of tarjama outputs as --hyp"
                )
        corpus = line_corpus(
            hyp,
            refs,
            src_path=src,
            baseline_path=baseline,
            system_name=system_name,
            baseline_name=baseline_name,
        )
        if docs is not None:
            corpus.documents = read_document_ids(docs, len(corpus))
        return corpus
    if len(refs) != 1:
        raise InvalidInput("article outputs are scored against one reference (one --ref)")
    if docs is not None:
        raise InvalidInput(
            "--docs is for line files; article outputs are scored per article already"
        )
    systems = {system_name: load_articles(hyp, role="--hyp")}
    if refs[0].is_file() and len(systems[system_name]) > 1:
        raise InvalidInput(
            f"--hyp {hyp} holds {len(systems[system_name])} articles but --ref {refs[0]} is one"
            " file; give a folder of reference articles <id>.en.txt"
        )
    if baseline is not None:
        systems[baseline_name] = load_articles(baseline, role="--baseline")
    references = load_articles(refs[0], role="--ref", kind="reference")
    sources = load_articles(src, role="--src", kind="source") if src is not None else None
    return align_articles(references, systems, sources=sources)


def check_corpus(hyp: Path, src: Path | None = None) -> AlignedCorpus:
    """Outputs with their sources, for the reference-free checks."""
    hyp = Path(hyp)
    if not is_article_input(hyp):
        if src is None:
            raise InvalidInput(
                "--src is needed with a line file (or give tarjama .json outputs, which"
                " carry their sources)"
            )
        hypotheses = read_lines(hyp, role="--hyp")
        sources = read_lines(src, role="--src")
        require_same_length({"--hyp": (hyp, hypotheses), "--src": (Path(src), sources)})
        return AlignedCorpus(
            segment_ids=[f"line {i + 1}" for i in range(len(hypotheses))],
            references=[],
            hypotheses={"system": hypotheses},
            sources=sources,
            levels=["sentence"] * len(hypotheses),
        )
    articles = load_articles(hyp, role="--hyp")
    source_articles = load_articles(src, role="--src", kind="source") if src else {}
    corpus = AlignedCorpus(
        segment_ids=[], references=[], hypotheses={"system": []}, sources=[], engine_flags=[]
    )
    for article_id in sorted(articles):
        article = articles[article_id]
        segments = article.segments
        ids = [f"{article_id}#{i + 1}" for i in range(len(segments))]
        flags = list(article.flags or [()] * len(segments))
        level = "sentence"
        if article.sources is not None:
            sources = list(article.sources)
        elif article_id in source_articles:
            # A `.en.txt` has no sentence alignment: check the whole article at once.
            segments, sources, flags = [article.text], [source_articles[article_id].text], [()]
            ids, level = [article_id], "document"
            corpus.notes.append(f"{article_id}: no sentence alignment; checked as one document")
        else:
            sources = [""] * len(segments)
            corpus.notes.append(f"{article_id}: no source found; only source-free checks run")
        corpus.segment_ids += ids
        corpus.system.extend(segments)
        corpus.sources.extend(sources)
        corpus.engine_flags.extend(flags)
        corpus.levels += [level] * len(ids)
        if article.model and article.model not in corpus.models:
            corpus.models.append(article.model)
    return corpus


def summary_inputs(
    hyp: Path, ref: Path, *, src: Path | None = None, one_per_line: bool = False
) -> tuple[list[tuple[str, list[str], list[str]]], dict[str, list[str]] | None, list[str]]:
    """(id, hypothesis, reference) pairs, each summary's source texts, and notes.

    The source of `collection` (a summary across articles) is every source article.
    """
    hypotheses = load_summaries(hyp, role="--hyp", one_per_line=one_per_line)
    references = load_summaries(ref, role="--ref", one_per_line=one_per_line)
    pairs, notes = pair_summaries(hypotheses, references)
    if src is None:
        return pairs, None, notes
    src = Path(src)
    if one_per_line and src.is_file():
        lines = read_lines(src, role="--src")
        if len(lines) != len(pairs):
            raise InvalidInput(f"--src has {len(lines)} lines for {len(pairs)} summaries")
        return pairs, {pairs[i][0]: [line] for i, line in enumerate(lines)}, notes
    articles = load_articles(src, role="--src", kind="source")
    sources: dict[str, list[str]] = {}
    for summary_id, _, _ in pairs:
        if summary_id in articles:
            sources[summary_id] = articles[summary_id].segments
        elif summary_id == COLLECTION_ID or len(articles) == 1 and len(pairs) == 1:
            sources[summary_id] = [s for a in articles.values() for s in a.segments]
        else:
            notes.append(f"{summary_id}: no source article found; number checks skipped")
    return pairs, sources, notes


def describe_inputs(**paths: Any) -> dict[str, Any]:
    """Input provenance for the result JSON (path and checksum of each given path)."""
    described: dict[str, Any] = {}
    for role, value in paths.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            described[role] = [describe_path(Path(v)) for v in value]
            if len(value) == 1:
                described[role] = described[role][0]
        elif isinstance(value, Path):
            described[role] = describe_path(value)
        else:
            described[role] = value
    return described
