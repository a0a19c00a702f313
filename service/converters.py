"""Conversions between tarjama.v1 protobuf messages and the engines' plain dataclasses."""

from __future__ import annotations

from tarjama.models.translation.article import ArticleRequest
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
}
_FLAG_FROM_PB = {v: k for k, v in _FLAG_TO_PB.items()}


def options_from_pb(message: pb.GenerationOptions) -> GenerationOptions:
    return GenerationOptions(
        beam_size=message.beam_size if message.HasField("beam_size") else None,
        max_output_tokens=(
            message.max_output_tokens if message.HasField("max_output_tokens") else None
        ),
    )


def options_to_pb(options: GenerationOptions | None) -> pb.GenerationOptions:
    message = pb.GenerationOptions()
    if options is not None and options.beam_size is not None:
        message.beam_size = options.beam_size
    if options is not None and options.max_output_tokens is not None:
        message.max_output_tokens = options.max_output_tokens
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
    return pb.ModelRef(model_id=model.model_id, revision=model.revision)


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
    )
    if article.metadata is not None:
        response.metadata.CopyFrom(metadata_to_pb(article.metadata))
    return response


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
    )
