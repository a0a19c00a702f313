"""The client's gRPC service config: wait_for_ready and a retry policy for UNAVAILABLE."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.clients.client.channel import MAX_ATTEMPTS, service_config
from tarjama.models.errors import NotReady, RateLimited
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.service.server import start_server

_spec = spec_from_file_location(
    "service_tests",
    Path(__file__).parent.joinpath("../../service/test_service_translation.py").resolve(),
)
service_tests = module_from_spec(_spec)
_spec.loader.exec_module(service_tests)
SETTINGS, SHORT = service_tests.SETTINGS, service_tests.SHORT


def test_service_config_retries_only_unavailable_with_backoff():
    config = json.loads(service_config(retries=3, backoff=0.5))["methodConfig"][0]
    assert config["waitForReady"] is True
    services = {name["service"] for name in config["name"]}
    assert services == {"tarjama.v1.TranslationService", "tarjama.v1.SummarizationService"}
    policy = config["retryPolicy"]
    assert policy["maxAttempts"] == 4 and policy["retryableStatusCodes"] == ["UNAVAILABLE"]
    assert policy["initialBackoff"] == "0.500s" and policy["backoffMultiplier"] == 2
    capped = json.loads(service_config(retries=10, backoff=0.1))["methodConfig"][0]
    assert capped["retryPolicy"]["maxAttempts"] == MAX_ATTEMPTS
    assert "retryPolicy" not in json.loads(service_config(0, 0.5))["methodConfig"][0]


class FlakyBackend(FakeBackend):
    """Answers NotReady (UNAVAILABLE on the wire) for its first `failures` batches."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.calls = 0
        self.lock = threading.Lock()
        self.armed = False  # the warm-up translation passes

    def generate(self, texts, **kwargs):
        with self.lock:
            self.calls += 1
            failing = self.armed and self.failures > 0
            if failing:
                self.failures -= 1
        if failing:
            raise NotReady("warming up")
        return super().generate(texts, **kwargs)


@pytest.mark.parametrize(("retries", "succeeds"), [(3, True), (0, False)])
def test_grpc_retries_unavailable_for_the_client(retries, succeeds):
    backend = FlakyBackend(failures=2)
    running = start_server(SETTINGS, engines=service_tests.fake_engines(backend))
    backend.armed = True
    try:
        with TarjamaClient(running.address, timeout=20, retries=retries, backoff=0.01) as client:
            if succeeds:
                assert client.translate(SHORT).segments
                assert backend.failures == 0
            else:
                with pytest.raises(NotReady, match="warming up"):
                    client.translate(SHORT)
                assert backend.failures == 1  # one attempt only
    finally:
        running.stop(0)


def _rate_limited_server(limit: str):
    settings = dataclasses.replace(SETTINGS, rate_limit=limit)
    return start_server(settings, engines=service_tests.fake_engines(FakeBackend(), settings))


def test_a_rate_limited_call_waits_out_retry_after_and_succeeds():
    running = _rate_limited_server("1 per 4 seconds")
    waits = []
    try:
        with TarjamaClient(
            running.address, timeout=20, on_rate_limited=lambda e, s: waits.append((e, s))
        ) as client:
            started = time.monotonic()
            assert client.translate(SHORT).segments
            assert client.translate(SHORT).segments  # refused once, then served
            assert 1.0 < time.monotonic() - started < 15
    finally:
        running.stop(0)
    assert len(waits) == 1
    error, pause = waits[0]
    assert isinstance(error, RateLimited) and error.retry_after is not None
    assert 0 < pause <= 5.5 and "rate limit" in str(error)


def test_a_wait_longer_than_the_deadline_fails_at_once_with_retry_after():
    running = _rate_limited_server("1/minute")
    waits = []
    try:
        with TarjamaClient(
            running.address, timeout=5, on_rate_limited=lambda e, s: waits.append(s)
        ) as client:
            client.translate(SHORT)
            started = time.monotonic()
            with pytest.raises(RateLimited) as raised:
                client.translate(SHORT)
            assert time.monotonic() - started < 3  # no hopeless wait
    finally:
        running.stop(0)
    assert waits == [] and raised.value.retry_after > 5


def test_rate_limit_waits_are_bounded():
    running = _rate_limited_server("1 per 10 seconds")
    waits = []
    try:
        with TarjamaClient(
            running.address,
            timeout=30,
            rate_limit_waits=0,
            on_rate_limited=lambda *a: waits.append(a),
        ) as client:
            client.translate(SHORT)
            with pytest.raises(RateLimited):
                client.translate(SHORT)
    finally:
        running.stop(0)
    assert waits == []
