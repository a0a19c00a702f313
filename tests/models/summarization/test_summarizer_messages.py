"""A missing or broken summarization model is one line naming it by label, never by path.

Through load_summarizer (auto and abstractive), a request for abstractive summaries, GetInfo,
SummarizeArticle on a real server, and `tarjama summarize` of a finished translation.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import grpc
import pytest

from tarjama.clients.cli.main import main
from tarjama.models.errors import MAX_MESSAGE_CHARS, ModelMissing, ModelNotFound
from tarjama.models.settings import Settings
from tarjama.models.summarization.engine import load_summarizer
from tarjama.models.summarization.types import ArticleText, SummaryMethod
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.protos.converters import summarizer_model_to_pb
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc, translation_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb

pytestmark = pytest.mark.usefixtures("hf_offline")

ARTICLE = ArticleText(
    "a1",
    "Kazakhstan and Pakistan sign a partnership",
    [
        "Kazakhstan and Pakistan sign a partnership",
        "Kazakhstan and Pakistan signed a strategic partnership agreement on Monday.",
        "The two leaders discussed access to ports on the Arabian Sea and new rail links.",
        "Trade between the two countries doubled last year to almost 86 million euros.",
    ],
    heading_indices=(0,),
)


def _no_config(model: Path) -> None:
    (model / "config.json").unlink()


def _bad_json(model: Path) -> None:
    (model / "config.json").write_text("{not json", encoding="utf-8")


def _no_weights(model: Path) -> None:
    for weights in model.glob("*.safetensors"):
        weights.unlink()


def _not_seq2seq(model: Path) -> None:
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config.update(model_type="bert", architectures=["BertModel"])
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")


def _corrupt_weights(model: Path) -> None:
    for weights in model.glob("*.safetensors"):
        weights.write_bytes(b"not a safetensors file" * 4)


BROKEN = {
    "no-config": (_no_config, "it has no config.json"),
    "bad-json": (_bad_json, "its config.json is not valid JSON"),
    "no-weights": (_no_weights, "it has no weights"),
    "not-seq2seq": (_not_seq2seq, "cannot load it as a sequence-to-sequence model"),
    "corrupt-weights": (_corrupt_weights, "its files cannot be loaded"),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request, tiny_bart, tmp_path):
    """(a broken copy of the tiny BART under a deep path, what its messages must say)."""
    breaker, reason = BROKEN[request.param]
    model = tmp_path / "deep" / "private" / f"bart-{request.param}"
    shutil.copytree(tiny_bart, model)
    breaker(model)
    return model, reason


def assert_clean(message: str, model: Path) -> None:
    """One line, short, names the directory only, no path, no library text."""
    assert "\n" not in message and len(message) <= MAX_MESSAGE_CHARS
    assert f"'{model.name}'" in message
    assert str(model.parent) not in message and "/" not in message.replace(" / ", "")
    assert "Traceback" not in message and "tarjama models pull" not in message


def test_abstractive_with_a_broken_directory_is_one_clean_line(broken):
    model, reason = broken
    with pytest.raises(ModelNotFound) as caught:
        load_summarizer(str(model), method=SummaryMethod.ABSTRACTIVE)
    assert not isinstance(caught.value, ModelMissing)  # pulling would not help
    assert_clean(str(caught.value), model)
    assert reason in str(caught.value)


def test_auto_with_a_broken_directory_falls_back_with_a_clean_note(broken):
    model, reason = broken
    summarizer = load_summarizer(str(model))
    assert summarizer.abstractive is None
    summary = summarizer.summarize_article(ARTICLE)
    assert summary.method is SummaryMethod.EXTRACTIVE
    (note,) = summary.notes
    assert_clean(note, model)
    assert reason in note
    with pytest.raises(ModelNotFound) as caught:
        summarizer.summarize_article(ARTICLE, method=SummaryMethod.ABSTRACTIVE)
    assert_clean(str(caught.value), model)
    info = summarizer_model_to_pb(summarizer)
    assert info.model.model_id == model.name and info.backend == "extractive"
    assert_clean(info.note, model)
    assert reason in info.note


def test_a_missing_directory_is_named_without_its_path(tmp_path):
    model = tmp_path / "deep" / "no-such-bart"
    for method in (SummaryMethod.AUTO, SummaryMethod.ABSTRACTIVE):
        with pytest.raises(ModelNotFound, match="'no-such-bart' does not exist") as caught:
            load_summarizer(str(model), method=method)
        assert str(tmp_path) not in str(caught.value)


def test_a_missing_hub_model_keeps_its_id_and_the_pull_hint():
    with pytest.raises(ModelMissing) as caught:
        load_summarizer("tarjama-test/no-such-bart", method=SummaryMethod.ABSTRACTIVE)
    message = str(caught.value)
    assert message.count("model 'tarjama-test/no-such-bart'") == 1  # said once, not nested
    assert "tarjama models pull tarjama-test/no-such-bart" in message
    summarizer = load_summarizer("tarjama-test/no-such-bart")
    with pytest.raises(ModelMissing) as caught:
        summarizer.summarize_article(ARTICLE, method=SummaryMethod.ABSTRACTIVE)
    assert str(caught.value) == message  # the request gets what the loader would have said
    info = summarizer_model_to_pb(summarizer)
    assert info.model.model_id == "tarjama-test/no-such-bart"
    assert "not in the Hugging Face cache" in info.note


def test_a_loaded_local_model_is_reported_by_its_name(tiny_bart):
    summarizer = load_summarizer(str(tiny_bart), method=SummaryMethod.ABSTRACTIVE, num_beams=1)
    assert summarizer.abstractive.model_ref.model_id == tiny_bart.name
    summary = summarizer.summarize_article(ARTICLE)
    assert summary.model.model_id == tiny_bart.name
    assert summarizer_model_to_pb(summarizer).model.model_id == tiny_bart.name


def test_served_abstractive_request_with_a_broken_model_is_not_found(
    tiny_bart, tmp_path, start_fake_server, seeds
):
    model = tmp_path / "srv" / "bart-broken"
    shutil.copytree(tiny_bart, model)
    _not_seq2seq(model)
    engines = fake_engines(summarizer=load_summarizer(str(model)))
    running = start_fake_server(Settings(port=0, grace_seconds=1), engines=engines)
    with grpc.insecure_channel(running.address) as channel:
        info = translation_pb2_grpc.TranslationServiceStub(channel).GetInfo(
            pb.GetInfoRequest(), timeout=30
        )
        (entry,) = [m for m in info.models if m.role == "summarization"]
        assert_clean(entry.note, model)
        stub = summarization_pb2_grpc.SummarizationServiceStub(channel)
        text = seeds.paths[0].read_text(encoding="utf-8")
        request = spb.SummarizeArticleRequest(
            article=pb.Article(article_id="a", text=text),
            method=spb.SUMMARY_METHOD_ABSTRACTIVE,
        )
        with pytest.raises(grpc.RpcError) as caught:
            stub.SummarizeArticle(request, timeout=60)
        assert caught.value.code() is grpc.StatusCode.NOT_FOUND
        assert_clean(caught.value.details(), model)
        auto = stub.SummarizeArticle(
            spb.SummarizeArticleRequest(article=pb.Article(article_id="a", text=text)),
            timeout=60,
        )
        assert_clean(auto.summary.notes[0], model)


def test_cli_summarize_with_a_broken_model_exits_3_in_one_line(
    broken, tiny_marian_dir, tmp_path, capsys, seeds
):
    model, reason = broken
    out = tmp_path / "out"
    seed = seeds.paths[0]
    assert main(["translate", str(seed), "--out", str(out), "--model", str(tiny_marian_dir),
                 "--beam", "1", "--max-output-tokens", "8"]) == 0  # fmt: skip
    capsys.readouterr()
    translation = out / f"{seed.stem}.json"
    code = main(["summarize", str(translation), "--method", "abstractive",
                 "--summary-model", str(model)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 3
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert_clean(lines[0], model)
    assert reason in lines[0]
