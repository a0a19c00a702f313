"""Joining a Ray cluster: a join refused on authentication is one line naming RAY_AUTH_MODE
and the token file, exit code 2; a token-auth cluster is joined as docs/ray.md says."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs import ray_join
from tarjama.clients.runs.ray_join import auth_failure_message, is_auth_failure
from tarjama.models.errors import Unauthenticated

CLUSTER = "10.0.0.5:6379"


def raised_from(outer: BaseException, cause: BaseException) -> BaseException:
    try:
        try:
            raise cause
        except BaseException as inner:
            raise outer from inner
    except BaseException as error:
        return error


class AuthenticationError(Exception):
    """Named as ray.exceptions.AuthenticationError is (matched by name: Ray is optional)."""


def test_auth_failures_are_told_from_other_join_failures():
    connect = ConnectionError(f"Failed to connect to Ray cluster at {CLUSTER}")
    assert is_auth_failure(AuthenticationError("Token authentication is enabled but no token"))
    assert is_auth_failure(raised_from(connect, RuntimeError("status: Unauthenticated")))
    assert is_auth_failure(raised_from(connect, RuntimeError("InvalidAuthToken: bad token")))
    assert not is_auth_failure(raised_from(connect, RuntimeError("Connection refused")))
    assert not is_auth_failure(ValueError("address must be host:port"))


def test_the_line_names_ray_auth_mode_and_the_token_file(tmp_path):
    token = tmp_path / "auth_token"
    # The usual case: the cluster wants a token, the driver does not send one.
    line = auth_failure_message(CLUSTER, {"HOME": str(tmp_path)})
    assert line.startswith(f"cannot join the Ray cluster at {CLUSTER}: ")
    assert "set RAY_AUTH_MODE=token for tarjama too (RAY_AUTH_MODE is unset)" in line
    assert "~/.ray/auth_token" in line and "\n" not in line
    # The token file named by RAY_AUTH_TOKEN_PATH is the one named.
    line = auth_failure_message(CLUSTER, {"RAY_AUTH_TOKEN_PATH": str(token)})
    assert f"copied to {token} (none there now)" in line
    token.write_text("secret", encoding="utf-8")
    line = auth_failure_message(CLUSTER, {"RAY_AUTH_TOKEN_PATH": str(token)})
    assert f"with the cluster's token in {token}" in line
    # RAY_AUTH_MODE=token already: the token is what is wrong, or missing.
    line = auth_failure_message(
        CLUSTER, {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
    )
    assert f"the token in {token} (RAY_AUTH_MODE=token) is not the cluster's" in line
    missing = tmp_path / "none"
    line = auth_failure_message(
        CLUSTER, {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(missing)}
    )
    assert f"RAY_AUTH_MODE=token but no token file {missing}" in line


@pytest.mark.slow  # imports Ray
def test_translate_exits_2_with_that_line_when_ray_refuses(tmp_path, seeds, monkeypatch, capsys):
    ray = pytest.importorskip("ray")

    def refuse(*args, **kwargs):
        cause = RuntimeError("GCS rejected the request: InvalidAuthToken")
        raise raised_from(ConnectionError(f"Failed to connect to Ray cluster at {CLUSTER}"), cause)

    monkeypatch.setattr(ray, "init", refuse)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.setenv("RAY_AUTH_TOKEN_PATH", str(tmp_path / "auth_token"))
    with pytest.raises(Unauthenticated, match="RAY_AUTH_MODE=token"):
        ray_join.connect_ray(CLUSTER)
    out = tmp_path / "out"
    code = main(["translate", str(seeds.paths[0]), "--out", str(out), "--engine", "ray"]
                + ["--ray-address", CLUSTER])  # fmt: skip
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 2, err
    assert lines[0] == f"tarjama: joining the Ray cluster at {CLUSTER} ..."
    assert lines[1].startswith(f"tarjama: error: cannot join the Ray cluster at {CLUSTER}: ")
    assert "RAY_AUTH_MODE" in lines[1] and str(tmp_path / "auth_token") in lines[1]
    assert not out.exists()  # nothing was written: no empty --out is left


@pytest.mark.ray
@pytest.mark.slow
def test_a_token_auth_cluster_is_joined_as_documented(
    start_ray_head, tiny_marian_dir, seeds, tmp_path
):
    """`ray start --head` with RAY_AUTH_MODE=token: a driver without it gets the one line and
    exit code 2; with RAY_AUTH_MODE=token (docs/ray.md) the same command runs."""
    pytest.importorskip("ray")
    env, address = start_ray_head(RAY_AUTH_MODE="token")
    command = [sys.executable, "-m", "tarjama.clients.cli.main", "translate", str(seeds.paths[0])]
    command += ["--model", str(tiny_marian_dir), "--offline", "--beam", "1"]
    command += ["--max-output-tokens", "8", "--engine", "ray", "--ray-address", address]
    without = {name: value for name, value in env.items() if name != "RAY_AUTH_MODE"}
    refused = subprocess.run(
        [*command, "--out", str(tmp_path / "refused")],
        env=without, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr[-3000:]
    # Two lines only: Ray's native warnings while it retried are not shown.
    assert len(refused.stderr.strip().splitlines()) == 2, refused.stderr[-3000:]
    [line] = [line for line in refused.stderr.splitlines() if line.startswith("tarjama: error")]
    assert f"cannot join the Ray cluster at {address}" in line
    assert "RAY_AUTH_MODE=token" in line and "~/.ray/auth_token" in line
    assert not (tmp_path / "refused").exists()

    joined = subprocess.run(
        [*command, "--out", str(tmp_path / "joined")],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert joined.returncode == 0, joined.stderr[-3000:]
    assert f"cluster {address}" in joined.stderr
    assert (tmp_path / "joined" / f"{seeds.paths[0].stem}.en.txt").is_file()
