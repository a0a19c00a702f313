"""`tarjama models convert` stages beside --out and removes what a killed conversion left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.models.tempnames import STALE_AFTER_SECONDS, host_tag
from tarjama.models.translation.ct2_convert import new_staging_dir, remove_abandoned_staging

pytest.importorskip("ctranslate2")


def staging_name(target: str, pid: int, host: str | None = None) -> str:
    return f".{target}.tarjama-{host or host_tag()}-{pid}-0123abcd.tmp"


def make_dir(path: Path, *, age: float = 0.0, subfolder: bool = False) -> Path:
    path.mkdir()
    (path / "model.bin").write_bytes(b"partial")
    if subfolder:
        (path / "inner").mkdir()
    if age:
        stamp = time.time() - age
        for entry in (*path.iterdir(), path):
            os.utime(entry, (stamp, stamp))
    return path


def test_only_abandoned_staging_folders_of_conversions_are_removed(tmp_path, dead_pid):
    old = STALE_AFTER_SECONDS + 60
    removed = [
        make_dir(tmp_path / staging_name("opus-ct2", dead_pid())),  # killed on this machine
        make_dir(tmp_path / staging_name("other-ct2", dead_pid())),  # any target of ours
        make_dir(tmp_path / staging_name("opus-ct2", os.getppid(), "abcdef"), age=old),
        make_dir(tmp_path / ".opus-ct2.k3j4h5g6", age=old),  # mkdtemp naming, old, same target
    ]
    kept = [
        make_dir(tmp_path / staging_name("opus-ct2", os.getppid())),  # its writer is alive
        make_dir(tmp_path / staging_name("opus-ct2", dead_pid(), "abcdef")),  # other host, new
        make_dir(tmp_path / ".opus-ct2.abcdefgh"),  # mkdtemp naming, recent
        make_dir(tmp_path / ".other-ct2.k3j4h5g6", age=old),  # mkdtemp naming, other target
        make_dir(tmp_path / staging_name("nested", dead_pid()), subfolder=True),  # not ours
    ]
    temp_file = tmp_path / staging_name("a.json", dead_pid())
    temp_file.write_text("a temp file: the output writer's cleanup removes those")

    assert remove_abandoned_staging(tmp_path / "opus-ct2") == len(removed)
    assert not any(path.exists() for path in removed)
    assert all(path.exists() for path in kept)
    assert temp_file.exists()


def test_a_new_staging_folder_is_named_for_this_process_with_the_umask_mode(tmp_path):
    previous = os.umask(0o022)
    try:
        staging = new_staging_dir(tmp_path / "opus-ct2")
    finally:
        os.umask(previous)
    assert staging.parent == tmp_path
    assert staging.name.startswith(f".opus-ct2.tarjama-{host_tag()}-{os.getpid()}-")
    assert staging.stat().st_mode & 0o777 == 0o755  # mkdtemp would give 0700 to the model
    assert remove_abandoned_staging(tmp_path / "opus-ct2") == 0  # our own, live: kept


KILLED_CONVERSION = """
import os, signal, sys
from pathlib import Path
from tarjama.models.translation.ct2_convert import new_staging_dir
staging = new_staging_dir(Path(sys.argv[1]))
(staging / "model.bin").write_bytes(b"half a model")
print(staging, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_next_convert_removes_what_a_killed_one_left(tiny_marian_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "models" / "tiny-ct2"
    out.parent.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_CONVERSION, str(out)], capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL
    leftover = Path(killed.stdout.strip())
    assert leftover.is_dir() and leftover.parent == out.parent

    assert main(["models", "convert", str(tiny_marian_dir), "--out", str(out)]) == 0
    assert not leftover.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["tiny-ct2"]  # nothing hidden left
    assert (out / "model.bin").is_file() and (out / "tarjama_ct2.json").is_file()
