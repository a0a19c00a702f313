"""SummarizeCollection's progress events and per-article outcomes, in both directions."""

from __future__ import annotations

from tarjama.models.workflow_events import ArticleOutcome, CollectionEvent, Stage
from tarjama.protos.converters.summarization import (
    summary_from_pb,
    summary_to_pb,
    synthesis_from_pb,
    synthesis_to_pb,
)
from tarjama.protos.converters.translation import (
    article_error_from_pb,
    article_error_to_pb,
    translated_from_pb,
    translated_to_pb,
)
from tarjama.protos.v1 import summarization_pb2 as spb

_STAGE_TO_PB = {
    Stage.TRANSLATED: spb.COLLECTION_STAGE_ARTICLE_TRANSLATED,
    Stage.SUMMARIZED: spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED,
    Stage.FAILED: spb.COLLECTION_STAGE_ARTICLE_FAILED,
    Stage.DONE: spb.COLLECTION_STAGE_COLLECTION_DONE,
}
_STAGE_FROM_PB = {v: k for k, v in _STAGE_TO_PB.items()}


def event_to_pb(event: CollectionEvent, request_id: str) -> spb.CollectionEvent:
    message = spb.CollectionEvent(
        request_id=request_id,
        stage=_STAGE_TO_PB[event.stage],
        articles_done=event.done,
        articles_total=event.total,
    )
    if event.article is not None:
        message.article.CopyFrom(outcome_to_pb(event.article, request_id))
    if event.stage is Stage.DONE:
        message.articles.extend(outcome_to_pb(o, request_id) for o in event.articles)
        if event.summary is not None:
            message.collection_summary.CopyFrom(summary_to_pb(event.summary))
        else:
            message.collection_summary.notes.append("no article could be summarized")
        if event.synthesis is not None:
            message.synthesis.CopyFrom(synthesis_to_pb(event.synthesis))
    return message


def event_from_pb(message: spb.CollectionEvent) -> CollectionEvent:
    """A SummarizeCollection event as the workflow's own dataclass."""
    stage = _STAGE_FROM_PB.get(message.stage, Stage.TRANSLATED)
    done = stage is Stage.DONE
    summary = message.collection_summary if done else None
    return CollectionEvent(
        stage=stage,
        done=message.articles_done,
        total=message.articles_total,
        article=None if done else outcome_from_pb(message.article),
        summary=summary_from_pb(summary) if summary and summary.sentences else None,
        synthesis=(
            synthesis_from_pb(message.synthesis) if done and message.HasField("synthesis") else None
        ),
        articles=tuple(outcome_from_pb(o) for o in message.articles),
    )


def outcome_to_pb(outcome: ArticleOutcome, request_id: str) -> spb.ArticleOutcome:
    message = spb.ArticleOutcome(article_index=outcome.index, article_id=outcome.article_id)
    if outcome.error is not None:
        message.error.CopyFrom(article_error_to_pb(outcome.error))
        return message
    if outcome.translation is not None:
        message.translation.CopyFrom(translated_to_pb(outcome.translation, request_id))
    if outcome.summary is not None:
        message.summary.CopyFrom(summary_to_pb(outcome.summary))
    return message


def outcome_from_pb(message: spb.ArticleOutcome) -> ArticleOutcome:
    return ArticleOutcome(
        index=message.article_index,
        article_id=message.article_id,
        translation=(
            translated_from_pb(message.translation) if message.HasField("translation") else None
        ),
        summary=summary_from_pb(message.summary) if message.HasField("summary") else None,
        error=article_error_from_pb(message.error) if message.HasField("error") else None,
    )
