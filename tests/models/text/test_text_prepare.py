"""Tests for whole-article preparation (tarjama.models.text.prepare)."""

from __future__ import annotations

import random
import re

import pytest

from tarjama.models.text import boilerplate as bp
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.prepare import DUPLICATE_TITLE, WHITESPACE_ONLY, prepare_article
from tarjama.models.types import ParagraphKind, PreparedArticle


def _without_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def _assert_nothing_lost(text: str, article: PreparedArticle) -> None:
    dropped = {line.line_number for line in article.dropped}
    kept = [
        normalize_arabic(line)
        for number, line in enumerate(text.splitlines(), start=1)
        if number not in dropped
    ]
    sentences = [sentence for paragraph in article.paragraphs for sentence in paragraph.sentences]
    assert _without_space("".join(sentences)) == _without_space("".join(kept))


def test_no_text_is_lost_on_seeds(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    _assert_nothing_lost(text, prepare_article(text))


def test_every_kept_line_is_one_paragraph_with_sentences(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    article = prepare_article(text)
    dropped = {line.line_number for line in article.dropped}
    kept_lines = [
        normalize_arabic(line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and number not in dropped
    ]
    assert [p.index for p in article.paragraphs] == list(range(len(kept_lines)))
    assert [" ".join(p.sentences) for p in article.paragraphs] == kept_lines
    assert all(sentence.strip() == sentence and sentence for _, sentence in article.sentences)
    assert sum(p.kind is ParagraphKind.TITLE for p in article.paragraphs) <= 1


def test_seed_004_trailing_boilerplate_dropped_and_reported(seeds):
    article = prepare_article(seeds.text("004"))
    reported = {line.line_number: (line.text, line.reason) for line in article.dropped}
    assert reported[99] == ("اترك تعليقاً", bp.COMMENT_PROMPT)
    assert reported[101] == (
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        bp.COMMENT_PROMPT,
    )
    assert reported[103] == ("زر الذهاب إلى الأعلى", bp.BACK_TO_TOP)
    assert article.paragraphs[-1].sentences[-1] == (
        "الحوار الاستراتيجي بين البلدين اليوم ليس مجرد حوار سياسي، بل هو بناء مشترك لبنية المستقبل."
    )


def test_seed_004_header_boilerplate_dropped_and_reported(seeds):
    article = prepare_article(seeds.text("004"))
    assert [(d.line_number, d.reason) for d in article.dropped] == [
        (1, bp.FUSED_MENU),
        (5, bp.AGENCY_BYLINE),
        (7, WHITESPACE_ONLY),
        (99, bp.COMMENT_PROMPT),
        (101, bp.COMMENT_PROMPT),
        (103, bp.BACK_TO_TOP),
    ]
    all_text = " ".join(sentence for _, sentence in article.sentences)
    assert "أصداء" not in all_text
    assert "العالمسياسة" not in all_text


def test_seed_002_breadcrumb_dropped_and_title_detected_once(seeds):
    article = prepare_article(seeds.text("002"))
    title = "رئيس كازاخستان:الثقل السياسي لآسيا الوسطى يتزايد على الساحة الدولية"
    assert [(d.line_number, d.reason) for d in article.dropped] == [
        (1, bp.BREADCRUMB),
        (2, bp.MENU_BEFORE_CONTENT),
    ]
    assert article.title == title
    assert article.paragraphs[0].kind is ParagraphKind.TITLE
    assert article.paragraphs[0].sentences == [title]
    assert sum(title in sentence for _, sentence in article.sentences) == 1


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("001", "باكستان وقرغيزستان تتفقان على تعزيز الشراكة الشاملة ودعم الاستقرار الإقليمي"),
        ("002", "رئيس كازاخستان:الثقل السياسي لآسيا الوسطى يتزايد على الساحة الدولية"),
        ("004", "كازاخستان وتركيا تدخلان مرحلة جديدة من الثقة والشراكة"),
        ("000", None),
        ("003", None),
    ],
)
def test_titles(prefix, title, seeds):
    assert prepare_article(seeds.text(prefix)).title == title


def test_headings_and_body_in_seed_000(seeds):
    article = prepare_article(seeds.text("000"))
    kinds = {p.index: p.kind for p in article.paragraphs}
    assert len(article.paragraphs) == 24
    assert kinds[9] is ParagraphKind.HEADING
    assert article.paragraphs[9].sentences == ["ماذا عن أفغانستان؟"]
    assert kinds[17] is ParagraphKind.HEADING
    assert article.paragraphs[17].sentences == ["– زيادة التجارة إلى مليار دولار"]
    others = {kind for index, kind in kinds.items() if index not in (9, 17)}
    assert others == {ParagraphKind.BODY}


def test_headings_in_seed_004_and_list_items_are_body(seeds):
    article = prepare_article(seeds.text("004"))
    by_text = {" ".join(p.sentences): p.kind for p in article.paragraphs}
    for heading in (
        "زيارة رئيس كازاخستان إلى أنقرة",
        "البعد الاقتصادي: نتجه نحو 15 مليار دولار حجم التبادل التجاري",
        "وسام دولت نيشان – رمز الصداقة التاريخية",
        "تحالف مستدام يركز على المستقبل",
    ):
        assert by_text[heading] is ParagraphKind.HEADING
    assert by_text["– رئيس جمهورية أذربيجان إلهام علييف،"] is ParagraphKind.BODY
    assert by_text["– سلطان عمان هيثم بن طارق،"] is ParagraphKind.BODY


def test_seed_001_blank_line_separated_paragraphs(seeds):
    article = prepare_article(seeds.text("001"))
    assert len(article.paragraphs) == 30
    assert article.dropped == []
    assert article.paragraphs[19].kind is ParagraphKind.HEADING
    assert article.paragraphs[19].sentences == ["تطور العلاقات إلى آفاق جديدة"]
    assert "زرداري" in " ".join(article.paragraphs[15].sentences)


def test_duplicate_title_line_is_dropped():
    article = prepare_article("عنوان الخبر هنا\n\nعنوان الخبر هنا\n\nنص الخبر الأول.")
    assert article.title == "عنوان الخبر هنا"
    assert [(d.line_number, d.reason) for d in article.dropped] == [(3, DUPLICATE_TITLE)]
    assert len(article.paragraphs) == 2


def test_line_numbers_refer_to_original_lines_with_crlf():
    article = prepare_article("عنوان الخبر\r\n\u00a0\r\nنص الخبر.\r\nاترك تعليقاً\r\n")
    assert [(d.line_number, d.reason) for d in article.dropped] == [
        (2, WHITESPACE_ONLY),
        (4, bp.COMMENT_PROMPT),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n\t\n",
        "\u00a0\n\u200f\n\ufeff",
        "اترك تعليقاً\nزر الذهاب إلى الأعلى\nالرئيسية » أخبار",
        "* * *\n---",
    ],
)
def test_nothing_left_gives_zero_paragraphs(text):
    article = prepare_article(text)
    assert article.paragraphs == []
    assert article.title is None


def test_random_input_never_raises_and_loses_nothing():
    rng = random.Random(20250101)
    alphabet = list("ab ابت جحد .؟!…؛;،:\n\n«»“”\"'()0123456789\u00a0\u200f\u0640\ufefb\u2033")
    alphabet += ["د.", "1.5", "U.S.", " م.", "اترك تعليقاً\n", "الوسوم\n", "الرئيسية » ", "\r\n"]
    alphabet += ["\ud800", "\x00", "\u2028", "ﷺ", "👩\u200d💻"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        article = prepare_article(text)
        _assert_nothing_lost(text, article)
        assert all(sentence for _, sentence in article.sentences)
