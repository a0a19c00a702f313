"""One real path end to end: Settings, build_engines (tiny Marian, batcher, cache), gRPC."""

from __future__ import annotations

import grpc
import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.models.engines import build_engines
from tarjama.models.settings import Settings
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service.server import start_server


@pytest.fixture(scope="module")
def real_server(tiny_marian_dir):
    settings = Settings(
        port=0, model=str(tiny_marian_dir), offline=True, beam_size=2, summary_method="extractive"
    )
    running = start_server(settings, engines=build_engines(settings, with_summarizer=True))
    yield running
    running.stop(0)


def test_tiny_marian_translates_a_seed_through_the_stubs(real_server, tiny_marian_dir, seeds):
    text = seeds.path("000").read_text(encoding="utf-8")
    with grpc.insecure_channel(real_server.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        request = pb.TranslateRequest(
            article=pb.Article(article_id="000", text=text),
            options=pb.GenerationOptions(beam_size=1, max_output_tokens=16),
        )
        reply = stub.Translate(request, timeout=120)
        assert reply.model.model_id == tiny_marian_dir.name  # a directory name, never a path
        assert reply.model.revision.startswith("local-")
        assert len(reply.segments) >= 24  # one or more sentences per source line
        assert any(s.translation.strip() for s in reply.segments)  # random weights: some empty
        info = stub.GetInfo(pb.GetInfoRequest(), timeout=10)
        assert info.models[0].max_input_tokens == 512 and info.models[0].backend == "hf"

        again = stub.Translate(request, timeout=120)  # served from the translation cache
        assert [s.translation for s in again.segments] == [s.translation for s in reply.segments]
        assert stub.GetInfo(pb.GetInfoRequest(), timeout=10).cache_hits >= len(reply.segments)


@pytest.mark.slow
def test_stream_and_batch_with_the_real_model(real_server, seeds):
    text = seeds.path("000").read_text(encoding="utf-8")
    with TarjamaClient(real_server.address, timeout=120) as client:
        client.wait_ready(timeout=10)
        updates = list(client.translate_stream(text))
        assert updates[-1].article is not None
        assert updates[-1].done == updates[-1].total == len(updates[-1].article.segments)
        items = client.translate_batch([("a", text), ("b", "")])
        assert items[0].translation is not None and items[1].error_code == "INVALID_ARGUMENT"
