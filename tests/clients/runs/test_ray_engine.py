"""`tarjama translate --engine ray` on a real local Ray (2 CPUs) with the tiny Marian."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs.manifest import MANIFEST_NAME
from tarjama.clients.runs.sinks import FAILURES_NAME, JSONL_OUTPUT_NAME

pytest.importorskip("ray")

pytestmark = [pytest.mark.ray, pytest.mark.slow]  # a local Ray, the tiny Marian on actors


@pytest.fixture(scope="session")
def local_ray():
    """One local Ray for the whole session; the engine uses it instead of starting its own."""
    import ray

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")  # inherited by Ray's worker processes
        # "local": a Ray of this session's own, even when `ray start --head` runs here.
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
        yield ray
        ray.shutdown()


def test_ray_outputs_equal_in_process_and_resume_across_engines(
    translate_argv, local_ray, tiny_marian_dir, tmp_path, capsys, seeds
):
    in_process, on_ray = tmp_path / "in-process", tmp_path / "ray"
    assert main(translate_argv(tiny_marian_dir, in_process, seeds.dir)) == 0
    capsys.readouterr()
    assert (
        main(
            translate_argv(
                tiny_marian_dir, on_ray, seeds.dir, extra=("--engine", "ray", "--batch-size", "2")
            )
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "5 articles translated, 0 skipped, 0 failed" in captured.out
    assert "2 actors x 1 thread;" in captured.err and "peak RSS" in captured.err
    for stem in seeds.stems:
        assert (on_ray / f"{stem}.en.txt").read_bytes() == (
            in_process / f"{stem}.en.txt"
        ).read_bytes()
        ray_json = json.loads((on_ray / f"{stem}.json").read_text(encoding="utf-8"))
        local_json = json.loads((in_process / f"{stem}.json").read_text(encoding="utf-8"))
        assert ray_json["segments"] == local_json["segments"]
    manifests = [
        json.loads((d / MANIFEST_NAME).read_text())["articles"] for d in (in_process, on_ray)
    ]
    assert {k: v["sha256"] for k, v in manifests[0].items()} == {
        k: v["sha256"] for k, v in manifests[1].items()
    }
    # Each records its engine: the same backend, device and dtype, in-process or on Ray.
    engines = [{v["engine"]["kind"] for v in m.values()} for m in manifests]
    assert engines == [{"in-process"}, {"ray"}]
    backends = [
        {(v["engine"]["backend"], v["engine"]["dtype"]) for v in m.values()} for m in manifests
    ]
    assert backends[0] == backends[1] == {("hf", "float32")}

    # Finished by one engine, skipped by the other.
    assert (
        main(translate_argv(tiny_marian_dir, in_process, seeds.dir, extra=("--engine", "ray"))) == 0
    )
    assert "0 articles translated, 5 skipped" in capsys.readouterr().out
    (on_ray / f"{seeds.stems[0]}.en.txt").unlink()  # one article to redo, in-process
    assert main(translate_argv(tiny_marian_dir, on_ray, seeds.dir)) == 0
    captured = capsys.readouterr()
    assert "1 article translated, 4 skipped" in captured.out
    assert "mixes engines" not in captured.err  # in-process and Ray give the same words


def test_ray_jsonl_corpus_records_failures_and_goes_on(
    translate_argv, local_ray, tiny_marian_dir, tmp_path, capsys, seeds
):
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {
            "id": stem,
            "text": (seeds.dir / f"{stem}.txt").read_text(encoding="utf-8"),
            "url": f"u{i}",
        }
        for i, stem in enumerate(seeds.stems[:2])
    ]
    records += [{"id": "blank", "text": " "}, {"id": "long", "text": "ا" * 250_000}]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{broken"]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = translate_argv(
        tiny_marian_dir, out, corpus, extra=("--engine", "ray", "--out-format", "jsonl")
    )
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "2 articles translated, 0 skipped, 3 failed" in captured.out
    written = [json.loads(line) for line in (out / JSONL_OUTPUT_NAME).read_text().splitlines()]
    assert sorted(r["article_id"] for r in written) == seeds.stems[:2]
    assert {r["meta"]["url"] for r in written} == {"u0", "u1"}
    reasons = {
        json.loads(line)["source"].rsplit(":", 1)[1]: json.loads(line)["reason"]
        for line in (out / FAILURES_NAME).read_text().splitlines()
    }
    assert "empty" in reasons["3"] and "200,000" in reasons["4"] and "JSON" in reasons["5"]
    assert main(args) == 1
    assert "0 articles translated, 2 skipped, 3 failed" in capsys.readouterr().out


def test_too_many_actors_for_the_cores_is_a_usage_error(
    translate_argv, local_ray, tiny_marian_dir, tmp_path, capsys, seeds
):
    args = translate_argv(
        tiny_marian_dir, tmp_path / "o", seeds.dir, extra=("--engine", "ray", "--actors", "3")
    )
    assert main(args) == 2
    assert "need 3 CPUs" in capsys.readouterr().err


def test_missing_model_on_ray_is_exit_code_3(translate_argv, local_ray, tmp_path, capsys, seeds):
    args = translate_argv(
        tmp_path / "no-such-model", tmp_path / "o", seeds.dir, extra=("--engine", "ray")
    )
    assert main(args) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert "does not exist" in err[-1] and "Traceback" not in "\n".join(err)


def test_killed_ray_run_resumes_without_redoing_finished_articles(
    translate_argv, tiny_marian_dir, tmp_path, seeds
):
    """A whole embedded Ray job (driver and its Ray) killed mid-way, then run again."""
    out = tmp_path / "out"
    args = translate_argv(
        tiny_marian_dir, out, seeds.dir, extra=("--engine", "ray", "--batch-size", "1")
    )
    args[args.index("--max-output-tokens") + 1] = "200"  # slow enough to kill mid-way
    command = [sys.executable, "-m", "tarjama.clients.cli.main", *args]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while not list(out.glob("*.json")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.1)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the driver and the Ray it started
    process.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != MANIFEST_NAME}
    assert 1 <= len(finished) < len(seeds.stems)
    # A kill mid-write may leave a temp file; the next run must clean it up.

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(seeds.stems) - len(finished)} articles translated" in rerun.stdout
    assert f"{len(finished)} skipped" in rerun.stdout
    for name, mtime in finished.items():
        assert (out / name).stat().st_mtime_ns == mtime  # not rewritten
    assert sorted(json.loads((out / MANIFEST_NAME).read_text())["articles"]) == seeds.stems
    assert not list(out.rglob("*.tmp")), "stale temp files survived the rerun"
