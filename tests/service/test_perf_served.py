"""The batcher behind the real gRPC server, and the benchmark's client side, on a fake engine."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from tarjama.clients.bench.load import (
    load_sentences,
    make_requests,
    percentile,
    run_bench,
    run_load,
)
from tarjama.clients.bench.raw_engines import (
    ForcedLengthBackend,
    raw_batches,
    replay_batches,
    stride_sample,
)
from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import Cancelled, Overloaded
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.backend import Generated
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.types import GenerationOptions

PATIENCE = 20.0
BARRIER = "حاجز"  # a batch holding this word waits for the test to open the gate


class GatedFake(FakeBackend):
    """FakeBackend whose batches containing BARRIER block until `gate` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def generate(self, texts, **kwargs):
        if any(BARRIER in text for text in texts):
            self.entered.set()
            assert self.gate.wait(PATIENCE)
        return super().generate(texts, **kwargs)

    def texts_seen(self) -> set[str]:
        return {text for batch in self.batches for text in batch.texts}


@pytest.fixture
def serve(start_fake_server):
    """serve(backend, **settings) -> (a server on the dynamic batcher, one worker, around
    `backend`, settings as keywords; its batcher)."""

    def start(backend, **settings):
        engines = fake_engines(
            backend, batching="dynamic", batcher_workers=1, max_batch_sentences=32, **settings
        )
        return start_fake_server(
            Settings(port=0, grace_seconds=1), engines=engines
        ), engines.batcher

    return start


@pytest.fixture
def gated_server(serve):
    backend = GatedFake()
    running, batcher = serve(backend, max_queued_sentences=3, max_wait_ms=0)
    yield backend, running, batcher
    backend.gate.set()  # before the server stops


def block_engine(backend: GatedFake, address: str) -> threading.Thread:
    backend.gate.clear()
    thread = threading.Thread(
        target=lambda: TarjamaClient(address, timeout=PATIENCE).translate(f"{BARRIER} أول."),
        daemon=True,
    )
    thread.start()
    assert backend.entered.wait(PATIENCE)
    return thread


def test_full_queue_answers_resource_exhausted(gated_server, wait_until):
    backend, running, batcher = gated_server
    blocker = block_engine(backend, running.address)
    queued = threading.Thread(
        target=lambda: TarjamaClient(running.address, timeout=PATIENCE).translate(
            "جملة أولى.\nجملة ثانية.\nجملة ثالثة."
        ),
        daemon=True,
    )
    queued.start()
    wait_until(lambda: batcher.stats().queued_pieces == 3)
    with TarjamaClient(running.address, retries=0) as client, pytest.raises(Overloaded):
        client.translate("جملة رابعة.")
    backend.gate.set()
    blocker.join(PATIENCE)
    queued.join(PATIENCE)
    assert "جملة رابعة." not in backend.texts_seen()


def test_caller_deadline_drops_its_queued_sentences(gated_server, wait_until):
    backend, running, batcher = gated_server
    blocker = block_engine(backend, running.address)
    with TarjamaClient(running.address, retries=0) as client, pytest.raises(Cancelled):
        client.translate("سيلغى هذا.\nوهذا أيضا.", timeout=0.5)
    wait_until(lambda: batcher.stats().dropped_pieces == 2)
    assert batcher.stats().queued_pieces == 0
    backend.gate.set()
    blocker.join(PATIENCE)
    assert not {"سيلغى هذا.", "وهذا أيضا."} & backend.texts_seen()


def test_load_client_counts_every_sentence_of_concurrent_requests(serve):
    running, batcher = serve(FakeBackend(), max_wait_ms=1)
    sentences = load_sentences()[:12]
    requests = make_requests(sentences, 4)
    result = run_load(
        running.address,
        requests,
        clients=3,
        duration=None,
        max_requests=6,
        options=GenerationOptions(beam_size=1),
        tokens_per_piece=7,
    )
    assert result.requests == 6 and len(result.latencies) == 6
    assert result.sentences == 2 * len(sentences)  # each request sent twice
    assert result.generated_tokens == 7 * result.pieces
    assert result.wall_seconds > 0 and result.finished_at >= result.started_at
    assert batcher.stats().pieces >= result.pieces


def test_bench_command_prints_throughput_latency_and_rss(capsys, tmp_path: Path, serve):
    running, _ = serve(FakeBackend(), max_wait_ms=1)
    sentence_file = tmp_path / "flores.txt"
    sentence_file.write_text("جملة أولى.\n\nجملة ثانية طويلة قليلا.\n", encoding="utf-8")
    args = argparse.Namespace(
        address=running.address,
        input=sentence_file,
        sentences_per_request=1,
        beam=1,
        clients=2,
        duration=30.0,
        requests=4,
        tokenizer=None,
    )
    assert run_bench(args) == 0
    out = capsys.readouterr().out
    assert "requests 4, sentences 4" in out
    assert "sentences/s" in out and "p50/p95/p99" in out and "server peak RSS" in out


class StubEngine:
    """Accepts min_new_tokens like the real backends; records batch sizes."""

    parallelism = 2

    def __init__(self) -> None:
        self.info = FakeBackend().info
        self.calls: list[tuple[int, int, int]] = []

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return [tuple(range(len(text.split()) + 1)) for text in texts]

    def generate(self, texts, *, beam_size, max_new_tokens, token_ids=None, min_new_tokens=0):
        self.calls.append((len(texts), max(max_new_tokens), min_new_tokens))
        return [Generated(text="x", output_tokens=min_new_tokens) for _ in texts]


def test_forced_length_backend_overrides_caps_and_records_batches():
    engine = StubEngine()
    forced = ForcedLengthBackend(engine, 9, record=True)
    forced.generate(["a", "b"], beam_size=4, max_new_tokens=[3, 100])
    assert engine.calls == [(2, 9, 9)]
    assert forced.parallelism == 2
    assert forced.recorded is not None and forced.recorded[0][1:] == (4, ["a", "b"])


def test_raw_and_replayed_batches_cover_every_sentence_once():
    engine = StubEngine()
    forced = ForcedLengthBackend(engine, 5)
    sentences = [" ".join(["w"] * n) for n in (1, 9, 2, 8, 3, 7)]
    result = raw_batches(
        forced, sentences, beam_size=4, max_batch_tokens=20, max_batch_sentences=3, parallel=2
    )
    assert result.sentences == 6 and result.generated_tokens == 30
    assert sorted(result.batch_sizes) == [1, 2, 3]  # [2,3,4] [8,9] [10] tokens
    replayed = replay_batches(forced, [(4, ["a", "b"]), (1, ["c"])], parallel=2)
    assert replayed.sentences == 3 and sorted(replayed.batch_sizes) == [1, 2]


def test_small_helpers():
    assert make_requests(["a", "b", "c"], 2) == ["a\nb", "c"]
    assert percentile([3.0, 1.0, 2.0, 4.0], 0.5) == 2.0
    assert percentile([3.0, 1.0, 2.0, 4.0], 0.99) == 4.0
    assert percentile([], 0.5) == 0.0
    assert stride_sample(list(range(10)), 5) == [0, 2, 4, 6, 8]
    seeds = load_sentences()
    assert len(seeds) > 100 and all(sentence.strip() for sentence in seeds)


@pytest.mark.slow
def test_bench_server_child_serves_forced_lengths_and_records_batches(tiny_marian_dir, tmp_path):
    import json

    from tarjama.clients.bench.server_child import ServerProcess

    record = tmp_path / "batches.json"
    arguments = [
        "--backend=hf",
        f"--model={tiny_marian_dir}",
        "--forced-tokens=6",
        "--beam=2",
        f"--record-batches={record}",
    ]
    with ServerProcess(arguments, tmp_path / "server.log", start_timeout=120) as server:
        # HF follows the thread plan too: one single-threaded batch per usable core.
        from tarjama.models.threads import plan_threads

        assert server.description == f"workers={plan_threads().workers}"
        with TarjamaClient(server.address, timeout=60) as client:
            article = client.translate("جملة أولى.\nجملة ثانية أطول قليلا.")
        assert len(article.segments) == 2 and all(s.translation for s in article.segments)
        assert (server.peak_rss_bytes() or 1) > 0
    batches = json.loads(record.read_text(encoding="utf-8"))
    assert ["جملة أولى.", "جملة ثانية أطول قليلا."] in [sorted(texts) for _, _, texts in batches]


def test_compare_report_checks_each_target():
    import argparse as argparse_module

    from tarjama.clients.bench.load import LoadResult
    from tarjama.clients.bench.raw_engines import EngineResult
    from tarjama.clients.bench.report import Row, Served, compare_report

    def engine(tokens_per_second: float) -> EngineResult:
        tokens = int(tokens_per_second * 10)
        return EngineResult(sentences=10, generated_tokens=tokens, wall_seconds=10)

    load = LoadResult(clients=8, sentences=10, generated_tokens=2600, wall_seconds=10)
    served = Served("ctranslate2", load, engine(270), [0.105] * 3, [0.1] * 3, 600_000_000)
    args = argparse_module.Namespace(
        beam=4,
        forced_tokens=32,
        batch_size=16,
        max_batch_tokens=4096,
        max_wait_ms=5.0,
        sentences_per_request=8,
    )
    report = compare_report(
        command="tarjama bench --compare",
        rows=[Row.of_load("(c) served", load)],
        best=served,
        naive=engine(17),
        ideal=engine(280),
        load=((0.1, 0.1, 0.1), (0.2, 0.2, 0.2)),
        args=args,
    )
    verdicts = [check["pass"] for check in report["data"]["checks"]]
    assert verdicts == [True, True, True, True]  # 15.3x, 0.96x, 1.05x, 600 MB
    assert report["text"].count("PASS") == 4
    served.peak_rss = 1_200_000_000
    report = compare_report(
        command="x",
        rows=[],
        best=served,
        naive=engine(17),
        ideal=engine(280),
        load=((0.1,), (0.2,)),
        args=args,
    )
    assert not report["data"]["all_pass"] and "FAIL" in report["text"]


def test_the_secured_row_is_judged_against_the_plain_runs_before_and_after_it():
    from tarjama.clients.bench.load import LoadResult
    from tarjama.clients.bench.raw_engines import EngineResult
    from tarjama.clients.bench.report import Served, secure_check

    def load(tokens: int) -> LoadResult:
        return LoadResult(clients=8, sentences=10, generated_tokens=tokens, wall_seconds=10)

    replay = EngineResult(sentences=10, generated_tokens=2600, wall_seconds=10)
    served = Served("ctranslate2", load(2600), replay, [0.1], [0.1], 1, load(2400), load(2200))
    [(_, measured, _, passed)] = secure_check(served)
    assert (measured, passed) == ("1.00x", True)  # 2400 against the mean of 2600 and 2200
    served.plain_again = load(3000)
    [(_, measured, _, passed)] = secure_check(served)
    assert (measured, passed) == ("0.86x", False)
    served.plain_again = None
    assert secure_check(served) == []
