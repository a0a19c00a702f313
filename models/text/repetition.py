"""Decoding loops, copied source and Arabic left in an output: one rule set for all callers.

The engine's quality flags (``models/translation/quality.py``: ``repetition``,
``copy_of_source``) and ``tarjama eval check`` (``clients/evaluation/checks.py``: the
``repetition``, ``copy_of_source`` and ``untranslated`` findings) both call this module, so a
segment gets the same verdict from both.

Rules:

* Text is read as tokens: words (with their harakat) and single punctuation marks, case-folded,
  so "the the the the." and "the city, the city, the city," loop as plainly as without the
  punctuation.
* A loop is a token n-gram (n = 1-6) repeated back to back: 4 times for one token, 3 times for
  longer n-grams. "very, very good" and "no, no" are style; "the the the the" is a decoder stuck.
* When the output ran into its length cap, any n-gram repeated at its very end (3 times for one
  token, twice for longer ones) is a loop too: the decoder was cut off while looping.
* A loop inside a word ("JhJhJhJhJhJh"): 6 back-to-back copies of a 1-10 character unit.
* The repeated unit must hold a letter: "1,000,000,000", "1.1.1.1", "!!!!" and "----" are
  formatting, not loops.
* Copy of source: an Arabic source (it has an Arabic letter) whose output's letters are at
  least half Arabic script, or are exactly the source's letters. A Latin-only source ("BBC")
  may be copied. Partial copies count: what comes back mostly in Arabic was not translated.
* Untranslated: Arabic words (two letters or more) left in an output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tarjama.models.text.script import (
    ARABIC_WORD,
    HARAKAT_RANGES,
    arabic_letter_share,
    has_arabic_letter,
    is_letter,
)

# A token n-gram repeated back to back this many times is a decoding loop, not style:
# "the the the the", "of the city of the city of the city".
MIN_REPEATS_BY_NGRAM = {1: 4, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}
# An output that ran into its length cap and ends in a repeated n-gram is looping.
MIN_TAIL_REPEATS_WHEN_CAPPED = {1: 3, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2}
# Loops inside a word: this many back-to-back copies of a unit of 1-10 characters.
MIN_CHARACTER_REPEATS = 6
MAX_CHARACTER_UNIT = 10
# An Arabic source whose output's letters are at least this share Arabic was not translated.
COPY_ARABIC_SHARE = 0.5

_TOKEN = re.compile(f"[\\w{HARAKAT_RANGES}]+|[^\\w\\s]")
_CHARACTER_LOOP = re.compile(
    f"(.{{1,{MAX_CHARACTER_UNIT}}}?)\\1{{{MIN_CHARACTER_REPEATS - 1},}}", re.DOTALL
)


@dataclass(frozen=True)
class Loop:
    """A repetition found in a text: the repeated unit, how often, and which rule saw it."""

    unit: str
    repeats: int
    kind: str  # "tokens", "capped tail" or "characters"

    def describe(self) -> str:
        """A short phrase for reports: "'to the market' x3"."""
        where = {"capped tail": " at the end of a capped output", "characters": " in a word"}
        return f"'{self.unit}' x{self.repeats}{where.get(self.kind, '')}"


def tokens(text: str) -> list[str]:
    """The case-folded words and punctuation marks of text, as the loop rules read them."""
    return [token.casefold() for token in _TOKEN.findall(text)]


def find_loop(text: str, *, hit_length_cap: bool = False) -> Loop | None:
    """The first decoding loop in text (see the module rules), or None."""
    words = tokens(text)
    for size, minimum in MIN_REPEATS_BY_NGRAM.items():
        found = _back_to_back(words, size, minimum)
        if found:
            return Loop(" ".join(found[0]), found[1], "tokens")
    if hit_length_cap:
        for size, minimum in MIN_TAIL_REPEATS_WHEN_CAPPED.items():
            gram, repeats = _tail(words, size)
            if repeats >= minimum and _has_letter(gram):
                return Loop(" ".join(gram), repeats, "capped tail")
    for match in _CHARACTER_LOOP.finditer(text):
        unit = match.group(1)
        if _has_letter(unit):
            return Loop(unit, len(match.group()) // len(unit), "characters")
    return None


def is_repetition(text: str, *, hit_length_cap: bool = False) -> bool:
    """True when text loops (see the module rules)."""
    return find_loop(text, hit_length_cap=hit_length_cap) is not None


def is_copy_of_source(source: str, output: str) -> bool:
    """True when an Arabic source came back (mostly) still in Arabic script."""
    if not has_arabic_letter(source):
        return False  # a Latin-only source (a URL, a name) is legitimately copied
    output_letters = "".join(char for char in output if is_letter(char))
    if not output_letters:
        return False
    if output_letters == "".join(char for char in source if is_letter(char)):
        return True
    return arabic_letter_share(output) >= COPY_ARABIC_SHARE


def untranslated_words(text: str) -> list[str]:
    """Arabic words (two letters or more) left in an English output, in order."""
    return ARABIC_WORD.findall(text)


def _back_to_back(words: list[str], size: int, minimum: int) -> tuple[tuple[str, ...], int] | None:
    """A size-token n-gram with a letter repeated back to back at least minimum times,
    with its full count; None when there is none. Linear in len(words) for each size."""
    for start in range(size):
        previous: tuple[str, ...] = ()
        run = 0
        for offset in range(start, len(words) - size + 1, size):
            gram = tuple(words[offset : offset + size])
            run = run + 1 if gram == previous else 1
            previous = gram
            if run >= minimum and _has_letter(gram):
                end = offset + size
                while words[end : end + size] == list(gram):
                    run += 1
                    end += size
                return gram, run
    return None


def _tail(words: list[str], size: int) -> tuple[tuple[str, ...], int]:
    """The last size-token n-gram of words and how often it repeats back to back at the end."""
    if size <= 0 or len(words) < size:
        return (), 0
    last = words[len(words) - size :]
    count = 0
    end = len(words)
    while end >= size and words[end - size : end] == last:
        count += 1
        end -= size
    return tuple(last), count


def _has_letter(pieces: str | tuple[str, ...]) -> bool:
    return any(is_letter(char) for piece in pieces for char in piece)
