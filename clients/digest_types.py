"""A digest's articles and how it was made, its citation labels, and request-to-digest indices."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tarjama.models.summarization.types import (
    DistinctPoint,
    SentenceRef,
    Summary,
    SummaryLength,
    SummarySentence,
    Synthesis,
)
from tarjama.models.types import ParagraphKind, TranslatedArticle


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


def _kind_of(article: TranslatedArticle, paragraph_index: int) -> ParagraphKind:
    for paragraph in article.paragraphs:
        if paragraph.index == paragraph_index:
            return paragraph.kind
    return ParagraphKind.BODY
