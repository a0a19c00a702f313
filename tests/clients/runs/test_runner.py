"""The run loop and the server-or-in-process opener, on the fake engines (no model, no server)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tarjama.clients.runs.inputs import Inputs
from tarjama.clients.runs.local_engines import local_translator, model_key_of
from tarjama.clients.runs.manifest import MANIFEST_NAME
from tarjama.clients.runs.runner import run_articles
from tarjama.clients.runs.runtime import SERVER_CONCURRENCY, open_engine, open_runtime
from tarjama.clients.runs.sinks import FilesSink, JsonlSink
from tarjama.clients.runs.thread_engine import ThreadEngine
from tarjama.models.errors import InvalidInput, NotReady
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.testing.news_pages import news_page
from tarjama.models.types import GenerationOptions

TEXT = "ذهب الولد إلى المدرسة صباحا."


def fake_engine() -> ThreadEngine:
    engines = fake_engines()
    translate = local_translator(engines, GenerationOptions())
    return ThreadEngine(translate, model_key_of(engines), concurrency=2, close=engines.close)


def articles(folder):
    inputs = Inputs.find([folder])
    return inputs.articles(max_article_chars=10_000, max_id_chars=256)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT + " " + TEXT, encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")  # the engine refuses it
    (folder / "utf16.txt").write_bytes(TEXT.encode("utf-16"))  # unreadable before any engine
    return folder


@pytest.mark.parametrize("sink_kind", ["files", "jsonl"])
def test_every_article_ends_translated_skipped_or_failed(folder, tmp_path, sink_kind):
    out = tmp_path / "out"
    out.mkdir()
    make_sink = FilesSink if sink_kind == "files" else JsonlSink
    key = fake_engine().model_key
    progress, failed = [], []
    report = run_articles(
        articles(folder),
        fake_engine(),
        make_sink(out, key),
        on_progress=lambda: progress.append(1),
        on_failure=lambda source, reason: failed.append((source, reason)),
    )
    assert (report.translated, report.skipped, len(report.failures)) == (2, 0, 2)
    assert len(progress) == 4  # every article moves the bar once, failed or not
    reasons = dict((source.rsplit("/", 1)[-1], reason) for source, reason in failed)
    assert "UTF-16" in reasons["utf16.txt"] and "empty" in reasons["empty.txt"]
    assert report.summary_line().startswith("2 articles translated, 0 skipped, 2 failed; ")
    if sink_kind == "files":
        assert (out / "sub" / "b.en.txt").read_text(encoding="utf-8").strip()
        manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
        assert sorted(manifest) == ["a", "sub/b"]

    # A rerun skips what is finished and tries the failures again.
    again = run_articles(articles(folder), fake_engine(), make_sink(out, key))
    assert (again.translated, again.skipped, len(again.failures)) == (0, 2, 2)
    # Another model finishes nothing the first one did.
    other = run_articles(articles(folder), fake_engine(), make_sink(out, "other@2"))
    assert (other.translated, other.skipped) == (2, 0)


def test_no_articles_names_what_was_looked_for(tmp_path):
    with pytest.raises(InvalidInput, match=r"no \*\.txt or \*\.html articles found"):
        Inputs.find([tmp_path])
    (tmp_path / "c.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no \\*.txt articles or JSONL records found"):
        Inputs.find([tmp_path / "c.jsonl"])


class FakeClient:
    """What the opener needs of a TarjamaClient: info, translate, close."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.closed = False
        self.info_calls = 0
        self.sent: list[dict] = []
        self.engines = fake_engines()

    def info(self):
        self.info_calls += 1
        if self.down:
            raise NotReady("server 127.0.0.1:1 is unavailable (connection refused)")
        model = SimpleNamespace(model_id="served", revision="r1")
        return SimpleNamespace(models=[SimpleNamespace(model=model)])

    def translate(self, text: str = "", *, html: str = "", article_id: str, options):
        self.sent.append({"id": article_id, "text": text, "html": html})
        return local_translator(self.engines, options)(article_id, text or html, html=bool(html))

    def close(self) -> None:
        self.closed = True


def test_server_engine_names_the_served_model_and_sends_pages_as_html(tmp_path):
    client = FakeClient()
    engine = open_engine(Settings(), GenerationOptions(), connect=lambda: client)
    # Learnt when first needed (GetInfo here: no translation has named it yet).
    assert engine.model_key() == "served@r1" and engine.concurrency == SERVER_CONCURRENCY
    (tmp_path / "page.html").write_text(news_page(TEXT, headline="عنوان").html, "utf-8")
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    report = run_articles(articles(tmp_path), engine, FilesSink(out, engine.model_key))
    engine.close()
    assert report.translated == 2 and client.closed
    sent = {item["id"]: item for item in client.sent}
    assert sent["page"]["html"] and not sent["page"]["text"]
    assert sent["plain"]["text"] == TEXT and not sent["plain"]["html"]


def test_a_server_that_is_down_is_reported_when_the_model_is_asked_for():
    # The CLI's connect() fails at once on a down server (health check); the model key is
    # asked for later, only when a resume needs it, and a down server still says so.
    client = FakeClient(down=True)
    engine = open_engine(Settings(), GenerationOptions(), connect=lambda: client)
    with pytest.raises(NotReady):
        engine.model_key()
    engine.close()
    assert client.closed


def test_english_summaries_through_a_server_need_no_translation_model():
    client = FakeClient(down=True)  # info would fail: it must not be asked
    runtime = open_runtime(Settings(), connect=lambda: client, translation=False)
    assert runtime.model_key == "none" and client.info_calls == 0
    assert runtime.summaries(concurrency=2, limits=None) is client
    runtime.close()
    assert client.closed
