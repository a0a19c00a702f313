"""Sentence translation with an instruction model: numbered windows, strict parsing, retries."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tarjama.models.translation.backend import PieceExecutor, PieceRequest, token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.llm_prompt import parse_numbered, translation_prompt
from tarjama.models.translation.observer import EngineObserver
from tarjama.models.translation.quality import merge_flags, quality_flags
from tarjama.models.translation.splitting import split_to_fit
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.types import (
    CancelCheck,
    GenerationOptions,
    QualityFlag,
    SentenceTranslation,
    never_cancelled,
)

log = logging.getLogger(__name__)

# Source lines one prompt carries at most, and their source tokens: small enough that a
# retry after a bad answer costs little, large enough that sentences keep their context.
WINDOW_SENTENCES = 8
WINDOW_TOKENS = 384
# Tokens one numbered answer line spends beyond its translation ("12. ", the line break).
LINE_OVERHEAD_TOKENS = 4
# Flags that make a window's line worth asking for again, alone.
_RETRY_FLAGS = {QualityFlag.EMPTY, QualityFlag.COPY_OF_SOURCE, QualityFlag.REPETITION}


@dataclass
class _Unit:
    """One numbered source line: a sentence, or a piece of one too long for a line."""

    sentence: int
    position: int
    text: str
    tokens: int


@dataclass
class _Sentence:
    source: str
    units: int
    results: dict[int, tuple[str, tuple[QualityFlag, ...], int]] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return len(self.results) == self.units


class LLMTranslator(SentenceTranslator):
    """Translates with a chat model (CausalLMBackend or a CT2 Generator backend).

    Sentences go out as numbered lines, a paragraph (or a window of one) per prompt;
    each numbered answer line is matched to its source by number alone. Lines that are
    missing, merged, extra, cut off, empty, untranslated or commentary are asked for again
    one by one; what still fails is flagged (UNALIGNED + EMPTY) and left empty, so
    commentary never stands in for a translation. Prompts run through the same executor
    (inline, dynamic batcher, cache) as any backend's pieces.
    """

    def __init__(
        self,
        backend,
        config: TranslatorConfig,
        executor: PieceExecutor | None = None,
        *,
        observer: EngineObserver | None = None,
        window_sentences: int = WINDOW_SENTENCES,
        window_tokens: int = WINDOW_TOKENS,
    ) -> None:
        super().__init__(backend, config, executor, observer=observer)
        self.window_sentences = max(1, window_sentences)
        # Prompt text, the sources and their answers must fit the context together.
        overhead = self._prompt_tokens(["."] * self.window_sentences) + self.window_sentences
        room = self.info.max_input_tokens - overhead - config.output_length_margin * 2
        fits = math.floor(room / (1 + config.output_length_ratio))
        self.window_tokens = max(8, min(window_tokens, fits))

    def resolve_options(self, options: GenerationOptions) -> GenerationOptions:
        """As for any engine, except that instruction models decode greedily by default."""
        if options.beam_size is None:
            options = GenerationOptions(1, options.max_output_tokens, options.skip_language_check)
        return super().resolve_options(options)

    def piece_budget(self) -> int:
        return self.window_tokens

    def translate_sentences(
        self,
        sentences: Sequence[str],
        options: GenerationOptions,
        cancelled: CancelCheck = never_cancelled,
        groups: Sequence[int] | None = None,
    ) -> Iterator[tuple[int, SentenceTranslation]]:
        """Yield (index, translation) per sentence as soon as all its lines are settled.

        `groups` (e.g. paragraph numbers) keeps a prompt inside one group: sentences of
        different paragraphs or articles never share a window.
        """
        resolved = self.resolve_options(options)
        assert resolved.beam_size is not None and resolved.max_output_tokens is not None
        pending, units = self._plan(sentences)
        for index, sentence in enumerate(sentences):
            if index not in pending:
                yield index, SentenceTranslation(source=sentence, translation="")
        windows = self._windows(units, groups)
        requests = [self._request(window, resolved) for window in windows]
        retry: list[_Unit] = []
        for window_index, generated in self.executor.run(requests, cancelled):
            window = windows[window_index]
            parsed = parse_numbered(
                generated.text, len(window), hit_length_cap=generated.hit_length_cap
            )
            if parsed.problems:
                log.debug("window of %d lines: %s", len(window), "; ".join(parsed.problems))
            for number, unit in enumerate(window, 1):
                text = parsed.lines.get(number)
                flags = quality_flags(unit.text, text or "", hit_length_cap=False)
                if text is None or _RETRY_FLAGS.intersection(flags):
                    retry.append(unit)
                    continue
                tokens = _share(generated.output_tokens, len(window))
                yield from self._settle(pending, unit, text, flags, tokens)
        if not retry:
            return
        singles = [self._request([unit], resolved) for unit in retry]
        for unit_index, generated in self.executor.run(singles, cancelled):
            unit = retry[unit_index]
            parsed = parse_numbered(generated.text, 1, hit_length_cap=generated.hit_length_cap)
            text = parsed.lines.get(1)
            if text is None:
                # A capped answer still counts when its one line is there: it is flagged.
                capped = parse_numbered(generated.text, 1).lines.get(1)
                if capped is not None and generated.hit_length_cap:
                    text = capped
            if text is None:
                flags: tuple[QualityFlag, ...] = (QualityFlag.EMPTY, QualityFlag.UNALIGNED)
                if generated.hit_length_cap:
                    flags = (QualityFlag.LENGTH_CAPPED, *flags)
                yield from self._settle(pending, unit, "", merge_flags(flags), 0)
                continue
            flags = quality_flags(unit.text, text, hit_length_cap=generated.hit_length_cap)
            yield from self._settle(pending, unit, text, flags, generated.output_tokens)
        if pending:
            raise RuntimeError(f"no result for sentences {sorted(pending)}")

    # -- planning ---------------------------------------------------------------------

    def _plan(self, sentences: Sequence[str]) -> tuple[dict[int, _Sentence], list[_Unit]]:
        """Sentences to translate and their numbered lines, long ones split to fit a window."""
        texts = {index: text.strip() for index, text in enumerate(sentences) if text.strip()}
        counts = dict(zip(texts, token_counts(self.backend, list(texts.values())), strict=True))
        budget = self.window_tokens
        pending: dict[int, _Sentence] = {}
        units: list[_Unit] = []
        for index, text in texts.items():
            if counts[index] <= budget:
                pieces, piece_counts = [text], [counts[index]]
            else:
                pieces = split_to_fit(text, budget + 2, self._count_tokens, budget=budget)
                piece_counts = self._count_tokens(pieces)
            pending[index] = _Sentence(source=sentences[index], units=len(pieces))
            for position, (piece, tokens) in enumerate(zip(pieces, piece_counts, strict=True)):
                units.append(_Unit(index, position, piece, tokens))
        return pending, units

    def _windows(self, units: list[_Unit], groups: Sequence[int] | None) -> list[list[_Unit]]:
        """Consecutive lines of one group, up to the window's line and token limits."""
        windows: list[list[_Unit]] = []
        current: list[_Unit] = []
        size = 0
        for unit in units:
            group = groups[unit.sentence] if groups is not None else 0
            if current and (
                len(current) >= self.window_sentences
                or size + unit.tokens > self.window_tokens
                or (groups is not None and groups[current[-1].sentence] != group)
            ):
                windows.append(current)
                current, size = [], 0
            current.append(unit)
            size += unit.tokens
        if current:
            windows.append(current)
        return windows

    def _request(self, window: list[_Unit], options: GenerationOptions) -> PieceRequest:
        assert options.beam_size is not None and options.max_output_tokens is not None
        prompt = self.backend.render(
            translation_prompt(
                [unit.text for unit in window],
                self.info.source_language,
                self.info.target_language,
            )
        )
        cap = sum(
            self.output_cap(unit.tokens, options.max_output_tokens) + LINE_OVERHEAD_TOKENS
            for unit in window
        )
        # The prompt is tokenized once here; its ids travel to the backend with it.
        [ids] = self.backend.encode([prompt])
        return PieceRequest(prompt, options.beam_size, cap, tuple(ids))

    def _prompt_tokens(self, lines: list[str]) -> int:
        prompt = self.backend.render(translation_prompt(lines, "arb_Arab", "eng_Latn"))
        return self._count_tokens([prompt])[0]

    # -- results ----------------------------------------------------------------------

    def _settle(
        self,
        pending: dict[int, _Sentence],
        unit: _Unit,
        text: str,
        flags: tuple[QualityFlag, ...],
        tokens: int,
    ) -> Iterator[tuple[int, SentenceTranslation]]:
        sentence = pending[unit.sentence]
        sentence.results[unit.position] = (text, flags, tokens)
        if not sentence.done:
            return
        del pending[unit.sentence]
        parts = [sentence.results[position] for position in range(sentence.units)]
        translated = SentenceTranslation(
            source=sentence.source,
            translation=" ".join(text for text, _, _ in parts if text),
            pieces=sentence.units,
            flags=merge_flags(*(flags for _, flags, _ in parts)),
            output_tokens=sum(tokens for _, _, tokens in parts),
        )
        if self.observer is not None:
            self.observer.sentence_done(translated)
        yield unit.sentence, translated


def _share(total: int, lines: int) -> int:
    """A window's output tokens spread over its lines (for per-sentence accounting)."""
    return max(1, round(total / max(1, lines)))


def is_llm_backend(backend) -> bool:
    """Whether a loaded backend is an instruction model (it renders chat prompts)."""
    return getattr(backend, "kind", "") == "llm"
