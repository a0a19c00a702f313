"""The small Protocol every seq2seq translation backend implements (HF, CTranslate2, fake)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tarjama.models.types import CancelCheck, ModelRef


@dataclass(frozen=True)
class Generated:
    """One decoded output of a backend."""

    text: str
    output_tokens: int
    hit_length_cap: bool = False


@dataclass(frozen=True)
class BackendInfo:
    """What GetInfo reports about a loaded backend."""

    model: ModelRef
    backend: str
    device: str
    dtype: str
    max_input_tokens: int
    source_language: str
    target_language: str
    # Most tokens one piece may generate: the decoder's position limit less the steps the
    # decoder start and language tokens take. 0 = unknown (no model limit is applied).
    max_output_tokens: int = 0
    # The thread plan the backend was loaded with: batches decoded at once, threads each.
    workers: int = 1
    intra_threads: int = 1


class Seq2SeqBackend(Protocol):
    """A loaded model that turns a batch of source texts into target texts.

    A text is tokenized once, by encode(); its token ids then travel with it (PieceRequest)
    through the planner, the batcher and the cache into generate(), which decodes from them.
    """

    info: BackendInfo

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        """Source token ids (including special tokens) of each text."""
        ...

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        """Decode one batch; max_new_tokens gives each text's output cap. With token_ids
        (encode()'s output for the same texts) the backend decodes from them and does not
        tokenize again."""
        ...


def token_counts(backend: Seq2SeqBackend, texts: Sequence[str]) -> list[int]:
    """Source tokens of each text (what the splitter measures pieces with)."""
    return [len(ids) for ids in backend.encode(texts)] if texts else []


@dataclass(frozen=True)
class PieceRequest:
    """One piece of source text to decode (a sentence, or a clause of a long one)."""

    text: str
    beam_size: int
    max_new_tokens: int
    token_ids: tuple[int, ...]  # encode()'s ids for text, computed once by the planner

    @property
    def tokens(self) -> int:
        return len(self.token_ids)


class PieceExecutor(Protocol):
    """Runs pieces through a backend in batches and yields results as batches finish.

    The inline executor batches one request's pieces; the dynamic batcher (shared by
    all requests of a server) and the translation cache implement the same Protocol.
    """

    def run(
        self, pieces: Sequence[PieceRequest], cancelled: CancelCheck
    ) -> Iterator[tuple[int, Generated]]:
        """Yield (index into pieces, result) in completion order; raise Cancelled if asked."""
        ...

    def close(self) -> None:
        """Release workers; pending work is cancelled."""
        ...
