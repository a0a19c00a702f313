"""The Arabic script module: one letter class, harakat, tatweel, digits and punctuation."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tarjama.models.text.script import (
    ARABIC_INDIC_DIGITS,
    ARABIC_WORD,
    EXTENDED_ARABIC_INDIC_DIGITS,
    HARAKAT,
    PRESENTATION_FORM_RANGES,
    PUNCTUATION_RANGES,
    SCRIPT_RANGES,
    TATWEEL,
    arabic_letter_share,
    has_arabic_letter,
    is_arabic_letter,
    is_letter,
)

SCRIPT = re.compile(f"[{SCRIPT_RANGES}]")


def _block_characters() -> list[str]:
    blocks = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF)]
    blocks.append((0xFE70, 0xFEFE))
    return [chr(code) for start, end in blocks for code in range(start, end + 1)]


def test_letter_class_is_the_alphabetic_characters_of_the_arabic_blocks():
    # The written ranges must be exactly what Unicode calls letters in the blocks, less
    # tatweel and the spacing harakat forms U+FE70-U+FE7F.
    for char in _block_characters():
        expected = char.isalpha() and char != TATWEEL and not 0xFE70 <= ord(char) <= 0xFE7F
        assert is_arabic_letter(char) == expected, f"U+{ord(char):04X}"
        assert SCRIPT.match(char)


def test_nothing_outside_the_blocks_is_arabic():
    outside = "aZéßΩжא中ー1٫" + "\ufeff\u200c" + "\U0001ee00"  # BOM, ZWNJ, math symbol
    assert [char for char in outside if is_arabic_letter(char)] == []
    assert not SCRIPT.match("\ufeff")  # the BOM sits in Forms-B but is not Arabic


@pytest.mark.parametrize(
    ("char", "why"),
    [
        ("ب", "basic letter"),
        ("ء", "hamza"),
        ("ٱ", "alef wasla"),
        ("پ", "Persian peh (Pakistan, Pompeo)"),
        ("چ", "Persian tcheh (Chechnya)"),
        ("ژ", "Persian jeh"),
        ("گ", "Persian gaf (Gaza in Egyptian spellings)"),
        ("ڤ", "veh (Volkswagen, Vladimir)"),
        ("ک", "keheh"),
        ("ی", "Farsi yeh"),
        ("ے", "Urdu yeh barree"),
        ("ە", "Kurdish ae"),
        ("ٮ", "dotless beh"),
        ("ﻣ", "presentation form meem, initial"),
        ("ﷲ", "ligature Allah"),
        ("ﻻ", "ligature lam-alef"),
        ("ݐ", "Arabic Supplement"),
        ("ࢠ", "Arabic Extended-A"),
    ],
)
def test_letters(char, why):
    assert is_arabic_letter(char), why
    assert is_letter(char)


@pytest.mark.parametrize(
    ("char", "why"),
    [
        (TATWEEL, "tatweel stretches, it is not a letter"),
        ("\u064e", "fatha"),
        ("\u0651", "shadda"),
        ("\u0670", "dagger alef is a mark"),
        ("\ufe70", "spacing fathatan"),
        ("\ufe7c", "spacing shadda"),
        ("٣", "Arabic-Indic digit"),
        ("۳", "Extended Arabic-Indic digit"),
        ("،", "comma"),
        ("؟", "question mark"),
        ("\u061c", "Arabic letter mark"),
        ("\u06dd", "end of ayah"),
    ],
)
def test_not_letters(char, why):
    assert not is_arabic_letter(char), why
    assert not is_letter(char)
    assert SCRIPT.match(char)


def test_harakat_range():
    for code in range(0x064B, 0x0660):
        assert HARAKAT.match(chr(code)) and unicodedata.category(chr(code)) == "Mn"
    assert HARAKAT.match("\u0670")
    assert HARAKAT.sub("", "مُحَمَّدٌ") == "محمد"
    assert HARAKAT.sub("", "ا\u0654") == "ا"  # decomposed hamza above is a mark too
    assert not HARAKAT.search("محمد" + TATWEEL)


def test_digits():
    assert [unicodedata.decimal(d) for d in ARABIC_INDIC_DIGITS] == list(range(10))
    assert [unicodedata.decimal(d) for d in EXTENDED_ARABIC_INDIC_DIGITS] == list(range(10))
    assert all(unicodedata.name(d).startswith("ARABIC-INDIC") for d in ARABIC_INDIC_DIGITS)


def test_punctuation_range_is_every_punctuation_character_of_the_blocks():
    punctuation = re.compile(f"[{PUNCTUATION_RANGES}]")
    for char in _block_characters():
        is_punctuation = unicodedata.category(char).startswith("P")
        assert bool(punctuation.match(char)) == is_punctuation, f"U+{ord(char):04X}"
    assert all(punctuation.match(char) for char in "،؛؟۔٪٫٬")


def test_presentation_forms_are_in_the_script():
    forms = re.compile(f"[{PRESENTATION_FORM_RANGES}]")
    assert forms.match("ﻣ") and forms.match("\ufefc") and not forms.match("\ufeff")


def test_arabic_words_keep_harakat_and_tatweel():
    assert ARABIC_WORD.findall("He met مُحَمَّد in الـقـاهرة and و") == ["مُحَمَّد", "الـقـاهرة"]
    assert ARABIC_WORD.findall("ﻣﺮﺣﺒﺎ means hello") == ["ﻣﺮﺣﺒﺎ"]
    assert ARABIC_WORD.findall("ـــ ٢٠٢٤ ،") == []  # tatweel, digits, punctuation: no word


def test_arabic_letter_share():
    assert arabic_letter_share("") == 0.0
    assert arabic_letter_share("2024 !") == 0.0
    assert arabic_letter_share("قال") == 1.0
    assert arabic_letter_share("BBC قال") == 0.5
    # Tatweel and harakat are neither side of the share.
    assert arabic_letter_share("قـــال Ab") == pytest.approx(3 / 5)
    assert arabic_letter_share("قَالَ Abc") == 0.5
    assert has_arabic_letter("In ﻣﺼﺮ") and not has_arabic_letter("٢٠٢٤، ـ")
