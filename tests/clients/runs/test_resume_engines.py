"""The manifest records the engine of every finished article, and a resume that mixes
engines in one folder says so in one line; Ctrl-C keeps what finished (fake engines)."""

from __future__ import annotations

import json
from collections import Counter
from types import SimpleNamespace

import pytest

from tarjama.clients.runs.inputs import Inputs
from tarjama.clients.runs.local_engines import engine_record_of, local_translator, model_key_of
from tarjama.clients.runs.manifest import (
    MANIFEST_NAME,
    EngineRecord,
    Manifest,
    mixed_engines_note,
)
from tarjama.clients.runs.runner import run_articles
from tarjama.clients.runs.runtime import open_engine
from tarjama.clients.runs.sinks import JSONL_OUTPUT_NAME, FilesSink, JsonlSink, open_sink
from tarjama.clients.runs.thread_engine import ThreadEngine
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.types import GenerationOptions

TEXT = "ذهب الولد إلى المدرسة صباحا."
IN_PROCESS = EngineRecord("in-process", "hf", "cpu", "float32")


def in_process_engine() -> ThreadEngine:
    engines = fake_engines()
    return ThreadEngine(
        local_translator(engines, GenerationOptions()),
        model_key_of(engines),
        concurrency=2,
        close=engines.close,
        engine=engine_record_of(engines),
    )


class ServedClient:
    """A server as the opener meets it, translating with the same fake engines."""

    def __init__(self) -> None:
        self.engines = fake_engines()
        self.model = self.engines.article_translator.model

    def info(self):
        return SimpleNamespace(models=[SimpleNamespace(model=self.model)])

    def translate(self, text: str = "", *, html: str = "", article_id: str, options):
        return local_translator(self.engines, options)(article_id, text or html, html=bool(html))

    def close(self) -> None:
        pass


def served_engine():
    return open_engine(Settings(), GenerationOptions(), connect=ServedClient)


def folder_of(tmp_path, count: int):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for number in range(count):
        (folder / f"a{number}.txt").write_text(f"{TEXT} {number}.", encoding="utf-8")
    return folder


def articles(folder):
    return Inputs.find([folder]).articles(max_article_chars=10_000, max_id_chars=256)


def test_engine_records_say_which_engines_give_the_same_words():
    ray = EngineRecord("ray", "hf", "cpu", "float32")
    served = EngineRecord("server")
    assert EngineRecord.from_json(IN_PROCESS.to_json()) == IN_PROCESS
    assert served.to_json() == {"kind": "server"}  # a server's backend is not asked for
    assert EngineRecord.from_json(None) is None and EngineRecord.from_json({"x": 1}) is None
    # In-process and Ray batch each article alone: same words for the same backend.
    assert IN_PROCESS.same_outputs(ray) and ray.same_outputs(IN_PROCESS)
    assert not IN_PROCESS.same_outputs(served) and served.same_outputs(EngineRecord("server"))
    assert not IN_PROCESS.same_outputs(EngineRecord("in-process", "ctranslate2", "cpu", "int8"))
    assert not IN_PROCESS.same_outputs(EngineRecord("in-process", "hf", "cuda", "float16"))
    assert IN_PROCESS.describe() == "in-process (hf, cpu, float32)"
    assert served.describe() == "through a server"
    assert ray.describe() == "on Ray (hf, cpu, float32)"


def test_the_note_is_one_line_with_counts_in_the_right_number():
    assert mixed_engines_note(IN_PROCESS, Counter(), 3) is None
    assert mixed_engines_note(IN_PROCESS, Counter({"through a server": 2}), 0) is None
    note = mixed_engines_note(IN_PROCESS, Counter({"through a server": 2}), 1)
    assert "\n" not in note
    assert "1 article translated in-process (hf, cpu, float32) in this run" in note
    assert "2 through a server earlier" in note and "--out" in note


@pytest.mark.parametrize("out_format", ["files", "jsonl"])
def test_a_resume_through_a_server_says_the_folder_mixes_engines(tmp_path, out_format):
    folder = folder_of(tmp_path, 2)
    out = tmp_path / "out"
    out.mkdir()
    first = in_process_engine()
    sink = open_sink(out_format, out, first.model_key, first.engine)
    assert run_articles(articles(folder), first, sink).translated == 2
    assert sink.mixed_engines_note(2) is None  # nothing was there before
    if out_format == "files":
        entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
        assert {e["engine"]["kind"] for e in entries.values()} == {"in-process"}
        assert entries["a0"]["engine"]["backend"] == first.engine.backend
    else:
        lines = (out / JSONL_OUTPUT_NAME).read_text(encoding="utf-8").splitlines()
        assert {json.loads(line)["engine"]["kind"] for line in lines} == {"in-process"}

    # Two more articles, resumed through a server: the first two are skipped (same model),
    # the new ones are the server's, and the run says the folder now holds both.
    folder_of(tmp_path, 4)
    served = served_engine()
    sink = open_sink(out_format, out, served.model_key, served.engine)
    report = run_articles(articles(folder), served, sink)
    assert (report.translated, report.skipped) == (2, 2)
    note = sink.mixed_engines_note(report.translated)
    assert note and "2 articles translated through a server in this run" in note
    assert "2 in-process (" in note

    # The same engine again: nothing mixed by this run (nothing translated either).
    again = in_process_engine()
    sink = open_sink(out_format, out, again.model_key, again.engine)
    report = run_articles(articles(folder), again, sink)
    assert report.translated == 0 and sink.mixed_engines_note(report.translated) is None


def test_entries_written_before_engines_were_recorded_mix_nothing(tmp_path):
    folder = folder_of(tmp_path, 1)
    out = tmp_path / "out"
    out.mkdir()
    engine = in_process_engine()
    run_articles(articles(folder), engine, FilesSink(out, engine.model_key, engine.engine))
    path = out / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["articles"].values():
        del entry["engine"]  # as an older tarjama wrote it
    path.write_text(json.dumps(data), encoding="utf-8")
    manifest = Manifest(out, engine.model_key, EngineRecord("server"))
    [article] = list(articles(folder))
    assert manifest.is_done(article, article.digest, out)
    assert not manifest.other_engines


def test_a_digest_note_counts_what_it_reuses_and_translates(tmp_path):
    folder = folder_of(tmp_path, 3)
    out = tmp_path / "out"
    out.mkdir()
    served = served_engine()
    run_articles(articles(folder), served, FilesSink(out, served.model_key, served.engine))
    local = in_process_engine()
    manifest = Manifest(out, local.model_key, local.engine)
    assert manifest.mixed_digest_note() is None  # nothing asked yet
    assert all(manifest.is_done(a, a.digest, out) for a in articles(folder))
    assert manifest.mixed_digest_note() is None  # all three the server's: nothing mixed
    manifest.recorded = 1  # as if it had translated one more in-process
    note = manifest.mixed_digest_note()
    assert note.startswith("this digest mixes engines: 1 article translated in-process (")
    assert "), 3 through a server;" in note


class InterruptedEngine:
    """Translates two articles, then the user presses Ctrl-C."""

    def __init__(self) -> None:
        self.inner = in_process_engine()
        self.model_key, self.engine = self.inner.model_key, self.inner.engine

    def translate(self, items):
        for number, pair in enumerate(self.inner.translate(items)):
            if number == 2:
                raise KeyboardInterrupt
            yield pair

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("make_sink", [FilesSink, JsonlSink])
def test_ctrl_c_keeps_what_finished_and_says_how_a_rerun_resumes(tmp_path, make_sink):
    folder = folder_of(tmp_path, 5)
    out = tmp_path / "out"
    out.mkdir()
    engine = InterruptedEngine()
    report = run_articles(articles(folder), engine, make_sink(out, engine.model_key))
    engine.close()
    assert report.interrupted and report.translated == 2
    line = report.interrupted_line(out)
    assert "\n" not in line and f"this run saved 2 articles in {out}" in line
    assert "run the same command again to resume" in line
    # What was saved is recorded (the manifest or the JSONL file): the rerun skips it.
    rerun = run_articles(articles(folder), in_process_engine(), make_sink(out, engine.model_key))
    assert (rerun.translated, rerun.skipped, rerun.interrupted) == (3, 2, False)


class NoSink:
    """A sink that holds nothing."""

    def is_done(self, article) -> bool:
        return False

    def write(self, article, translated) -> None:
        pass

    def close(self) -> None:
        pass


def test_counts_read_in_the_right_number():
    report = run_articles([], in_process_engine(), NoSink())
    report.translated, report.sentences, report.skipped = 1, 1, 0
    assert report.summary_line().startswith(
        "1 article translated, 0 skipped, 0 failed; 1 sentence "
    )
    report.translated, report.sentences = 2, 7
    assert report.summary_line().startswith(
        "2 articles translated, 0 skipped, 0 failed; 7 sentences "
    )
    report.translated, report.skipped = 1, 3
    assert "this run saved 1 article in out (3 done before it)" in report.interrupted_line("out")
