"""Prometheus /metrics over HTTP shows the counters moving; JSON access logs parse."""

from __future__ import annotations

import json
import logging
import socket
import sys
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tarjama.clients.client import TarjamaClient
from tarjama.models.engines import Engines
from tarjama.models.errors import Unauthenticated
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.service.logs import ACCESS_FIELDS, JsonFormatter

TOKEN = "metrics-test-token-0123456789"


def batched_engines(backend: FakeBackend) -> Engines:
    """The server's real stack with the fake engine: cache in front of the dynamic batcher."""
    return fake_engines(backend, batching="dynamic", cache_entries=100, max_batch_sentences=4)


@pytest.fixture(scope="module")
def server(tmp_path_factory, start_module_fake_server, fake_server_settings, free_port):
    tokens = tmp_path_factory.mktemp("auth") / "tokens"
    tokens.write_text(f"dashboard:{TOKEN}\n")
    tokens.chmod(0o600)
    settings = fake_server_settings.override(auth_tokens_file=str(tokens), metrics_port=free_port())
    return start_module_fake_server(settings, engines=batched_engines(FakeBackend()))


def scrape(running) -> dict[str, float]:
    """Every sample of /metrics as 'name{label="value",...}' -> value."""
    url = f"http://127.0.0.1:{running.metrics_port}/metrics"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        text = response.read().decode("utf-8")
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


def test_metrics_scrape_shows_the_counters_moving(server, seeds, short_article):
    before = scrape(server)
    with TarjamaClient(server.address, timeout=20, token=TOKEN) as client:
        first = client.translate(seeds.text("004"))
        client.translate(seeds.text("004"))  # the second time from the cache
        batch = client.translate_batch([("a", short_article), ("b", "")])
    with TarjamaClient(server.address, timeout=20, token="not-a-known-token-000") as stranger:
        with pytest.raises(Unauthenticated):
            stranger.info()
    after = scrape(server)

    def moved(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    translate_ok = 'method="TranslationService/Translate"'
    assert moved(f'tarjama_requests_total{{client="dashboard",code="OK",{translate_ok}}}') == 2
    assert moved(f'tarjama_request_duration_seconds_count{{code="OK",{translate_ok}}}') == 2
    refused = 'code="UNAUTHENTICATED",method="TranslationService/GetInfo"'
    assert moved(f'tarjama_requests_total{{client="anonymous",{refused}}}') == 1
    assert moved("tarjama_auth_failures_total{}") == 1
    segments = len(first.segments)
    assert moved("tarjama_sentences_total{}") == 2 * segments + len(batch[0].translation.segments)
    assert moved("tarjama_cache_hits_total{}") >= segments
    assert moved("tarjama_cache_misses_total{}") >= segments
    assert moved("tarjama_batch_size_count{}") >= 1
    assert moved("tarjama_batch_size_sum{}") == moved("tarjama_cache_misses_total{}")
    assert moved("tarjama_batch_tokens_sum{}") > 0
    assert moved("tarjama_queue_duration_seconds_count{}") == moved("tarjama_batch_size_sum{}")
    assert moved("tarjama_inference_duration_seconds_count{}") == moved(
        "tarjama_batch_size_count{}"
    )
    assert moved("tarjama_generated_tokens_total{}") > 0
    assert after["tarjama_requests_in_flight{}"] == 0
    assert after["tarjama_queue_sentences{}"] == 0
    assert (
        after['tarjama_model_info{backend="fake",device="cpu",model="fake/echo",revision="0"}'] == 1
    )
    assert 'tarjama_flags_total{flag="repetition"}' in after  # every flag present from the start
    assert "process_cpu_seconds_total{}" in after and "python_info" in "".join(after)


def test_metric_labels_carry_no_secrets_ids_or_peers(server, short_article):
    with TarjamaClient(server.address, timeout=20, token=TOKEN) as client:
        client.translate(short_article, request_id="req-secret-id")
    names = "".join(scrape(server))
    assert TOKEN not in names and "req-secret-id" not in names and "127.0.0.1" not in names


def test_flags_are_counted_by_name(start_fake_server, fake_server_settings, free_port):
    loop_source = "قال الرئيس إن الاتفاق مهم."
    backend = FakeBackend(overrides={loop_source: "the the the the the the the the the the"})
    running = start_fake_server(
        fake_server_settings.override(metrics_port=free_port()),
        engines=batched_engines(backend),
    )
    with TarjamaClient(running.address, timeout=20) as client:
        client.translate(loop_source)
    assert scrape(running)['tarjama_flags_total{flag="repetition"}'] == 1


class Lines(logging.Handler):
    """Collects formatted records."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_json_access_log_lines_parse_with_every_field(server, seeds, short_article):
    handler = Lines()
    access = logging.getLogger("tarjama.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        with TarjamaClient(server.address, timeout=20, token=TOKEN) as client:
            client.translate(seeds.text("004"), request_id="req-42", article_id="004")
            client.translate_batch(
                [("a", short_article), ("b", short_article)], request_id="req-43"
            )
    finally:
        access.removeHandler(handler)
        access.setLevel(logging.NOTSET)
    records = [json.loads(line) for line in handler.lines]
    single = next(r for r in records if r.get("request_id") == "req-42")
    assert set(ACCESS_FIELDS) <= set(single) and {"time", "level", "message"} <= set(single)
    assert single["method"] == "TranslationService/Translate" and single["code"] == "OK"
    assert single["client"] == "dashboard" and single["peer"] == "127.0.0.1"
    assert single["articles"] == 1 and single["sentences"] > 1
    assert single["duration_ms"] >= 0 and single["level"] == "INFO"
    batch = next(r for r in records if r.get("request_id") == "req-43")
    assert batch["articles"] == 2 and batch["sentences"] == 4
    assert all(TOKEN not in line for line in handler.lines)


def test_json_formatter_keeps_exceptions_on_one_line():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed: %s", ("it",), exc_info=sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed: it" and "ValueError" in parsed["exception"]


def test_an_ipv6_loopback_host_is_served_and_reachable_in_brackets(
    start_fake_server, fake_server_settings, free_port, short_article
):
    from tarjama.models.settings import host_port

    assert host_port("::1", 50051) == "[::1]:50051"
    assert host_port("[::1]", 50051) == "[::1]:50051"
    assert host_port("127.0.0.1", 50051) == "127.0.0.1:50051"
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    settings = fake_server_settings.override(host="::1", port=0, metrics_port=free_port())
    running = start_fake_server(settings, engines=batched_engines(FakeBackend()))
    assert running.address.startswith("[::1]:")
    with TarjamaClient(running.address, timeout=20) as client:
        assert client.translate(short_article).segments


def test_lines_written_outside_logging_are_wrapped_in_json():
    from tarjama.service.logs import wrap_line

    ours = '{"time": "t", "level": "INFO", "logger": "x", "message": "m"}'
    assert wrap_line(ours + "\n", "stderr", 0.0) == ours
    core = json.loads(
        wrap_line("E1203 09:21:07.512 ssl_transport.cc:1] Handshake failed\n", "stderr", 0.0)
    )
    assert core["level"] == "ERROR" and core["logger"] == "stderr"
    assert core["message"].startswith("E1203 ")
    plain = json.loads(wrap_line("tarjama: serving x on 127.0.0.1:1\n", "stdout", 0.0))
    assert plain["level"] == "INFO" and plain["logger"] == "stdout"
    assert json.loads(wrap_line("[1, 2]", "stdout", 0.0))["message"] == "[1, 2]"  # not an object
