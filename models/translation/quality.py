"""Cheap checks that flag suspicious translations: loops, copied source, capped or empty output."""

from __future__ import annotations

import re

from tarjama.models.types import QualityFlag

# A word n-gram repeated back to back this many times is a decoding loop, not style:
# "the the the the", "of the city of the city of the city".
MIN_REPEATS_BY_NGRAM = {1: 4, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}
# An output that ran into the length cap and ends in any repeated n-gram is looping.
MIN_TAIL_REPEATS_WHEN_CAPPED = {1: 3, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2}
# Loops inside a word (no spaces: "JhJhJhJhJhJh"); six copies of a 1-10 character unit.
_CHARACTER_LOOP = re.compile(r"(.{1,10}?)\1{5,}", re.DOTALL)
# A translation whose letters are at least this share Arabic script was not translated.
COPY_ARABIC_SHARE = 0.5

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def quality_flags(
    source: str, translation: str, *, hit_length_cap: bool
) -> tuple[QualityFlag, ...]:
    """The flags of one translated segment, in QualityFlag order."""
    flags = []
    if is_repetition(translation, hit_length_cap=hit_length_cap):
        flags.append(QualityFlag.REPETITION)
    if is_copy_of_source(source, translation):
        flags.append(QualityFlag.COPY_OF_SOURCE)
    if hit_length_cap:
        flags.append(QualityFlag.LENGTH_CAPPED)
    if source.strip() and not translation.strip():
        flags.append(QualityFlag.EMPTY)
    return tuple(flags)


def merge_flags(*groups: tuple[QualityFlag, ...]) -> tuple[QualityFlag, ...]:
    """Union of several pieces' flags, in QualityFlag order."""
    present = {flag for group in groups for flag in group}
    return tuple(flag for flag in QualityFlag if flag in present)


def is_repetition(text: str, *, hit_length_cap: bool = False) -> bool:
    """True when the text loops: an n-gram repeated back to back, or a capped looping tail."""
    words = text.casefold().split()
    for size, minimum in MIN_REPEATS_BY_NGRAM.items():
        if longest_run(words, size) >= minimum:
            return True
    if hit_length_cap:
        for size, minimum in MIN_TAIL_REPEATS_WHEN_CAPPED.items():
            if tail_repeats(words, size) >= minimum:
                return True
    return any(_has_letter(match.group(1)) for match in _CHARACTER_LOOP.finditer(text))


def longest_run(words: list[str], size: int) -> int:
    """The most times any size-word n-gram occurs back to back in words."""
    best = 1 if len(words) >= size else 0
    for start in range(size):
        run = 1
        previous: list[str] | None = None
        for offset in range(start, len(words) - size + 1, size):
            gram = words[offset : offset + size]
            run = run + 1 if gram == previous else 1
            best = max(best, run)
            previous = gram
    return best


def tail_repeats(words: list[str], size: int) -> int:
    """How many times the last size-word n-gram repeats back to back at the end of words."""
    if size <= 0 or len(words) < size:
        return 0
    last = words[len(words) - size :]
    count = 0
    end = len(words)
    while end >= size and words[end - size : end] == last:
        count += 1
        end -= size
    return count


def is_copy_of_source(source: str, translation: str) -> bool:
    """True when an Arabic source came back (mostly) still in Arabic script."""
    if not _ARABIC_SCRIPT.search(source):
        return False
    letters = [char for char in translation if char.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for char in letters if _ARABIC_SCRIPT.match(char))
    return arabic / len(letters) >= COPY_ARABIC_SHARE


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)
