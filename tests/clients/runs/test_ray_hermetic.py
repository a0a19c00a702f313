"""A `ray start --head` running on the machine changes nothing: translate, bench and the tests
start a private local Ray instead of joining it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")

pytestmark = [pytest.mark.slow]

SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_d74c82b2a649aa15.txt"
CPUS = "import ray; {init}; print('CPUS', int(ray.cluster_resources()['CPU'])); ray.shutdown()"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _stop(head: subprocess.Popen, temp_root: Path) -> None:
    """Stop the head and every Ray process whose session lives under `temp_root`, by pid."""
    try:
        os.killpg(head.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    head.wait(timeout=60)
    for _ in range(20):
        left = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                command = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if str(temp_root) in command:
                left.append(int(proc.name))
        if not left:
            return
        for pid in left:
            try:
                os.kill(pid, signal.SIGTERM if _ < 10 else signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.5)


@pytest.fixture
def running_head(tmp_path):
    """`ray start --head` with 1 CPU, in a Ray temp folder of its own (RAY_TMPDIR), so only
    processes given the same RAY_TMPDIR find it, as every driver on a machine finds /tmp/ray."""
    # Short: Ray's socket paths under it must fit AF_UNIX's 107 bytes.
    temp_root = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    env = {**os.environ, "RAY_TMPDIR": str(temp_root), "HF_HUB_OFFLINE": "1"}
    env.pop("RAY_ADDRESS", None)
    ray_cli = Path(sys.executable).with_name("ray")
    head = subprocess.Popen(
        [str(ray_cli), "start", "--head", "--block", "--num-cpus", "1"]
        + ["--port", str(_free_port()), "--include-dashboard", "false", "--disable-usage-stats"],
        env=env,
        stdout=(tmp_path / "head.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not list(temp_root.rglob("ray_current_cluster")):
            if head.poll() is not None or time.monotonic() > deadline:
                log = (tmp_path / "head.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"ray start --head did not come up: {log}")
            time.sleep(0.5)
        yield env
    finally:
        _stop(head, temp_root)
        shutil.rmtree(temp_root, ignore_errors=True)


def test_a_running_head_changes_nothing(running_head, tiny_marian_dir, tmp_path):
    env = running_head
    # The premise: a plain ray.init() on this machine joins the running head (1 CPU).
    assert "CPUS 1" in _python(CPUS.format(init="ray.init()"), env)
    # The tests' and the bench's call: a Ray of their own, with the CPUs they ask for.
    local = "ray.init(address='local', num_cpus=2, include_dashboard=False)"
    assert "CPUS 2" in _python(CPUS.format(init=local), env)
    # translate --engine ray: a private embedded Ray on the usable cores, not the head.
    result = subprocess.run(
        [sys.executable, "-m", "tarjama.clients.cli.main", "translate", str(SEED)]
        + ["--out", str(tmp_path / "out"), "--model", str(tiny_marian_dir), "--offline"]
        + ["--beam", "1", "--max-output-tokens", "16", "--engine", "ray", "--actors", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "embedded Ray" in result.stderr and "2 actor(s)" in result.stderr, result.stderr
    assert (tmp_path / "out" / f"{SEED.stem}.en.txt").is_file()
