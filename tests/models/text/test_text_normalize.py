"""Tests for Arabic Unicode normalization (tarjama.models.text.normalize)."""

from __future__ import annotations

import pytest

from tarjama.models.text.normalize import normalize_arabic


def test_farsi_yeh_in_seed_001_becomes_arabic_yeh(seeds):
    normalized = normalize_arabic(seeds.text("001"))
    assert "زرداری" in seeds.text("001")
    assert "\u06cc" not in normalized
    assert "الرئيس آصف علي زرداري عن استعداد" in normalized


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("کتاب", "كتاب"),  # keheh
        ("ہذا ھو", "هذا هو"),  # heh goal, heh doachashmee
        ("ۃ", "ة"),
        ("ے", "ي"),
    ],
)
def test_persian_and_urdu_letters(raw, expected):
    assert normalize_arabic(raw) == expected


def test_presentation_forms_are_folded():
    assert normalize_arabic("ﻻ ﺑﺄﺱ") == "لا بأس"
    assert normalize_arabic("ﷲ") == "الله"
    # An isolated-form haraka keeps no stray space in front of it.
    assert normalize_arabic("ﹰ") == "\u064b"


def test_other_compatibility_characters_are_not_nfkc_folded():
    assert normalize_arabic("ﬁ ² Ｃ５") == "ﬁ ² Ｃ５"


def test_tatweel_removed():
    assert normalize_arabic("وكالة أنباء كازاخستان/ أصـــداء") == "وكالة أنباء كازاخستان/ أصداء"
    assert normalize_arabic("الاجتماع الـ24") == "الاجتماع ال24"


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u2060"],
)
def test_bidi_and_zero_width_characters_removed(invisible):
    assert normalize_arabic(f"{invisible}قال{invisible} الرئيس{invisible}") == "قال الرئيس"


def test_joiners_removed_in_arabic_but_kept_in_emoji():
    assert normalize_arabic("نص\u200cعربي \u200dكلمة") == "نصعربي كلمة"
    assert normalize_arabic("👩\u200d💻") == "👩\u200d💻"


def test_odd_spaces_become_one_space_and_lines_are_stripped():
    assert normalize_arabic("\u00a0قال\u00a0\u00a0الرئيس\u2009 \t إن\u202f") == "قال الرئيس إن"
    assert normalize_arabic("\u00a0") == ""


def test_line_breaks_are_kept_one_per_break():
    assert normalize_arabic("أ\r\nب\rج\u2028د\n\nه") == "أ\nب\nج\nد\n\nه"


def test_digits_and_number_separators_become_ascii():
    assert normalize_arabic("٨٦ مليون") == "86 مليون"
    assert normalize_arabic("۱۲۳۴") == "1234"
    assert normalize_arabic("٣٫٥ و١٬٠٠٠ و٥٪") == "3.5 و1,000 و5%"


def test_curly_quotes_and_guillemets_are_kept():
    text = "قال: “نعم” و«لا» و‘ربما’"
    assert normalize_arabic(text) == text


def test_prime_after_digit_becomes_closing_quote():
    assert normalize_arabic("مشروع “كاسا-1000″، باعتباره") == "مشروع “كاسا-1000”، باعتباره"
    assert normalize_arabic("″نص″ هنا") == "“نص” هنا"


def test_odd_quote_variants_are_unified():
    assert normalize_arabic("„نص‟") == "“نص“"
    assert normalize_arabic("＂نص＂") == '"نص"'


def test_latin_words_and_acronyms_untouched():
    text = "رحّب بإكمال قرغيزستان لش segment من مشروع C5 وYDA (QTTA)"
    assert normalize_arabic(text) == text


def test_harakat_are_kept():
    assert normalize_arabic("عُقدت مراسم وجدّد") == "عُقدت مراسم وجدّد"


def test_control_characters_removed():
    assert normalize_arabic("قال\x00 الرئيس\x07") == "قال الرئيس"


def test_normalization_is_idempotent_and_keeps_line_count(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
    assert len(once.split("\n")) == len(text.splitlines()) + text.endswith("\n")
