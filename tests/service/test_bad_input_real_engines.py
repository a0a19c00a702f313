"""A huge sentence and a huge token through a real server on real tiny models, both backends.

Before the output caps were clamped to the decoder's positions, these gave INTERNAL: HF
raised IndexError in the position embedding and CTranslate2 "No position encodings are
defined for positions >= 512".
"""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc, translation_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb

pytest.importorskip("ctranslate2")

pytestmark = pytest.mark.slow  # two tiny real models served, long inputs decoded

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
WORDS = "وقعت كازاخستان وباكستان اتفاقية شراكة استراتيجية خلال زيارة دولة قام بها الرئيس".split()
LONG_SENTENCE = " ".join(WORDS[i % len(WORDS)] for i in range(1500))[:10_000]
HUGE_TOKEN = "".join(LETTERS[(i * 7) % len(LETTERS)] for i in range(10_000))


@pytest.fixture(scope="module", params=["hf", "ctranslate2"])
def channel(request, tiny_marian_dir, tmp_path_factory):
    from tarjama.models.engines import build_engines
    from tarjama.models.settings import Settings
    from tarjama.models.translation.ct2_convert import convert_to_ctranslate2
    from tarjama.service.server import start_server

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        model = str(tiny_marian_dir)
        if request.param == "ctranslate2":
            out = tmp_path_factory.mktemp("ct2-real") / "int8"
            model = str(convert_to_ctranslate2(model, out, "int8"))
        settings = Settings(
            port=0,
            model=model,
            backend=request.param,
            offline=True,
            summary_method="extractive",
            cache_entries=0,
            grace_seconds=1,
        )
        running = start_server(settings, engines=build_engines(settings, with_summarizer=True))
    options = [("grpc.max_receive_message_length", 64 << 20)]
    with grpc.insecure_channel(running.address, options=options) as channel:
        yield channel
    running.stop(0)


def _serving(channel) -> bool:
    health = health_pb2_grpc.HealthStub(channel)
    reply = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
    return reply.status == health_pb2.HealthCheckResponse.SERVING


@pytest.mark.parametrize("text", [LONG_SENTENCE, HUGE_TOKEN], ids=["long sentence", "huge token"])
@pytest.mark.parametrize("rpc", ["Translate", "TranslateStream", "SummarizeArticle"])
def test_long_input_is_split_and_translated_not_internal(channel, rpc, text):
    # Greedy and the full default output cap (max_output_tokens unset): the cap is what
    # used to run past the model's 512 positions.
    request = pb.TranslateRequest(
        article=pb.Article(article_id="long", text=text),
        options=pb.GenerationOptions(beam_size=1),
    )
    if rpc == "Translate":
        result = translation_pb2_grpc.TranslationServiceStub(channel).Translate(
            request, timeout=600
        )
    elif rpc == "TranslateStream":
        events = list(
            translation_pb2_grpc.TranslationServiceStub(channel).TranslateStream(
                request, timeout=600
            )
        )
        result = events[-1].completed
    else:
        reply = summarization_pb2_grpc.SummarizationServiceStub(channel).SummarizeArticle(
            spb.SummarizeArticleRequest(
                article=request.article, translation_options=request.options
            ),
            timeout=600,
        )
        result = reply.translation
        assert reply.summary.sentences
    split = [segment for segment in result.segments if segment.was_split]
    assert split and all(segment.pieces > 1 for segment in split)
    assert result.statistics.split_segments == len(split)
    assert all(segment.translation or pb.QUALITY_FLAG_EMPTY in segment.flags for segment in split)
    assert _serving(channel)
