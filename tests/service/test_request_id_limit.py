"""TARJAMA_MAX_ID_CHARS bounds request_id on every RPC of both services, not only Translate."""

from __future__ import annotations

import grpc
import pytest

from tarjama.models.settings import Settings
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc, translation_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb


@pytest.fixture(scope="module", params=[16, 1000], ids=["below-default", "above-default"])
def server(request, start_module_fake_server):
    """A real server whose TARJAMA_MAX_ID_CHARS is set (through the environment)."""
    settings = Settings.from_env({"TARJAMA_MAX_ID_CHARS": str(request.param), "TARJAMA_PORT": "0"})
    engines = fake_engines(
        limits=settings.limits(), summarizer=Summarizer(limits=settings.limits())
    )
    return start_module_fake_server(settings, engines=engines), request.param


def send(channel, rpc: str, request_id: str, text: str):
    """The RPC's reply (last event of a stream) for an article of `text`, or its RpcError."""
    article = pb.Article(article_id="a", text=text)
    translation = translation_pb2_grpc.TranslationServiceStub(channel)
    summarization = summarization_pb2_grpc.SummarizationServiceStub(channel)
    calls = {
        "Translate": lambda: translation.Translate(
            pb.TranslateRequest(request_id=request_id, article=article), timeout=60
        ),
        "TranslateStream": lambda: list(
            translation.TranslateStream(
                pb.TranslateRequest(request_id=request_id, article=article), timeout=60
            )
        )[-1],
        "TranslateBatch": lambda: translation.TranslateBatch(
            pb.TranslateBatchRequest(request_id=request_id, articles=[article]), timeout=60
        ),
        "SummarizeArticle": lambda: summarization.SummarizeArticle(
            spb.SummarizeArticleRequest(request_id=request_id, article=article), timeout=60
        ),
        "SummarizeCollection": lambda: list(
            summarization.SummarizeCollection(
                spb.SummarizeCollectionRequest(request_id=request_id, articles=[article]),
                timeout=60,
            )
        )[-1],
    }
    try:
        return calls[rpc]()
    except grpc.RpcError as error:
        return error


RPCS = ["Translate", "TranslateStream", "TranslateBatch", "SummarizeArticle", "SummarizeCollection"]


@pytest.mark.parametrize("rpc", RPCS)
def test_the_configured_id_limit_applies_to_every_rpc(server, rpc, seeds):
    running, limit = server
    text = seeds.text("000")
    with grpc.insecure_channel(running.address) as channel:
        reply = send(channel, rpc, "r" * limit, text)
        assert not isinstance(reply, grpc.RpcError), reply.details()
        assert reply.request_id == "r" * limit
        refused = send(channel, rpc, "r" * (limit + 1), text)
        assert isinstance(refused, grpc.RpcError)
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert f"the limit is {limit} characters" in refused.details()
        assert len(refused.details()) <= 300
