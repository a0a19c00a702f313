"""The tiny chat model served like Marian: gRPC unary, stream, batch, deadline; the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.client.tarjama_client import TarjamaClient
from tarjama.models.engines import build_engines
from tarjama.models.settings import Settings
from tarjama.models.translation.llm_translator import LLMTranslator
from tarjama.models.types import GenerationOptions
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc, translation_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.service.server import start_server

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_d74c82b2a649aa15.txt"
pytestmark = pytest.mark.slow
SHORT = GenerationOptions(max_output_tokens=8)


def seed_text(lines: int = 4) -> str:
    return "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:lines])


@pytest.fixture(scope="module")
def llm_server(tiny_llm_dir):
    settings = Settings(
        port=0,
        model=str(tiny_llm_dir),
        offline=True,
        summary_model=str(tiny_llm_dir),
        summary_method="abstractive",
    )
    engines = build_engines(settings, with_summarizer=True)
    assert isinstance(engines.sentence_translator, LLMTranslator)
    running = start_server(settings, engines=engines)
    yield running
    running.stop(0)


def test_translate_stream_and_batch_over_grpc(llm_server, tiny_llm_dir):
    text = seed_text()
    options = pb.GenerationOptions(max_output_tokens=8)
    with grpc.insecure_channel(llm_server.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        reply = stub.Translate(
            pb.TranslateRequest(article=pb.Article(article_id="a", text=text), options=options),
            timeout=120,
        )
        assert reply.model.model_id == tiny_llm_dir.name
        assert reply.segments and all(s.source for s in reply.segments)
        for segment in reply.segments:  # garbage answers: flagged, never commentary as text
            if pb.QUALITY_FLAG_UNALIGNED in segment.flags:
                assert segment.translation == "" and pb.QUALITY_FLAG_EMPTY in segment.flags
        info = stub.GetInfo(pb.GetInfoRequest(), timeout=10)
        assert info.models[0].backend == "hf"
    with TarjamaClient(llm_server.address, timeout=120) as client:
        updates = list(client.translate_stream(text, options=SHORT))
        assert updates[-1].article is not None
        assert updates[-1].done == updates[-1].total == len(reply.segments)
        items = client.translate_batch([("a", text), ("b", "")], options=SHORT)
        assert items[0].translation is not None and items[1].error_code == "INVALID_ARGUMENT"


def test_a_deadline_is_kept(llm_server):
    long_text = "\n".join([seed_text(30)] * 4)
    with grpc.insecure_channel(llm_server.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.Translate(
                pb.TranslateRequest(article=pb.Article(article_id="a", text=long_text)),
                timeout=0.5,
            )
        assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_cli_translates_a_folder_in_process(tiny_llm_dir, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(seed_text(3), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["translate", str(inputs), "--out", str(out), "--model", str(tiny_llm_dir)]
    assert main([*argv, "--offline", "--max-output-tokens", "8"]) == 0
    document = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert document["model"]["id"] == tiny_llm_dir.name
    assert document["segments"]
    for segment in document["segments"]:
        if "unaligned" in segment["flags"]:
            assert segment["translation"] == "" and "empty" in segment["flags"]


def test_summary_by_the_chat_model_falls_back_with_its_check(llm_server):
    english = pb.Article(
        article_id="en",
        source_language="en",
        text="Kazakhstan and Pakistan signed an agreement.\n\nTrade is to reach 1 billion "
        "dollars by 2027.\n\nThe talks focused on energy and security.",
    )
    with grpc.insecure_channel(llm_server.address) as channel:
        stub = summarization_pb2_grpc.SummarizationServiceStub(channel)
        reply = stub.SummarizeArticle(
            spb.SummarizeArticleRequest(
                article=english,
                method=spb.SUMMARY_METHOD_ABSTRACTIVE,
                length=spb.SummaryLength(sentences=2),
            ),
            timeout=120,
        )
    check = reply.summary.citation_check
    assert check.path == "instruction model" and check.fell_back
    assert reply.summary.method == spb.SUMMARY_METHOD_EXTRACTIVE
    assert reply.summary.sentences and reply.summary.notes[0].startswith("extractive summary")
