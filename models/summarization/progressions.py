"""Values that change over time: progressions, and guesses that are no steps of one.

A progression is the figures of one subject and unit in date order ("the death toll: 80,000
(29 Dec) -> 120,000 (1 Jan)"); a change over time is no disagreement. A figure in a clause
that only says it may be so ("could climb beyond 150,000") is marked HEDGED by the figures
reader and is never a step; nor is a figure for a period ("from 2018 to 2023").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from tarjama.models.summarization.figure_subjects import figure_group, group_key
from tarjama.models.summarization.phrases import is_generic, stem_phrase
from tarjama.models.summarization.types import Figure

HEDGED = "possibly"  # the qualifier's first word on a forecast or a guess
_PERIOD = re.compile(r"(?:19|20)\d\d\s*(?:-|–|to|and)\s*(?:19|20)?\d\d")


def is_hedged(figure: Figure) -> bool:
    """A forecast or a guess ("could climb beyond 150,000"), not a reported value."""
    return figure.qualifier.split(" ", 1)[0] == HEDGED


def progressions(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures of one group and unit whose value changes over time, in date order: "the
    death toll: 80,000 (29 Dec) -> 120,000 (1 Jan)". A change over time is no disagreement."""
    by_subject: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        # One subject: a noun phrase that names the group ("death toll" in "death"), not an
        # amount someone gave ("pledged by Japan": each giver is a subject of its own).
        if figure.unit == "%" or " by " in figure.what or is_generic(figure.group):
            continue
        if is_hedged(figure):
            continue  # "could climb beyond 150,000" is a forecast, not a step
        names_group = group_key(figure.group) in stem_phrase(figure.what)
        if not names_group and figure_group(figure.what, "", "") != figure.group:
            continue
        by_subject.setdefault((group_key(figure.group), figure.unit), []).append(figure)
    found = []
    for members in by_subject.values():
        # A figure for a period ("from 2018 to 2023") is no point in time.
        dated = [f for f in members if f.holds_at and not _PERIOD.search(f.when)]
        if not dated:
            continue
        # A different order of magnitude counts something else ("5 million homeless").
        middle = sorted(Decimal(f.value) for f in dated)[len(dated) // 2]
        dated = [f for f in dated if middle / 10 <= Decimal(f.value) <= middle * 10]
        if len({f.holds_at for f in dated}) >= 2 and len({f.value for f in dated}) >= 2:
            found.append(sorted(dated, key=lambda f: (f.holds_at, Decimal(f.value))))
    found.sort(key=lambda steps: -len({r.article_index for f in steps for r in f.sources}))
    return found
