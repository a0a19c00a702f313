"""`tarjama translate` end to end on seeds/ with the tiny Marian model, in-process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs.manifest import MANIFEST_NAME
from tarjama.models.errors import counted


def manifest_entries(out: Path) -> dict:
    path = out / MANIFEST_NAME
    return json.loads(path.read_text(encoding="utf-8"))["articles"] if path.exists() else {}


def assert_no_partial_files(out: Path) -> None:
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers, f"partial files left behind: {leftovers}"
    for json_path in out.glob("*.json"):
        if json_path.name == MANIFEST_NAME:
            continue
        json.loads(json_path.read_text(encoding="utf-8"))  # complete, parseable
        assert json_path.with_name(json_path.name[: -len(".json")] + ".en.txt").exists()


@pytest.mark.slow
def test_translates_every_seed_then_skips_them(
    translate_argv, tiny_marian_dir, tmp_path, capsys, seeds
):
    out = tmp_path / "out"
    assert main(translate_argv(tiny_marian_dir, out, seeds.dir)) == 0
    for stem in seeds.stems:
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["article_id"] == stem
        # The directory's name, as the server reports it: never the path it was loaded from.
        assert data["model"]["id"] == tiny_marian_dir.name and data["model"]["revision"]
        assert data["segments"] and all("translation" in s for s in data["segments"])
        assert {"index", "paragraph_index", "source", "was_split", "flags"} <= set(
            data["segments"][0]
        )
        assert (out / f"{stem}.en.txt").read_text(encoding="utf-8").strip()
    assert "5 articles translated, 0 skipped, 0 failed" in capsys.readouterr().out

    assert main(translate_argv(tiny_marian_dir, out, seeds.dir)) == 0
    assert "0 articles translated, 5 skipped" in capsys.readouterr().out

    changed = tmp_path / "changed"
    changed.mkdir()
    for stem in seeds.stems[:2]:
        (changed / f"{stem}.txt").write_bytes((seeds.dir / f"{stem}.txt").read_bytes())
    assert (
        main(["translate", str(changed), *translate_argv(tiny_marian_dir, out, seeds.dir)[2:]]) == 0
    )
    assert "0 articles translated, 2 skipped" in capsys.readouterr().out
    (changed / f"{seeds.stems[0]}.txt").write_text("خبر جديد تماما عن كازاخستان.", encoding="utf-8")
    assert (
        main(["translate", str(changed), *translate_argv(tiny_marian_dir, out, seeds.dir)[2:]]) == 0
    )
    assert "1 article translated, 1 skipped" in capsys.readouterr().out


def test_mirrors_the_input_tree_and_reports_failures(
    translate_argv, tiny_marian_dir, tmp_path, capsys, seeds
):
    source = tmp_path / "in"
    (source / "nested").mkdir(parents=True)
    (source / "nested" / "a.txt").write_text("وقعت كازاخستان اتفاقية.", encoding="utf-8")
    (source / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["translate", str(source), *translate_argv(tiny_marian_dir, out, seeds.dir)[2:]])
    captured = capsys.readouterr()
    assert code == 1
    assert (out / "nested" / "a.en.txt").exists() and (out / "nested" / "a.json").exists()
    assert "empty.txt" in captured.err and "empty" in captured.err
    assert "1 article translated, 0 skipped, 1 failed" in captured.out


def test_missing_model_is_one_line_and_exit_code_3(tmp_path, monkeypatch, capsys, seeds):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code = main(["translate", str(seeds.dir), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert len(err.splitlines()) == 1
    assert "Helsinki-NLP/opus-mt-ar-en" in err and "tarjama models pull" in err


@pytest.mark.slow
def test_killed_run_resumes_without_redoing_finished_articles(
    translate_argv, tiny_marian_dir, tmp_path, seeds
):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "tarjama.clients.cli.main",
        *translate_argv(
            tiny_marian_dir,
            out,
            seeds.dir,
            extra=(
                "--concurrency",
                "1",
            ),
        ),
    ]
    command[command.index("--max-output-tokens") + 1] = "200"  # slow enough to kill mid-way
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not manifest_entries(out) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished_before = manifest_entries(out)
    assert 1 <= len(finished_before) < len(seeds.stems)
    assert_no_partial_files(out)

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    left = counted(len(seeds.stems) - len(finished_before), "article")
    assert f"{left} translated" in rerun.stdout
    assert f"{len(finished_before)} skipped" in rerun.stdout
    finished_after = manifest_entries(out)
    assert sorted(finished_after) == seeds.stems
    for stem, entry in finished_before.items():
        assert finished_after[stem]["finished_at"] == entry["finished_at"]
    assert_no_partial_files(out)


@pytest.mark.parametrize("args", [["--concurrency", "0"], ["--beam", "0"]])
def test_bad_options_exit_2(translate_argv, tiny_marian_dir, tmp_path, args, capsys, seeds):
    assert main(translate_argv(tiny_marian_dir, tmp_path / "out", seeds.dir, extra=(*args,))) == 2
    assert "error" in capsys.readouterr().err
