"""One entity under several names: a small shipped alias table and name-variant matching.

The table (ALIASES) lists names news writes several ways for one country or body; a phrase
is looked up by its words as written, so the pronoun "us" is never the US. Add a row when a
corpus shows another; each row's first entry is the key that names the group.

Variant matching covers what no table can: one Arabic name that translation or agencies spell
several ways ("Tokayev" / "Tokaev", "Mohammed" / "Muhammad"). Two capitalized names are one
when they agree on their consonant skeleton (letters without vowels and y/w/h, doubled
letters once) and differ by at most MAX_VARIANT_EDITS edits; short names (under
MIN_VARIANT_LENGTH letters) are never merged this way, there the risk of joining two
different names is too high.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

ALIASES: tuple[tuple[str, ...], ...] = (
    ("united kingdom", "uk", "u.k.", "britain", "great britain", "british"),
    ("united states", "us", "u.s.", "usa", "u.s.a.", "america", "american", "americans"),
    ("united nations", "un", "u.n."),
    ("european union", "eu", "e.u."),
    ("united arab emirates", "uae", "u.a.e.", "emirates"),
    ("saudi arabia", "ksa", "saudi", "saudis"),
    ("soviet union", "ussr", "u.s.s.r."),
    ("world health organization", "who", "w.h.o."),
)
# Rows that name a country (a place), not a body ("U.S." is no organization).
COUNTRY_ALIASES = frozenset(
    {"united kingdom", "united states", "united arab emirates", "saudi arabia", "soviet union"}
)
# Entries that are also common words: they count only written in capitals ("US", not "us").
_CAPITALS_ONLY = frozenset({"us", "un", "who", "eu"})
MIN_VARIANT_LENGTH = 5
MAX_VARIANT_EDITS = 2


@cache
def _table() -> dict[str, str]:
    return {alias: row[0] for row in ALIASES for alias in row}


def _key(surface: str) -> str:
    return " ".join(surface.replace("’", "'").removesuffix("'s").lower().split())


def canonical_alias(surface: str) -> str | None:
    """The group key of a name as written ("U.K." -> "united kingdom"), or None."""
    key = _key(surface)
    target = _table().get(key)
    if target is None:
        target = _table().get(key.replace(".", "")) if "." in key else None
    if target is None:
        return None
    bare = key.replace(".", "")
    if bare in _CAPITALS_ONLY and not surface.replace(".", "").isupper():
        return None
    return target


def skeleton(name: str) -> str:
    """ "Tokayev" and "Tokaev" -> "tkv": the first letter, then consonants, doubles once."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    if not letters:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", letters[1:])
    return re.sub(r"(.)\1+", r"\1", letters[0] + rest)


def edit_distance(a: str, b: str, limit: int = MAX_VARIANT_EDITS) -> int:
    """Levenshtein distance, stopping early past `limit` (returns limit + 1 then)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def are_variants(a: str, b: str) -> bool:
    """Two spellings of one name ("Tokayev", "Tokaev"), by the rules above."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_VARIANT_LENGTH or a[0] != b[0]:
        return False
    return skeleton(a) == skeleton(b) and edit_distance(a, b) <= MAX_VARIANT_EDITS


def variant_groups(names: Iterable[tuple[str, int]]) -> dict[str, str]:
    """Each name mapped to the most used spelling of its variants (names with their counts)."""
    ranked = sorted(names, key=lambda item: (-item[1], item[0]))
    canonical: dict[str, str] = {}
    heads: list[str] = []
    for name, _ in ranked:
        home = next((h for h in heads if are_variants(name, h)), None)
        if home is None:
            heads.append(name)
            home = name
        canonical[name] = home
    return canonical
