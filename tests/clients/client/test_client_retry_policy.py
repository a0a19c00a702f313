"""The client's gRPC service config: wait_for_ready and a retry policy for UNAVAILABLE."""

from __future__ import annotations

import json
import threading
import time

import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.clients.client.channel import MAX_ATTEMPTS, service_config
from tarjama.models.errors import NotReady, RateLimited
from tarjama.models.translation.fake_backend import FakeBackend


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
def test_grpc_retries_unavailable_for_the_client(
    retries, succeeds, start_fake_server, short_article
):
    backend = FlakyBackend(failures=2)
    running = start_fake_server(backend=backend)
    backend.armed = True
    with TarjamaClient(running.address, timeout=20, retries=retries, backoff=0.01) as client:
        if succeeds:
            assert client.translate(short_article).segments
            assert backend.failures == 0
        else:
            with pytest.raises(NotReady, match="warming up"):
                client.translate(short_article)
            assert backend.failures == 1  # one attempt only


@pytest.fixture
def rate_limited_server(start_fake_server, fake_server_settings):
    """Factory: a fake-engine server that serves one call per the given period."""
    return lambda limit: start_fake_server(fake_server_settings.override(rate_limit=limit))


def test_a_rate_limited_call_waits_out_retry_after_and_succeeds(rate_limited_server, short_article):
    running = rate_limited_server("1 per 4 seconds")
    waits = []
    with TarjamaClient(
        running.address, timeout=20, on_rate_limited=lambda e, s: waits.append((e, s))
    ) as client:
        started = time.monotonic()
        assert client.translate(short_article).segments
        assert client.translate(short_article).segments  # refused once, then served
        assert 1.0 < time.monotonic() - started < 15
    assert len(waits) == 1
    error, pause = waits[0]
    assert isinstance(error, RateLimited) and error.retry_after is not None
    assert 0 < pause <= 5.5 and "rate limit" in str(error)


def test_a_wait_longer_than_the_deadline_fails_at_once_with_retry_after(
    rate_limited_server, short_article
):
    # A day: the sliding window's counter frees up at the window's end, and a minute's end
    # can be seconds away (then retry-after would be short and the client would wait).
    running = rate_limited_server("1/day")
    waits = []
    with TarjamaClient(
        running.address, timeout=5, on_rate_limited=lambda e, s: waits.append(s)
    ) as client:
        client.translate(short_article)
        started = time.monotonic()
        with pytest.raises(RateLimited) as raised:
            client.translate(short_article)
        assert time.monotonic() - started < 3  # no hopeless wait
    assert waits == [] and raised.value.retry_after > 5


def test_rate_limit_waits_are_bounded(rate_limited_server, short_article):
    running = rate_limited_server("1 per 10 seconds")
    waits = []
    with TarjamaClient(
        running.address,
        timeout=30,
        rate_limit_waits=0,
        on_rate_limited=lambda *a: waits.append(a),
    ) as client:
        client.translate(short_article)
        with pytest.raises(RateLimited):
            client.translate(short_article)
    assert waits == []
