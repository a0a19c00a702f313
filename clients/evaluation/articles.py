"""Loads per-article hypotheses (tarjama JSON, `.en.txt`) and references, and aligns them."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from tarjama.clients.evaluation.inputs import AlignedCorpus, read_text, split_lines
from tarjama.clients.runs.article_files import (
    FORMAT_NAME,
    JSON_SUFFIX,
    SUMMARY_SUFFIX,
    TEXT_SUFFIX,
    article_from_json,
)
from tarjama.models.errors import InvalidInput


@dataclass(frozen=True)
class ArticleDoc:
    """One article's segments grouped by paragraph, with sources when the file has them."""

    article_id: str
    paragraphs: tuple[tuple[str, ...], ...]
    path: Path
    sources: tuple[str, ...] | None = None
    flags: tuple[tuple[str, ...], ...] | None = None
    model: dict[str, str] | None = None

    @property
    def segments(self) -> list[str]:
        return [segment for paragraph in self.paragraphs for segment in paragraph]

    @property
    def text(self) -> str:
        return " ".join(self.segments)


def is_article_input(path: Path) -> bool:
    """Folders, tarjama JSON and `.en.txt` files are articles; other files are line files."""
    path = Path(path)
    return path.is_dir() or path.name.endswith((JSON_SUFFIX, TEXT_SUFFIX))


def paragraphs_of_text(text: str) -> tuple[tuple[str, ...], ...]:
    """Non-blank lines are segments; blank lines separate paragraphs."""
    paragraphs: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in split_lines(text):
        if line:
            current.append(line)
        elif current:
            paragraphs.append(tuple(current))
            current = []
    if current:
        paragraphs.append(tuple(current))
    return tuple(paragraphs)


def read_text_article(path: Path, *, role: str) -> ArticleDoc:
    paragraphs = paragraphs_of_text(read_text(path, role=role))
    if not paragraphs:
        raise InvalidInput(f"{role} {path} is empty")
    return ArticleDoc(article_id_of(Path(path.name)), paragraphs, path)


def read_json_article(path: Path, *, role: str) -> ArticleDoc | None:
    """A tarjama translation JSON as an ArticleDoc; None for other JSON (e.g. summaries)."""
    try:
        data = json.loads(read_text(path, role=role))
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{role} {path} is not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        return None
    try:
        article = article_from_json(data)
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidInput(f"{role} {path} is a damaged tarjama JSON file ({error})") from None
    by_paragraph: dict[int, list[int]] = {}
    for position, segment in enumerate(article.segments):
        by_paragraph.setdefault(segment.paragraph_index, []).append(position)
    order = [position for positions in by_paragraph.values() for position in positions]
    segments = [article.segments[position] for position in order]
    return ArticleDoc(
        article_id=article.article_id or article_id_of(Path(path.name)),
        paragraphs=tuple(
            tuple(article.segments[p].translation.strip() for p in positions)
            for positions in by_paragraph.values()
        ),
        path=path,
        sources=tuple(segment.source for segment in segments),
        flags=tuple(tuple(flag.value for flag in segment.flags) for segment in segments),
        model={"id": article.model.model_id, "revision": article.model.revision},
    )


def files_by_id(path: Path) -> list[tuple[str, Path]]:
    """(article id, file) under a folder, recursively; the id keeps sub-folders, as
    `tarjama translate` does when it mirrors an input tree."""
    if path.is_file():
        return [(article_id_of(Path(path.name)), path)]
    found = []
    for file in sorted(path.rglob("*")):
        relative = file.relative_to(path)
        if file.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append((article_id_of(relative), file))
    return found


def article_id_of(path: Path) -> str:
    """File name (with any sub-folders) without .summary.txt/.en.txt/.json/.txt."""
    name = Path(path).as_posix()
    for suffix in (SUMMARY_SUFFIX, TEXT_SUFFIX, JSON_SUFFIX, ".txt"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def load_articles(path: Path, *, role: str, kind: str = "hypothesis") -> dict[str, ArticleDoc]:
    """Articles of a file or folder, by article id; `kind` says which files count.

    hypothesis: tarjama `.json` (preferred: it keeps the sentence alignment and sources),
    else `.en.txt`. reference: `<id>.en.txt`, or plain `<id>.txt` where there is no
    `.en.txt` at all. source: plain `<id>.txt` (the Arabic input), else English outputs.
    Summaries and README files are never articles.
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{role} not found: {path}")
    files = files_by_id(path)
    plain = [
        (i, f)
        for i, f in files
        if f.suffix == ".txt"
        and not f.name.endswith((TEXT_SUFFIX, SUMMARY_SUFFIX))
        and f.name.lower() != "readme.txt"
    ]
    english = [(i, f) for i, f in files if f.name.endswith(TEXT_SUFFIX)]
    articles: dict[str, ArticleDoc] = {}
    if kind == "source" and plain:
        chosen = plain
    elif kind == "reference":
        chosen = english or plain
    else:
        for _, file in files:
            if file.suffix == JSON_SUFFIX:
                article = read_json_article(file, role=role)
                if article is not None:
                    articles[article.article_id] = article
        chosen = english or (plain if path.is_file() else [])
    for article_id, file in chosen:
        if article_id not in articles:
            articles[article_id] = replace(
                read_text_article(file, role=role), article_id=article_id
            )
    if not articles:
        expected = {
            "reference": "<id>.en.txt files",
            "source": "<id>.txt files",
            "hypothesis": "tarjama .json or .en.txt files",
        }[kind]
        raise InvalidInput(f"{role} {path} holds no articles (expected {expected})")
    return articles


def match_articles(
    references: dict[str, ArticleDoc], systems: dict[str, dict[str, ArticleDoc]]
) -> tuple[list[str], list[str]]:
    """Article ids to score and notes; refuses references that a system has no output for."""
    notes = []
    if len(references) == 1 and all(len(arts) == 1 for arts in systems.values()):
        # One file each: pair them whatever their names are.
        (ref_id,) = references
        for name, articles in systems.items():
            (only,) = articles.values()
            if only.article_id != ref_id:
                notes.append(f"{name}: paired {only.path.name} with reference {ref_id}")
                systems[name] = {ref_id: only}
        return [ref_id], notes
    ids = sorted(references)
    for name, articles in systems.items():
        missing = [article_id for article_id in ids if article_id not in articles]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise InvalidInput(
                f"{name} has no output for {len(missing)} of {len(ids)} reference articles"
                f" ({shown}); article ids are file names without .json/.en.txt"
            )
        extra = sorted(set(articles) - set(references))
        if extra:
            notes.append(f"{name}: {len(extra)} article(s) without a reference ignored")
    return ids, notes


def align_articles(
    references: dict[str, ArticleDoc],
    systems: dict[str, dict[str, ArticleDoc]],
    *,
    sources: dict[str, ArticleDoc] | None = None,
) -> AlignedCorpus:
    """Sentence pairs where every system has as many segments as the reference, else whole
    documents (one segment per article), so segment-count mismatches never fail the run."""
    ids, notes = match_articles(references, systems)
    system_names = list(systems)
    corpus = AlignedCorpus(
        segment_ids=[],
        references=[[]],
        hypotheses={name: [] for name in system_names},
        sources=[],
        documents=[],
        engine_flags=[],
        notes=notes,
    )
    primary = systems[system_names[0]]
    seen_models = set()
    for article_id in ids:
        reference = references[article_id]
        hyps = {name: systems[name][article_id] for name in system_names}
        source_doc = primary[article_id] if primary[article_id].sources else None
        if source_doc is None and sources and article_id in sources:
            source_doc = sources[article_id]
        counts = {name: len(h.segments) for name, h in hyps.items()}
        sentence_level = all(count == len(reference.segments) for count in counts.values())
        if sentence_level:
            size = len(reference.segments)
            corpus.references[0].extend(reference.segments)
            for name, hyp in hyps.items():
                corpus.hypotheses[name].extend(hyp.segments)
            corpus.segment_ids.extend(f"{article_id}#{i + 1}" for i in range(size))
            corpus.levels.extend(["sentence"] * size)
            source_list = _segment_sources(source_doc, size)
            flags = list(primary[article_id].flags or [()] * size)
        else:
            size = 1
            corpus.references[0].append(reference.text)
            for name, hyp in hyps.items():
                corpus.hypotheses[name].append(hyp.text)
            corpus.segment_ids.append(article_id)
            corpus.levels.append("document")
            source_list = [_source_text(source_doc)]
            sources_flags = primary[article_id].flags or ()
            flags = [tuple(sorted({f for seg in sources_flags for f in seg}))]
            shown = ", ".join(f"{name} {count}" for name, count in counts.items())
            corpus.notes.append(
                f"{article_id}: segment counts differ (reference {len(reference.segments)},"
                f" {shown}); scored as one document"
            )
        corpus.documents.extend([article_id] * size)
        corpus.sources.extend(source_list)
        corpus.engine_flags.extend(flags)
        model = primary[article_id].model
        if model and tuple(model.items()) not in seen_models:
            seen_models.add(tuple(model.items()))
            corpus.models.append(model)
    if not any(corpus.sources):
        corpus.sources = None
    return corpus


def _source_text(source_doc: ArticleDoc | None) -> str:
    """The whole source of an article: the sources inside a tarjama JSON, or a source file."""
    if source_doc is None:
        return ""
    return " ".join(source_doc.sources) if source_doc.sources else source_doc.text


def _segment_sources(source_doc: ArticleDoc | None, size: int) -> list[str]:
    """Per-segment sources when known at that granularity, else blanks (checks skip those)."""
    if source_doc is None:
        return [""] * size
    if source_doc.sources and len(source_doc.sources) == size:
        return list(source_doc.sources)
    if len(source_doc.segments) == size and source_doc.sources is None:
        return list(source_doc.segments)
    return [""] * size
