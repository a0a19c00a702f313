"""The Python client against a real server with the fake engine: calls, errors and retries."""

from __future__ import annotations

import threading
import time

import pytest

from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput, NotReady
from tarjama.models.types import GenerationOptions


@pytest.fixture
def client(start_fake_server):
    running = start_fake_server()
    with TarjamaClient(running.address, timeout=30) as connected:
        yield connected


def test_translate_returns_dataclasses(client, seeds):
    article = client.translate(
        seeds.text("004"), article_id="004", options=GenerationOptions(beam_size=2)
    )
    assert article.article_id == "004"
    assert article.paragraphs[0].kind.value == "title"
    assert len(article.segments) == sum(len(p.sentences) for p in article.paragraphs)
    assert article.english_text().strip()


def test_stream_yields_segments_then_article(client, seeds):
    updates = list(client.translate_stream(seeds.text("004")))
    assert updates[-1].article is not None
    segments = [u.segment for u in updates if u.segment is not None]
    assert len(segments) == len(updates[-1].article.segments)
    assert updates[-2].done == updates[-2].total


def test_batch_items_carry_per_article_errors(client, short_article):
    items = client.translate_batch([("ok", short_article), ("bad", "")])
    assert items[0].translation is not None and items[0].error_code == ""
    assert items[1].translation is None and items[1].error_code == "INVALID_ARGUMENT"


def test_server_errors_become_domain_errors(client, short_article):
    with pytest.raises(InvalidInput, match="beam"):
        client.translate(short_article, options=GenerationOptions(beam_size=0))


def test_client_retries_while_the_server_is_not_up_yet(
    start_fake_server, fake_server_settings, free_port, short_article
):
    port = free_port()
    settings = fake_server_settings.override(port=port)

    def start_later():
        time.sleep(0.6)
        start_fake_server(settings)  # stopped when the test ends

    thread = threading.Thread(target=start_later)
    thread.start()
    try:
        with TarjamaClient(f"127.0.0.1:{port}", timeout=10, retries=5, backoff=0.2) as client:
            assert client.translate(short_article).segments
    finally:
        thread.join()


@pytest.mark.slow
def test_unreachable_server_is_one_readable_error(free_port):
    with TarjamaClient(f"127.0.0.1:{free_port()}", timeout=2, retries=1, backoff=0.05) as client:
        with pytest.raises(NotReady, match="unavailable"):
            client.info()
