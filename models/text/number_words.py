"""Values of numbers spelled out in Arabic or English ("الخامس عشر", "thirty-six", "ستينيات")."""

from __future__ import annotations

import re
from decimal import Decimal

from tarjama.models.text.script import HARAKAT

_ENGLISH_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_ENGLISH_ORDINALS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
_ENGLISH_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
ENGLISH_WORDS: dict[str, float] = {
    **{word: value for value, word in enumerate(_ENGLISH_UNITS)},
    **{word: value for value, word in enumerate(_ENGLISH_ORDINALS)},
    **_ENGLISH_TENS,
    "dozen": 12, "dozens": 12, "hundred": 100, "hundreds": 100, "thousand": 1000,
    "thousands": 1000, "million": 10**6, "billion": 10**9, "half": 0.5, "twice": 2,
    "double": 2, "triple": 3, "once": 1,
}  # fmt: skip

# Units 1-10 in the cardinal (masculine, feminine) and ordinal forms news text uses.
_ARABIC_UNITS = {
    1: ("واحد", "واحدة", "أول", "أولى", "اول", "حادي", "حادية"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "ثاني", "ثانية", "ثان"),
    3: ("ثلاث", "ثلاثة", "ثالث", "ثالثة"),
    4: ("أربع", "أربعة", "اربع", "اربعة", "رابع", "رابعة"),
    5: ("خمس", "خمسة", "خامس", "خامسة"),
    6: ("ست", "ستة", "سادس", "سادسة"),
    7: ("سبع", "سبعة", "سابع", "سابعة"),
    8: ("ثمان", "ثماني", "ثمانية", "ثامن", "ثامنة"),
    9: ("تسع", "تسعة", "تاسع", "تاسعة"),
    10: ("عشر", "عشرة", "عاشر", "عاشرة"),
}
_ARABIC_TENS = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين", "اربعين", "اربعون"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_ARABIC_LARGE = {
    "مئة": 100, "مائة": 100, "مئات": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200,
    "مائتين": 200, "ألف": 1000, "الف": 1000, "آلاف": 1000, "ألفين": 2000, "ألفان": 2000,
    "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9, "مليارات": 10**9, "نصف": 0.5,
    "ضعف": 2, "مرتين": 2,
}  # fmt: skip
ARABIC_UNITS = {word: value for value, words in _ARABIC_UNITS.items() for word in words}
ARABIC_TENS = {word: value for value, words in _ARABIC_TENS.items() for word in words}
ARABIC_WORDS: dict[str, float] = {
    **ARABIC_UNITS,
    **ARABIC_TENS,
    **_ARABIC_LARGE,
    # "ثلاثمائة", "خمسمئة": hundreds written as one word
    **{f"{unit}{hundred}": value * 100 for value, unit in (
        (3, "ثلاث"), (4, "أربع"), (5, "خمس"), (6, "ست"), (7, "سبع"), (8, "ثمان"), (9, "تسع"))
       for hundred in ("مئة", "مائة")},
}  # fmt: skip
# Clitics glued in front of a number word: conjunctions, prepositions, the article.
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_DECADE_SUFFIX = "يات"  # "ستينيات" = the sixties
_TEEN_WORDS = {"عشر", "عشرة"}

_WORD = re.compile(r"[^\W\d_]+")


def _arabic_stem(word: str) -> tuple[str, str]:
    """(prefix, word without it) for the longest clitic prefix that leaves a number word."""
    if word in ARABIC_WORDS:
        return "", word
    for prefix in _PREFIXES:
        if word.startswith(prefix) and word[len(prefix) :] in ARABIC_WORDS:
            return prefix, word[len(prefix) :]
    return "", word


def _decade_values(word: str) -> list[float]:
    """ "ستينيات" / "الستينيات" -> 60, 1960, 1860 (the century is often named separately)."""
    for prefix in ("", *_PREFIXES):
        stem = word[len(prefix) :] if word.startswith(prefix) else ""
        if stem.endswith(_DECADE_SUFFIX) and stem[: -len(_DECADE_SUFFIX)] in ARABIC_TENS:
            tens = ARABIC_TENS[stem[: -len(_DECADE_SUFFIX)]]
            return [tens, 1900 + tens, 1800 + tens]
    return []


def arabic_word_values(text: str) -> set[Decimal]:
    """Numbers written as Arabic words, including "خمسة عشر" (15) and "خمسة وعشرين" (25)."""
    # Harakat are optional marks that would hide "التّاسع" = 9th.
    tokens = _WORD.findall(HARAKAT.sub("", text))
    values: set[float] = set()
    stems = [_arabic_stem(token) for token in tokens]
    for index, (_, stem) in enumerate(stems):
        values.update(_decade_values(tokens[index]))
        if stem not in ARABIC_WORDS:
            continue
        value = ARABIC_WORDS[stem]
        values.add(value)
        if index + 1 < len(stems) and stem in ARABIC_UNITS and value < 10:
            next_prefix, next_stem = stems[index + 1]
            if next_stem in _TEEN_WORDS and not next_prefix:
                values.add(value + 10)  # "خامس عشر" = 15th
            elif next_stem in ARABIC_TENS and next_prefix.startswith("و"):
                values.add(value + ARABIC_TENS[next_stem])  # "خمسة وعشرين" = 25
    return {Decimal(str(v)).normalize() for v in values}


def english_word_values(text: str) -> set[Decimal]:
    """Numbers written as English words, including "thirty-six" and "twenty one"."""
    tokens = _WORD.findall(text.lower())  # hyphens split: "four-month-old" -> four, month, old
    values: set[float] = set()
    for index, token in enumerate(tokens):
        if token not in ENGLISH_WORDS:
            continue
        values.add(ENGLISH_WORDS[token])
        if token in _ENGLISH_TENS and index + 1 < len(tokens):
            following = ENGLISH_WORDS.get(tokens[index + 1])
            if following is not None and 0 < following < 10:
                values.add(ENGLISH_WORDS[token] + following)
    return {Decimal(str(v)).normalize() for v in values}


def word_values(text: str) -> set[Decimal]:
    """Values of all spelled-out numbers of `text`, Arabic and English."""
    return arabic_word_values(text) | english_word_values(text)
