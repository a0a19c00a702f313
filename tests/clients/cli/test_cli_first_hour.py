"""What a new user meets around a run: Ctrl-C, counts in the right number, no empty --out
after a failed run, and a resume that mixes engines in one folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs import runtime
from tarjama.clients.runs.local_engines import (
    engine_record_of,
    load_engines,
    local_translator,
    model_key_of,
    per_article_settings,
)
from tarjama.clients.runs.manifest import MANIFEST_NAME
from tarjama.clients.runs.thread_engine import ThreadEngine
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines

NO_MODEL = "/nonexistent/tarjama-model"


def lines_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# -- a failed run leaves no empty --out folder it created -------------------------------------


@pytest.mark.parametrize("command", ["translate", "digest"])
def test_a_run_that_fails_before_any_output_leaves_no_folder(
    command, tmp_path, seeds, free_port, capsys
):
    out = tmp_path / "new" / "out"
    # The model is missing (exit 3), or the server is down (exit 4): nothing was written.
    assert main([command, str(seeds.paths[0]), "--out", str(out), "--model", NO_MODEL]) == 3
    assert not (tmp_path / "new").exists()
    server = f"127.0.0.1:{free_port()}"
    assert main([command, str(seeds.paths[0]), "--out", str(out), "--server", server]) == 4
    assert not (tmp_path / "new").exists()
    capsys.readouterr()
    # A folder the user made stays, empty or not.
    out.mkdir(parents=True)
    assert main([command, str(seeds.paths[0]), "--out", str(out), "--model", NO_MODEL]) == 3
    assert out.is_dir()


def test_a_jsonl_run_that_fails_leaves_no_empty_file_or_folder(tmp_path, seeds, free_port):
    out = tmp_path / "out"
    server = f"127.0.0.1:{free_port()}"
    args = ["translate", str(seeds.paths[0]), "--out", str(out), "--out-format", "jsonl"]
    assert main([*args, "--server", server]) == 4
    assert not out.exists()


# -- Ctrl-C --------------------------------------------------------------------------------


class InterruptedEngine:
    """Translates the first two articles with the fake engines, then Ctrl-C."""

    def __init__(self, settings, options, **_) -> None:
        engines = fake_engines()
        self.inner = ThreadEngine(
            local_translator(engines, options),
            model_key_of(engines),
            concurrency=1,
            close=engines.close,
            engine=engine_record_of(engines),
        )
        self.model_key, self.engine = self.inner.model_key, self.inner.engine

    def translate(self, items):
        for number, pair in enumerate(self.inner.translate(items)):
            if number == 2:
                raise KeyboardInterrupt
            yield pair

    def close(self) -> None:
        self.inner.close()


def test_ctrl_c_says_what_was_saved_and_what_a_rerun_does(tmp_path, seeds, monkeypatch, capsys):
    monkeypatch.setattr(runtime, "open_engine", InterruptedEngine)
    out = tmp_path / "out"
    assert main(["translate", str(seeds.dir), "--out", str(out)]) == 130
    captured = capsys.readouterr()
    [line] = [line for line in lines_of(captured.err) if "interrupted" in line]
    assert line == (
        f"tarjama: interrupted: this run saved 2 articles in {out}; run the same command "
        "again to resume: finished articles are skipped, the rest translated"
    )
    assert "articles translated" not in captured.out  # no summary line as if it had finished
    entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
    assert len(entries) == 2


@pytest.mark.slow
def test_ctrl_c_on_a_real_run(tmp_path, seeds, tiny_marian_dir):
    """SIGINT to `tarjama translate` in the middle of a folder: exit 130, the line, a resume."""
    articles = tmp_path / "many"
    articles.mkdir()
    for copy in range(40):  # enough work that the signal lands mid-run
        for path in seeds.paths:
            shutil.copy(path, articles / f"{copy:02d}_{path.name}")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tarjama.clients.cli.main", "translate", str(articles)]
    command += ["--out", str(out), "--model", str(tiny_marian_dir), "--offline", "--beam", "1"]
    command += ["--max-output-tokens", "8", "--concurrency", "1"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    # One article at a time: once the 4th .en.txt is there, the 3rd is in the manifest (the
    # signal may land while the 4th is half written: that one is not saved).
    while len(list(out.glob("*.en.txt"))) < 4:
        assert process.poll() is None and time.monotonic() < deadline, "the run never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    [line] = [line for line in lines_of(err) if line.startswith("tarjama: interrupted")]
    saved = int(line.split("this run saved ")[1].split(" ")[0])
    assert saved >= 3 and "run the same command again to resume" in line
    assert "Traceback" not in err
    entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
    assert len(entries) == saved


# -- counts in the right number ----------------------------------------------------------------


@pytest.mark.slow
def test_one_article_is_one_article(tmp_path, seeds, tiny_marian_dir, tiny, capsys):
    out = tmp_path / "out"
    seed = str(seeds.paths[0])
    assert main(["translate", seed, "--out", str(out), *tiny(tiny_marian_dir)]) == 0
    line = capsys.readouterr().out
    assert "tarjama: 1 article translated, 0 skipped, 0 failed; " in line
    assert main(["digest", seed, "--out", str(out), *tiny(tiny_marian_dir)]) == 0
    captured = capsys.readouterr()
    assert "tarjama: 0 articles translated, 1 skipped" in captured.err
    assert "tarjama: 1 of 1 article summarized, 0 failed" in captured.out
    assert "1 articles" not in captured.out + captured.err


# -- a resume that mixes engines ---------------------------------------------------------------


@pytest.mark.slow
def test_a_resume_through_a_server_says_the_folder_mixes_engines(
    tmp_path, seeds, tiny_marian_dir, tiny, start_fake_server, capsys
):
    out = tmp_path / "out"
    first = tmp_path / "first"
    first.mkdir()
    for path in seeds.paths[:2]:
        shutil.copy(path, first / path.name)
    assert main(["translate", str(first), "--out", str(out), *tiny(tiny_marian_dir)]) == 0
    entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
    assert [entry["engine"] for entry in entries.values()] == [
        {"kind": "in-process", "backend": "hf", "device": "cpu", "dtype": "float32"}
    ] * 2
    capsys.readouterr()

    # The same model, served (with its dynamic batcher): the rest of the seeds through it.
    settings = Settings(model=str(tiny_marian_dir), offline=True, port=0, grace_seconds=1)
    server = start_fake_server(settings, engines=load_engines(settings))
    served = ["--server", server.address, "--beam", "1", "--max-output-tokens", "8"]
    assert main(["translate", str(seeds.dir), "--out", str(out), *served]) == 0
    captured = capsys.readouterr()
    assert "3 articles translated, 2 skipped" in captured.out
    [note] = [line for line in lines_of(captured.err) if "mixes engines" in line]
    assert note.startswith(
        "tarjama: note: this folder now mixes engines: 3 articles translated through a server "
        "in this run, 2 in-process (hf, cpu, float32) earlier;"
    )
    entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
    kinds = sorted(entry["engine"]["kind"] for entry in entries.values())
    assert kinds == ["in-process"] * 2 + ["server"] * 3

    # A digest of that folder, in-process, reuses all five: it says what it is built from.
    assert main(["digest", str(seeds.dir), "--out", str(out), *tiny(tiny_marian_dir)]) == 0
    [note] = [line for line in lines_of(capsys.readouterr().err) if "mixes engines" in line]
    assert note.startswith(
        "tarjama: note: this digest mixes engines: 2 articles translated in-process "
        "(hf, cpu, float32), 3 through a server;"
    )


def test_per_article_settings_are_what_the_engine_record_describes():
    # The in-process record claims each article is batched alone: the settings say so too.
    settings = per_article_settings(Settings(), env={})
    assert settings.batching == "inline" and settings.cache_entries == 0
