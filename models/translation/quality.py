"""Cheap checks that flag suspicious translations: loops, copied source, capped or empty output."""

from __future__ import annotations

from tarjama.models.text.repetition import is_copy_of_source, is_repetition
from tarjama.models.types import QualityFlag


def quality_flags(
    source: str, translation: str, *, hit_length_cap: bool
) -> tuple[QualityFlag, ...]:
    """The flags of one translated segment, in QualityFlag order.

    Loops and copies are judged by models/text/repetition.py, as `tarjama eval check` does.
    """
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
