"""`tarjama eval run` end to end against an in-process server with smoke models."""

from __future__ import annotations

import json

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.evaluation.run import find_testset
from tarjama.models.engines import build_engines
from tarjama.models.errors import InvalidInput
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FAKE_MODEL_ID, FakeBackend
from tarjama.service.server import start_server

SETTINGS = Settings(port=0, max_batch_articles=4, grace_seconds=1)
ARABIC = [
    "وقعت كازاخستان وباكستان اتفاقية شراكة.",
    "والتقى الزعيمان في إسلام آباد.",
    "تضاعفت التجارة بين البلدين.",
    "وقال المسؤولون إن المحادثات كانت بناءة.",
    "وسيزور الرئيس تركيا الشهر المقبل.",
]
ENGLISH = [
    "Kazakhstan and Pakistan signed a partnership agreement.",
    "The two leaders met in Islamabad.",
    "Trade between the two countries doubled.",
    "Officials said the talks were constructive.",
    "The president will visit Turkey next month.",
]


@pytest.fixture
def server(start_fake_server):
    # The fake "translates" the first four sentences perfectly and romanizes the last.
    overrides = dict(zip(ARABIC[:4], ENGLISH[:4], strict=True))
    return start_fake_server(
        SETTINGS, engines=fake_engines(FakeBackend(overrides=overrides), limits=SETTINGS.limits())
    )


def test_line_testset_through_the_server(server, tmp_path, capsys, write_lines):
    testset = tmp_path / "testset"
    write_lines(testset / "ara.txt", ARABIC)
    write_lines(testset / "eng.txt", ENGLISH)
    write_lines(testset / "document_ids.tsv", ["d1", "d1", "d1", "d2", "d2"])
    out = tmp_path / "run"
    code = main(["eval", "run", "--testset", str(testset), "--server", server.address,
                 "--batch-size", "2", "--out", str(out)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "5 segments translated by" in printed and "BLEU|nrefs:1|" in printed
    hypotheses = (out / "hypotheses.txt").read_text(encoding="utf-8").splitlines()
    assert hypotheses[:4] == ENGLISH[:4]
    assert hypotheses[4] and hypotheses[4] != ENGLISH[4]
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["kind"] == "run"
    assert result["model"]["id"] == FAKE_MODEL_ID
    assert result["service"]["requests"] == 3 and result["service"]["failures"] == 0
    assert [s["chrF2"] for s in result["segment_results"]][:4] == [100.0] * 4
    assert result["documents"]["count"] == 2
    assert result["checks"]["segments_with_source"] == 5


def test_article_testset_through_the_server(server, tmp_path, capsys, write_lines):
    testset = tmp_path / "articles"
    write_lines(testset / "a.txt", ARABIC[:2] + [""] + ARABIC[2:4])
    write_lines(testset / "references" / "a.en.txt", ENGLISH[:2] + [""] + ENGLISH[2:4])
    out = tmp_path / "run"
    assert main(["eval", "run", "--testset", str(testset), "--server", server.address,
                 "--out", str(out)]) == 0  # fmt: skip
    assert (out / "hypotheses" / "a.json").is_file()
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["level"] == "sentence" and result["segments"] == 4
    assert result["scores"]["BLEU"]["score"] == pytest.approx(100.0)
    assert "scored at sentence level" in capsys.readouterr().out


def test_testset_layout_errors(tmp_path):
    with pytest.raises(InvalidInput, match="expected ara.txt and eng.txt"):
        find_testset(tmp_path)


def test_tiny_marian_smoke_model(tiny_marian_translator, tmp_path, capsys, write_lines):
    # The loaded tiny model's backend, through the server's own assembly (inline, no cache).
    settings = SETTINGS.override(
        model="tiny-marian",
        beam_size=1,
        batching="inline",
        cache_entries=0,
        max_article_chars=10_000,
    )
    engines = build_engines(settings, backend=tiny_marian_translator.backend)
    running = start_server(SETTINGS, engines=engines)
    try:
        testset = tmp_path / "testset"
        write_lines(testset / "ara.txt", ARABIC[:3])
        write_lines(testset / "eng.txt", ENGLISH[:3])
        out = tmp_path / "run"
        code = main(["eval", "run", "--testset", str(testset), "--server", running.address,
                     "--out", str(out)])  # fmt: skip
    finally:
        running.stop(0)
    assert code == 0
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["segments"] == 3 and result["scores"]["chrF2"]["signature"]
    assert "chrF2|nrefs:1|" in capsys.readouterr().out
