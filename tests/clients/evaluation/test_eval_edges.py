"""`tarjama eval` edges: empty translations flagged, a dead server, answers from the cache."""

from __future__ import annotations

import json

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.evaluation.checks import check_translations
from tarjama.clients.evaluation.run import cache_note
from tarjama.clients.runs.article_files import article_to_json
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.types import ModelRef, Paragraph, ParagraphKind, Segment, TranslatedArticle

ARABIC = ["وقعت كازاخستان وباكستان اتفاقية شراكة.", "والتقى الزعيمان في إسلام آباد."]
ENGLISH = ["Kazakhstan and Pakistan signed a partnership.", "The two leaders met in Islamabad."]


def test_empty_translation_is_flagged_on_its_own():
    result = check_translations([ARABIC[0], ARABIC[1], ""], ["", "  ", ""])
    flagged = {f["index"]: [i["check"] for i in f["issues"]] for f in result["flagged"]}
    assert flagged == {0: ["empty"], 1: ["empty"]}  # a blank source line is not an error
    assert result["counts"]["empty"] == 2
    # Without a source (unknown at that granularity) the engine's own flag is believed.
    engine = check_translations([""], [""], engine_flags=[("empty",)])
    assert engine["counts"]["empty"] == 1


def test_eval_check_flags_empty_segments_of_tarjama_outputs(tmp_path, capsys):
    article = TranslatedArticle(
        article_id="a",
        paragraphs=[Paragraph(0, ParagraphKind.BODY, ARABIC)],
        segments=[
            Segment(0, 0, ARABIC[0], ENGLISH[0]),
            Segment(1, 0, ARABIC[1], ""),  # no engine flag: eval check must catch it itself
        ],
        dropped=[],
        model=ModelRef("m", "r"),
        prepare_seconds=0.0,
        translate_seconds=0.1,
    )
    hyp = tmp_path / "out" / "a.json"
    hyp.parent.mkdir()
    hyp.write_text(json.dumps(article_to_json(article), ensure_ascii=False), encoding="utf-8")
    code = main(["eval", "check", "--hyp", str(hyp.parent), "--out", str(tmp_path / "r"),
                 "--fail-on-issues"])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 1
    assert "checks: 1 of 2 segments flagged (empty 1)" in printed
    result = json.loads((tmp_path / "r" / "result.json").read_text(encoding="utf-8"))
    assert result["checks"]["flagged"][0]["id"] == "a#2"


def test_eval_check_on_line_files_flags_empty_lines(tmp_path, capsys, write_lines):
    src = write_lines(tmp_path / "src.txt", ARABIC)
    hyp = write_lines(tmp_path / "hyp.txt", [ENGLISH[0], ""])
    assert main(["eval", "check", "--hyp", str(hyp), "--src", str(src),
                 "--out", str(tmp_path / "r")]) == 0  # fmt: skip
    assert "(empty 1)" in capsys.readouterr().out


def test_eval_run_against_a_dead_server_exits_4_with_one_line(tmp_path, capsys, write_lines):
    testset = tmp_path / "testset"
    write_lines(testset / "ara.txt", ARABIC)
    write_lines(testset / "eng.txt", ENGLISH)
    code = main(["eval", "run", "--testset", str(testset), "--server", "127.0.0.1:9",
                 "--out", str(tmp_path / "run")])  # fmt: skip
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 4
    assert len(err) == 1 and err[0].startswith("tarjama: error: server 127.0.0.1:9 is unavailable")


def test_cache_note_says_what_the_time_measures():
    assert cache_note(0, 12) is None
    assert "all 5 sentences were answered from the server's translation cache" in cache_note(5, 0)
    assert "3 of 8 sentences" in cache_note(3, 5)


@pytest.fixture
def caching_server(start_fake_server):
    backend = FakeBackend(overrides=dict(zip(ARABIC, ENGLISH, strict=True)))
    engines = fake_engines(backend, cache_entries=100)
    return start_fake_server(Settings(port=0, grace_seconds=1), engines=engines).address


def test_eval_run_says_when_the_server_answered_from_its_cache(
    caching_server, tmp_path, capsys, write_lines
):
    testset = tmp_path / "testset"
    write_lines(testset / "ara.txt", ARABIC)
    write_lines(testset / "eng.txt", ENGLISH)

    def run(name: str) -> tuple[str, dict]:
        code = main(["eval", "run", "--testset", str(testset), "--server", caching_server,
                     "--out", str(tmp_path / name)])  # fmt: skip
        assert code == 0
        result = json.loads((tmp_path / name / "result.json").read_text(encoding="utf-8"))
        return capsys.readouterr().out, result

    first, result = run("first")
    assert "from its cache" not in first
    assert result["service"]["cache_hits"] == 0 and result["service"]["cache_misses"] == 2
    second, result = run("second")
    assert "(1 requests, 0 failures; 2 of 2 sentences from its cache)" in second
    assert "note: all 2 sentences were answered from the server's translation cache" in second
    assert result["service"]["cache_hits"] == 2
    assert result["notes"][0].startswith("all 2 sentences were answered")
