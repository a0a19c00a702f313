"""A rate-limited `translate --server` waits out the server's retry-after, says so in one line
per wait, and fails no article."""

from __future__ import annotations

from tarjama.clients.cli.main import main
from tarjama.clients.client import TarjamaClient


def _warm_up(start_fake_server, inputs, tmp_path) -> None:
    """One translation in this process first: its first one loads the language guard and
    the page extractor (seconds on a busy machine), which would outlast a short limit."""
    running = start_fake_server()
    out = str(tmp_path / "warm")
    main(["translate", str(inputs[0]), "--out", out, "--server", running.address])


def test_translate_waits_out_a_rate_limit_and_fails_nothing(
    tmp_path, capsys, seeds, start_fake_server, fake_server_settings
):
    inputs = seeds.paths[:2]
    _warm_up(start_fake_server, inputs, tmp_path)
    capsys.readouterr()
    running = start_fake_server(fake_server_settings.override(rate_limit="1 per 5 seconds"))
    argv = ["translate", *map(str, inputs), "--out", str(tmp_path / "out")]
    code = main([*argv, "--server", running.address, "--concurrency", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"{len(inputs)} articles translated, 0 skipped, 0 failed" in captured.out
    waits = [line for line in captured.err.splitlines() if "rate limited by" in line]
    assert waits, captured.err
    assert all("waiting" in line and "then trying again" in line for line in waits)
    assert "failed:" not in captured.err


def test_a_fresh_run_asks_no_getinfo_and_a_resume_asks_once(
    tmp_path, capsys, monkeypatch, seeds, start_fake_server
):
    inputs = seeds.paths[:2]
    calls = []
    real_info = TarjamaClient.info
    monkeypatch.setattr(
        TarjamaClient, "info", lambda self, **kw: calls.append(1) or real_info(self, **kw)
    )
    running = start_fake_server()
    argv = ["translate", *map(str, inputs), "--out", str(tmp_path / "out")]
    assert main([*argv, "--server", running.address]) == 0
    assert calls == []  # the translations named the model
    assert main([*argv, "--server", running.address]) == 0
    assert calls == [1]  # skipping finished articles needs the served model
    assert f"0 articles translated, {len(inputs)} skipped" in capsys.readouterr().out
