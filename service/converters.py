"""Conversions between tarjama.v1 protobuf messages and the engines' plain dataclasses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tarjama.models.errors import model_label
from tarjama.models.threads import usable_cores
from tarjama.models.translation.article import ArticleRequest, QualityCounts
from tarjama.models.translation.backend import BackendInfo
from tarjama.models.types import (
    DroppedLine,
    GenerationOptions,
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)
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
    )


def article_to_pb(request: ArticleRequest) -> pb.Article:
    return pb.Article(
        article_id=request.article_id,
        text=request.text,
        source_language=request.source_language,
        target_language=request.target_language,
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
    return pb.TranslateResponse(
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
