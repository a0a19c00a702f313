"""Per-client rate limits, the concurrent-RPC cap, and the secure-by-default listening rule."""

from __future__ import annotations

import threading

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tarjama.clients.cli.main import main
from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput, Overloaded, RateLimited
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.protos.v1 import translation_pb2_grpc
from tarjama.service.security import check_exposure, is_loopback
from tarjama.service.server import start_server

ALICE = "alice-token-0123456789abcdef"
BOB = "bob-token-fedcba9876543210"


@pytest.fixture
def serve(start_fake_server):
    """serve(settings, backend=None): a fake-engine server, stopped after the test."""
    return lambda settings, backend=None: start_fake_server(
        settings, backend=backend or FakeBackend()
    )


@pytest.fixture
def limited(tmp_path, serve, fake_server_settings):
    tokens = tmp_path / "tokens"
    tokens.write_text(f"alice:{ALICE}\nbob:{BOB}\n")
    return serve(fake_server_settings.override(auth_tokens_file=str(tokens), rate_limit="3/minute"))


def test_past_the_rate_limit_calls_get_resource_exhausted_with_retry_after(limited):
    with grpc.insecure_channel(limited.address) as channel:
        stub = translation_pb2_grpc.TranslationServiceStub(channel)
        metadata = (("authorization", f"Bearer {ALICE}"),)
        for _ in range(3):
            stub.GetInfo(pb.GetInfoRequest(), metadata=metadata, timeout=10)
        with pytest.raises(grpc.RpcError) as error:
            stub.GetInfo(pb.GetInfoRequest(), metadata=metadata, timeout=10)
    assert error.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "rate limit of 3 requests per minute reached for client 'alice'" in (
        error.value.details()
    )
    trailing = dict(error.value.trailing_metadata())
    assert 1 <= int(trailing["retry-after"]) <= 60


def test_each_client_has_its_own_budget_and_health_and_reflection_are_not_counted(
    limited, short_article
):
    with grpc.insecure_channel(limited.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        listing = reflection_pb2.ServerReflectionRequest(list_services="")
        for _ in range(5):
            health.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
            list(
                reflection.ServerReflectionInfo(
                    iter([listing]), metadata=(("authorization", f"Bearer {ALICE}"),), timeout=10
                )
            )
    # rate_limit_waits=0: the refusal itself is under test, not the client's waiting it out.
    with TarjamaClient(limited.address, timeout=20, token=ALICE, rate_limit_waits=0) as alice:
        for _ in range(3):
            alice.translate(short_article)
        with pytest.raises(RateLimited) as refused:
            alice.translate(short_article)
        assert refused.value.retry_after >= 1
        assert isinstance(refused.value, Overloaded)  # old callers catching Overloaded still do
    with TarjamaClient(limited.address, timeout=20, token=BOB) as bob:
        assert bob.info().security.rate_limit == "3/minute"


def test_without_tokens_the_limit_is_per_peer_address(serve, short_article, fake_server_settings):
    running = serve(fake_server_settings.override(rate_limit="2/minute"))
    with TarjamaClient(running.address, timeout=20, rate_limit_waits=0) as client:
        client.translate(short_article)
        client.translate(short_article)
        with pytest.raises(RateLimited, match="reached for 127.0.0.1"):
            client.translate(short_article)


def test_the_sentence_limit_refuses_the_call_after_the_budget_is_spent(
    serve, fake_server_settings, short_article
):
    running = serve(fake_server_settings.override(sentence_rate_limit="3/hour"))
    with TarjamaClient(running.address, timeout=20) as client:
        assert len(client.translate(short_article).segments) == 2
        assert len(client.translate(short_article).segments) == 2  # overdraws: charged what is left
        with pytest.raises(RateLimited, match="3 sentences per hour"):
            client.translate(short_article)


def test_a_bad_rate_is_one_line_before_anything_loads(fake_server_settings):
    with pytest.raises(InvalidInput, match="--rate-limit 'lots' is not a rate"):
        # No engines given: it would load them, after checking the rate.
        start_server(fake_server_settings.override(rate_limit="lots"))


class BlockingBackend(FakeBackend):
    """Once armed, holds every batch until released, so calls overlap for sure."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False  # the server's warm-up translation passes straight through
        self.entered = threading.Event()
        self.release = threading.Event()

    def generate(self, texts, **kwargs):
        if self.armed:
            self.entered.set()
            self.release.wait(30)
        return super().generate(texts, **kwargs)


def test_max_concurrent_rpcs_refuses_the_call_over_the_cap(
    serve, fake_server_settings, short_article
):
    backend = BlockingBackend()
    running = serve(fake_server_settings.override(max_concurrent_rpcs=1), backend)
    backend.armed = True
    results = {}
    try:
        with TarjamaClient(running.address, timeout=30) as client:
            first = threading.Thread(
                target=lambda: results.setdefault("a", client.translate(short_article))
            )
            first.start()
            assert backend.entered.wait(30)
            with pytest.raises(Overloaded):
                client.translate(short_article)
            backend.release.set()
            first.join()
        assert results["a"].segments
    finally:
        backend.release.set()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_addresses_need_nothing(host, fake_server_settings):
    assert is_loopback(host)
    check_exposure(fake_server_settings.override(host=host))


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "translator.internal"])
def test_other_addresses_are_refused_without_tls_or_tokens(host, fake_server_settings):
    assert not is_loopback(host)
    with pytest.raises(InvalidInput, match="refusing to serve") as error:
        check_exposure(fake_server_settings.override(host=host))
    assert "\n" not in str(error.value) and "--insecure" in str(error.value)
    check_exposure(fake_server_settings.override(host=host, insecure=True))
    check_exposure(fake_server_settings.override(host=host, auth_tokens_file="tokens"))
    check_exposure(fake_server_settings.override(host=host, tls_cert="cert.pem", tls_key="key.pem"))


def test_serve_refuses_at_once_with_one_line_and_exit_code_2(capsys, monkeypatch):
    monkeypatch.setenv("TARJAMA_MODEL", "/nonexistent/model")  # proves nothing was loaded
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("tarjama: error: refusing to serve on 0.0.0.0:0 without TLS or tokens")
    assert len(err.splitlines()) == 1
