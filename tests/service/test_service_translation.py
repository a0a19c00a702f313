"""The real gRPC server, called through the committed stubs, with a deterministic fake engine."""

from __future__ import annotations

import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service.server import TRANSLATION_SERVICE, start_server


@pytest.fixture
def server(start_fake_server):
    return start_fake_server()


def translate_request(text: str, **options) -> pb.TranslateRequest:
    return pb.TranslateRequest(
        request_id="req-1",
        article=pb.Article(article_id="a1", text=text),
        options=pb.GenerationOptions(**options),
    )


def test_unary_translate_keeps_structure_and_echoes_request_id(stub, seeds):
    reply = stub.Translate(translate_request(seeds.text("004")), timeout=30)
    assert reply.request_id == "req-1" and reply.article_id == "a1"
    assert reply.paragraphs[0].kind == pb.PARAGRAPH_KIND_TITLE
    assert sum(p.sentence_count for p in reply.paragraphs) == len(reply.segments)
    assert [s.index for s in reply.segments] == list(range(len(reply.segments)))
    assert all(s.translation for s in reply.segments)
    dropped = [d.text for d in reply.dropped]
    assert "زر الذهاب إلى الأعلى" in dropped and "اترك تعليقاً" in dropped
    assert all("زر الذهاب" not in s.source for s in reply.segments)
    assert reply.model.model_id == "fake/echo"
    assert reply.english_text.count("\n\n") == len(reply.paragraphs) - 1


def test_server_generates_request_id_when_missing(stub, short_article):
    request = pb.TranslateRequest(article=pb.Article(text=short_article))
    reply = stub.Translate(request, timeout=30)
    assert len(reply.request_id) == 32


def test_stream_sends_layout_then_each_segment_then_result(stub, seeds):
    events = list(stub.TranslateStream(translate_request(seeds.text("004")), timeout=30))
    kinds = [e.WhichOneof("event") for e in events]
    assert kinds[0] == "layout" and kinds[-1] == "completed"
    segments = [e for e in events if e.WhichOneof("event") == "segment"]
    total = events[0].progress.total
    assert len(segments) == total == len(events[-1].completed.segments)
    assert [e.progress.done for e in segments] == list(range(1, total + 1))
    assert all(e.request_id == "req-1" for e in events)
    assert sorted(e.segment.index for e in segments) == list(range(total))


def test_batch_reports_a_bad_article_without_failing_the_others(stub, seeds, short_article):
    request = pb.TranslateBatchRequest(
        articles=[
            pb.Article(article_id="good-1", text=short_article),
            pb.Article(article_id="empty", text="   \n "),
            pb.Article(article_id="good-2", text=seeds.text("004")),
        ]
    )
    reply = stub.TranslateBatch(request, timeout=30)
    assert [r.article_id for r in reply.results] == ["good-1", "empty", "good-2"]
    assert reply.failed == 1
    assert reply.results[1].error.code == "INVALID_ARGUMENT"
    assert "empty" in reply.results[1].error.message
    assert reply.results[0].translation.segments and reply.results[2].translation.segments


# Each case builds its request from the short article (the fixture), or ignores it.
INVALID_REQUESTS = [
    (lambda short: translate_request(""), "empty"),
    (lambda short: translate_request(" \n\t "), "empty"),
    (lambda short: translate_request("ب" * 50_001), "limit"),
    (lambda short: translate_request("زر الذهاب إلى الأعلى\nاترك تعليقاً"), "boilerplate"),
    (lambda short: translate_request(short, beam_size=0), "beam"),
    (lambda short: translate_request(short, beam_size=17), "beam"),
    (lambda short: translate_request(short, max_output_tokens=-5), "max_output_tokens"),
    (
        lambda short: pb.TranslateRequest(article=pb.Article(text=short, source_language="fr")),
        "fr",
    ),
    (
        lambda short: pb.TranslateRequest(article=pb.Article(text=short, target_language="de")),
        "de",
    ),
]


@pytest.mark.parametrize(
    ("make_request", "message_part"),
    INVALID_REQUESTS,
    ids=[f"request_{i}" for i in range(len(INVALID_REQUESTS))],
)
def test_invalid_input_is_invalid_argument_with_a_readable_message(
    stub, short_article, make_request, message_part
):
    request_ = make_request(short_article)
    for call in (stub.Translate, lambda r, timeout: list(stub.TranslateStream(r, timeout=timeout))):
        with pytest.raises(grpc.RpcError) as caught:
            call(request_, timeout=30)
        assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert message_part in caught.value.details()
        assert "Traceback" not in caught.value.details()


def test_batch_level_invalid_arguments(stub, short_article):
    article = pb.Article(text=short_article)
    for request in (
        pb.TranslateBatchRequest(),
        pb.TranslateBatchRequest(articles=[article] * 5),
        pb.TranslateBatchRequest(articles=[article], options={"beam_size": 0}),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            stub.TranslateBatch(request, timeout=30)
        assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_get_info_reports_model_limits_and_memory(stub):
    info = stub.GetInfo(pb.GetInfoRequest(), timeout=10)
    assert info.models[0].model.model_id == "fake/echo"
    assert info.models[0].role == "translation"
    assert info.limits.max_article_chars == 50_000 and info.limits.max_batch_articles == 4
    assert info.peak_rss_bytes > 10 * 1024 * 1024


def test_reflection_lists_the_services(server):
    with grpc.insecure_channel(server.address) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10
        )
        names = {s.name for r in replies for s in r.list_services_response.service}
    assert TRANSLATION_SERVICE in names and "grpc.health.v1.Health" in names


def test_health_is_not_serving_until_ready_then_serving(start_fake_server):
    running = start_fake_server(ready=False)
    with grpc.insecure_channel(running.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)

        def status(service: str = "") -> int:
            request = health_pb2.HealthCheckRequest(service=service)
            return health.Check(request, timeout=5).status

        assert status() == health_pb2.HealthCheckResponse.NOT_SERVING
        assert status(TRANSLATION_SERVICE) == health_pb2.HealthCheckResponse.NOT_SERVING
        running.warm_up()
        running.mark_serving()
        assert status() == health_pb2.HealthCheckResponse.SERVING
        assert status(TRANSLATION_SERVICE) == health_pb2.HealthCheckResponse.SERVING


def many_sentences(count: int) -> str:
    return "\n".join(f"هذه الجملة رقم {i} عن التعاون بين البلدين." for i in range(count))


@pytest.mark.parametrize("how", ["cancel", "deadline"])
def test_cancelled_or_expired_call_stops_its_work(how, start_fake_server, short_article):
    backend = FakeBackend(delay_per_batch=0.2)
    running = start_fake_server(backend=backend)
    with grpc.insecure_channel(running.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        request = translate_request(many_sentences(80))  # 20 batches of 4: about 4 s
        if how == "cancel":
            future = stub.Translate.future(request, timeout=30)
            time.sleep(0.5)
            future.cancel()
            with pytest.raises(grpc.FutureCancelledError):
                future.result()
        else:
            with pytest.raises(grpc.RpcError) as caught:
                stub.Translate(request, timeout=0.5)
            assert caught.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED
        time.sleep(0.6)  # let the server notice between batches
        batches_after_stop = len(backend.batches)
        time.sleep(0.8)
        assert len(backend.batches) == batches_after_stop, "work went on after the call ended"
        assert batches_after_stop < 20
        # The server is still healthy and serving other calls.
        assert stub.Translate(translate_request(short_article), timeout=30).segments


class ExplodingBackend(FakeBackend):
    def generate(self, texts, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")


def test_unexpected_errors_are_internal_without_details_and_the_server_survives(
    start_fake_server, short_article
):
    running = start_fake_server(backend=ExplodingBackend(), ready=False)
    with grpc.insecure_channel(running.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        for _ in range(2):
            with pytest.raises(grpc.RpcError) as caught:
                stub.Translate(translate_request(short_article), timeout=10)
            assert caught.value.code() is grpc.StatusCode.INTERNAL
            assert "secret" not in caught.value.details()
            assert "Traceback" not in caught.value.details()
        assert stub.GetInfo(pb.GetInfoRequest(), timeout=10).models


def test_graceful_shutdown_finishes_in_flight_calls(fake_server_settings):
    backend = FakeBackend(delay_per_batch=0.1)
    engines = fake_engines(backend, limits=fake_server_settings.limits(), max_batch_sentences=4)
    running = start_server(fake_server_settings, engines=engines)  # this test stops it
    results = {}
    with grpc.insecure_channel(running.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)

        def call():
            results["reply"] = stub.Translate(translate_request(many_sentences(24)), timeout=30)

        worker = threading.Thread(target=call)
        worker.start()
        time.sleep(0.3)
        running.stop(grace=10)
        worker.join(10)
    assert len(results["reply"].segments) == 24
