"""A rate-limited `translate --server` waits out the server's retry-after, says so in one line
per wait, and fails no article."""

from __future__ import annotations

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from tarjama.clients.cli.main import main
from tarjama.models.settings import Settings
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.service.server import start_server

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:2]
_spec = spec_from_file_location(
    "service_tests", ROOT / "tests" / "service" / "test_service_translation.py"
)
service_tests = module_from_spec(_spec)
_spec.loader.exec_module(service_tests)


def _warm_up(tmp_path) -> None:
    """One translation in this process first: its first one loads the language guard and
    the page extractor (seconds on a busy machine), which would outlast a short limit."""
    settings = Settings(port=0, grace_seconds=1)
    running = start_server(settings, engines=service_tests.fake_engines(FakeBackend(), settings))
    try:
        main(
            [
                "translate",
                str(SEEDS[0]),
                "--out",
                str(tmp_path / "warm"),
                "--server",
                running.address,
            ]
        )
    finally:
        running.stop(0)


def test_translate_waits_out_a_rate_limit_and_fails_nothing(tmp_path, capsys):
    _warm_up(tmp_path)
    capsys.readouterr()
    settings = Settings(port=0, grace_seconds=1, rate_limit="1 per 5 seconds")
    running = start_server(settings, engines=service_tests.fake_engines(FakeBackend(), settings))
    try:
        argv = ["translate", *map(str, SEEDS), "--out", str(tmp_path / "out")]
        code = main([*argv, "--server", running.address, "--concurrency", "1"])
    finally:
        running.stop(0)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"{len(SEEDS)} articles translated, 0 skipped, 0 failed" in captured.out
    waits = [line for line in captured.err.splitlines() if "rate limited by" in line]
    assert waits, captured.err
    assert all("waiting" in line and "then trying again" in line for line in waits)
    assert "failed:" not in captured.err


def test_a_fresh_run_asks_no_getinfo_and_a_resume_asks_once(tmp_path, capsys, monkeypatch):
    from tarjama.clients.client import TarjamaClient

    calls = []
    real_info = TarjamaClient.info
    monkeypatch.setattr(
        TarjamaClient, "info", lambda self, **kw: calls.append(1) or real_info(self, **kw)
    )
    settings = Settings(port=0, grace_seconds=1)
    running = start_server(settings, engines=service_tests.fake_engines(FakeBackend(), settings))
    try:
        argv = ["translate", *map(str, SEEDS), "--out", str(tmp_path / "out")]
        assert main([*argv, "--server", running.address]) == 0
        assert calls == []  # the translations named the model
        assert main([*argv, "--server", running.address]) == 0
        assert calls == [1]  # skipping finished articles needs the served model
    finally:
        running.stop(0)
    assert f"0 articles translated, {len(SEEDS)} skipped" in capsys.readouterr().out
