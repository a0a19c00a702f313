"""Quote-aware sentence splitting: quotations that span sentences (issue 12)."""

from __future__ import annotations

import pytest

from tarjama.models.text.segment import split_sentences


def test_straight_quote_closing_a_multi_sentence_quotation_ends_the_sentence():
    # The opening quote is in the sentence before, so parity alone says the quote "opens".
    text = (
        'وقال المدير: "بدأنا الإنتاج الشهر الماضي. الدفعة الأولى أصبحت جاهزة للبيع." '
        "وأضاف أن الطلب مرتفع."
    )
    assert split_sentences(text) == [
        'وقال المدير: "بدأنا الإنتاج الشهر الماضي.',
        'الدفعة الأولى أصبحت جاهزة للبيع."',
        "وأضاف أن الطلب مرتفع.",
    ]


@pytest.mark.parametrize("mark", [".", "!", "?", "؟", "…"])
def test_every_terminal_mark_before_the_closing_quote(mark):
    text = f'قال: "الأولى. الثانية{mark}" ثم غادر القاعة.'
    assert split_sentences(text) == ['قال: "الأولى.', f'الثانية{mark}"', "ثم غادر القاعة."]


def test_three_sentence_quotation_keeps_its_closing_quote():
    text = 'قالت: "أولا. ثانيا. ثالثا." وانتهى الاجتماع.'
    assert split_sentences(text) == ['قالت: "أولا.', "ثانيا.", 'ثالثا."', "وانتهى الاجتماع."]


def test_single_straight_quote_after_full_stop_closes_too():
    text = "قال: 'سنعود. الموعد قريب.' وابتسم."
    assert split_sentences(text) == ["قال: 'سنعود.", "الموعد قريب.'", "وابتسم."]


def test_curly_closing_quotes_after_full_stop():
    # ” always closes; “ is what RTL typing often leaves at the end of a quotation.
    assert split_sentences("قال: “الأولى. الثانية.” وأضاف شيئا.") == [
        "قال: “الأولى.",
        "الثانية.”",
        "وأضاف شيئا.",
    ]
    assert split_sentences("قال: ”الأولى. الثانية.“ وأضاف شيئا.") == [
        "قال: ”الأولى.",
        "الثانية.“",
        "وأضاف شيئا.",
    ]


def test_quote_closing_at_the_end_of_the_paragraph():
    assert split_sentences('قال: "الأولى. الثانية."') == ['قال: "الأولى.', 'الثانية."']


def test_opening_quote_after_full_stop_goes_with_the_next_sentence():
    # An opening quote sits against the next word, not against the full stop.
    assert split_sentences('انتهى الاجتماع. "نحن مستعدون" قال الوزير.') == [
        "انتهى الاجتماع.",
        '"نحن مستعدون" قال الوزير.',
    ]
    # Missing space: the quote touches the next word, so it opens the next sentence.
    assert split_sentences('انتهى الاجتماع."نحن مستعدون" قال الوزير.') == [
        "انتهى الاجتماع.",
        '"نحن مستعدون" قال الوزير.',
    ]


def test_quote_before_the_full_stop_still_one_sentence():
    text = 'وقال إن الوضع "مستقر". وأضاف أن المحادثات مستمرة.'
    assert split_sentences(text) == ['وقال إن الوضع "مستقر".', "وأضاف أن المحادثات مستمرة."]


def test_quote_after_full_stop_followed_by_lower_case_latin_is_not_a_boundary():
    # "e.g." style: a lower-case Latin word after the punctuation continues the sentence.
    text = 'He said "it works." and left.'
    assert split_sentences(text) == [text]


def test_quoted_decimal_and_abbreviation_are_not_boundaries():
    text = 'قال د. أحمد: "النمو بلغ 2.5 في المئة." وتوقع المزيد.'
    assert split_sentences(text) == ['قال د. أحمد: "النمو بلغ 2.5 في المئة."', "وتوقع المزيد."]
