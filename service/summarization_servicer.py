"""Thin gRPC servicer for tarjama.v1.SummarizationService: protos in, the workflow, protos out."""

from __future__ import annotations

from collections.abc import Iterator

import grpc

from tarjama.models.errors import InvalidInput
from tarjama.models.workflow import CollectionEvent, Stage, SummaryWorkflow
from tarjama.protos import converters
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.service.errors import cancel_check, grpc_errors, status_for
from tarjama.service.translation_servicer import request_id_of

_STAGE_TO_PB = {
    Stage.TRANSLATED: spb.COLLECTION_STAGE_ARTICLE_TRANSLATED,
    Stage.SUMMARIZED: spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED,
    Stage.FAILED: spb.COLLECTION_STAGE_ARTICLE_FAILED,
    Stage.DONE: spb.COLLECTION_STAGE_COLLECTION_DONE,
}


class SummarizationServicer(summarization_pb2_grpc.SummarizationServiceServicer):
    """Serves summaries by converting requests for the SummaryWorkflow and back."""

    def __init__(self, workflow: SummaryWorkflow) -> None:
        self.workflow = workflow

    @grpc_errors
    def SummarizeArticle(
        self, request: spb.SummarizeArticleRequest, context: grpc.ServicerContext
    ) -> spb.SummarizeArticleResponse:
        request_id = request_id_of(request.request_id, self.workflow.limits)
        item = (
            converters.translated_from_pb(request.translation)
            if request.HasField("translation")
            else converters.article_from_pb(request.article)
        )
        result = self.workflow.summarize_article(
            item,
            length=converters.length_from_pb(request.length),
            method=converters.method_from_pb(request.method),
            options=converters.options_from_pb(request.translation_options),
            cancelled=cancel_check(context),
        )
        return spb.SummarizeArticleResponse(
            request_id=request_id,
            translation=converters.translated_to_pb(result.translation, request_id),
            summary=converters.summary_to_pb(result.summary),
        )

    @grpc_errors
    def SummarizeCollection(
        self, request: spb.SummarizeCollectionRequest, context: grpc.ServicerContext
    ) -> Iterator[spb.CollectionEvent]:
        request_id = request_id_of(request.request_id, self.workflow.limits)
        if request.articles and request.items:
            raise InvalidInput("send the articles either in `articles` or in `items`, not both")
        items = [converters.article_from_pb(a) for a in request.articles] or [
            converters.item_from_pb(i) for i in request.items
        ]
        events = self.workflow.summarize_collection(
            items,
            article_length=converters.length_from_pb(request.article_length),
            collection_length=converters.length_from_pb(request.collection_length),
            method=converters.method_from_pb(request.method),
            options=converters.options_from_pb(request.translation_options),
            cancelled=cancel_check(context),
        )
        for event in events:
            yield event_to_pb(event, request_id)


def event_to_pb(event: CollectionEvent, request_id: str) -> spb.CollectionEvent:
    message = spb.CollectionEvent(
        request_id=request_id,
        stage=_STAGE_TO_PB[event.stage],
        articles_done=event.done,
        articles_total=event.total,
    )
    if event.article is not None:
        message.article.CopyFrom(_outcome_to_pb(event.article, request_id))
    if event.stage is Stage.DONE:
        message.articles.extend(_outcome_to_pb(o, request_id) for o in event.articles)
        if event.summary is not None:
            message.collection_summary.CopyFrom(converters.summary_to_pb(event.summary))
        else:
            message.collection_summary.notes.append("no article could be summarized")
        if event.synthesis is not None:
            message.synthesis.CopyFrom(converters.synthesis_to_pb(event.synthesis))
    return message


def _outcome_to_pb(outcome, request_id: str) -> spb.ArticleOutcome:
    message = spb.ArticleOutcome(article_index=outcome.index, article_id=outcome.article_id)
    if outcome.error is not None:
        code, text = status_for(outcome.error)
        message.error.CopyFrom(pb.ArticleError(code=code.name, message=text))
        return message
    if outcome.translation is not None:
        message.translation.CopyFrom(converters.translated_to_pb(outcome.translation, request_id))
    if outcome.summary is not None:
        message.summary.CopyFrom(converters.summary_to_pb(outcome.summary))
    return message
