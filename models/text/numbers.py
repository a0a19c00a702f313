"""The one rule set for numbers in Arabic or English text: finding, comparing, supporting.

Used by text normalization (the digit map), the summarizers' invented-number checks, the
digest's figures table and `tarjama eval` (translation number checks, summary checks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from tarjama.models.text.number_words import word_values
from tarjama.models.text.script import (
    ARABIC_DECIMAL_SEPARATOR,
    ARABIC_INDIC_DIGITS,
    ARABIC_PERCENT_SIGN,
    ARABIC_THOUSANDS_SEPARATOR,
    EXTENDED_ARABIC_INDIC_DIGITS,
)

# Arabic-Indic (٠-٩) and Persian (۰-۹) digits, the Arabic decimal/thousands separators and
# the Arabic percent sign, mapped so that "٨٦٫٥٪" reads like "86.5%". Every entry maps one
# character to one character, so offsets in normalized text are offsets in the original.
DIGIT_MAP: dict[str, str] = {
    **{digit: str(value) for value, digit in enumerate(ARABIC_INDIC_DIGITS)},
    **{digit: str(value) for value, digit in enumerate(EXTENDED_ARABIC_INDIC_DIGITS)},
    ARABIC_DECIMAL_SEPARATOR: ".",
    ARABIC_THOUSANDS_SEPARATOR: ",",
    ARABIC_PERCENT_SIGN: "%",
}
_DIGIT_TABLE = str.maketrans(DIGIT_MAP)

_THOUSAND, _MILLION, _BILLION, _TRILLION = (Decimal(10) ** n for n in (3, 6, 9, 12))

# Scale words as whole words. Arabic ones may carry the accusative alif ("مليونا") or a
# plural ending; "ألف" is matched exactly because "الف..." also starts ordinary words.
_SCALE_WORDS = {
    "thousand": _THOUSAND,
    "thousands": _THOUSAND,
    "million": _MILLION,
    "millions": _MILLION,
    "billion": _BILLION,
    "billions": _BILLION,
    "trillion": _TRILLION,
    "trillions": _TRILLION,
    "ألف": _THOUSAND,
    "الف": _THOUSAND,
    "ألفا": _THOUSAND,
    "ألفًا": _THOUSAND,
    "آلاف": _THOUSAND,
    "مليون": _MILLION,
    "مليونا": _MILLION,
    "مليونًا": _MILLION,
    "ملايين": _MILLION,
    "مليار": _BILLION,
    "مليارا": _BILLION,
    "مليارًا": _BILLION,
    "مليارات": _BILLION,
    "بليون": _BILLION,
    "تريليون": _TRILLION,
    "ترليون": _TRILLION,
}
# Glued abbreviations ("$5bn", "3.2m"). "m" and "k" are ambiguous (metres, kilo-) so they
# keep the bare number as an alternative reading.
_ABBREVIATIONS = {"bn": (_BILLION, False), "tn": (_TRILLION, False)}
_AMBIGUOUS_ABBREVIATIONS = {"m": _MILLION, "mn": _MILLION, "k": _THOUSAND}

# Letters may touch the digits on the left: Arabic glues clitics to numbers ("ب5", "ال24"),
# and so may a dot ("p.109"), but not a digit with a separator (the middle of "1,500").
# Clock times come first so "12:00" is one number, the same as "1200 GMT".
_NUMBER_RE = re.compile(
    r"(?P<time>(?<!\d)(?P<hours>\d{1,2}):(?P<minutes>\d{2})(?!\d))"
    r"|(?<!\d)(?<!\d[.,])(?P<number>\d+(?:[.,]\d+)*)"
    r"(?:(?P<glued>bn|tn|mn|m|k)(?!\w)|(?P<ordinal>st|nd|rd|th)\b)?"
    r"(?:\s*(?P<percent>%|per\s?cent\b|percent\b))?"
    r"(?:\s+(?P<scale>[^\W\d_]+))?"
)


@dataclass(frozen=True)
class NumberMention:
    """A number as written, with the values it can stand for (the first is the likeliest)."""

    surface: str
    values: tuple[Decimal, ...]
    bare: Decimal  # the digits alone, without a scale word: "86" of "86 million"
    is_percent: bool = False
    start: int = 0  # where `surface` starts and ends in the text
    end: int = 0
    scale_word: str = ""  # "million", "bn", "مليار" as written; "" when none
    is_ordinal: bool = False  # "24th": a rank, not a quantity

    @property
    def value(self) -> Decimal:
        """The likeliest value."""
        return self.values[0]


@dataclass(frozen=True)
class NumberComparison:
    """Source numbers absent from the target, or present with a different magnitude."""

    missing: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    source_count: int = 0
    target_count: int = 0
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed)


def normalize_digits(text: str) -> str:
    """ASCII digits and separators: "٨٦ مليون" -> "86 مليون", "٥٫٧" -> "5.7"."""
    return text.translate(_DIGIT_TABLE)


def _readings(digits: str) -> list[Decimal]:
    """Possible values of a digit string with separators, likeliest first."""
    if "," in digits and "." in digits:
        # Whichever separator comes last is the decimal one: "1,234.5" or "1.234,5".
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        return [Decimal(digits.replace(group_mark, "").replace(decimal_mark, "."))]
    for mark in (",", "."):
        if mark not in digits:
            continue
        head, *groups = digits.split(mark)
        grouped = len(head) <= 3 and all(len(g) == 3 for g in groups)
        as_integer = Decimal(digits.replace(mark, ""))
        if len(groups) == 1:
            as_decimal = Decimal(f"{head}.{groups[0]}")
            # "5,7 مليار" is 5.7 (decimal comma), "1,500" is 1500; "1.500" is ambiguous.
            if mark == "," and grouped:
                return [as_integer, as_decimal]
            if mark == "." and grouped:
                return [as_decimal, as_integer]
            return [as_decimal]
        return [as_integer] if grouped else [Decimal(g) for g in [head, *groups]]
    return [Decimal(digits)]


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written with digits in `text` (Arabic or English), scale words applied."""
    mentions: list[NumberMention] = []
    for match in _NUMBER_RE.finditer(normalize_digits(text)):
        if match.group("time"):
            mentions.append(_time_mention(match))
            continue
        try:
            readings = _readings(match.group("number"))
        except InvalidOperation:
            continue
        scale, keep_bare, consumed_scale = Decimal(1), False, False
        glued = (match.group("glued") or "").lower()
        word = (match.group("scale") or "").lower()
        if glued in _ABBREVIATIONS:
            scale = _ABBREVIATIONS[glued][0]
        elif glued in _AMBIGUOUS_ABBREVIATIONS:
            scale, keep_bare = _AMBIGUOUS_ABBREVIATIONS[glued], True
        elif word in _SCALE_WORDS:
            scale, consumed_scale = _SCALE_WORDS[word], True
        end = (
            match.end("scale")
            if consumed_scale
            else max(match.end("number"), match.end("glued"), match.end("percent"))
        )
        separate = readings if _is_date_like(match.group("number"), readings) else [None]
        scale_word = glued or (word if consumed_scale else "")
        for reading in separate:
            candidates = readings if reading is None else [reading]
            values = [(v * scale).normalize() for v in candidates]
            if keep_bare:
                values += [v.normalize() for v in candidates]
            mentions.append(
                NumberMention(
                    surface=match.string[match.start() : end].strip()
                    if reading is None
                    else str(reading),
                    values=tuple(dict.fromkeys(values)),
                    bare=candidates[0].normalize(),
                    is_percent=bool(match.group("percent")),
                    start=match.start(),
                    end=end,
                    scale_word=scale_word,
                    is_ordinal=bool(match.group("ordinal")),
                )
            )
    return mentions


def _time_mention(match: re.Match[str]) -> NumberMention:
    """ "09:19" may be written "9:19", "0919" or "9.19"; "12:00" also as "12"."""
    hours, minutes = int(match.group("hours")), int(match.group("minutes"))
    values = [Decimal(hours * 100 + minutes), Decimal(f"{hours}.{minutes:02d}").normalize()]
    if minutes == 0:
        values.append(Decimal(hours))
    return NumberMention(
        match.group("time"),
        tuple(values),
        Decimal(hours * 100 + minutes),
        start=match.start(),
        end=match.end(),
    )


def _is_date_like(digits: str, readings: list[Decimal]) -> bool:
    """ "12.05.2024": several separate numbers rather than one value."""
    return len(readings) > 1 and sum(ch in ".," for ch in digits) > 1


def _value_sets(mentions: Iterable[NumberMention]) -> tuple[set[Decimal], set[Decimal]]:
    scaled: set[Decimal] = set()
    bare: set[Decimal] = set()
    for mention in mentions:
        scaled.update(mention.values)
        bare.add(mention.bare)
    return scaled, bare


def compare_numbers(source: str, target: str) -> NumberComparison:
    """Check that every number of `source` appears in `target` with the same value.

    A number is "changed" when its digits appear but with another magnitude (86 million ->
    86 billion), "missing" when neither appears; target numbers that the source lacks are
    "added". Numbers written as words on the other side ("three" for "3") count as present.
    """
    source_mentions, target_mentions = find_numbers(source), find_numbers(target)
    target_scaled, target_bare = _value_sets(target_mentions)
    target_words = word_values(target)
    missing, changed, details = [], [], {}
    for mention in source_mentions:
        if any(v in target_scaled or v in target_words for v in mention.values):
            continue
        if mention.bare in target_bare:
            changed.append(mention.surface)
            others = [m.surface for m in target_mentions if m.bare == mention.bare]
            details[mention.surface] = f"written as {', '.join(others)}"
        else:
            missing.append(mention.surface)
    source_scaled, source_bare = _value_sets(source_mentions)
    source_words = word_values(source)
    added = [
        m.surface
        for m in target_mentions
        if not any(v in source_scaled or v in source_words for v in m.values)
        and m.bare not in source_bare
    ]
    return NumberComparison(
        missing=tuple(missing),
        changed=tuple(changed),
        added=tuple(added),
        source_count=len(source_mentions),
        target_count=len(target_mentions),
        details=details,
    )


def supported_values(sources: Iterable[str]) -> set[Decimal]:
    """Every value a summary number may take to be supported by `sources`: scaled values,
    the bare digits ("1.5" of "1.5 million") and numbers written as words."""
    supported: set[Decimal] = set()
    for source in sources:
        scaled, bare = _value_sets(find_numbers(source))
        supported |= scaled | bare | word_values(source)
    return supported


def number_values(text: str) -> set[Decimal]:
    """The likeliest value of every digit number in `text` (to tell figures apart)."""
    return {mention.value for mention in find_numbers(text)}


def unsupported_numbers(text: str, sources: Iterable[str]) -> list[str]:
    """Numbers of `text` (a summary) that appear in none of `sources` with the same value.

    Values are compared, not spellings: "1.5 million" is supported by "1,500,000", "40%" by
    "40 percent", "3" by "three".
    """
    supported = supported_values(sources)
    missing: list[str] = []
    for mention in find_numbers(text):
        if not any(v in supported for v in mention.values) and mention.surface not in missing:
            missing.append(mention.surface)
    return missing
