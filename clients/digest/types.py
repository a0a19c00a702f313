"""A digest's articles and how it was made, its citation labels, and request-to-digest indices."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tarjama.models.summarization.types import (
    ArticleDate,
    DistinctPoint,
    SentenceRef,
    Summary,
    SummaryLength,
    SummarySentence,
    Synthesis,
)
from tarjama.models.types import ParagraphKind, TranslatedArticle

TITLE_WORDS = 12  # a title made from a first sentence is at most this long


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
        """The article's title line; without one, its first sentence shortened; else its id."""
        return self.titled[0]

    @property
    def titled(self) -> tuple[str, str]:
        """(title, where it comes from: "title", "first sentence" or "id")."""
        if self.translation is not None:
            kinds = {p.index: p.kind for p in self.translation.paragraphs}
            title = " ".join(
                segment.translation
                for segment in self.translation.segments
                if kinds.get(segment.paragraph_index) is ParagraphKind.TITLE
            ).strip()
            if title:
                return title, "title"
            first = next((s.translation for s in self.translation.segments if s.translation), "")
            if first.strip():
                return shorten(first), "first sentence"
        return self.article_id, "id"


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
        timeline=[
            replace(
                e,
                sentence=_remap_sentence(e.sentence, indices),
                articles=tuple(indices.get(a, a) for a in e.articles),
            )
            for e in synthesis.timeline
        ],
        article_dates=[
            ArticleDate(indices.get(d.article_index, d.article_index), d.date)
            for d in synthesis.article_dates
        ],
        progressions=[list(steps) for steps in synthesis.progressions],
        progression_labels=list(synthesis.progression_labels),
        first_page=synthesis.first_page,  # indices into lists the remapping keeps in order
    )


def label(ref: SentenceRef) -> str:
    """ "2:14" for article index 1, sentence index 13: people count from 1."""
    return f"{ref.article_index + 1}:{ref.sentence_index + 1}"


def citation(refs: Sequence[SentenceRef]) -> str:
    return " ".join(f"[{label(ref)}]" for ref in refs)


# Words a shortened title does not end before: it is cut before one of these instead.
_CUT_BEFORE = frozenset(
    "for and to with during on in at by while after before as that which who from amid "
    "over under since until but or of".split()
)


def shorten(sentence: str, max_words: int = TITLE_WORDS, min_words: int = 6) -> str:
    """A sentence as a title: whole when short, else cut before a preposition or a
    conjunction near `max_words` ("Chinese President Xi Jinping arrived in Kazakhstan on
    Tuesday…")."""
    words = sentence.strip().strip("“”\"'").split()
    if len(words) <= max_words:
        return " ".join(words).rstrip(".,;:")
    cut = next(
        (k for k in range(max_words, min_words - 1, -1) if words[k].lower() in _CUT_BEFORE),
        max_words,
    )
    return " ".join(words[:cut]).rstrip(".,;:–—-") + "…"
