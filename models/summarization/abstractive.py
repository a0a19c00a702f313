"""Abstractive summaries with a seq2seq model, map-reduce over sentence-aligned chunks."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.errors import Cancelled, model_label
from tarjama.models.summarization.attribution import attribute_sentences
from tarjama.models.summarization.inputs import require_body
from tarjama.models.summarization.similarity import split_sentences, word_count
from tarjama.models.summarization.types import (
    DEFAULT_SUMMARIZATION_MODEL,
    ArticleText,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.translation.loading import local_revision
from tarjama.models.types import CancelCheck, ModelRef, never_cancelled

# Used when neither the config nor the tokenizer states a usable input limit (T5-style
# relative positions); BART and Pegasus report 1024 themselves.
FALLBACK_MAX_INPUT_TOKENS = 1024
# Reduce rounds are bounded: each round shrinks the text by at least a third, so this
# is only reached if a model ignores max_new_tokens.
MAX_REDUCE_ROUNDS = 8
# Roughly how many tokens an English news summary sentence takes (BART-CNN averages ~30).
TOKENS_PER_SENTENCE = 32
TOKENS_PER_WORD = 1.4


@dataclass(frozen=True)
class AbstractiveConfig:
    """What summarization model to load and how to decode with it."""

    model: str = DEFAULT_SUMMARIZATION_MODEL  # hub id or local directory
    revision: str | None = None
    device: str = "cpu"  # "cpu", "cuda", "cuda:1" or "auto"
    local_files_only: bool = False
    num_beams: int = 4
    # BART-CNN's own setting: no trigram twice, which stops the model looping on a phrase.
    no_repeat_ngram_size: int = 3
    length_penalty: float = 2.0
    batch_size: int = 4


@dataclass(frozen=True)
class LengthBounds:
    """Token bounds for one generate call."""

    min_new_tokens: int
    max_new_tokens: int


class AbstractiveSummarizer:
    """A loaded seq2seq summarization model; safe to share between threads."""

    def __init__(self, tokenizer, model, model_ref: ModelRef, config: AbstractiveConfig) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.model_ref = model_ref
        self.config = config
        # One model call at a time: torch already uses every core, and a fast tokenizer
        # must not be used by two threads at once (padding/truncation state is shared).
        self._lock = threading.RLock()
        model_limit = _position_limit(model.config)
        tokenizer_limit = getattr(tokenizer, "model_max_length", None) or 0
        limits = [limit for limit in (model_limit, tokenizer_limit) if 0 < limit < 100_000]
        self.max_input_tokens = min(limits) if limits else FALLBACK_MAX_INPUT_TOKENS
        # Learned decoder positions bound the output too (BART); leave room for specials.
        self.max_output_tokens = max(8, (model_limit or FALLBACK_MAX_INPUT_TOKENS) - 2)
        self._special_tokens = len(tokenizer("", add_special_tokens=True)["input_ids"])

    @classmethod
    def load(cls, config: AbstractiveConfig) -> AbstractiveSummarizer:
        """Load tokenizer and model; raises OSError when the weights are not available."""
        import torch  # heavy: only when abstractive weights are loaded
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer  # heavy, as torch

        options = {"revision": config.revision, "local_files_only": config.local_files_only}
        tokenizer = AutoTokenizer.from_pretrained(config.model, **options)
        model = AutoModelForSeq2SeqLM.from_pretrained(config.model, **options)
        device = config.device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        model.to(device)
        model.eval()
        if Path(config.model).is_dir():
            # The same content id translation models get, so outputs name exact weights.
            revision = local_revision(Path(config.model))
        else:
            revision = getattr(model.config, "_commit_hash", None) or config.revision or "unknown"
        # Named by model_label: summaries travel in responses and digests, paths must not.
        return cls(tokenizer, model, ModelRef(model_label(config.model), revision), config)

    # -- token counting and chunking -------------------------------------------------

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text without special tokens."""
        if not texts:
            return []
        with self._lock:
            encoded = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def plan_chunks(self, units: Sequence[str]) -> list[list[int]]:
        """Group consecutive units (sentences) into chunks that fit the input limit.

        Chunks are balanced (similar sizes) so the last one is not a stub, and every
        chunk's joined text is re-counted, because BPE merges across the joining space
        can make a join longer than the sum of its parts.
        """
        budget = self.max_input_tokens - self._special_tokens
        counts = [count + 1 for count in self.count_tokens(units)]  # +1: the joining space
        total = sum(counts)
        target = math.ceil(total / max(1, math.ceil(total / budget)))
        chunks: list[list[int]] = [[]]
        size = 0
        for index, count in enumerate(counts):
            if chunks[-1] and (size + count > budget or size >= target):
                chunks.append([])
                size = 0
            chunks[-1].append(index)
            size += count
        return [part for chunk in chunks for part in self._fit(chunk, units)]

    def _fit(self, chunk: list[int], units: Sequence[str]) -> list[list[int]]:
        joined = " ".join(units[i] for i in chunk)
        if len(chunk) == 1 or self.count_tokens([joined])[0] + self._special_tokens <= (
            self.max_input_tokens
        ):
            return [chunk]
        middle = len(chunk) // 2
        return self._fit(chunk[:middle], units) + self._fit(chunk[middle:], units)

    def split_long_unit(self, text: str) -> list[str]:
        """Cut a sentence longer than the input limit into word windows that fit."""
        budget = self.max_input_tokens - self._special_tokens
        if self.count_tokens([text])[0] <= budget:
            return [text]
        words = text.split()
        if len(words) < 2:
            return [text]  # one giant "word": the tokenizer truncation below is the last guard
        middle = len(words) // 2
        return self.split_long_unit(" ".join(words[:middle])) + self.split_long_unit(
            " ".join(words[middle:])
        )

    # -- generation ------------------------------------------------------------------

    def generate(
        self, texts: Sequence[str], bounds: LengthBounds, cancelled: CancelCheck = never_cancelled
    ) -> list[str]:
        """Summarize each text (each must fit the input limit), in batches."""
        import torch  # heavy: imported where the model runs (loaded by load() already)

        outputs: list[str] = []
        for start in range(0, len(texts), self.config.batch_size):
            if cancelled():
                raise Cancelled("summarization cancelled")
            batch = list(texts[start : start + self.config.batch_size])
            with self._lock, torch.inference_mode():
                encoded = self.tokenizer(
                    batch,
                    return_tensors="pt",
                    padding=True,
                    truncation=True,  # a no-op: chunking already made every text fit
                    max_length=self.max_input_tokens,
                ).to(self.model.device)
                generated = self.model.generate(
                    **encoded,
                    num_beams=self.config.num_beams,
                    no_repeat_ngram_size=self.config.no_repeat_ngram_size,
                    length_penalty=self.config.length_penalty,
                    early_stopping=True,
                    min_new_tokens=bounds.min_new_tokens,
                    max_new_tokens=bounds.max_new_tokens,
                )
                decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            outputs.extend(" ".join(text.replace("<n>", " ").split()) for text in decoded)
        return outputs

    def bounds_for(self, length: SummaryLength) -> LengthBounds:
        """Token bounds that let the model say about `length`; the result is trimmed after."""
        if length.words is not None:
            wanted = math.ceil(length.words * TOKENS_PER_WORD) + 8
            floor = math.ceil(length.words * 0.6)
        else:
            sentences = length.sentences or 1
            wanted = sentences * TOKENS_PER_SENTENCE + 8
            floor = sentences * 10
        maximum = min(wanted, self.max_output_tokens)
        return LengthBounds(min_new_tokens=min(floor, maximum // 2), max_new_tokens=maximum)

    def map_bounds(self, final: LengthBounds) -> LengthBounds:
        """Bounds for one chunk's partial summary: a third of the input limit at most,
        so each reduce round shrinks the text."""
        maximum = max(16, min(final.max_new_tokens, self.max_input_tokens // 3))
        return LengthBounds(min(final.min_new_tokens, maximum // 2), maximum)

    # -- summaries -------------------------------------------------------------------

    def summarize_article(
        self,
        article: ArticleText,
        length: SummaryLength,
        *,
        article_index: int = 0,
        cancelled: CancelCheck = never_cancelled,
    ) -> Summary:
        """Map-reduce summary of the article's body, each sentence cited to its sources."""
        body = require_body(article)
        units = [part for index in body for part in self.split_long_unit(article.sentences[index])]
        text, chunks, rounds = self.map_reduce(units, self.bounds_for(length), cancelled)
        sentences = trim_to_length(split_sentences(text), length)
        sources = [(SentenceRef(article_index, i), article.sentences[i]) for i in body]
        notes = []
        if chunks > 1:
            notes.append(
                f"input was {chunks} chunks for the model's {self.max_input_tokens}-token "
                f"limit; summarized in {rounds} map-reduce round(s)"
            )
        return Summary(
            sentences=attribute_sentences(sentences, sources),
            method=SummaryMethod.ABSTRACTIVE,
            chunks=chunks,
            model=self.model_ref,
            notes=notes,
        )

    def map_reduce(
        self, units: Sequence[str], final: LengthBounds, cancelled: CancelCheck
    ) -> tuple[str, int, int]:
        """Summarize `units` whatever their length: (summary, first-round chunks, rounds)."""
        chunks = self.plan_chunks(units)
        first_round_chunks = len(chunks)
        rounds = 0
        while len(chunks) > 1 and rounds < MAX_REDUCE_ROUNDS:
            partials = self.generate(
                [" ".join(units[i] for i in chunk) for chunk in chunks],
                self.map_bounds(final),
                cancelled,
            )
            rounds += 1
            units = [
                part
                for partial in partials
                for sentence in split_sentences(partial)
                for part in self.split_long_unit(sentence)
            ]
            chunks = self.plan_chunks(units)
        joined = " ".join(" ".join(units[i] for i in chunk) for chunk in chunks)
        summary = self.generate([joined], final, cancelled)[0]
        return summary, first_round_chunks, rounds + 1

    def fuse(
        self, groups: Sequence[Sequence[str]], bounds: LengthBounds, cancelled: CancelCheck
    ) -> tuple[list[str], int]:
        """One text per group of sentences that say the same thing, and the chunks used."""
        unit_lists = [
            [part for sentence in group for part in self.split_long_unit(sentence)]
            for group in groups
        ]
        fitting = [i for i, units in enumerate(unit_lists) if len(self.plan_chunks(units)) == 1]
        fused = dict(
            zip(
                fitting,
                self.generate([" ".join(unit_lists[i]) for i in fitting], bounds, cancelled),
                strict=True,
            )
        )
        chunks = len(fitting)
        for index, units in enumerate(unit_lists):
            if index not in fused:  # a group too long for one input: map-reduce it alone
                fused[index], group_chunks, _ = self.map_reduce(units, bounds, cancelled)
                chunks += group_chunks
        return [fused[i] for i in range(len(unit_lists))], chunks


def trim_to_length(sentences: list[str], length: SummaryLength) -> list[str]:
    """Keep whole sentences up to the requested count or word budget (at least one)."""
    if length.words is not None:
        kept: list[str] = []
        for sentence in sentences:
            if kept and sum(map(word_count, kept)) + word_count(sentence) > length.words:
                break
            kept.append(sentence)
        return kept
    return sentences[: length.sentences or 1]


def _position_limit(model_config) -> int | None:
    for name in ("max_position_embeddings", "n_positions", "max_encoder_position_embeddings"):
        value = getattr(model_config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return None
