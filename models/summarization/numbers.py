"""Finds numbers in English text and checks that a summary's numbers appear in its sources."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Translations occasionally keep Arabic-Indic or Persian digits; compare them as ASCII.
_DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")

_SCALE_WORDS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
}

# "1,500,000" | "1.5" | "40" followed by an optional percent sign or scale word.
# The thousands alternative comes first so "1,500" is one number, not "1" and "500".
_NUMBER_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<ordinal>st|nd|rd|th)?"
    r"(?:\s*(?P<percent>%|per\s?cent\b|percent\b))?"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>mn|bn|tn|m)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    """A number as written in the text and the values it may stand for."""

    surface: str
    value: Decimal
    is_percent: bool = False
    mantissa: Decimal | None = None  # "1.5" of "1.5 million", so a bare "1.5" can match it


def normalize_digits(text: str) -> str:
    return text.translate(_DIGIT_TABLE)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, with thousands separators, percents and scale words resolved."""
    mentions = []
    for match in _NUMBER_RE.finditer(normalize_digits(text)):
        try:
            base = Decimal(match.group("number").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid decimals
            continue
        # Abbreviations count only when glued to the digits ("5m", "3.5bn"): "5 m" is metres.
        scale_word = (match.group("scale") or match.group("abbr") or "").lower()
        scale = _SCALE_WORDS.get(scale_word, Decimal(1))
        surface = match.group(0).strip()
        mentions.append(
            NumberMention(
                surface=surface,
                value=(base * scale).normalize(),
                is_percent=bool(match.group("percent")),
                mantissa=base.normalize() if scale != 1 else None,
            )
        )
    return mentions


def supported_values(source_texts: Iterable[str]) -> set[Decimal]:
    """Values a summary number may take to be supported by these texts."""
    values: set[Decimal] = set()
    for text in source_texts:
        for mention in find_numbers(text):
            values.add(mention.value)
            if mention.mantissa is not None:
                values.add(mention.mantissa)
    return values


def unsupported_numbers(summary_sentence: str, source_texts: Iterable[str]) -> tuple[str, ...]:
    """Numbers of `summary_sentence` whose value appears in none of `source_texts`.

    Values are compared, not spellings, so "1.5 million" is supported by "1,500,000"
    and "40%" by "40 percent".
    """
    supported = supported_values(source_texts)
    missing: list[str] = []
    for mention in find_numbers(summary_sentence):
        if mention.value not in supported and mention.surface not in missing:
            missing.append(mention.surface)
    return tuple(missing)


def number_values(text: str) -> set[Decimal]:
    """The set of values mentioned in `text` (used to spot figures an article adds)."""
    return {mention.value for mention in find_numbers(text)}
