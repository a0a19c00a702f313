"""`tarjama bench --ray`: corpus throughput in-process vs Ray Data with 1 and N actors, one run."""

from __future__ import annotations

import argparse
import functools
import json
import os
import shlex
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.clients.bench.compare import prepare_models
from tarjama.clients.bench.load import load_sentences, make_requests
from tarjama.clients.bench.raw_engines import ForcedLengthBackend
from tarjama.clients.runs.local_engines import per_article_settings
from tarjama.clients.runs.manifest import sha256_of
from tarjama.clients.runs.ray_engine import RayEngine
from tarjama.clients.runs.runner import run_articles
from tarjama.clients.runs.sinks import FilesSink
from tarjama.clients.runs.thread_engine import ThreadEngine
from tarjama.clients.runs.types import Article
from tarjama.models.engines import build_engines
from tarjama.models.errors import counted
from tarjama.models.memory import peak_rss_bytes
from tarjama.models.settings import Settings
from tarjama.models.threads import usable_cores
from tarjama.models.types import ArticleRequest, GenerationOptions, TranslatedArticle

TARGETS = {"overhead": 0.85, "scaling": 1.6}


@dataclass
class PathResult:
    """One engine path over the corpus: what finished when, and memory."""

    label: str
    articles: int = 0
    sentences: int = 0
    pieces: int = 0
    first_done: float = 0.0  # seconds from start to the first finished article
    wall: float = 0.0
    steady_pieces: int = 0  # pieces finished after the first article
    peak_rss: dict[str, int] = field(default_factory=dict)

    def tokens_per_second(self, forced_tokens: int) -> float:
        """Steady throughput: from the first finished article to the last, so that starting
        actors and loading models (once per job) is not counted against any path."""
        span = self.wall - self.first_done
        return self.steady_pieces * forced_tokens / span if span > 0 else 0.0

    def sentences_per_second(self) -> float:
        span = self.wall - self.first_done
        return self.steady_pieces / span if span > 0 else 0.0


class TimingSink(FilesSink):
    """The real output writer, noting when each article finished."""

    def __init__(self, out_dir: Path, model_key: str, result: PathResult) -> None:
        super().__init__(out_dir, model_key)
        self.result = result
        self.started = time.perf_counter()

    def is_done(self, article: Article) -> bool:
        return False  # every path translates the whole corpus

    def write(self, article: Article, translated: TranslatedArticle) -> None:
        super().write(article, translated)
        now = time.perf_counter() - self.started
        pieces = sum(segment.pieces for segment in translated.segments)
        result = self.result
        if result.articles == 0:
            result.first_done = now
        else:
            result.steady_pieces += pieces
        result.articles += 1
        result.sentences += len(translated.segments)
        result.pieces += pieces
        result.wall = now


def corpus_articles(sentences: list[str], per_article: int, repeat: int) -> list[Article]:
    texts = make_requests(sentences, per_article) * max(1, repeat)
    return [
        Article(f"a{index:05d}", f"bench:{index}", text, sha256_of(text.encode()))
        for index, text in enumerate(texts)
    ]


def _settings(args: argparse.Namespace, model_dir: Path, threads: int):
    return per_article_settings(
        Settings().override(
            model=str(model_dir),
            backend="ctranslate2",
            threads=threads,
            beam_size=args.beam,
            max_batch_sentences=args.batch_size,
            max_batch_tokens=args.max_batch_tokens,
            offline=True,
        ),
        env={},
    )


def _run_path(label: str, engine, articles: list[Article], workdir: Path) -> PathResult:
    result = PathResult(label)
    out = Path(tempfile.mkdtemp(prefix="path-", dir=workdir))
    sink = TimingSink(out, engine.model_key, result)
    report = run_articles(iter(articles), engine, sink)
    if report.failures:
        raise RuntimeError(f"{label}: {len(report.failures)} articles failed: {report.failures[0]}")
    return result


def _in_process(args, model_dir: Path, threads: int, articles, workdir: Path, wrap) -> PathResult:
    engines = build_engines(_settings(args, model_dir, threads), wrap_backend=wrap)
    options = engines.sentence_translator.resolve_options(GenerationOptions(beam_size=args.beam))
    model = engines.article_translator.model

    def translate(article_id: str, text: str) -> TranslatedArticle:
        return engines.article_translator.translate(ArticleRequest(article_id, text), options)

    engine = ThreadEngine(
        translate, f"{model.model_id}@{model.revision}", concurrency=engines.parallelism
    )
    try:
        result = _run_path(f"in-process, {threads} thread(s)", engine, articles, workdir)
    finally:
        engines.close()
    result.peak_rss["driver"] = _own_peak_rss()
    return result


def _on_ray(args, model_dir: Path, actors: int, articles, workdir: Path, wrap) -> PathResult:
    engine = RayEngine(
        _settings(args, model_dir, 1),
        GenerationOptions(beam_size=args.beam),
        actors=actors,
        actor_threads=1,
        batch_size=args.articles_per_batch,
        wrap_backend=wrap,
        log=lambda message: print(f"  {message}", flush=True),
    )
    try:
        label = f"Ray Data, {actors} actor(s) x 1 thread"
        result = _run_path(label, engine, articles, workdir)
    finally:
        engine.close()
    result.peak_rss.update(engine.stats.peak_rss)
    return result


def _own_peak_rss() -> int:
    return peak_rss_bytes() or 0


def run_ray_bench(args: argparse.Namespace) -> int:
    import ray  # heavy, and the [ray] extra: only this mode needs it

    warnings.filterwarnings("ignore", "Recommended: pip install sacremoses")
    command = shlex.join(["tarjama", *sys.argv[1:]]) if sys.argv else "tarjama bench --ray"
    load_before = os.getloadavg()
    _, ct2_dir = prepare_models(args.workdir)
    sentences = load_sentences(args.input)
    articles = corpus_articles(sentences, args.article_sentences, args.repeat)
    cores = usable_cores()
    wrap = functools.partial(ForcedLengthBackend, tokens=args.forced_tokens)
    print(
        f"{len(articles)} articles of {args.article_sentences} sentences; beam {args.beam}; "
        f"outputs forced to {args.forced_tokens} tokens; {cores} usable cores; "
        f"load average {load_before[0]:.2f}",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="tarjama-bench-ray-"))
    results = []
    print("in-process, 1 thread ...", flush=True)
    results.append(_in_process(args, ct2_dir, 1, articles, workdir, wrap))
    if cores > 1:
        print(f"in-process, {cores} threads ...", flush=True)
        results.append(_in_process(args, ct2_dir, cores, articles, workdir, wrap))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # as `translate --engine ray`
    # "local": a Ray of the bench's own, never a `ray start` cluster that runs on this machine.
    ray.init(
        address="local",
        num_cpus=cores,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
    )
    try:
        print("Ray Data, 1 actor ...", flush=True)
        results.append(_on_ray(args, ct2_dir, 1, articles, workdir, wrap))
        print(f"Ray Data, {cores} actors ...", flush=True)
        results.append(_on_ray(args, ct2_dir, cores, articles, workdir, wrap))
    finally:
        ray.shutdown()
    report = _report(command, results, args, cores, (load_before, os.getloadavg()))
    print(report["text"])
    if args.json:
        args.json.write_text(json.dumps(report["data"], indent=2) + "\n", encoding="utf-8")
    return 0 if report["data"]["all_pass"] else 1


def _report(command: str, results: list[PathResult], args, cores: int, load) -> dict:
    tokens = args.forced_tokens
    local_1, ray_1, ray_n = results[0], results[-2], results[-1]

    def rate(result: PathResult) -> float:
        return result.tokens_per_second(tokens)

    overhead = rate(ray_1) / rate(local_1) if rate(local_1) else 0.0
    scaling = rate(ray_n) / rate(ray_1) if rate(ray_1) else 0.0
    checks = [
        (
            "Ray 1 actor / in-process, 1 thread each",
            f"{overhead:.2f}x",
            f">= {TARGETS['overhead']}x",
            overhead >= TARGETS["overhead"],
        ),
    ]
    if cores > 1:
        checks.append(
            (
                f"Ray {cores} actors / Ray 1 actor, 1 thread each",
                f"{scaling:.2f}x",
                f">= {TARGETS['scaling']}x" if cores == 2 else f"(info, {cores} cores)",
                scaling >= TARGETS["scaling"],
            )
        )
    lines = [
        "",
        f"command: {command}",
        "model: opus-mt-ar-en architecture, random weights, CTranslate2 int8; "
        f"beam {args.beam}, outputs forced to {tokens} tokens, batches <= {args.batch_size} "
        f"sentences, each article batched on its own; "
        f"{counted(args.articles_per_batch, 'article')} per Ray batch; {cores} usable cores",
        f"load average before/after: {load[0][0]:.2f} / {load[1][0]:.2f}",
        "",
        f"{'path':<40}{'articles':>9}{'sent':>7}{'sent/s':>9}{'tok/s':>9}{'start s':>9}"
        f"{'wall s':>9}",
    ]
    for result in results:
        lines.append(
            f"{result.label:<40}{result.articles:>9}{result.sentences:>7}"
            f"{result.sentences_per_second():>9.2f}{rate(result):>9.1f}"
            f"{result.first_done:>9.1f}{result.wall:>9.1f}"
        )
    lines += ["", "peak RSS (VmHWM) per process:"]
    for result in results:
        for name, peak in sorted(result.peak_rss.items()):
            lines.append(f"  {result.label:<40}{name:<28}{peak / 1e6:>8.0f} MB")
    lines += ["", f"{'target':<48}{'measured':>12}{'goal':>20}  result"]
    for name, measured, goal, ok in checks:
        lines.append(f"{name:<48}{measured:>12}{goal:>20}  {'PASS' if ok else 'FAIL'}")
    lines.append(
        "(tok/s and sent/s are steady rates, from the first finished article to the last; "
        "'start s' is when the first article finished: process start and model load)"
    )
    data = {
        "command": command,
        "paths": [{**result.__dict__, "tokens_per_second": rate(result)} for result in results],
        "checks": [{"target": n, "measured": m, "goal": g, "pass": ok} for n, m, g, ok in checks],
        "all_pass": all(ok for *_, ok in checks),
        "load_average": load,
    }
    return {"text": "\n".join(lines), "data": data}
