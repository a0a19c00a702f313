"""A deterministic, instant Seq2SeqBackend for service and client tests: it romanizes words."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.types import ModelRef

FAKE_MODEL_ID = "fake/echo"
FAKE_REVISION = "0"

_ROMAN = str.maketrans(
    {
        "ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ء": "'", "ؤ": "u'", "ئ": "i'", "ى": "a",
        "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
        "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
        "ه": "h", "ة": "a", "و": "w", "ي": "y", "،": ",", "؛": ";", "؟": "?", "ـ": "",
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
        "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    }
)  # fmt: skip


def romanize(text: str) -> str:
    """What FakeBackend outputs for text (before its length cap): a per-letter romanization."""
    return " ".join(word.translate(_ROMAN) for word in text.split())


@dataclass(frozen=True)
class FakeBatch:
    """One generate call as the fake received it."""

    texts: tuple[str, ...]
    beam_size: int
    max_new_tokens: tuple[int, ...]


class FakeBackend:
    """Tokens are whitespace words plus one end token; output is romanize(text), word-capped.

    A word longer than CHARS_PER_TOKEN characters counts one token per CHARS_PER_TOKEN
    characters, as subword tokenizers do. Like a real model, generate fails on an input
    longer than max_input_tokens or a cap past max_output_tokens (so tests catch callers
    that let either through). overrides maps an exact input text to the output to return
    instead (to provoke quality flags); delay_per_batch makes each generate call slow
    (streaming, cancellation tests).
    """

    CHARS_PER_TOKEN = 16

    def __init__(
        self,
        *,
        max_input_tokens: int = 512,
        max_output_tokens: int = 510,
        delay_per_batch: float = 0.0,
        overrides: Mapping[str, str] | None = None,
        model_id: str = FAKE_MODEL_ID,
        revision: str = FAKE_REVISION,
        parallelism: int = 1,
    ) -> None:
        self.delay_per_batch = delay_per_batch
        self.parallelism = parallelism
        self.overrides = dict(overrides or {})
        self.batches: list[FakeBatch] = []
        self.encoded_texts = 0  # texts tokenized by encode() (tests count the hot path's work)
        self._lock = threading.Lock()
        self.info = BackendInfo(
            model=ModelRef(model_id=model_id, revision=revision),
            backend="fake",
            device="cpu",
            dtype="float32",
            max_input_tokens=max_input_tokens,
            source_language="arb_Arab",
            target_language="eng_Latn",
            max_output_tokens=max_output_tokens,
            workers=parallelism,
        )

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [
            sum(-(-len(word) // self.CHARS_PER_TOKEN) for word in text.split()) + 1
            for text in texts
        ]

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        """Stand-in ids: as many as the text has tokens (the fake decodes from the text)."""
        with self._lock:
            self.encoded_texts += len(texts)
        return [tuple(range(count)) for count in self.count_tokens(texts)]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        if len(texts) != len(max_new_tokens):
            raise ValueError(f"{len(texts)} texts but {len(max_new_tokens)} output caps")
        with self._lock:
            self.batches.append(FakeBatch(tuple(texts), beam_size, tuple(max_new_tokens)))
        lengths = self.count_tokens(texts) if token_ids is None else map(len, token_ids)
        for tokens, cap in zip(lengths, max_new_tokens, strict=True):
            # What a real model does past its positions (IndexError / CTranslate2 error).
            if tokens > self.info.max_input_tokens or cap > self.info.max_output_tokens:
                raise IndexError(
                    f"fake model: {tokens} input tokens / cap {cap} exceed its positions"
                )
        if self.delay_per_batch > 0:
            time.sleep(self.delay_per_batch)
        return [self._translate(text, cap) for text, cap in zip(texts, max_new_tokens, strict=True)]

    def _translate(self, text: str, cap: int) -> Generated:
        words = self.overrides.get(text, romanize(text)).split()
        # Like a real model, the end token needs a step too: cap words leave no room for it.
        hit_cap = len(words) >= cap
        kept = words[:cap]
        return Generated(text=" ".join(kept), output_tokens=len(kept), hit_length_cap=hit_cap)
