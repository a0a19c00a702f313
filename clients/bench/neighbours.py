"""bench --neighbours: how often a sentence's translation changes with its batch neighbours.

In-process runs batch each article's sentences on their own; a server's dynamic batcher
batches sentences of many requests together, sorted by length. Padding and batched beam
search can tip a near-tie, so the same sentence can come out differently. This measures how
often, on one model: each sentence alone, in its own article's batches (the CLI in-process)
and in length-sorted batches across articles (the server).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tarjama.clients.bench.compare import prepare_models
from tarjama.clients.bench.load import DEFAULT_SEEDS_DIR
from tarjama.models.text.prepare import prepare_article
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.loading import load_backend


@dataclass(frozen=True)
class NeighbourReport:
    """Sentences whose output differs between two ways of batching them."""

    model: str
    backend: str
    beam: int
    batch_size: int
    sentences: int
    article_vs_alone: int  # in-process (own article's batches) vs one sentence at a time
    server_vs_alone: int  # across articles, length-sorted (server) vs alone
    server_vs_article: int  # what a resume that mixes the two engines sees
    seconds: float

    def lines(self) -> list[str]:
        def share(count: int) -> str:
            return f"{count:>4} of {self.sentences} ({100 * count / max(self.sentences, 1):.1f}%)"

        return [
            f"model: {self.model} ({self.backend}); beam {self.beam}; batches <= "
            f"{self.batch_size} sentences; {self.sentences} sentences; {self.seconds:.1f} s",
            "sentences whose translation differs:",
            f"  own article's batches (in-process) vs alone      {share(self.article_vs_alone)}",
            f"  batches across articles (server) vs alone        {share(self.server_vs_alone)}",
            f"  server vs in-process                             {share(self.server_vs_article)}",
        ]


def _articles(path: Path | None) -> list[list[str]]:
    """Sentences per article, prepared as the engines prepare them."""
    directory = path or DEFAULT_SEEDS_DIR
    files = sorted(directory.glob("*.txt")) if directory.is_dir() else [directory]
    articles = []
    for file in files:
        article = prepare_article(file.read_text(encoding="utf-8"))
        articles.append([sentence for _, sentence in article.sentences])
    return [sentences for sentences in articles if sentences]


def _decode(backend, batches: Sequence[Sequence[int]], texts, ids, beam: int) -> dict[int, str]:
    """Decode each batch (indices into texts) once; the output of every index."""
    outputs: dict[int, str] = {}
    for batch in batches:
        caps = [min(2 * len(ids[i]) + 10, 256) for i in batch]
        generated = backend.generate(
            [texts[i] for i in batch],
            beam_size=beam,
            max_new_tokens=caps,
            token_ids=[ids[i] for i in batch],
        )
        for index, result in zip(batch, generated, strict=True):
            outputs[index] = result.text
    return outputs


def _chunks(indices: Sequence[int], size: int) -> list[list[int]]:
    return [list(indices[start : start + size]) for start in range(0, len(indices), size)]


def measure(backend, articles: list[list[str]], *, beam: int, batch_size: int) -> dict:
    """Outputs of every sentence alone, in its article's batches and across articles."""
    texts = [sentence for article in articles for sentence in article]
    ids = backend.encode(texts)
    alone = _decode(backend, [[i] for i in range(len(texts))], texts, ids, beam)
    own: list[list[int]] = []
    start = 0
    for article in articles:  # in-process: an article's sentences by length, on their own
        indices = sorted(range(start, start + len(article)), key=lambda i: len(ids[i]))
        own += _chunks(indices, batch_size)
        start += len(article)
    in_article = _decode(backend, own, texts, ids, beam)
    by_length = sorted(range(len(texts)), key=lambda i: len(ids[i]))  # the server's batcher
    across = _decode(backend, _chunks(by_length, batch_size), texts, ids, beam)
    return {"alone": alone, "article": in_article, "server": across, "count": len(texts)}


def run_neighbours(args: argparse.Namespace) -> int:
    if not args.model:
        hf_dir, ct2_dir = prepare_models(args.workdir)
        args.model = str(ct2_dir if args.backend == "ctranslate2" else hf_dir)
    config = TranslatorConfig(
        model=args.model, backend=args.backend, threads=args.threads, local_files_only=True
    )
    backend = load_backend(config)
    started = time.monotonic()
    outputs = measure(backend, _articles(args.input), beam=args.beam, batch_size=args.batch_size)

    def differ(a: str, b: str) -> int:
        return sum(1 for i in outputs[a] if outputs[a][i] != outputs[b][i])

    report = NeighbourReport(
        model=Path(args.model).name,
        backend=args.backend,
        beam=args.beam,
        batch_size=args.batch_size,
        sentences=outputs["count"],
        article_vs_alone=differ("article", "alone"),
        server_vs_alone=differ("server", "alone"),
        server_vs_article=differ("server", "article"),
        seconds=time.monotonic() - started,
    )
    print("\n".join(report.lines()))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return 0
