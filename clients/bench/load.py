"""`tarjama bench`: N concurrent clients drive a running server; throughput, latency, peak RSS."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.clients.bench.raw_engines import Throughput
from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import Overloaded
from tarjama.models.text.prepare import prepare_article
from tarjama.models.translation.quiet import quiet_transformers
from tarjama.models.types import GenerationOptions, TranslatedArticle

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def load_sentences(path: Path | None = None) -> list[str]:
    """The benchmark's sentences, in file order.

    Default: the seed articles, prepared exactly as the server prepares articles (so the
    engine sees the same sentences on every path). A file given with --input is one sentence
    per line, as FLORES devtest is; a directory means its *.txt articles.
    """
    if path is not None and path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip()]
    directory = path or DEFAULT_SEEDS_DIR
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no sentences: {directory} has no *.txt files (use --input)")
    sentences = []
    for file in files:
        article = prepare_article(file.read_text(encoding="utf-8"))
        sentences.extend(sentence for _, sentence in article.sentences)
    return sentences


def make_requests(sentences: Sequence[str], sentences_per_request: int) -> list[str]:
    """Article texts of consecutive sentences, one per line (each line is a paragraph)."""
    size = max(1, sentences_per_request)
    return ["\n".join(sentences[start : start + size]) for start in range(0, len(sentences), size)]


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class LoadResult(Throughput):
    """What a load run measured on the client side."""

    clients: int
    started_at: float = 0.0  # wall clock (time.time), to match server-side records
    finished_at: float = 0.0
    wall_seconds: float = 0.0
    requests: int = 0
    sentences: int = 0
    pieces: int = 0
    generated_tokens: int = 0
    rejected: int = 0
    warm_up_pieces: int = 0  # sent before timing starts, not counted above
    latencies: list[float] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)

    def latency_ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def run_load(
    address: str,
    requests: Sequence[str],
    *,
    clients: int,
    duration: float | None,
    max_requests: int | None,
    options: GenerationOptions,
    tokens_per_piece: int | None = None,
    keep_translations: bool = False,
    warm_up: bool = True,
    client_options: dict | None = None,
) -> LoadResult:
    """Send `requests` round-robin from `clients` threads until the duration or count is reached.

    With tokens_per_piece (forced output lengths), generated tokens are exact; otherwise
    the caller counts them from the translations (keep_translations=True). client_options
    go to every TarjamaClient (tls_ca, token, ...).
    """
    if not requests:
        raise ValueError("no requests to send")
    connections = [
        TarjamaClient(address, timeout=3600, retries=5, **(client_options or {}))
        for _ in range(clients)
    ]
    result = LoadResult(clients=clients)
    lock = threading.Lock()
    next_request = iter(range(10**12))
    try:
        connections[0].wait_ready(timeout=600)
        if warm_up:  # one request per client, not counted: connections and first batches
            warmed: list[TranslatedArticle] = []
            _parallel(
                [
                    lambda c=c: warmed.append(c.translate(requests[0], options=options))
                    for c in connections
                ]
            )
            result.warm_up_pieces = sum(s.pieces for a in warmed for s in a.segments)
        result.started_at = time.time()
        start = time.perf_counter()
        deadline = start + duration if duration else None

        def client_loop(client: TarjamaClient) -> None:
            while True:
                with lock:
                    number = next(next_request)
                if max_requests is not None and number >= max_requests:
                    return
                if deadline is not None and time.perf_counter() >= deadline:
                    return
                text = requests[number % len(requests)]
                sent = time.perf_counter()
                try:
                    article = client.translate(text, options=options)
                except Overloaded:
                    with lock:
                        result.rejected += 1
                    time.sleep(0.05)
                    continue
                elapsed = time.perf_counter() - sent
                pieces = sum(segment.pieces for segment in article.segments)
                with lock:
                    result.requests += 1
                    result.sentences += len(article.segments)
                    result.pieces += pieces
                    result.latencies.append(elapsed)
                    if tokens_per_piece is not None:
                        result.generated_tokens += tokens_per_piece * pieces
                    if keep_translations:
                        result.translations.extend(s.translation for s in article.segments)

        _parallel([lambda c=c: client_loop(c) for c in connections])
        result.wall_seconds = time.perf_counter() - start
        result.finished_at = time.time()
    finally:
        for connection in connections:
            connection.close()
    return result


def _parallel(tasks: Sequence[Callable[[], object]]) -> None:
    errors: list[BaseException] = []

    def guarded(task: Callable[[], object]) -> None:
        try:
            task()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def count_output_tokens(translations: Sequence[str], tokenizer_dir: str) -> int | None:
    """Target-side tokens of the translations (plus </s> each), or None without a tokenizer."""
    try:
        from transformers import AutoTokenizer  # heavy; absent from a client-only install

        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir, local_files_only=True)
    except (OSError, ValueError, ImportError):  # ImportError: a client-only install
        return None
    if not translations:
        return 0
    encoded = tokenizer(text_target=list(translations))["input_ids"]
    return sum(len(ids) for ids in encoded)


@dataclass(frozen=True)
class ServerInfo:
    """The parts of GetInfo the benchmark reports."""

    peak_rss_bytes: int
    model_id: str
    cache_hits: int
    cache_misses: int = 0


def server_info(address: str, **client_options) -> ServerInfo:
    with TarjamaClient(address, **client_options) as client:
        info = client.info()
    model = info.models[0].model.model_id if info.models else ""
    return ServerInfo(int(info.peak_rss_bytes), model, int(info.cache_hits), int(info.cache_misses))


def format_load(title: str, result: LoadResult, peak_rss: int | None) -> str:
    tokens = f"{result.tokens_per_second:.1f}" if result.generated_tokens else "n/a"
    lines = [
        title,
        f"  clients {result.clients}, requests {result.requests}, sentences {result.sentences}, "
        f"wall {result.wall_seconds:.1f} s, rejected (RESOURCE_EXHAUSTED) {result.rejected}",
        f"  sentences/s       {result.sentences_per_second:.2f}",
        f"  generated tok/s   {tokens}",
        f"  latency p50/p95/p99 per request: {result.latency_ms(0.50):.0f} / "
        f"{result.latency_ms(0.95):.0f} / {result.latency_ms(0.99):.0f} ms",
    ]
    if peak_rss is not None:
        lines.append(f"  server peak RSS   {peak_rss / 1e6:.0f} MB")
    return "\n".join(lines)


def client_options(args) -> dict:
    """TarjamaClient keyword arguments from the CLI's TLS and token flags."""
    return {
        "tls_ca": getattr(args, "tls_ca", None),
        "client_cert": getattr(args, "client_cert", None),
        "client_key": getattr(args, "client_key", None),
        "token": getattr(args, "token", None) or os.environ.get("TARJAMA_TOKEN") or None,
        "tls": getattr(args, "tls", None),
        "server_name": getattr(args, "tls_server_name", None),
    }


def cache_note(result: LoadResult, before: ServerInfo, after: ServerInfo) -> str:
    """What the server's cache answered, counted in the same units as the bench's lines:
    the pieces (sentences, or parts of split ones) it translated, warm-up included."""
    hits = after.cache_hits - before.cache_hits
    if hits <= 0:
        return ""
    looked_up = hits + after.cache_misses - before.cache_misses
    sent = result.pieces + result.warm_up_pieces
    others = f"; {looked_up - sent} more came from other clients" if looked_up > sent else ""
    return (
        f"{hits} of the {looked_up} sentences the server translated came from its translation "
        f"cache ({result.pieces} in the {result.requests} counted requests, "
        f"{result.warm_up_pieces} in the warm-up{others}); start it with --cache-entries 0 "
        "to measure the engine"
    )


def run_bench(args) -> int:
    """`tarjama bench` without --compare: load an already running server."""
    sentences = load_sentences(args.input)
    requests = make_requests(sentences, args.sentences_per_request)
    options = GenerationOptions(beam_size=args.beam)
    connection = client_options(args)
    before = server_info(args.address, **connection)
    result = run_load(
        args.address,
        requests,
        clients=args.clients,
        duration=None if args.requests else args.duration,
        max_requests=args.requests,
        options=options,
        keep_translations=True,
        client_options=connection,
    )
    after = server_info(args.address, **connection)
    tokenizer_dir = args.tokenizer or after.model_id
    counted = count_output_tokens(result.translations, tokenizer_dir) if tokenizer_dir else None
    if counted is not None:
        result.generated_tokens = counted
    print(
        format_load(
            f"tarjama bench: {args.address}, {len(sentences)} sentences in requests of "
            f"{args.sentences_per_request}, beam {args.beam}",
            result,
            after.peak_rss_bytes,
        )
    )
    note = cache_note(result, before, after)
    if note:
        print(f"  note: {note}")
    if counted is None:
        print("  (generated tokens need the model's tokenizer: pass --tokenizer DIR)")
    return 0
