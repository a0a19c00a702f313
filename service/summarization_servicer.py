"""Thin gRPC servicer for tarjama.v1.SummarizationService: protos in, the workflow, protos out."""

from __future__ import annotations

from collections.abc import Iterator

import grpc

from tarjama.models.errors import InvalidInput
from tarjama.models.workflow import SummaryWorkflow
from tarjama.protos import converters
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc
from tarjama.service.errors import cancel_check, grpc_errors
from tarjama.service.translation_servicer import request_id_of


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
            max_themes=request.max_themes or None,
        )
        for event in events:
            yield converters.event_to_pb(event, request_id)
