"""Number extraction and source/translation number consistency on Arabic examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tarjama.models.text.number_words import word_values
from tarjama.models.text.numbers import (
    compare_numbers,
    find_numbers,
    normalize_digits,
    unsupported_numbers,
)


def values(text: str) -> list[tuple[Decimal, ...]]:
    return [m.values for m in find_numbers(text)]


def test_arabic_indic_digits_and_separators_are_normalized():
    assert normalize_digits("٨٦ مليون و٥٫٧ و١٬٥٠٠ و۱۲٪") == "86 مليون و5.7 و1,500 و12%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بلغت التجارة ٨٦ مليون يورو", Decimal(86_000_000)),
        ("بقيمة 5,7 مليار دولار", Decimal("5.7E9")),
        ("نمو بنسبة ١٫٥٪", Decimal("1.5")),
        ("reached 86 million euros", Decimal(86_000_000)),
        ("a $1.5bn deal", Decimal("1.5E9")),
        ("1,500 people", Decimal(1500)),
        ("ثلاثة آلاف", None),  # no digits: not a digit mention
    ],
)
def test_values_with_scale_words(text, expected):
    found = values(text)
    if expected is None:
        assert found == []
    else:
        assert found[0][0] == expected


def test_thousands_comma_is_ambiguous_but_decimal_comma_is_not():
    assert values("1,500") == [(Decimal(1500), Decimal("1.5"))]
    assert values("5,7") == [(Decimal("5.7"),)]


def test_percent_and_clitic_glued_digits():
    (mention,) = find_numbers("ارتفع بـ٥٪")
    assert mention.is_percent and mention.values == (Decimal(5),)
    assert values("خلال ال24 ساعة") == [(Decimal(24),)]


def test_translation_keeping_every_number_is_consistent():
    source = "وقّع الزعيمان ٢٠ اتفاقية، وبلغت التجارة ٨٦ مليون يورو، و٥,٧ مليار، بنمو ١.٥٪."
    target = (
        "The leaders signed 20 agreements; trade reached 86 million euros, 5.7 billion, up 1.5%."
    )
    comparison = compare_numbers(source, target)
    assert comparison.ok
    assert comparison.missing == comparison.changed == comparison.added == ()
    assert comparison.source_count == 4


def test_changed_magnitude_missing_and_added_numbers_are_reported():
    source = "بلغت التجارة ٨٦ مليون يورو و٥,٧ مليار دولار"
    target = "Trade reached 86 billion euros and 57 billion dollars in 2024"
    comparison = compare_numbers(source, target)
    assert comparison.changed == ("86 مليون",)
    assert "86 billion" in comparison.details["86 مليون"]
    assert comparison.missing == ("5,7 مليار",)
    assert comparison.added == ("57 billion", "2024")
    assert not comparison.ok


def test_percent_written_as_a_word_still_matches():
    assert compare_numbers("ارتفع بنسبة ٪١٢", "rose by 12 percent").ok
    assert compare_numbers("ارتفع بنسبة ١٢٪", "rose by 12%").ok


def test_numbers_spelled_out_on_either_side_count_as_present():
    assert compare_numbers("فئران عمرها 4 أشهر", "four-month-old rats").ok
    comparison = compare_numbers("في القرن الخامس عشر و الرابع والعشرين", "in the 15th and 24th")
    assert comparison.added == ()
    assert compare_numbers("في ستينيات القرن الماضي", "in the 1960s").added == ()


def test_clock_times_match_other_spellings():
    assert compare_numbers("الساعة ١٢:٠٠ بتوقيت جرينتش", "at 1200 GMT").ok
    assert compare_numbers("الساعة ٠٩:١٩", "at 9:19").ok
    assert not compare_numbers("الساعة ٠٧:١٩", "at 9:19").ok


def test_word_values_cover_compound_numbers():
    assert {Decimal(15), Decimal(25)} <= word_values("الخامس عشر والخمسة والعشرون")
    assert Decimal(36) in word_values("Thirty-six of 116")


def test_unsupported_summary_numbers():
    sources = ["بلغت التجارة ٨٦ مليون يورو عام ٢٠٢٤"]
    assert unsupported_numbers("Trade reached 86 million euros in 2024.", sources) == []
    assert unsupported_numbers("Trade reached 86 billion euros, up 12%.", sources) == [
        "86 billion",
        "12%",
    ]
