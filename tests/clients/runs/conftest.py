"""Fixtures of the run tests: a `ray start --head` of their own, as a user's machine has one."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(head: subprocess.Popen, temp_root: Path) -> None:
    """Stop the head and every Ray process whose session lives under `temp_root`, by pid."""
    try:
        os.killpg(head.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    head.wait(timeout=60)
    for attempt in range(20):
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
                os.kill(pid, signal.SIGTERM if attempt < 10 else signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.5)


@pytest.fixture
def start_ray_head(tmp_path) -> Callable[..., tuple[dict[str, str], str]]:
    """Factory: start_ray_head(**env) -> (env, address) of a `ray start --head` with 1 CPU
    (its token made first with `ray get-auth-token --generate`).

    It lives in a Ray temp folder of its own (RAY_TMPDIR), so only processes given the same
    RAY_TMPDIR find it, as every driver on a machine finds /tmp/ray, and a HOME of its own
    (where Ray writes its token); `env` (e.g. RAY_AUTH_MODE="token") is the head's and is
    returned for the drivers. Every
    head started is stopped, with its processes, when the test ends.
    """
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(**extra: str) -> tuple[dict[str, str], str]:
        # Short: Ray's socket paths under it must fit AF_UNIX's 107 bytes.
        temp_root = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
        # A home of its own too: Ray keeps its token in ~/.ray/auth_token.
        home = tmp_path / f"home-{len(started)}"
        home.mkdir()
        env = {**os.environ, "RAY_TMPDIR": str(temp_root), "HF_HUB_OFFLINE": "1"}
        env.update({"HOME": str(home), **extra})
        env.pop("RAY_ADDRESS", None)
        port = _free_port()
        ray_cli = Path(sys.executable).with_name("ray")
        # Ray 2.5x+ starts a head with token authentication unless RAY_AUTH_MODE says
        # otherwise, and refuses to start without a token: make ~/.ray/auth_token first, as
        # a user's machine that ran Ray has it.
        subprocess.run(
            [str(ray_cli), "get-auth-token", "--generate"],
            env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        log = tmp_path / f"head-{len(started)}.log"
        head = subprocess.Popen(
            [str(ray_cli), "start", "--head", "--block", "--num-cpus", "1"]
            + ["--port", str(port), "--include-dashboard", "false", "--disable-usage-stats"],
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((head, temp_root))
        deadline = time.monotonic() + 180
        while not list(temp_root.rglob("ray_current_cluster")):
            if head.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"ray start --head did not come up: {log.read_text()[-3000:]}")
            time.sleep(0.5)
        return env, f"127.0.0.1:{port}"

    yield start
    for head, temp_root in started:
        _stop(head, temp_root)
        shutil.rmtree(temp_root, ignore_errors=True)
