"""Conversions between tarjama.v1 protobuf messages and the engines' plain dataclasses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tarjama.models.errors import InvalidInput, model_label
from tarjama.models.summarization.types import (
    DistinctPoint,
    Entity,
    Figure,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
    Synthesis,
    Theme,
)
from tarjama.models.threads import usable_cores
from tarjama.models.translation.article import ArticleRequest, QualityCounts
from tarjama.models.translation.backend import BackendInfo
from tarjama.models.types import (
    ArticleMetadata,
    DroppedLine,
    GenerationOptions,
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import translation_pb2 as pb

_KIND_TO_PB = {
    ParagraphKind.TITLE: pb.PARAGRAPH_KIND_TITLE,
    ParagraphKind.HEADING: pb.PARAGRAPH_KIND_HEADING,
    ParagraphKind.BODY: pb.PARAGRAPH_KIND_BODY,
}
_KIND_FROM_PB = {v: k for k, v in _KIND_TO_PB.items()}
_FLAG_TO_PB = {
    QualityFlag.REPETITION: pb.QUALITY_FLAG_REPETITION,
    QualityFlag.COPY_OF_SOURCE: pb.QUALITY_FLAG_COPY_OF_SOURCE,
    QualityFlag.LENGTH_CAPPED: pb.QUALITY_FLAG_LENGTH_CAPPED,
    QualityFlag.EMPTY: pb.QUALITY_FLAG_EMPTY,
}
_FLAG_FROM_PB = {v: k for k, v in _FLAG_TO_PB.items()}


def options_from_pb(message: pb.GenerationOptions) -> GenerationOptions:
    return GenerationOptions(
        beam_size=message.beam_size if message.HasField("beam_size") else None,
        max_output_tokens=(
            message.max_output_tokens if message.HasField("max_output_tokens") else None
        ),
        skip_language_check=message.skip_language_check,
    )


def options_to_pb(options: GenerationOptions | None) -> pb.GenerationOptions:
    message = pb.GenerationOptions()
    if options is not None and options.beam_size is not None:
        message.beam_size = options.beam_size
    if options is not None and options.max_output_tokens is not None:
        message.max_output_tokens = options.max_output_tokens
    if options is not None and options.skip_language_check:
        message.skip_language_check = True
    return message


def article_from_pb(message: pb.Article) -> ArticleRequest:
    return ArticleRequest(
        article_id=message.article_id,
        text=message.text,
        source_language=message.source_language,
        target_language=message.target_language,
        html=message.html,
        url=message.url,
    )


def article_to_pb(request: ArticleRequest) -> pb.Article:
    return pb.Article(
        article_id=request.article_id,
        text=request.text,
        source_language=request.source_language,
        target_language=request.target_language,
        html=request.html,
        url=request.url,
    )


def metadata_to_pb(metadata: ArticleMetadata) -> pb.ArticleMetadata:
    return pb.ArticleMetadata(
        title=metadata.title,
        author=metadata.author,
        date=metadata.date,
        site_name=metadata.site_name,
        url=metadata.url,
    )


def metadata_from_pb(message: pb.ArticleMetadata) -> ArticleMetadata:
    return ArticleMetadata(
        title=message.title,
        author=message.author,
        date=message.date,
        site_name=message.site_name,
        url=message.url,
    )


def model_to_pb(model: ModelRef) -> pb.ModelRef:
    # model_label: a local directory travels by its name, never its path.
    return pb.ModelRef(model_id=model_label(model.model_id), revision=model.revision)


def paragraph_to_pb(paragraph: Paragraph) -> pb.Paragraph:
    return pb.Paragraph(
        index=paragraph.index,
        kind=_KIND_TO_PB[paragraph.kind],
        sentence_count=len(paragraph.sentences),
    )


def dropped_to_pb(line: DroppedLine) -> pb.DroppedLine:
    return pb.DroppedLine(line_number=line.line_number, text=line.text, reason=line.reason)


def segment_to_pb(segment: Segment) -> pb.Segment:
    return pb.Segment(
        index=segment.index,
        paragraph_index=segment.paragraph_index,
        source=segment.source,
        translation=segment.translation,
        was_split=segment.was_split,
        pieces=segment.pieces,
        flags=[_FLAG_TO_PB[f] for f in segment.flags],
    )


def segment_from_pb(message: pb.Segment) -> Segment:
    return Segment(
        index=message.index,
        paragraph_index=message.paragraph_index,
        source=message.source,
        translation=message.translation,
        pieces=max(1, message.pieces),
        flags=tuple(_FLAG_FROM_PB[f] for f in message.flags if f in _FLAG_FROM_PB),
    )


def translated_to_pb(article: TranslatedArticle, request_id: str) -> pb.TranslateResponse:
    prepare_ms = article.prepare_seconds * 1000
    translate_ms = article.translate_seconds * 1000
    response = pb.TranslateResponse(
        request_id=request_id,
        article_id=article.article_id,
        paragraphs=[paragraph_to_pb(p) for p in article.paragraphs],
        segments=[segment_to_pb(s) for s in article.segments],
        dropped=[dropped_to_pb(d) for d in article.dropped],
        model=model_to_pb(article.model),
        timings=pb.Timings(
            prepare_ms=prepare_ms, translate_ms=translate_ms, total_ms=prepare_ms + translate_ms
        ),
        english_text=article.english_text(),
        statistics=statistics_to_pb(article.segments),
    )
    if article.metadata is not None:
        response.metadata.CopyFrom(metadata_to_pb(article.metadata))
    return response


def flag_counts_to_pb(counts: Counter[QualityFlag]) -> list[pb.FlagCount]:
    """Non-zero flag counts, in QualityFlag order."""
    return [
        pb.FlagCount(flag=_FLAG_TO_PB[flag], segments=counts[flag])
        for flag in QualityFlag
        if counts.get(flag)
    ]


def statistics_to_pb(segments: Iterable[Segment]) -> pb.TranslationStatistics:
    segments = list(segments)
    counts: Counter[QualityFlag] = Counter(flag for s in segments for flag in s.flags)
    return pb.TranslationStatistics(
        segments=len(segments),
        split_segments=sum(1 for segment in segments if segment.was_split),
        flags=flag_counts_to_pb(counts),
    )


def quality_counts_to_pb(counts: QualityCounts) -> tuple[int, list[pb.FlagCount]]:
    return counts.segments, flag_counts_to_pb(counts.flags)


def thread_plan_to_pb(info: BackendInfo) -> pb.ThreadPlan:
    return pb.ThreadPlan(
        usable_cores=usable_cores(), workers=info.workers, intra_op_threads=info.intra_threads
    )


def translated_from_pb(message: pb.TranslateResponse) -> TranslatedArticle:
    segments = [segment_from_pb(s) for s in message.segments]
    sources: dict[int, list[str]] = {}
    for segment in segments:
        sources.setdefault(segment.paragraph_index, []).append(segment.source)
    return TranslatedArticle(
        article_id=message.article_id,
        paragraphs=[
            Paragraph(
                p.index, _KIND_FROM_PB.get(p.kind, ParagraphKind.BODY), sources.get(p.index, [])
            )
            for p in message.paragraphs
        ],
        segments=segments,
        dropped=[DroppedLine(d.line_number, d.text, d.reason) for d in message.dropped],
        model=ModelRef(message.model.model_id, message.model.revision),
        prepare_seconds=message.timings.prepare_ms / 1000,
        translate_seconds=message.timings.translate_ms / 1000,
        metadata=metadata_from_pb(message.metadata) if message.HasField("metadata") else None,
    )


def loaded_model_to_pb(role: str, info: BackendInfo) -> pb.LoadedModel:
    return pb.LoadedModel(
        role=role,
        model=model_to_pb(info.model),
        backend=info.backend,
        device=info.device,
        dtype=info.dtype,
        max_input_tokens=info.max_input_tokens,
        source_language=info.source_language,
        target_language=info.target_language,
        max_output_tokens=info.max_output_tokens,
    )


# -- summaries ---------------------------------------------------------------------------

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
    )


def item_from_pb(message: spb.CollectionItem) -> ArticleRequest | TranslatedArticle:
    if message.WhichOneof("content") == "translation":
        return translated_from_pb(message.translation)
    return article_from_pb(message.article)


def item_to_pb(item: ArticleRequest | TranslatedArticle) -> spb.CollectionItem:
    if isinstance(item, TranslatedArticle):
        return spb.CollectionItem(translation=translated_to_pb(item, ""))
    return spb.CollectionItem(article=article_to_pb(item))
