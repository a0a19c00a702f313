"""Number extraction and the invented-number check used on every summary sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tarjama.models.summarization.attribution import attribute_sentences, check_numbers
from tarjama.models.summarization.types import SentenceRef
from tarjama.models.text.numbers import find_numbers, unsupported_numbers


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Trade rose to 1,500 tonnes.", ["1500"]),
        ("Rates rose by 1.5 points.", ["1.5"]),
        ("Some 86 million people voted.", ["86000000"]),
        ("Exports fell 40% and imports 12 percent.", ["40", "12"]),
        ("A $3.5bn deal signed in 2024.", ["3500000000", "2024"]),
        ("The 5th round, 2027-2028.", ["5", "2027", "2028"]),
        ("٣٠ قتيلا", ["30"]),
        ("No figures here.", []),
    ],
)
def test_find_numbers_resolves_separators_scales_and_percents(text, values):
    assert [mention.value for mention in find_numbers(text)] == [Decimal(v) for v in values]


def test_percent_is_recognised():
    assert [m.is_percent for m in find_numbers("40% of 12 people")] == [True, False]


@pytest.mark.parametrize(
    ("summary", "sources", "missing"),
    [
        ("About 1.5 million visitors came.", ["Visitors reached 1,500,000."], ()),
        ("Trade fell by 40%.", ["Trade fell by 40 percent."], ()),
        ("Trade fell by 45%.", ["Trade fell by 40 percent."], ("45%",)),
        ("They signed 20 deals worth $1 billion.", ["20 deals were signed."], ("$1 billion",)),
        ("A 1.5 rise.", ["a 1.5 million rise"], ()),  # the bare mantissa is supported
    ],
)
def test_unsupported_numbers_compares_values_not_spellings(summary, sources, missing):
    found = unsupported_numbers(summary, sources)
    assert tuple(f.lstrip("$") for f in found) == tuple(m.lstrip("$") for m in missing)


def test_attribution_cites_the_sentence_a_number_came_from():
    sources = [
        (SentenceRef(0, 0), "The president met the prime minister in the capital."),
        (SentenceRef(0, 1), "Trade between the two countries reached 86 million euros."),
        (SentenceRef(0, 2), "The weather was warm."),
    ]
    [sentence] = attribute_sentences(
        ["The president and the prime minister noted trade of 86 million euros."], sources
    )
    assert SentenceRef(0, 1) in sentence.sources
    assert sentence.unsupported_numbers == ()


def test_attribution_flags_numbers_found_in_no_source():
    sources = [(SentenceRef(0, 0), "The president met the prime minister in the capital.")]
    [sentence] = attribute_sentences(["The president met 300 ministers."], sources)
    assert sentence.sources == (SentenceRef(0, 0),)
    assert sentence.unsupported_numbers == ("300",)


def test_check_numbers_keeps_fixed_sources():
    sources = [(SentenceRef(0, 3), "Losses hit 12 percent."), (SentenceRef(1, 0), "12% lost.")]
    checked = check_numbers("Both report 12% losses and 7 closures.", sources)
    assert checked.sources == (SentenceRef(0, 3), SentenceRef(1, 0))
    assert checked.unsupported_numbers == ("7",)
