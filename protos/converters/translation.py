"""Translation messages: articles, options, segments, responses, streams, batches, GetInfo."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tarjama.models.errors import TarjamaError, model_label, one_line
from tarjama.models.types import (
    ArticleMetadata,
    ArticleRequest,
    BatchItem,
    DroppedLine,
    GenerationOptions,
    ModelRef,
    Paragraph,
    ParagraphKind,
    PreparedRequest,
    QualityCounts,
    QualityFlag,
    Segment,
    SegmentDone,
    StreamUpdate,
    TranslatedArticle,
)
from tarjama.protos.converters.status import error_from_status, status_for
from tarjama.protos.v1 import translation_pb2 as pb

if TYPE_CHECKING:  # annotations only: the bare client install never loads engine modules
    from tarjama.models.translation.backend import BackendInfo

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
    QualityFlag.UNALIGNED: pb.QUALITY_FLAG_UNALIGNED,
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
        date_source=metadata.date_source,
    )


def metadata_from_pb(message: pb.ArticleMetadata) -> ArticleMetadata:
    return ArticleMetadata(
        title=message.title,
        author=message.author,
        date=message.date,
        site_name=message.site_name,
        url=message.url,
        date_source=message.date_source,
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


def thread_plan_to_pb(info: BackendInfo, usable_cores: int) -> pb.ThreadPlan:
    return pb.ThreadPlan(
        usable_cores=usable_cores, workers=info.workers, intra_op_threads=info.intra_threads
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


# -- streams, batches and GetInfo --------------------------------------------------------


def stream_event_to_pb(
    event: PreparedRequest | SegmentDone | TranslatedArticle,
    request_id: str,
    *,
    total: int,
    model: ModelRef,
) -> pb.TranslateStreamEvent:
    """One TranslateStream event: the layout first, then each segment, then the article."""
    if isinstance(event, PreparedRequest):
        prepared = event.prepared
        layout = pb.ArticleLayout(
            article_id=event.request.article_id,
            paragraphs=[paragraph_to_pb(p) for p in prepared.paragraphs],
            dropped=[dropped_to_pb(d) for d in prepared.dropped],
            model=model_to_pb(model),
        )
        if prepared.metadata is not None:
            layout.metadata.CopyFrom(metadata_to_pb(prepared.metadata))
        return pb.TranslateStreamEvent(
            request_id=request_id, progress=pb.Progress(done=0, total=total), layout=layout
        )
    if isinstance(event, SegmentDone):
        return pb.TranslateStreamEvent(
            request_id=request_id,
            progress=pb.Progress(done=event.done, total=event.total),
            segment=segment_to_pb(event.segment),
        )
    return pb.TranslateStreamEvent(
        request_id=request_id,
        progress=pb.Progress(done=total, total=total),
        completed=translated_to_pb(event, request_id),
    )


def stream_update_from_pb(message: pb.TranslateStreamEvent) -> StreamUpdate | None:
    """A segment or the finished article; None for the layout event (clients rebuild it)."""
    kind = message.WhichOneof("event")
    if kind == "segment":
        return StreamUpdate(
            message.progress.done, message.progress.total, segment=segment_from_pb(message.segment)
        )
    if kind == "completed":
        return StreamUpdate(
            message.progress.done,
            message.progress.total,
            article=translated_from_pb(message.completed),
        )
    return None


def article_error_to_pb(error: BaseException) -> pb.ArticleError:
    """A failed article inside a batch or collection: its status code's name and message."""
    code, message = status_for(error)
    return pb.ArticleError(code=code.name, message=message)


def batch_to_pb(
    request_id: str,
    article_ids: Iterable[str],
    outcomes: Iterable[TranslatedArticle | TarjamaError],
) -> pb.TranslateBatchResponse:
    response = pb.TranslateBatchResponse(request_id=request_id)
    for article_id, outcome in zip(article_ids, outcomes, strict=True):
        result = response.results.add(article_id=article_id)
        if isinstance(outcome, TarjamaError):
            result.error.CopyFrom(article_error_to_pb(outcome))
            response.failed += 1
        else:
            result.translation.CopyFrom(translated_to_pb(outcome, request_id))
    return response


def batch_from_pb(message: pb.TranslateBatchResponse) -> list[BatchItem]:
    items = []
    for result in message.results:
        if result.WhichOneof("outcome") == "translation":
            items.append(BatchItem(result.article_id, translated_from_pb(result.translation)))
        else:
            items.append(
                BatchItem(result.article_id, None, result.error.code, result.error.message)
            )
    return items


def article_error_from_pb(message: pb.ArticleError) -> TarjamaError:
    return error_from_status(message.code, message.message)


def summarizer_model_to_pb(summarizer: Any) -> pb.LoadedModel:
    """The summarization model as GetInfo lists it: loaded, or why summaries are extractive
    (Summarizer.extractive_reason: one line naming the model by its label, never a path)."""
    abstractive = getattr(summarizer, "abstractive", None)
    configured = model_label(str(getattr(summarizer, "model_id", "") or ""))
    if abstractive is None:
        reason = summarizer.extractive_reason()
        return pb.LoadedModel(
            role="summarization",
            model=pb.ModelRef(model_id=configured),
            backend="extractive",
            note=one_line(f"not loaded: {reason}; summaries are extractive (LexRank with MMR)"),
        )
    ref = abstractive.model_ref
    info = getattr(getattr(abstractive, "backend", None), "info", None)
    if info is not None:  # an instruction model (LLMSummarizer) on a translation backend
        return pb.LoadedModel(
            role="summarization",
            model=pb.ModelRef(model_id=model_label(ref.model_id), revision=ref.revision),
            backend=info.backend,
            device=info.device,
            dtype=info.dtype,
            max_input_tokens=info.max_input_tokens,
            max_output_tokens=info.max_output_tokens,
            source_language="eng_Latn",
            target_language="eng_Latn",
            note="instruction model: cited summaries, checked against their sources",
        )
    model = abstractive.model
    dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
    return pb.LoadedModel(
        role="summarization",
        model=pb.ModelRef(model_id=model_label(ref.model_id), revision=ref.revision),
        backend="hf",
        device=str(getattr(model, "device", "cpu")),
        dtype=dtype,
        max_input_tokens=int(getattr(abstractive, "max_input_tokens", 0) or 0),
        max_output_tokens=int(getattr(abstractive, "max_output_tokens", 0) or 0),
        source_language="eng_Latn",
        target_language="eng_Latn",
    )
