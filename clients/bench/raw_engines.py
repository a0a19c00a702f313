"""Engine-side benchmark paths: forced output lengths, the naive loop, raw batched engines."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from tarjama.models.translation.backend import Generated, PieceRequest, Seq2SeqBackend
from tarjama.models.translation.executor import plan_batches


def warm_up(backend: ForcedLengthBackend, beam_size: int) -> None:
    """One small call first, so no path pays one-time costs (allocations, lazy init)."""
    backend.generate(["مرحبا بالعالم."], beam_size=beam_size, max_new_tokens=[backend.tokens])


class ForcedLengthBackend:
    """Makes every output exactly `tokens` decoding steps long, whatever the caps say.

    Random weights stop at random places, so without this each engine and path would do a
    different amount of work; forced lengths make throughput comparable (tokens/s).
    """

    def __init__(self, inner: Seq2SeqBackend, tokens: int, *, record: bool = False) -> None:
        self.inner = inner
        self.tokens = tokens
        self.info = inner.info
        self.parallelism = int(getattr(inner, "parallelism", 1) or 1)
        # (wall-clock start, beam, texts) of every batch, for replaying the served batches
        # on the raw engine; list.append is atomic, so worker threads need no lock.
        self.recorded: list[tuple[float, int, list[str]]] | None = [] if record else None

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        return self.inner.encode(texts)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        if self.recorded is not None:
            self.recorded.append((time.time(), beam_size, list(texts)))
        return self.inner.generate(  # type: ignore[call-arg]
            texts,
            beam_size=beam_size,
            max_new_tokens=[self.tokens] * len(texts),
            token_ids=token_ids,
            min_new_tokens=self.tokens,
        )

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()


class Throughput:
    """Rates of a result that counts sentences and generated tokens over wall_seconds."""

    sentences: int
    generated_tokens: int
    wall_seconds: float

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.generated_tokens / self.wall_seconds if self.wall_seconds else 0.0


@dataclass
class EngineResult(Throughput):
    """Throughput of one engine path over a set of sentences."""

    sentences: int = 0
    generated_tokens: int = 0
    wall_seconds: float = 0.0
    batch_sizes: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def stride_sample(sentences: Sequence[str], count: int) -> list[str]:
    """`count` sentences spread evenly over the list, so the length mix stays the same."""
    if count >= len(sentences):
        return list(sentences)
    step = len(sentences) / count
    return [sentences[int(index * step)] for index in range(count)]


def naive_loop(
    backend: ForcedLengthBackend,
    sentences: Sequence[str],
    *,
    beam_size: int,
    time_limit: float,
) -> EngineResult:
    """One sentence per generate call, in order: what a straightforward server does."""
    warm_up(backend, beam_size)
    result = EngineResult()
    start = time.perf_counter()
    for sentence in sentences:
        sent = time.perf_counter()
        backend.generate([sentence], beam_size=beam_size, max_new_tokens=[backend.tokens])
        result.latencies.append(time.perf_counter() - sent)
        result.sentences += 1
        result.generated_tokens += backend.tokens
        result.batch_sizes.append(1)
        if time.perf_counter() - start >= time_limit:
            break
    result.wall_seconds = time.perf_counter() - start
    return result


def raw_batches(
    backend: ForcedLengthBackend,
    sentences: Sequence[str],
    *,
    beam_size: int,
    max_batch_tokens: int,
    max_batch_sentences: int,
    parallel: int,
) -> EngineResult:
    """The engine alone on length-sorted, token-budgeted batches (the inline planner's).

    This is the best case for batching: every sentence is known up front and sorted.
    """
    encoded = backend.encode(list(sentences))
    pieces = [
        PieceRequest(sentence, beam_size, backend.tokens, ids)
        for sentence, ids in zip(sentences, encoded, strict=True)
    ]
    lengths = [piece.tokens for piece in pieces]
    planned = plan_batches(pieces, lengths, max_batch_tokens, max_batch_sentences)
    # Longest first: the parallel workers then finish at about the same time.
    batches = [(beam_size, [sentences[i] for i in batch]) for batch in reversed(planned)]
    return replay_batches(backend, batches, parallel=parallel)


def replay_batches(
    backend: ForcedLengthBackend, batches: Sequence[tuple[int, list[str]]], *, parallel: int
) -> EngineResult:
    """The engine alone on exactly the given (beam, texts) batches, taken in order.

    `parallel` threads take batches from one list, as many as the engine runs at once
    (CTranslate2 inter_threads); nothing else runs: no gRPC, no queue, no routing.
    """
    warm_up(backend, batches[0][0] if batches else 1)
    # Tokenized before the clock starts: the engine alone decodes from ids, as the served
    # path's batches do (the planner tokenized them once, on the callers' threads).
    pending = [(beam, texts, backend.encode(texts)) for beam, texts in batches]
    result = EngineResult()
    lock = threading.Lock()
    start = time.perf_counter()

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                beam_size, texts, token_ids = pending.pop(0)
            caps = [backend.tokens] * len(texts)
            backend.generate(texts, beam_size=beam_size, max_new_tokens=caps, token_ids=token_ids)
            with lock:
                result.sentences += len(texts)
                result.generated_tokens += backend.tokens * len(texts)
                result.batch_sizes.append(len(texts))

    threads = [threading.Thread(target=work) for _ in range(max(1, parallel))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - start
    return result


def single_sentence_latencies(
    backend: ForcedLengthBackend, sentence: str, *, beam_size: int, repeats: int, warm: bool = True
) -> list[float]:
    """Seconds per generate call for one sentence alone (after one warm-up call if `warm`)."""
    if warm:
        backend.generate([sentence], beam_size=beam_size, max_new_tokens=[backend.tokens])
    latencies = []
    for _ in range(repeats):
        sent = time.perf_counter()
        backend.generate([sentence], beam_size=beam_size, max_new_tokens=[backend.tokens])
        latencies.append(time.perf_counter() - sent)
    return latencies


# A numbered source line of an instruction prompt (models/translation/llm_prompt.py).
_SOURCE_LINE = re.compile(r"^\d+\. ", re.M)


class ForcedLinesBackend(ForcedLengthBackend):
    """Forces `tokens` decoding steps per numbered source line of each prompt, and answers
    with one well-formed numbered line per source line (random weights write garbage)."""

    kind = "llm"

    def render(self, user_message: str) -> str:
        return self.inner.render(user_message)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ):
        lines = [max(1, len(_SOURCE_LINE.findall(text))) for text in texts]
        forced = [self.tokens * count for count in lines]
        if self.recorded is not None:
            self.recorded.append((time.time(), beam_size, list(texts)))
        results = self.inner.generate(  # type: ignore[call-arg]
            texts,
            beam_size=beam_size,
            max_new_tokens=forced,
            token_ids=token_ids,
            min_new_tokens=max(forced),
        )
        return [
            Generated(
                "\n".join(f"{k}. output line {k}" for k in range(1, count + 1)),
                result.output_tokens,
            )
            for result, count in zip(results, lines, strict=True)
        ]

    def forced_tokens(self, texts: Sequence[str]) -> int:
        return sum(self.tokens * max(1, len(_SOURCE_LINE.findall(text))) for text in texts)
