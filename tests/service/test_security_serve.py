"""`tarjama serve` as operators run it: TLS, tokens, rate limit, metrics, JSON logs, SIGHUP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Every test talks to one `tarjama serve` child that loads the tiny Marian.
pytestmark = pytest.mark.slow

ALICE = "alice-serve-token-0123456789"
BOB = "bob-serve-token-0123456789ab"


def tarjama(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tarjama.clients.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory, tiny_marian_dir, pki, free_port, repo_root, seeds):
    folder = tmp_path_factory.mktemp("serve")
    tokens = folder / "tokens"
    tokens.write_text(f"alice:{ALICE}\nbob:{BOB}\n")
    tokens.chmod(0o600)
    metrics_port = free_port()
    log = (folder / "server.log").open("w+", encoding="utf-8")
    stdout = (folder / "server.stdout").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tarjama.clients.cli.main", "serve"]
        + ["--model", str(tiny_marian_dir), "--offline", "--port", "0"]
        + ["--summary-method", "extractive", "--beam", "1", "--grace-seconds", "2"]
        + ["--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key)]
        + ["--auth-tokens", str(tokens), "--rate-limit", "1000/minute"]
        + ["--metrics-port", str(metrics_port), "--log-format", "json"],
        stdout=stdout,
        stderr=log,
        text=True,
        # INFO: gRPC's C core writes its own glog-style lines too; they must come out as JSON.
        env={**os.environ, "HF_HUB_OFFLINE": "1", "GRPC_VERBOSITY": "INFO"},
        cwd=repo_root,
    )
    line = _wait_for_serving(process, log)  # logged once the port is open and health SERVING
    address = line.split(" on ")[1].split()[0]
    yield {
        "address": address,
        "pki": pki,
        "tokens": tokens,
        "metrics": f"http://127.0.0.1:{metrics_port}/metrics",
        "process": process,
        "log": log,
        "banner": line,
        "root": repo_root,
        "seed": seeds.path("000"),
    }
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    log.close()
    stdout.close()


def _wait_for_serving(process: subprocess.Popen, log) -> str:
    """The message of the JSON log line that says the server is serving."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        log.seek(0)
        for line in log.read().splitlines():
            message = json.loads(line).get("message", "") if line.startswith("{") else ""
            if message.startswith("serving "):
                return message
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    log.seek(0)
    pytest.fail(f"server did not start: {log.read()}")


def remote_translate(served, out: Path, token: str) -> subprocess.CompletedProcess:
    return tarjama(
        "translate",
        str(served["seed"]),
        "--out",
        str(out),
        "--server",
        served["address"],
        "--tls-ca",
        str(served["pki"].ca),
        "--max-output-tokens",
        "8",
        cwd=served["root"],
        env={"TARJAMA_TOKEN": token},
    )


def test_the_banner_says_what_protects_the_server(served):
    banner = served["banner"]
    assert "TLS" in banner and "tokens for 2 clients" in banner
    assert "rate limit 1000 requests per minute per client" in banner and "metrics on" in banner


def test_cli_translates_through_tls_and_a_token(served, tmp_path):
    result = remote_translate(served, tmp_path / "out", ALICE)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / f"{served['seed'].stem}.json").is_file()


def test_cli_without_a_token_gets_one_line_and_exit_code_2(served, tmp_path):
    result = remote_translate(served, tmp_path / "out", "")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tarjama: error: server {served['address']} refused the call: missing bearer token: "
        "send the metadata 'authorization: Bearer <token>' (--token or TARJAMA_TOKEN)"
    ]


def test_metrics_are_served_over_http(served, tmp_path):
    remote_translate(served, tmp_path / "out", BOB)
    with urllib.request.urlopen(served["metrics"], timeout=10) as response:
        text = response.read().decode("utf-8")
    bob_ok = 'client="bob",code="OK",method="TranslationService/Translate"'
    assert f"tarjama_requests_total{{{bob_ok}}}" in text
    assert "tarjama_inference_duration_seconds_count" in text
    assert "process_cpu_seconds_total" in text


def test_sighup_revokes_a_token_without_a_restart(served, tmp_path):
    assert remote_translate(served, tmp_path / "before", BOB).returncode == 0
    served["tokens"].write_text(f"alice:{ALICE}\n")
    served["process"].send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the reload is logged once done
        served["log"].seek(0)
        if "auth tokens reloaded" in served["log"].read():
            break
        time.sleep(0.1)
    refused = remote_translate(served, tmp_path / "after", BOB)
    assert refused.returncode == 2 and "unknown or revoked bearer token" in refused.stderr
    assert remote_translate(served, tmp_path / "alice", ALICE).returncode == 0
    assert served["process"].poll() is None  # still serving


def test_every_line_on_stdout_and_stderr_is_json_with_the_access_fields(served, tmp_path):
    remote_translate(served, tmp_path / "out", ALICE)
    served["log"].seek(0)
    lines = [line for line in served["log"].read().splitlines() if line.strip()]
    stdout = Path(served["log"].name).with_name("server.stdout").read_text(encoding="utf-8")
    lines += [line for line in stdout.splitlines() if line.strip()]
    # Ours, the start-up lines, and gRPC's C core's own (wrapped): every one parses.
    records = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    access = [r for r in records if r.get("method") == "TranslationService/Translate"]
    assert access, lines
    assert {"time", "level", "request_id", "code", "duration_ms", "articles", "sentences"} <= set(
        access[-1]
    )
    assert access[-1]["client"] == "alice" and access[-1]["peer"] == "127.0.0.1"
    assert all(ALICE not in line and BOB not in line for line in lines)


def test_a_start_up_error_is_json_too(tmp_path, free_port):
    result = tarjama(
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(free_port()),
        "--log-format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert [record["level"] for record in records] == ["ERROR"], records
    assert "refusing to serve on 0.0.0.0" in records[0]["message"]
