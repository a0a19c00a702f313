"""The sentence translation engine the server and CLI use: options, splitting, batching, flags."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tarjama.models.errors import InvalidInput
from tarjama.models.translation.backend import (
    BackendInfo,
    Generated,
    PieceExecutor,
    PieceRequest,
    Seq2SeqBackend,
    token_counts,
)
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.executor import InlineExecutor
from tarjama.models.translation.languages import check_language_pair
from tarjama.models.translation.observer import EngineObserver
from tarjama.models.translation.quality import merge_flags, quality_flags
from tarjama.models.translation.splitting import split_to_fit, token_budget
from tarjama.models.types import (
    CancelCheck,
    GenerationOptions,
    SentenceTranslation,
    never_cancelled,
)

MAX_BEAM_SIZE = 16
# Beyond this an output is a runaway loop, whatever the source length; it also bounds how
# long one request can keep the model busy.
MAX_OUTPUT_TOKENS = 1024


@dataclass
class _PendingSentence:
    """A sentence whose pieces are out for translation."""

    source: str
    pieces: list[str]
    results: dict[int, Generated] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.pieces)


class SentenceTranslator:
    """Translates sentences with any Seq2SeqBackend, splitting those that are too long."""

    def __init__(
        self,
        backend: Seq2SeqBackend,
        config: TranslatorConfig,
        executor: PieceExecutor | None = None,
        *,
        observer: EngineObserver | None = None,
    ) -> None:
        self.backend = backend
        self.config = config
        self.executor = executor or InlineExecutor(
            backend, config.max_batch_tokens, config.max_batch_sentences, observer=observer
        )
        self.observer = observer

    @property
    def info(self) -> BackendInfo:
        return self.backend.info

    def check_languages(self, source: str, target: str) -> None:
        """Raise UnsupportedLanguage unless the loaded model serves source->target."""
        check_language_pair(source, target, self.info)

    def resolve_options(self, options: GenerationOptions) -> GenerationOptions:
        """Options with the configured defaults filled in; InvalidInput if out of range."""
        beam_size = self.config.beam_size if options.beam_size is None else options.beam_size
        if not 1 <= beam_size <= MAX_BEAM_SIZE:
            raise InvalidInput(f"beam_size must be between 1 and {MAX_BEAM_SIZE}, got {beam_size}")
        max_output = options.max_output_tokens
        if max_output is None:
            max_output = MAX_OUTPUT_TOKENS
        if not 1 <= max_output <= MAX_OUTPUT_TOKENS:
            raise InvalidInput(
                f"max_output_tokens must be between 1 and {MAX_OUTPUT_TOKENS}, got {max_output}"
            )
        return GenerationOptions(
            beam_size=beam_size,
            max_output_tokens=max_output,
            skip_language_check=options.skip_language_check,
        )

    def output_cap(self, source_tokens: int, max_output_tokens: int) -> int:
        """A piece's output budget: proportional to its source, never above the request's,
        and never past the model's own position limit, whatever the options say."""
        proportional = math.ceil(
            self.config.output_length_ratio * source_tokens + self.config.output_length_margin
        )
        cap = min(max_output_tokens, proportional)
        if self.info.max_output_tokens > 0:
            cap = min(cap, self.info.max_output_tokens)
        return max(1, cap)

    def piece_budget(self) -> int:
        """Most source tokens one piece may have: it must fit the encoder, and its plausible
        output (ratio × input + margin) must fit the decoder; longer pieces are split."""
        budget = token_budget(self.info.max_input_tokens)
        output_limit = self.info.max_output_tokens
        if output_limit > 0:
            fits_decoder = math.floor(
                (output_limit - self.config.output_length_margin) / self.config.output_length_ratio
            )
            budget = min(budget, max(1, fits_decoder))
        return budget

    def translate_sentences(
        self,
        sentences: Sequence[str],
        options: GenerationOptions,
        cancelled: CancelCheck = never_cancelled,
        groups: Sequence[int] | None = None,
    ) -> Iterator[tuple[int, SentenceTranslation]]:
        """Yield (index, translation) for every sentence, each as soon as it is complete.

        Blank sentences come first (they need no model); the rest arrive in the order their
        batches finish. Raises Cancelled when cancelled() turns true between batches.
        `groups` (paragraph of each sentence) matters to engines that translate several
        sentences in one prompt (LLMTranslator); this one translates each on its own.
        """
        resolved = self.resolve_options(options)
        pending, requests, owners = self._plan(sentences, resolved)
        for index, sentence in enumerate(sentences):
            if index not in pending:
                yield index, SentenceTranslation(source=sentence, translation="")
        if not requests:
            return
        for piece_index, generated in self.executor.run(requests, cancelled):
            sentence_index, position = owners[piece_index]
            sentence = pending[sentence_index]
            sentence.results[position] = generated
            if sentence.done:
                del pending[sentence_index]
                translated = _assemble(sentence)
                if self.observer is not None:
                    self.observer.sentence_done(translated)
                yield sentence_index, translated
        if pending:
            raise RuntimeError(f"executor returned no result for sentences {sorted(pending)}")

    def translate_all(
        self,
        sentences: Sequence[str],
        options: GenerationOptions | None = None,
        cancelled: CancelCheck = never_cancelled,
    ) -> list[SentenceTranslation]:
        """All translations in input order (for callers that do not stream)."""
        results: list[SentenceTranslation | None] = [None] * len(sentences)
        for index, translation in self.translate_sentences(
            sentences, options or GenerationOptions(), cancelled
        ):
            results[index] = translation
        return [result for result in results if result is not None]

    def close(self) -> None:
        self.executor.close()

    def _plan(
        self, sentences: Sequence[str], options: GenerationOptions
    ) -> tuple[dict[int, _PendingSentence], list[PieceRequest], list[tuple[int, int]]]:
        """Pieces to translate and, for each, which sentence and position it belongs to.

        Each sentence is tokenized once here; its ids travel with its piece request, so the
        batcher and the backend never tokenize it again. Only a sentence over the budget is
        measured again while the splitter looks for cut points, and its pieces once each.
        """
        assert options.beam_size is not None and options.max_output_tokens is not None
        limit = self.info.max_input_tokens
        budget = self.piece_budget()
        texts = {index: text.strip() for index, text in enumerate(sentences) if text.strip()}
        encoded = dict(zip(texts, self.backend.encode(list(texts.values())), strict=True))
        pending: dict[int, _PendingSentence] = {}
        for index, text in texts.items():
            if len(encoded[index]) <= budget:
                pieces = [text]
            else:
                pieces = split_to_fit(text, limit, self._count_tokens, budget=budget)
            pending[index] = _PendingSentence(source=sentences[index], pieces=pieces)

        split_pieces = [
            piece
            for sentence in pending.values()
            if len(sentence.pieces) > 1
            for piece in sentence.pieces
        ]
        split_ids = iter(self.backend.encode(split_pieces) if split_pieces else [])
        requests: list[PieceRequest] = []
        owners: list[tuple[int, int]] = []
        for index, sentence in pending.items():
            for position, piece in enumerate(sentence.pieces):
                ids = encoded[index] if len(sentence.pieces) == 1 else next(split_ids)
                cap = self.output_cap(len(ids), options.max_output_tokens)
                requests.append(PieceRequest(piece, options.beam_size, cap, tuple(ids)))
                owners.append((index, position))
        return pending, requests, owners

    def _count_tokens(self, texts: Sequence[str]) -> list[int]:
        return token_counts(self.backend, texts)


def _assemble(sentence: _PendingSentence) -> SentenceTranslation:
    results = [sentence.results[position] for position in range(len(sentence.pieces))]
    flags = merge_flags(
        *(
            quality_flags(piece, result.text, hit_length_cap=result.hit_length_cap)
            for piece, result in zip(sentence.pieces, results, strict=True)
        )
    )
    return SentenceTranslation(
        source=sentence.source,
        translation=" ".join(result.text for result in results if result.text),
        pieces=len(sentence.pieces),
        flags=flags,
        output_tokens=sum(result.output_tokens for result in results),
    )
