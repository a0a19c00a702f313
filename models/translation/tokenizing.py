"""Tokenizer calls the model backends share: ids under the tokenizer's lock, chat prompts."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any


def encode_texts(
    tokenizer: Any, lock: threading.Lock, texts: Sequence[str], *, add_special_tokens: bool
) -> list[tuple[int, ...]]:
    """Each text's token ids. Hugging Face tokenizers are not thread-safe, hence the lock;
    add_special_tokens=False for rendered chat prompts, which already hold the template's."""
    if not texts:
        return []
    with lock:
        # verbose=False: over-long texts are expected here (the splitter asks about them).
        encoded = tokenizer(list(texts), add_special_tokens=add_special_tokens, verbose=False)
    return [tuple(ids) for ids in encoded["input_ids"]]


def render_chat(tokenizer: Any, lock: threading.Lock, user_message: str) -> str:
    """One user turn in the model's own chat template, ready for the assistant's answer."""
    with lock:
        return tokenizer.apply_chat_template(
            [{"role": "user", "content": user_message}],
            tokenize=False,
            add_generation_prompt=True,
        )


def check_caps(texts: Sequence[Any], max_new_tokens: Sequence[int]) -> None:
    """One output cap per text: a mismatch is a caller's bug, caught before any decoding."""
    if len(texts) != len(max_new_tokens):
        raise ValueError(f"{len(texts)} texts but {len(max_new_tokens)} output caps")
