"""Writes a digest of summarized articles: `digest.md` for people and `digest.json` for programs."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tarjama.clients.article_io import write_atomically
from tarjama.models.summarization.types import (
    DistinctPoint,
    SentenceRef,
    Summary,
    SummaryLength,
    SummarySentence,
    Synthesis,
)
from tarjama.models.types import ParagraphKind, TranslatedArticle

FORMAT_NAME = "tarjama.digest.v1"
MARKDOWN_NAME = "digest.md"
JSON_NAME = "digest.json"
SUMMARY_SUFFIX = ".summary.txt"  # one sentence per line, as `tarjama eval` reads summaries

# Underscores are left alone: inside words (file names) CommonMark never reads them as
# emphasis, and escaping them makes the raw file hard to read.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>])")


@dataclass(frozen=True)
class DigestArticle:
    """One input article: its translation and summary, or why it failed."""

    index: int  # 0-based place in the collection; citations show index + 1
    article_id: str
    source_path: str = ""
    translation: TranslatedArticle | None = None
    text_file: str | None = None  # the full translation, relative to the digest folder
    json_file: str | None = None
    summary: Summary | None = None
    error: str | None = None

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def title(self) -> str:
        if self.translation is not None:
            title = " ".join(
                segment.translation
                for segment in self.translation.segments
                if _kind_of(self.translation, segment.paragraph_index) is ParagraphKind.TITLE
            ).strip()
            if title:
                return title
        return self.article_id


@dataclass(frozen=True)
class DigestInfo:
    """How the digest was made (shown in its header and stored in the JSON)."""

    method: str
    article_length: SummaryLength
    collection_length: SummaryLength
    generated_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    tarjama_version: str = ""
    notes: tuple[str, ...] = ()


def remap_ref(ref: SentenceRef, indices: dict[int, int]) -> SentenceRef:
    return SentenceRef(indices.get(ref.article_index, ref.article_index), ref.sentence_index)


def _remap_sentence(sentence: SummarySentence, indices: dict[int, int]) -> SummarySentence:
    return replace(sentence, sources=tuple(remap_ref(r, indices) for r in sentence.sources))


def remap_summary(summary: Summary | None, indices: dict[int, int]) -> Summary | None:
    """The summary with article indices of a request turned into places in the digest."""
    if summary is None:
        return None
    return replace(summary, sentences=[_remap_sentence(s, indices) for s in summary.sentences])


def remap_synthesis(synthesis: Synthesis | None, indices: dict[int, int]) -> Synthesis | None:
    if synthesis is None:
        return None
    refs = lambda items: tuple(remap_ref(r, indices) for r in items)  # noqa: E731
    return Synthesis(
        themes=[
            replace(
                t,
                statement=_remap_sentence(t.statement, indices),
                sources=refs(t.sources),
                articles=tuple(indices.get(a, a) for a in t.articles),
            )
            for t in synthesis.themes
        ],  # fmt: skip
        figures=[replace(f, sources=refs(f.sources)) for f in synthesis.figures],
        entities=[
            replace(
                e, sources=refs(e.sources), articles=tuple(indices.get(a, a) for a in e.articles)
            )
            for e in synthesis.entities
        ],
        distinct_points=[
            DistinctPoint(
                indices.get(d.article_index, d.article_index), _remap_sentence(d.sentence, indices)
            )
            for d in synthesis.distinct_points
        ],  # fmt: skip
        notes=list(synthesis.notes),
    )


def label(ref: SentenceRef) -> str:
    """ "2:14" for article index 1, sentence index 13: people count from 1."""
    return f"{ref.article_index + 1}:{ref.sentence_index + 1}"


def citation(refs: Sequence[SentenceRef]) -> str:
    return " ".join(f"[{label(ref)}]" for ref in refs)


# -- JSON --------------------------------------------------------------------------------


def length_to_json(length: SummaryLength) -> dict[str, int | None]:
    return {"sentences": length.sentences, "words": length.words}


def summary_to_json(summary: Summary) -> dict[str, Any]:
    return {
        "method": summary.method.value,
        "chunks": summary.chunks,
        "model": (
            {"id": summary.model.model_id, "revision": summary.model.revision}
            if summary.model
            else None
        ),
        "notes": list(summary.notes),
        "text": summary.text,
        "sentences": [
            {
                "text": sentence.text,
                "sources": [
                    {
                        "article_index": ref.article_index,
                        "sentence_index": ref.sentence_index,
                        "label": label(ref),
                    }
                    for ref in sentence.sources
                ],
                "unsupported_numbers": list(sentence.unsupported_numbers),
            }
            for sentence in summary.sentences
        ],
    }


def _refs_json(refs: Sequence[SentenceRef]) -> list[dict[str, Any]]:
    return [
        {"article_index": r.article_index, "sentence_index": r.sentence_index, "label": label(r)}
        for r in refs
    ]


def synthesis_to_json(synthesis: Synthesis | None) -> dict[str, Any] | None:
    if synthesis is None:
        return None
    return {
        "themes": [
            {
                "label": t.label,
                "key_phrases": list(t.key_phrases),
                "statement": {"text": t.statement.text, "sources": _refs_json(t.statement.sources)},
                "articles": list(t.articles),
                "sources": _refs_json(t.sources),
            }
            for t in synthesis.themes
        ],  # fmt: skip
        "figures": [
            {
                **{k: v for k, v in asdict(f).items() if k != "sources"},
                "sources": _refs_json(f.sources),
            }
            for f in synthesis.figures
        ],  # fmt: skip
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "mentions": e.mentions,
                "articles": list(e.articles),
                "sources": _refs_json(e.sources),
            }
            for e in synthesis.entities
        ],  # fmt: skip
        "distinct_points": [
            {
                "article_index": d.article_index,
                "text": d.sentence.text,
                "sources": _refs_json(d.sentence.sources),
            }
            for d in synthesis.distinct_points
        ],  # fmt: skip
        "notes": list(synthesis.notes),
    }


def digest_to_json(
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "generated_at": info.generated_at,
        "tarjama_version": info.tarjama_version,
        "method_requested": info.method,
        "lengths": {
            "article": length_to_json(info.article_length),
            "collection": length_to_json(info.collection_length),
        },
        "citation_labels": "article:sentence, both counted from 1; indices are 0-based",
        "counts": {
            "articles": len(articles),
            "summarized": sum(1 for a in articles if a.summary is not None),
            "failed": sum(1 for a in articles if a.error is not None),
        },
        "notes": list(info.notes),
        "collection_summary": summary_to_json(collection) if collection else None,
        "synthesis": synthesis_to_json(synthesis),
        "articles": [
            {
                "index": article.index,
                "number": article.number,
                "article_id": article.article_id,
                "source_path": article.source_path,
                "title": article.title,
                "translation_text": article.text_file,
                "translation_json": article.json_file,
                "translation_model": (
                    {
                        "id": article.translation.model.model_id,
                        "revision": article.translation.model.revision,
                    }
                    if article.translation
                    else None
                ),
                "sentences": [s.translation for s in article.translation.segments]
                if article.translation
                else [],
                "sources": [s.source for s in article.translation.segments]
                if article.translation
                else [],
                "flags": [[f.value for f in s.flags] for s in article.translation.segments]
                if article.translation
                else [],
                "status": "failed" if article.error else "ok",
                "error": article.error,
                "summary": summary_to_json(article.summary) if article.summary else None,
            }
            for article in articles
        ],
    }


# -- Markdown ----------------------------------------------------------------------------


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _sentence_lines(summary: Summary) -> list[str]:
    lines = []
    for sentence in summary.sentences:
        line = f"- {escape(sentence.text)} {citation(sentence.sources)}".rstrip()
        if not sentence.sources:
            line += " ⚠ *no source sentence found for this sentence*"
        if sentence.unsupported_numbers:
            numbers = ", ".join(sentence.unsupported_numbers)
            line += f" ⚠ *numbers not found in the cited sentences: {escape(numbers)}*"
        lines.append(line)
    return lines


def _notes(notes: Sequence[str], shown: set[str] = frozenset()) -> list[str]:
    fresh = [note for note in notes if note not in shown]
    return ["", *(f"> Note: {escape(note)}" for note in fresh)] if fresh else []


def _common_notes(articles: Sequence[DigestArticle], collection: Summary | None) -> list[str]:
    """Notes every summary carries (e.g. why summaries are extractive): said once, on top."""
    summaries = [a.summary for a in articles if a.summary] + ([collection] if collection else [])
    if not summaries:
        return []
    return [note for note in summaries[0].notes if all(note in s.notes for s in summaries[1:])]


def render_markdown(
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> str:
    summarized = sum(1 for a in articles if a.summary is not None)
    failed = [a for a in articles if a.error is not None]
    method = collection.method.value if collection else info.method
    common = _common_notes(articles, collection)
    lines = [
        "# News digest",
        "",
        f"{len(articles)} articles · {summarized} summarized · {len(failed)} failed · "
        f"{method} summaries · generated {info.generated_at}"
        + (f" by tarjama {info.tarjama_version}" if info.tarjama_version else ""),
        "",
        "Citations like [2:14] point to article 2, sentence 14 of its translation (both "
        "counted from 1); every cited sentence is quoted under *Cited sentences* at the end.",
        *_notes([*common, *info.notes]),
        "",
        "## What the articles say together",
        "",
    ]
    if collection is not None and collection.sentences:
        lines += _sentence_lines(collection)
        lines += _notes(collection.notes, set(common))
    else:
        lines.append("*No cross-article summary: no article could be summarized.*")
    if synthesis is not None:
        lines += _synthesis_lines(synthesis, articles)
    lines += ["", "## Articles", ""]
    for article in articles:
        lines += _article_section(article, set(common))
    lines += _cited_sentences(articles, collection, synthesis)
    return "\n".join(lines).rstrip() + "\n"


def _synthesis_lines(synthesis: Synthesis, articles: Sequence[DigestArticle]) -> list[str]:
    lines = ["", "## Shared themes", ""]
    if not synthesis.themes:
        lines.append("*No theme is shared by two or more articles.*")
    for theme in synthesis.themes:
        numbers = ", ".join(str(a + 1) for a in theme.articles)
        lines.append(
            f"- **{escape(theme.label)}** (articles {numbers}): {escape(theme.statement.text)} "
            f"{citation(theme.statement.sources)}"
        )
        lines.append(f"  - supported by {citation(theme.sources)}")
    lines += ["", "## Figures", ""]
    if synthesis.figures:
        lines += ["| what | figure | counts | when | where |", "|---|---|---|---|---|"]
        previous = None
        for figure in synthesis.figures:
            group = escape(figure.group) if figure.group != previous else ""
            previous = figure.group
            amount = " ".join(x for x in (figure.qualifier, figure.surface) if x)
            lines.append(
                f"| {group} | {escape(amount)} | {escape(figure.what)} | "
                f"{escape(figure.when)} | {citation(figure.sources)} |"
            )
    else:
        lines.append("*No figures.*")
    lines += ["", "## Who and where", ""]
    for kind, title in _ENTITY_KINDS:
        named = [e for e in synthesis.entities if e.kind == kind]
        if named:
            lines.append(
                f"- **{title}:** "
                + "; ".join(
                    f"{escape(e.name)} ({e.mentions} sentences, articles "
                    f"{', '.join(str(a + 1) for a in e.articles)}) {citation(e.sources)}"
                    for e in named
                )
            )
    if not synthesis.entities:
        lines.append("*No name appears in two or more articles.*")
    lines += ["", "## Each article's own points", ""]
    by_index = {a.index: a for a in articles}
    for point in synthesis.distinct_points:
        article = by_index.get(point.article_index)
        name = escape(article.title) if article else str(point.article_index + 1)
        lines.append(
            f"- *{point.article_index + 1}. {name}:* {escape(point.sentence.text)} "
            f"{citation(point.sentence.sources)}"
        )
    lines += _notes(synthesis.notes)
    return lines


_ENTITY_KINDS = (
    ("person", "People"),
    ("place", "Places"),
    ("organization", "Organizations"),
    ("name", "Other names"),
)


def synthesis_refs(synthesis: Synthesis | None) -> set[SentenceRef]:
    if synthesis is None:
        return set()
    refs = {r for t in synthesis.themes for r in (*t.sources, *t.statement.sources)}
    refs |= {r for f in synthesis.figures for r in f.sources}
    refs |= {r for e in synthesis.entities for r in e.sources}
    return refs | {r for d in synthesis.distinct_points for r in d.sentence.sources}


def _article_section(article: DigestArticle, shown_notes: set[str]) -> list[str]:
    heading = f"### {article.number}. {escape(article.title)}"
    if article.error is not None:
        return [heading, "", f"`{article.article_id}` — **failed:** {escape(article.error)}", ""]
    details = [f"`{article.article_id}`"]
    if article.translation is not None:
        details.append(f"{len(article.translation.segments)} sentences")
    if article.text_file:
        details.append(f"[full translation]({quote(article.text_file)})")
    lines = [heading, "", " · ".join(details), ""]
    if article.summary is not None:
        lines += _sentence_lines(article.summary)
        lines += _notes(article.summary.notes, shown_notes)
    lines.append("")
    return lines


def _cited_sentences(
    articles: Sequence[DigestArticle], collection: Summary | None, synthesis: Synthesis | None
) -> list[str]:
    summaries = [a.summary for a in articles if a.summary] + ([collection] if collection else [])
    refs = sorted(
        {ref for summary in summaries for sentence in summary.sentences for ref in sentence.sources}
        | synthesis_refs(synthesis),
        key=lambda ref: (ref.article_index, ref.sentence_index),
    )
    by_index = {article.index: article for article in articles}
    lines = ["## Cited sentences", ""]
    for ref in refs:
        article = by_index.get(ref.article_index)
        if article is None or article.translation is None:
            continue
        segments = article.translation.segments
        if 0 <= ref.sentence_index < len(segments):
            text = segments[ref.sentence_index].translation
            lines.append(f"- **[{label(ref)}]** {escape(text)}")
    return lines if len(lines) > 2 else []


# -- files -------------------------------------------------------------------------------


def write_digest(
    out_dir: Path,
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> tuple[Path, Path, Path]:
    """Write digest.md, digest.json, digest.html and each `<stem>.summary.txt`, atomically."""
    from tarjama.clients.digest_html import HTML_NAME, render_html

    out_dir = Path(out_dir)
    for article in articles:
        if article.summary is not None:
            path = out_dir / f"{article.article_id}{SUMMARY_SUFFIX}"
            write_atomically(path, "".join(s.text + "\n" for s in article.summary.sentences))
    markdown_path = out_dir / MARKDOWN_NAME
    json_path = out_dir / JSON_NAME
    write_atomically(markdown_path, render_markdown(articles, collection, info, synthesis))
    payload = digest_to_json(articles, collection, info, synthesis)
    write_atomically(json_path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    html_path = out_dir / HTML_NAME
    write_atomically(html_path, render_html(payload))
    return markdown_path, json_path, html_path


def _kind_of(article: TranslatedArticle, paragraph_index: int) -> ParagraphKind:
    for paragraph in article.paragraphs:
        if paragraph.index == paragraph_index:
            return paragraph.kind
    return ParagraphKind.BODY
