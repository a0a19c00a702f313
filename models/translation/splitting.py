"""Splits a sentence too long for the model into clause-sized pieces, dropping nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

TokenCounter = Callable[[Sequence[str]], list[int]]

# Cut points from the most to the least natural, each a zero-width regex match where the
# next piece starts. Colons and Latin commas need a following space so that times (10:30)
# and numbers (1,000) stay whole; the conjunction "و" is glued to its word in Arabic, so a
# cut before any word starting with it is a last resort before cutting between words.
_CLAUSE_LEVELS = (
    re.compile(r"(?<=[؛;])|(?<=:)(?=\s)|(?<=\s[-–—])(?=\s)"),
    re.compile(r"(?<=،)|(?<=,)(?=\s)"),
    re.compile(r"(?=\sو\w)"),
    re.compile(r"(?<=\S)(?=\s)"),
)


def token_budget(max_input_tokens: int) -> int:
    """Tokens a piece may use: the model limit less a margin for tokenizer disagreements.

    Other backends (CTranslate2) and the NLLB language token can count a few tokens more
    than the tokenizer we split with, so pieces stay a little under the hard limit.
    """
    margin = max(2, max_input_tokens // 64)
    return max(1, max_input_tokens - margin)


def split_to_fit(
    sentence: str,
    max_input_tokens: int,
    count_tokens: TokenCounter,
    *,
    budget: int | None = None,
) -> list[str]:
    """Pieces of sentence, each within token_budget(max_input_tokens), in order.

    `budget` lowers the per-piece limit further (the translator uses it so that a piece's
    plausible output also fits the decoder). Joining the pieces with spaces gives back the
    sentence up to whitespace. Cuts go at the strongest clause boundary that works, then
    between words, then between characters (a long token with no spaces); neighbouring
    clauses are packed together as long as they fit, so the model sees as much context as
    it can. The cost is linear in the sentence's length (times the few boundary levels).
    """
    text = sentence.strip()
    if not text:
        return []
    budget = min(token_budget(max_input_tokens), budget or max_input_tokens)
    if count_tokens([text])[0] <= budget:
        return [text]
    overhead = count_tokens([""])[0]
    return [piece for piece in _split(text, 0, budget, overhead, count_tokens) if piece]


def _split(text: str, level: int, budget: int, overhead: int, count: TokenCounter) -> list[str]:
    if level == len(_CLAUSE_LEVELS):
        return _split_characters(text, budget, count)
    parts = _cut(text, _CLAUSE_LEVELS[level])
    if len(parts) == 1:
        return _split(text, level + 1, budget, overhead, count)

    pieces: list[str] = []
    group: list[str] = []
    group_tokens = 0

    def flush() -> None:
        nonlocal group, group_tokens
        if group:
            pieces.extend(_verified(group, budget, count))
        group, group_tokens = [], 0

    for part, tokens in zip(parts, count(parts), strict=True):
        if tokens > budget:
            flush()
            pieces.extend(_split(part, level + 1, budget, overhead, count))
            continue
        # Token counts of neighbouring parts add up closely but not exactly (each count
        # includes the special tokens once); _verified checks the real count.
        if group and group_tokens + tokens - overhead > budget:
            flush()
        group_tokens = group_tokens + tokens - overhead if group else tokens
        group.append(part)
    flush()
    return pieces


def _verified(group: list[str], budget: int, count: TokenCounter) -> list[str]:
    """The group as one piece if it really fits, else its parts (each known to fit)."""
    joined = "".join(group).strip()
    if len(group) == 1 or count([joined])[0] <= budget:
        return [joined]
    return [part.strip() for part in group]


def _split_characters(text: str, budget: int, count: TokenCounter) -> list[str]:
    """Halve a run without spaces until each half fits (long URLs, digit strings, junk).

    Each level of halving tokenizes the whole run once, so a run of n characters costs
    O(n log n) tokenizer work, whatever its length.
    """
    text = text.strip()
    if len(text) <= 1 or count([text])[0] <= budget:
        return [text]
    middle = len(text) // 2
    return _split_characters(text[:middle], budget, count) + _split_characters(
        text[middle:], budget, count
    )


def _cut(text: str, boundary: re.Pattern[str]) -> list[str]:
    """Slices of text at every boundary match; they concatenate back to text exactly."""
    starts = sorted({match.start() for match in boundary.finditer(text)} - {0, len(text)})
    edges = [0, *starts, len(text)]
    return [text[begin:end] for begin, end in pairwise(edges) if text[begin:end].strip()]
