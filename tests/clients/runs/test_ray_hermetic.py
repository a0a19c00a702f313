"""A `ray start --head` running on the machine changes nothing: translate, bench and the tests
start a private local Ray instead of joining it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray")

pytestmark = [pytest.mark.slow]

SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_d74c82b2a649aa15.txt"
CPUS = "import ray; {init}; print('CPUS', int(ray.cluster_resources()['CPU'])); ray.shutdown()"


def _python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def running_head(start_ray_head):
    """`ray start --head` with 1 CPU, found by every driver given its env (RAY_TMPDIR)."""
    env, _ = start_ray_head()
    return env


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
    assert "embedded Ray" in result.stderr and "2 actors x 1 thread" in result.stderr, result.stderr
    assert (tmp_path / "out" / f"{SEED.stem}.en.txt").is_file()
