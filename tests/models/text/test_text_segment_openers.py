"""Sentence boundaries without punctuation, and the punctuation rules that share their words."""

from __future__ import annotations

import pytest

from tarjama.models.text.segment import split_sentences
from tarjama.models.text.sentence_openers import is_attribution_tail, opens_sentence_after


def test_a_new_quotation_after_a_closed_one_starts_a_sentence():
    text = 'يمكن أن يعمل مذاق الدم بمثابة "محفز" "إنهم متسمون بالود. إنهم صغار."'
    assert split_sentences(text) == [
        'يمكن أن يعمل مذاق الدم بمثابة "محفز"',
        '"إنهم متسمون بالود.',
        'إنهم صغار."',
    ]


def test_quoted_terms_in_a_row_stay_in_one_sentence():
    text = 'قال المدرب إن الفريق "منهار" "وفي صدمة" لوفاة زميله.'
    assert split_sentences(text) == [text]


def test_a_reporting_verb_with_its_conjunction_after_a_closed_quotation():
    text = 'وصف الحزب بأنه في مهمة "المقاومة والعرقلة" وأضاف أن الحزب يخسر.'
    assert split_sentences(text) == [
        'وصف الحزب بأنه في مهمة "المقاومة والعرقلة"',
        "وأضاف أن الحزب يخسر.",
    ]
    # The quotation was not opened in this sentence: the quote mark does not close it.
    assert len(split_sentences('الطريق القديم لاحقاً" وأضاف أنه ذهب.')) == 1


def test_harakat_before_the_closing_quote_do_not_hide_the_word():
    text = 'حث البلاد "على تجنب الطريق القديم ثم تنظف لاحقاً" وأضاف أنه "لا ينبغي ذلك."'
    assert len(split_sentences(text)) == 2


def test_a_reporting_verb_after_a_plain_word_is_not_a_boundary():
    text = "وفي تصريح صحفي قال الوزير إن المحادثات ستستمر."
    assert split_sentences(text) == [text]


@pytest.mark.parametrize("opener", ["لقد", "ولقد", "وهل", "حسنًا"])
def test_sentence_only_openers_split_without_punctuation(opener):
    text = f"أعاني من ألم في الصدر {opener} بدأ الألم أمس"
    assert split_sentences(text) == ["أعاني من ألم في الصدر", f"{opener} بدأ الألم أمس"]


def test_an_opener_inside_a_quotation_token_is_not_a_sentence_only_opener():
    # 'قال "لقد ...' : the quotation belongs to the reporting verb before it.
    assert len(split_sentences('وقال "لقد عشنا أفضل اللحظات."')) == 1


def test_a_short_attribution_stays_with_its_quotation():
    assert split_sentences('"هل يعتقدون أنني أحصل على خصم؟" تساءلت.') == [
        '"هل يعتقدون أنني أحصل على خصم؟" تساءلت.'
    ]
    assert len(split_sentences('"سنواصل ملاحقتهم." حسبما أفاد السيد ألبنس.')) == 1
    # A long clause after the quotation is a sentence of its own.
    text = '"انتهى الأمر." قال المتحدث باسم الوزارة إن المحادثات ستستمر غدا في العاصمة.'
    assert len(split_sentences(text)) == 2
    assert not is_attribution_tail("وقال الوزير.")  # with its conjunction it opens a sentence


def test_closing_quotes_in_a_run_after_the_full_stop():
    text = 'قالت: "أنت لديك السلطة عندما تكون السيدات بدون سلطة."" قال فليك إن مكتبه أصدر بيانا.'
    assert split_sentences(text) == [
        'قالت: "أنت لديك السلطة عندما تكون السيدات بدون سلطة.""',
        "قال فليك إن مكتبه أصدر بيانا.",
    ]


def test_latin_initials_spelled_in_arabic_are_abbreviations():
    text = 'وقال نائب المفتش العام دي. كي. أريا: "اعتقلنا خمسة أشخاص".'
    assert split_sentences(text) == [text]
    # "بي بي سي." ends a sentence: no dotted letter name beside it.
    assert len(split_sentences("قال ذلك لبي بي سي. وغادر.")) == 2


def test_a_lone_latin_letter_between_arabic_words_ends_a_sentence():
    assert split_sentences("حصل 63 في المائة على A. يبين هذا تفوق المدارس.") == [
        "حصل 63 في المائة على A.",
        "يبين هذا تفوق المدارس.",
    ]
    assert len(split_sentences("التقى جون F. Kennedy بالوفد.")) == 1


def test_opens_sentence_after_needs_a_following_word_and_a_sentence_before():
    text = '"إنهم متسمون بالود جدا."'
    assert opens_sentence_after('"محفز"', text, 0, len(text), quote_open=True, words_before=6)
    assert not opens_sentence_after('"محفز"', text, 0, len(text), quote_open=False, words_before=6)
    assert not opens_sentence_after('"محفز"', text, 0, len(text), quote_open=True, words_before=2)
    assert not opens_sentence_after('"محفز"', "  ", 0, 2, quote_open=True, words_before=6)


def test_a_direct_question_after_a_plain_word_starts_a_sentence():
    assert split_sentences("أعاني من ألم شديد في الصدر هل تعاني من الحمى الآن؟") == [
        "أعاني من ألم شديد في الصدر",
        "هل تعاني من الحمى الآن؟",
    ]
    # An indirect question has no question mark; a lead-in of a few words belongs to it.
    assert len(split_sentences("لا أعرف بعد بصراحة هل سيأتي الوفد غدا.")) == 1
    assert len(split_sentences("وبالإضافة إلى ذلك هل لديك صعوبة في التنفس؟")) == 1
    assert len(split_sentences("سأسألك الآن سؤالا آخر حسنًا هل لديك حمى؟")) == 2  # at حسنًا
