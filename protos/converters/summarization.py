"""Summarization messages: methods, lengths, citations, summaries, syntheses, collection items."""

from __future__ import annotations

from itertools import zip_longest

from tarjama.models.errors import InvalidInput
from tarjama.models.summarization.types import (
    ArticleDate,
    CitationCheck,
    DistinctPoint,
    Entity,
    Figure,
    FirstPage,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
    Synthesis,
    Theme,
    TimelineEvent,
)
from tarjama.models.types import ArticleRequest, ModelRef, TranslatedArticle
from tarjama.protos.converters.translation import (
    article_from_pb,
    article_to_pb,
    model_to_pb,
    translated_from_pb,
    translated_to_pb,
)
from tarjama.protos.v1 import summarization_pb2 as spb

_METHOD_TO_PB = {
    SummaryMethod.AUTO: spb.SUMMARY_METHOD_UNSPECIFIED,
    SummaryMethod.EXTRACTIVE: spb.SUMMARY_METHOD_EXTRACTIVE,
    SummaryMethod.ABSTRACTIVE: spb.SUMMARY_METHOD_ABSTRACTIVE,
}
_METHOD_FROM_PB = {v: k for k, v in _METHOD_TO_PB.items()}


def method_from_pb(value: int) -> SummaryMethod:
    if value not in _METHOD_FROM_PB:
        raise InvalidInput(f"unknown summary method {value}")
    return _METHOD_FROM_PB[value]


def method_to_pb(method: SummaryMethod) -> int:
    return _METHOD_TO_PB[method]


def length_from_pb(message: spb.SummaryLength) -> SummaryLength:
    return SummaryLength(
        sentences=message.sentences if message.HasField("sentences") else None,
        words=message.words if message.HasField("words") else None,
    )


def length_to_pb(length: SummaryLength | None) -> spb.SummaryLength:
    message = spb.SummaryLength()
    if length is not None and length.sentences is not None:
        message.sentences = length.sentences
    if length is not None and length.words is not None:
        message.words = length.words
    return message


def refs_to_pb(refs) -> list[spb.SentenceRef]:
    return [spb.SentenceRef(article_index=r.article_index, sentence_index=r.sentence_index)
            for r in refs]  # fmt: skip


def refs_from_pb(refs) -> tuple[SentenceRef, ...]:
    return tuple(SentenceRef(r.article_index, r.sentence_index) for r in refs)


def sentence_to_pb(sentence: SummarySentence) -> spb.SummarySentence:
    return spb.SummarySentence(
        text=sentence.text,
        sources=refs_to_pb(sentence.sources),
        unsupported_numbers=list(sentence.unsupported_numbers),
    )


def sentence_from_pb(message: spb.SummarySentence) -> SummarySentence:
    return SummarySentence(
        text=message.text,
        sources=refs_from_pb(message.sources),
        unsupported_numbers=tuple(message.unsupported_numbers),
    )


def summary_to_pb(summary: Summary) -> spb.Summary:
    message = spb.Summary(
        sentences=[sentence_to_pb(s) for s in summary.sentences],
        method=method_to_pb(summary.method),
        chunks=summary.chunks,
        notes=list(summary.notes),
    )
    if summary.model is not None:
        message.model.CopyFrom(model_to_pb(summary.model))
    check = summary.citation_check
    if check is not None:
        message.citation_check.CopyFrom(
            spb.CitationCheck(
                path=check.path,
                checked=check.checked,
                supported=check.supported,
                recited=check.recited,
                dropped=check.dropped,
                reasons=dict(check.reasons),
                fell_back=check.fell_back,
            )
        )
    return message


def summary_from_pb(message: spb.Summary) -> Summary:
    return Summary(
        sentences=[sentence_from_pb(s) for s in message.sentences],
        method=_METHOD_FROM_PB.get(message.method, SummaryMethod.AUTO),
        chunks=message.chunks or 1,
        model=(
            ModelRef(message.model.model_id, message.model.revision)
            if message.HasField("model")
            else None
        ),
        notes=list(message.notes),
        citation_check=(
            CitationCheck(
                path=message.citation_check.path,
                checked=message.citation_check.checked,
                supported=message.citation_check.supported,
                recited=message.citation_check.recited,
                dropped=message.citation_check.dropped,
                reasons=dict(message.citation_check.reasons),
                fell_back=message.citation_check.fell_back,
            )
            if message.HasField("citation_check")
            else None
        ),
    )


def synthesis_to_pb(synthesis: Synthesis) -> spb.Synthesis:
    return spb.Synthesis(
        themes=[
            spb.Theme(
                label=t.label,
                key_phrases=list(t.key_phrases),
                statement=sentence_to_pb(t.statement),
                sources=refs_to_pb(t.sources),
                articles=list(t.articles),
            )
            for t in synthesis.themes
        ],
        figures=[
            spb.Figure(
                surface=f.surface,
                value=f.value,
                unit=f.unit,
                scale=f.scale,
                what=f.what,
                group=f.group,
                when=f.when,
                qualifier=f.qualifier,
                sources=refs_to_pb(f.sources),
                reported=f.reported,
            )  # fmt: skip
            for f in synthesis.figures
        ],
        entities=[
            spb.Entity(
                name=e.name,
                kind=e.kind,
                mentions=e.mentions,
                articles=list(e.articles),
                sources=refs_to_pb(e.sources),
            )
            for e in synthesis.entities
        ],
        distinct_points=[
            spb.DistinctPoint(article_index=d.article_index, sentence=sentence_to_pb(d.sentence))
            for d in synthesis.distinct_points
        ],
        notes=list(synthesis.notes),
        timeline=[
            spb.TimelineEvent(
                date=e.date,
                precision=e.precision,
                written=e.written,
                sentence=sentence_to_pb(e.sentence),
                articles=list(e.articles),
                rank=e.rank,
            )
            for e in synthesis.timeline
        ],
        article_dates=[
            spb.ArticleDate(article_index=d.article_index, date=d.date)
            for d in synthesis.article_dates
        ],
        progressions=[
            # A synthesis made without labels (an older caller) sends them empty.
            spb.Progression(figures=steps, label=label or "")
            for steps, label in zip_longest(synthesis.progressions, synthesis.progression_labels)
            if steps is not None
        ],
        first_page=first_page_to_pb(synthesis.first_page),
    )


def first_page_to_pb(page: FirstPage) -> spb.FirstPage:
    return spb.FirstPage(
        themes=page.themes,
        progressions=[spb.Progression(figures=steps) for steps in page.progressions],
        figures=page.figures,
        timeline=page.timeline,
        words=page.words,
    )


def first_page_from_pb(message: spb.FirstPage) -> FirstPage:
    return FirstPage(
        themes=list(message.themes),
        progressions=[list(p.figures) for p in message.progressions],
        figures=list(message.figures),
        timeline=list(message.timeline),
        words=message.words,
    )


def synthesis_from_pb(message: spb.Synthesis) -> Synthesis:
    return Synthesis(
        themes=[
            Theme(
                label=t.label,
                key_phrases=tuple(t.key_phrases),
                statement=sentence_from_pb(t.statement),
                sources=refs_from_pb(t.sources),
                articles=tuple(t.articles),
            )
            for t in message.themes
        ],
        figures=[
            Figure(
                surface=f.surface,
                value=f.value,
                unit=f.unit,
                scale=f.scale,
                what=f.what,
                group=f.group,
                when=f.when,
                qualifier=f.qualifier,
                sources=refs_from_pb(f.sources),
                reported=f.reported,
            )  # fmt: skip
            for f in message.figures
        ],
        entities=[
            Entity(
                name=e.name,
                kind=e.kind,
                mentions=e.mentions,
                articles=tuple(e.articles),
                sources=refs_from_pb(e.sources),
            )
            for e in message.entities
        ],
        distinct_points=[
            DistinctPoint(d.article_index, sentence_from_pb(d.sentence))
            for d in message.distinct_points
        ],
        notes=list(message.notes),
        timeline=[
            TimelineEvent(
                date=e.date,
                precision=e.precision,
                written=e.written,
                sentence=sentence_from_pb(e.sentence),
                articles=tuple(e.articles),
                rank=e.rank,
            )
            for e in message.timeline
        ],
        article_dates=[ArticleDate(d.article_index, d.date) for d in message.article_dates],
        progressions=[list(p.figures) for p in message.progressions],
        progression_labels=[p.label for p in message.progressions],
        first_page=(
            first_page_from_pb(message.first_page)
            if message.HasField("first_page")
            # A server from before first pages: every theme and event, no key figures.
            else FirstPage(
                themes=list(range(len(message.themes))),
                timeline=list(range(len(message.timeline))),
            )
        ),
    )


def item_from_pb(message: spb.CollectionItem) -> ArticleRequest | TranslatedArticle:
    if message.WhichOneof("content") == "translation":
        return translated_from_pb(message.translation)
    return article_from_pb(message.article)


def item_to_pb(item: ArticleRequest | TranslatedArticle) -> spb.CollectionItem:
    if isinstance(item, TranslatedArticle):
        return spb.CollectionItem(translation=translated_to_pb(item, ""))
    return spb.CollectionItem(article=article_to_pb(item))
