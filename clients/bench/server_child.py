"""The served path of `tarjama bench --compare`: the real server stack in a child process.

It runs start_server with the configured backend wrapped in ForcedLengthBackend (so served
outputs have the same lengths as the engine paths), the DynamicBatcher, the sentence
translator and the article pipeline; only the translation cache is off, because the
benchmark sends the same sentences repeatedly.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tarjama.clients.bench.raw_engines import ForcedLengthBackend, ForcedLinesBackend
from tarjama.models.memory import peak_rss_bytes
from tarjama.models.settings import Settings
from tarjama.models.translation.ct2_backend import load_ct2_backend
from tarjama.models.translation.loading import load_backend

READY_PREFIX = "TARJAMA_BENCH_SERVER_READY "


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tarjama.clients.bench.server_child")
    parser.add_argument("--backend", choices=["hf", "ctranslate2"], required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--forced-tokens", type=int, required=True)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--max-batch-tokens", type=int, default=4096)
    parser.add_argument("--max-batch-sentences", type=int, default=32)
    parser.add_argument("--max-wait-ms", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=0, help="0 = the engine's parallelism")
    parser.add_argument("--inter-threads", type=int, default=None)
    parser.add_argument("--intra-threads", type=int, default=None)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--record-batches", type=Path, help="write every batch here at exit")
    # The secured row (bench_secure.py): TLS, a token file and metrics, as `tarjama serve`.
    parser.add_argument("--tls-cert", default="")
    parser.add_argument("--tls-key", default="")
    parser.add_argument("--auth-tokens", default="")
    parser.add_argument("--metrics-port", type=int, default=0)
    return parser


def load_forced_backend(args: argparse.Namespace, config, *, record: bool = False):
    """The benchmark backend, loaded the same way in the server and the raw engine paths."""
    if args.backend == "ctranslate2":
        inner = load_ct2_backend(
            config, inter_threads=args.inter_threads, intra_threads=args.intra_threads
        )
    else:
        inner = load_backend(config)
    if getattr(inner, "kind", "") == "llm":  # an instruction model: forced per numbered line
        return ForcedLinesBackend(inner, args.forced_tokens, record=record)
    return ForcedLengthBackend(inner, args.forced_tokens, record=record)


def main(argv: list[str] | None = None) -> int:
    # Only this child serves: the measuring parent (which imports this module for
    # ServerProcess) stays without the server's 60 modules (0.2 s, 3 MB of its peak RSS).
    from tarjama.models.engines import build_engines  # see above: child only
    from tarjama.service.server import start_server  # see above: child only

    args = build_parser().parse_args(argv)
    settings = Settings.from_env().override(
        host="127.0.0.1",
        port=0,
        model=args.model,
        backend=args.backend,
        beam_size=args.beam,
        threads=args.threads,
        max_batch_tokens=args.max_batch_tokens,
        max_batch_sentences=args.max_batch_sentences,
        max_wait_ms=args.max_wait_ms,
        cache_entries=0,
        offline=True,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        auth_tokens_file=args.auth_tokens,
        metrics_port=args.metrics_port,
    )
    config = settings.translator_config()
    backend = load_forced_backend(args, config, record=args.record_batches is not None)
    # The same assembly as `tarjama serve`: every configured limit applies to the bench too.
    engines = build_engines(
        settings.override(batching="dynamic"), backend=backend, batcher_workers=args.workers or None
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    running = start_server(settings, engines=engines)
    print(f"{READY_PREFIX}{running.port} workers={engines.batcher.workers}", flush=True)
    stop.wait()
    running.stop(grace=5)
    if args.record_batches is not None:
        args.record_batches.write_text(json.dumps(backend.recorded), encoding="utf-8")
    return 0


class ServerProcess:
    """Starts the bench server as a child process; `address`, `peak_rss_bytes()`, `stop()`."""

    def __init__(self, arguments: list[str], log_path: Path, start_timeout: float = 600) -> None:
        self.log_path = log_path
        self._log = log_path.open("w", encoding="utf-8")
        env = dict(os.environ, HF_HUB_OFFLINE="1", TARJAMA_LOG_LEVEL="WARNING")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tarjama.clients.bench.server_child", *arguments],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
        )
        self.port, self.description = self._wait_ready(start_timeout)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break  # the child exited
            if line.startswith(READY_PREFIX):
                port, _, description = line[len(READY_PREFIX) :].strip().partition(" ")
                return int(port), description
        self.stop()
        raise RuntimeError(f"bench server did not start; see {self.log_path}")

    def peak_rss_bytes(self) -> int | None:
        """VmHWM of the child from /proc (Linux); None elsewhere."""
        return peak_rss_bytes(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    sys.exit(main())
