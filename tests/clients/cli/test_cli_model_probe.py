"""A model missing from the cache is found with one hub request: no retries, one line."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tarjama.clients.cli.main import main
from tarjama.models.errors import ModelMissing, ModelNotFound
from tarjama.models.summarization.engine import load_summarizer
from tarjama.models.summarization.types import SummaryMethod
from tarjama.models.translation.hub import locate_model


class CountingHub(BaseHTTPRequestHandler):
    """A hub stand-in that answers every request with one status code and counts them."""

    status = 503
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).requests.append(self.path)
        self.send_response(self.status)
        if self.status == 404:
            self.send_header("X-Error-Code", "RepoNotFound")  # what the real hub sends
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"error": "down for the test"}')

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def hub(monkeypatch, tmp_path):
    """An online (not offline) setup whose hub endpoint is a local counting server."""
    from huggingface_hub import constants

    handler = type("Hub", (CountingHub,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE", "TARJAMA_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    yield handler
    server.shutdown()
    server.server_close()


def test_a_failing_hub_is_asked_once(hub):
    with pytest.raises(ModelMissing, match="the Hugging Face Hub answered HTTP 503") as caught:
        locate_model("tarjama-test/not-cached")
    assert len(hub.requests) == 1  # huggingface_hub's own retries would make it 6
    assert "tarjama models pull tarjama-test/not-cached" in str(caught.value)


def test_an_unreachable_hub_is_one_line(hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens on discard
    with pytest.raises(ModelMissing, match="the Hugging Face Hub is unreachable: ") as caught:
        locate_model("tarjama-test/not-cached")
    assert "\n" not in str(caught.value)


def test_unknown_model_on_a_reachable_hub_is_not_found(hub):
    hub.status = 404
    with pytest.raises(ModelNotFound, match="no model 'tarjama-test/nope' on the Hugging Face"):
        locate_model("tarjama-test/nope")
    assert len(hub.requests) == 1


def test_offline_never_asks_the_hub(hub, monkeypatch):
    with pytest.raises(ModelMissing, match=r"\(not in the Hugging Face cache\)"):
        locate_model("tarjama-test/not-cached", local_files_only=True)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelMissing, match="offline mode is on"):
        locate_model("tarjama-test/not-cached")
    assert hub.requests == []


def test_auto_summaries_fall_back_after_one_request(hub):
    summarizer = load_summarizer("tarjama-test/not-cached")
    assert summarizer.abstractive is None
    assert "the Hugging Face Hub answered HTTP 503" in summarizer.fallback_reason
    assert len(hub.requests) == 1
    with pytest.raises(ModelMissing):
        load_summarizer("tarjama-test/not-cached", method=SummaryMethod.ABSTRACTIVE)
    assert len(hub.requests) == 2


@pytest.fixture
def translation(hub, tiny_marian_dir, tmp_path, capsys, seeds):
    """A tarjama .json of one seed, made with a local model (no hub involved)."""
    out = tmp_path / "out"
    seed = seeds.paths[0]
    assert main(["translate", str(seed), "--out", str(out), "--model", str(tiny_marian_dir),
                 "--beam", "1", "--max-output-tokens", "8"]) == 0  # fmt: skip
    capsys.readouterr()
    assert hub.requests == []
    return out / f"{seed.stem}.json"


def test_auto_summary_without_weights_costs_nothing_and_says_so_once(hub, translation, capsys):
    assert main(["summarize", str(translation), "--sentences", "2"]) == 0
    err = capsys.readouterr().err
    assert hub.requests == []  # auto uses cached weights only: not even one request
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [
        "tarjama: note: extractive summary: model 'sshleifer/distilbart-cnn-12-6' is not"
        " available (not in the Hugging Face cache)"
    ]


def test_abstractive_without_weights_is_one_request_and_exit_3(hub, translation, capsys):
    code = main(["summarize", str(translation), "--method", "abstractive"])
    err = capsys.readouterr().err
    assert code == 3
    assert len(hub.requests) == 1  # not from_pretrained's five retries
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Retry" not in err and "WARNING" not in err
    assert "answered HTTP 503" in lines[0] and "tarjama models pull" in lines[0]


# The translation model is found missing the same way: one probe, exit 3, one line.
def translate_args(seed, out, model="tarjama-test/not-cached"):
    return ["translate", str(seed), "--out", str(out), "--model", model]


def test_translate_with_a_missing_model_is_one_request_and_exit_3(hub, tmp_path, capsys, seeds):
    code = main(translate_args(seeds.paths[0], tmp_path / "out"))
    err = capsys.readouterr().err
    assert code == 3
    assert hub.requests == ["/api/models/tarjama-test/not-cached"]  # no registry, no retries
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Retry" not in err and "WARNING" not in err
    assert "answered HTTP 503" in lines[0]
    assert "tarjama models pull tarjama-test/not-cached" in lines[0]


def test_translate_offline_with_a_missing_model_asks_nobody(
    hub, tmp_path, capsys, monkeypatch, seeds
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(translate_args(seeds.paths[0], tmp_path / "out")) == 3
    err = capsys.readouterr().err
    assert hub.requests == []
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "offline mode is on" in lines[0]
    assert str(tmp_path) not in lines[0]  # the message names no cache path


def test_a_hub_that_never_answers_is_given_up_after_one_connection(hub, tmp_path, monkeypatch):
    """A blackhole (accepts, never answers): one connection, then the probe's timeout."""
    import socket

    from tarjama.models.translation import hub as hub_module

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setattr(hub_module, "PROBE_TIMEOUT_SECONDS", 0.5)
    try:
        with pytest.raises(ModelMissing, match="Hub is unreachable: timed out"):
            locate_model("tarjama-test/not-cached")
        assert len(accepted) == 1
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
