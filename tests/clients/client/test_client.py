"""The Python client against a real server with the fake engine: calls, errors and retries."""

from __future__ import annotations

import socket
import threading
import time
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput, NotReady
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.types import GenerationOptions
from tarjama.service.server import start_server

_spec = spec_from_file_location(
    "service_tests",
    Path(__file__).parent.joinpath("../../service/test_service_translation.py").resolve(),
)
service_tests = module_from_spec(_spec)
_spec.loader.exec_module(service_tests)
SETTINGS, SHORT, SEED_004 = service_tests.SETTINGS, service_tests.SHORT, service_tests.SEED_004


@pytest.fixture
def client():
    running = start_server(SETTINGS, engines=service_tests.fake_engines(FakeBackend()))
    with TarjamaClient(running.address, timeout=30) as connected:
        yield connected
    running.stop(0)


def test_translate_returns_dataclasses(client):
    article = client.translate(SEED_004, article_id="004", options=GenerationOptions(beam_size=2))
    assert article.article_id == "004"
    assert article.paragraphs[0].kind.value == "title"
    assert len(article.segments) == sum(len(p.sentences) for p in article.paragraphs)
    assert article.english_text().strip()


def test_stream_yields_segments_then_article(client):
    updates = list(client.translate_stream(SEED_004))
    assert updates[-1].article is not None
    segments = [u.segment for u in updates if u.segment is not None]
    assert len(segments) == len(updates[-1].article.segments)
    assert updates[-2].done == updates[-2].total


def test_batch_items_carry_per_article_errors(client):
    items = client.translate_batch([("ok", SHORT), ("bad", "")])
    assert items[0].translation is not None and items[0].error_code == ""
    assert items[1].translation is None and items[1].error_code == "INVALID_ARGUMENT"


def test_server_errors_become_domain_errors(client):
    with pytest.raises(InvalidInput, match="beam"):
        client.translate(SHORT, options=GenerationOptions(beam_size=0))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_client_retries_while_the_server_is_not_up_yet():
    port = free_port()
    settings = SETTINGS.override(port=port)
    started = {}

    def start_later():
        time.sleep(0.6)
        started["server"] = start_server(
            settings, engines=service_tests.fake_engines(FakeBackend())
        )

    thread = threading.Thread(target=start_later)
    thread.start()
    try:
        with TarjamaClient(f"127.0.0.1:{port}", timeout=10, retries=5, backoff=0.2) as client:
            assert client.translate(SHORT).segments
    finally:
        thread.join()
        started["server"].stop(0)


def test_unreachable_server_is_one_readable_error():
    with TarjamaClient(f"127.0.0.1:{free_port()}", timeout=2, retries=1, backoff=0.05) as client:
        with pytest.raises(NotReady, match="unavailable"):
            client.info()
