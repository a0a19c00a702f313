"""Tests for Arabic sentence segmentation (tarjama.models.text.segment)."""

from __future__ import annotations

import re

import pytest

from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.segment import split_sentences


def _seed_line(seeds, prefix: str, line_number: int) -> str:
    return normalize_arabic(seeds.text(prefix).splitlines()[line_number - 1])


def test_arabic_comma_is_not_a_boundary(seeds):
    line = _seed_line(seeds, "000", 1)
    assert line.count("،") == 1
    assert split_sentences(line) == [line]


def test_quote_ending_before_full_stop_stays_one_sentence(seeds):
    line = _seed_line(seeds, "000", 3)
    assert split_sentences(line) == [
        "وقال توكاييف: “إن تطوير ممر النقل عبر قزوين وطرق العبور عبر أفغانستان تم اعتباره "
        "أيضًا أولوية”."
    ]


def test_split_inside_quotation_gives_closing_quote_to_last_piece(seeds):
    assert split_sentences(_seed_line(seeds, "000", 6)) == [
        "“إن جنوب آسيا، ممثلة بباكستان والهند ودول أخرى، مناطق تعاني من نقص الطاقة وتتمتع "
        "بإمكانات استهلاكية كبيرة.",
        "يبلغ عدد سكان باكستان 250 مليون نسمة، والهند 1.5 مليار نسمة.",
        "ومن ناحية أخرى، تعد آسيا الوسطى منطقة غنية باحتياطيات الطاقة”.",
    ]


def test_closing_quote_after_full_stop_stays_with_its_sentence(seeds):
    assert split_sentences(_seed_line(seeds, "000", 20)) == [
        "وقال شريف: “اليوم، اتفقنا على بذل كل الجهود لزيادة حجم التجارة إلى مليار دولار "
        "سنويا خلال العامين المقبلين”.",
        "“واتفقنا أيضًا على بذل كل ما في وسعنا لتحقيق هذا الهدف في وقت أقرب.”",
    ]


def test_question_is_one_sentence(seeds):
    assert split_sentences(_seed_line(seeds, "000", 10)) == ["ماذا عن أفغانستان؟"]
    assert split_sentences("هل انتهى الأمر؟! لا أحد يعرف.") == [
        "هل انتهى الأمر؟!",
        "لا أحد يعرف.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "والهند 1.5 مليار نسمة.",
        "ارتفع حجم التجارة من 5,7 مليار دولار إلى 10 مليارات دولار.",
        "عبر خط باكو-تبليسي-جيهان (1.4 مليون طن سنويًا) بالإضافة إلى التعاون.",
        "بلغ 1.000.000 دولار.",
    ],
)
def test_decimals_are_not_split(sentence):
    assert split_sentences(sentence) == [sentence]


def test_decimal_inside_seed_002_paragraph(seeds):
    sentences = split_sentences(_seed_line(seeds, "002", 18))
    assert "من 2018 إلى 2023، ارتفع حجم التجارة من 5,7 مليار دولار إلى 10 مليارات دولار." in (
        sentences
    )
    assert len(sentences) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("التقى د. محمد علي بالوزير. ثم غادر.", ["التقى د. محمد علي بالوزير.", "ثم غادر."]),
        ("قال م. أحمد إن العمل بدأ.", ["قال م. أحمد إن العمل بدأ."]),
        ("وحضر أ. سامي والسيد ج. كمال.", ["وحضر أ. سامي والسيد ج. كمال."]),
        ("راسلونا على ص.ب. 1234 في عمان.", ["راسلونا على ص.ب. 1234 في عمان."]),
        ("وقال أ.د. خالد إن الأمر مهم.", ["وقال أ.د. خالد إن الأمر مهم."]),
        ("The U.S. Navy and Dr. Smith met J. Doe.", ["The U.S. Navy and Dr. Smith met J. Doe."]),
        ("تأسست عام 1990 م. وقال المدير إنها نمت.", ["تأسست عام 1990 م.", "وقال المدير إنها نمت."]),
        ("1. البند الأول. 2. البند الثاني.", ["1. البند الأول.", "2. البند الثاني."]),
    ],
)
def test_abbreviations_initials_and_enumerators(text, expected):
    assert split_sentences(text) == expected


def test_semicolon_between_short_clauses_is_not_a_boundary():
    text = "جاء الوفد متأخراً؛ بسبب الطقس. ثم بدأ الاجتماع."
    assert split_sentences(text) == ["جاء الوفد متأخراً؛ بسبب الطقس.", "ثم بدأ الاجتماع."]


def test_semicolon_between_long_clauses_is_a_boundary():
    text = (
        "قال الرئيس إن البلاد تواجه تحديات اقتصادية كبيرة هذا العام؛ "
        "لكن الحكومة ستعمل على حلها خلال الأشهر المقبلة بكل جهد."
    )
    assert split_sentences(text) == [
        "قال الرئيس إن البلاد تواجه تحديات اقتصادية كبيرة هذا العام؛",
        "لكن الحكومة ستعمل على حلها خلال الأشهر المقبلة بكل جهد.",
    ]


@pytest.mark.parametrize("line_number", [21, 23, 27, 29, 31])
def test_dash_led_list_items_stay_intact(line_number, seeds):
    line = _seed_line(seeds, "004", line_number)
    assert line.startswith("لذا") or line.startswith("–")
    assert split_sentences(line) == [line]


def test_dash_led_heading_in_seed_000_is_one_sentence(seeds):
    assert split_sentences(_seed_line(seeds, "000", 18)) == ["– زيادة التجارة إلى مليار دولار"]


def test_stray_latin_word_passes_through(seeds):
    assert split_sentences(_seed_line(seeds, "001", 31)) == [
        "كما أعرب الرئيس آصف علي زرداري عن استعداد باكستان لتوفير أقصر وأقل الطرق تكلفة "
        "لقرغيزستان للوصول إلى بحر العرب.",
        "وأكد أهمية توسيع الرحلات الجوية المباشرة لدعم التجارة والسياحة والتواصل بين الشعوب.",
        "كما رحّب بإكمال قرغيزستان لش segment من مشروع “كاسا-1000”، مجدداً التزام باكستان "
        "بالانتهاء من الجزء الخاص بها.",
    ]


def test_latin_acronyms_untouched(seeds):
    line = _seed_line(seeds, "001", 25)
    assert split_sentences(line) == [line]
    assert line.endswith("(QTTA).")


def test_double_parentheses_quotes_from_seed_003(seeds):
    sentences = split_sentences(_seed_line(seeds, "003", 11))
    assert sentences[0].startswith("وقال شي في مقال موقع في صحيفة ((كازاخستانسكايا برافدا))")
    assert (
        sentences[-1] == "وقد دخلت تنمية العلاقات بين الصين وكازاخستان منذ ذلك الحين مرحلة جديدة”."
    )
    assert len(sentences) == 2


def test_missing_space_after_full_stop_still_splits():
    assert split_sentences("بلغ العدد 250 مليون نسمة.ومن ناحية أخرى تغير الوضع") == [
        "بلغ العدد 250 مليون نسمة.",
        "ومن ناحية أخرى تغير الوضع",
    ]


def test_ellipsis_is_a_pause_not_a_boundary_unless_a_quotation_ends_with_it():
    assert split_sentences("... وتابع الحديث… ثم صمت.") == ["... وتابع الحديث… ثم صمت."]
    assert split_sentences('قال: "أحبها وسأشتاق إليها..." وغادر القاعة.') == [
        'قال: "أحبها وسأشتاق إليها..."',
        "وغادر القاعة.",
    ]
    # Two dots are a doubled full stop, a typing slip.
    assert split_sentences("يساعد الماء على التطهير.. قد يحمل الصابون الجراثيم.") == [
        "يساعد الماء على التطهير..",
        "قد يحمل الصابون الجراثيم.",
    ]


def test_closing_guillemet_goes_with_sentence():
    assert split_sentences("قال: «انتهى الأمر.» وغادر القاعة.") == [
        "قال: «انتهى الأمر.»",
        "وغادر القاعة.",
    ]


def test_lowercase_latin_after_full_stop_is_not_a_new_sentence():
    assert split_sentences("see the docs e.g. this page. Then go.") == [
        "see the docs e.g. this page.",
        "Then go.",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_input_gives_no_sentences(text):
    assert split_sentences(text) == []


def test_punctuation_only_pieces_are_glued_not_dropped():
    assert split_sentences("!!! نعم. ...") == ["!!! نعم. ..."]


def test_line_breaks_are_hard_boundaries():
    assert split_sentences("عنوان بلا نقطة\nجملة ثانية.") == ["عنوان بلا نقطة", "جملة ثانية."]


def test_no_empty_sentences_and_no_loss_on_seed_lines(seed_path):
    for line in normalize_arabic(seed_path.read_text(encoding="utf-8")).split("\n"):
        sentences = split_sentences(line)
        assert all(sentence and sentence == sentence.strip() for sentence in sentences)
        assert re.sub(r"\s", "", "".join(sentences)) == re.sub(r"\s", "", line)


def test_straight_double_quote_closing_after_full_stop_stays_with_sentence():
    assert split_sentences('قال: "انتهى الأمر." ثم قال "لا".') == [
        'قال: "انتهى الأمر."',
        'ثم قال "لا".',
    ]


@pytest.mark.parametrize(
    "text",
    ["ب." * 20000, "كلمة كلمة كلمة؛ " * 5000, 'نعم؟" x' * 5000, "د. " * 20000, "!!! " * 20000],
    ids=["dotted-token", "semicolons", "straight-quotes", "abbreviations", "textless"],
)
def test_pathological_input_is_segmented_quickly_without_loss(text):
    # Quadratic behaviour here would take tens of seconds; linear takes milliseconds.
    sentences = split_sentences(text)
    assert re.sub(r"\s", "", "".join(sentences)) == re.sub(r"\s", "", text)
