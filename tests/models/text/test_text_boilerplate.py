"""Tests for site boilerplate detection (tarjama.models.text.boilerplate)."""

from __future__ import annotations

import pytest

from tarjama.models.text import boilerplate as bp
from tarjama.models.text.boilerplate import line_reason, scan_boilerplate


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("الرئيسية » تقارير ودراسات » رئيس كازاخستان:الثقل السياسي", bp.BREADCRUMB),
        ("الرئيسية / أخبار / العالم", bp.BREADCRUMB),
        ("الصفحة الرئيسية › اقتصاد", bp.BREADCRUMB),
        ("أخبار » العالم » خبر عن زيارة الرئيس", bp.BREADCRUMB),
        ("اترك تعليقاً", bp.COMMENT_PROMPT),
        ("اترك تعليقا", bp.COMMENT_PROMPT),
        ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", bp.COMMENT_PROMPT),
        ("الحقول الإلزامية مشار إليها بـ *", bp.COMMENT_PROMPT),
        ("زر الذهاب إلى الأعلى", bp.BACK_TO_TOP),
        ("شارك", bp.SHARE_WIDGET),
        ("طباعة", bp.SHARE_WIDGET),
        ("شارك على فيسبوك تويتر واتساب", bp.SHARE_WIDGET),
        ("اقرأ أيضاً: كازاخستان وتركيا توقعان 18 اتفاقية", bp.RELATED_LINKS),
        ("اقرأ أيضا", bp.RELATED_LINKS),
        ("إقرأ أيضاً:", bp.RELATED_LINKS),
        ("الوسوم", bp.TAG_LIST),
        ("الوسوم: كازاخستان تركيا توكاييف", bp.TAG_LIST),
        ("تابعونا على تيليجرام", bp.FOLLOW_US),
        ("جميع الحقوق محفوظة © 2025", bp.COPYRIGHT),
        ("المصدر: وكالة الأنباء الكازاخستانية", bp.SOURCE_CREDIT),
        ("المصدر", bp.SOURCE_CREDIT),
        ("بقلم محمد أحمد", bp.AUTHOR_BYLINE),
        ("كتب: محمد أحمد", bp.AUTHOR_BYLINE),
        ("الصورة: رويترز", bp.PHOTO_CREDIT),
        ("وكالة أنباء كازاخستان/ أصداء", bp.AGENCY_BYLINE),
        ("أستانا - أصداء", bp.AGENCY_BYLINE),
        ("(وكالة الأنباء السعودية)", bp.AGENCY_BYLINE),
        ("(رويترز)", bp.AGENCY_BYLINE),
        ("أصداء", bp.AGENCY_BYLINE),
        ("وكالة أنباء شينخوا", bp.AGENCY_BYLINE),
        ("العالمسياسة", bp.FUSED_MENU),
        ("12/05/2025 - 10:30", bp.DATE_STAMP),
        ("الثلاثاء 12 مايو 2025", bp.DATE_STAMP),
        ("* * *", bp.NO_TEXT),
    ],
)
def test_boilerplate_lines_are_recognized(line, reason):
    assert line_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "كازاخستان وتركيا تدخلان مرحلة جديدة من الثقة والشراكة",
        "زيارة رئيس كازاخستان إلى أنقرة",
        "ماذا عن أفغانستان؟",
        "– زيادة التجارة إلى مليار دولار",
        "وسام دولت نيشان – رمز الصداقة التاريخية",
        "كازاخستان – تركمانستان – أفغانستان – باكستان",
        "وكالة الطاقة الدولية تحذر من أزمة في الإمدادات",
        "وكالة أنباء كازاخستان تحتفل بذكراها الثلاثين هذا الأسبوع",
        "وقال مسؤول في وكالة أنباء شينخوا إن الزيارة ناجحة.",
        "قال «نعم» و«لا» ثم «ربما» وغادر",
        "الأوسمة التي منحت للرئيس كثيرة.",
        "شارك في المباحثات نائب رئيس الوزراء ووزير الخارجية.",
        "تابع توكاييف أن عمليات التكامل وصلت إلى مستوى غير مسبوق.",
        "سياسة",
        "العالمية",
        "وقعت كازاخستان وتركيا 18 اتفاقية بين الدولتين وبين الإدارات، بالإضافة إلى إعلان مشترك",
        "في عام 2025",
        "لش segment من مشروع C5",
    ],
)
def test_content_lines_are_kept(line):
    assert line_reason(line) is None


def test_menu_words_before_content_are_dropped_but_not_after():
    lines = ["سياسة", "", "عنوان الخبر المهم اليوم", "سياسة", "نص الخبر."]
    scan = scan_boilerplate(lines)
    assert scan.reasons == {0: bp.MENU_BEFORE_CONTENT}


def test_tag_block_after_tag_header():
    lines = ["نص الخبر الكامل هنا.", "الوسوم", "كازاخستان", "تركيا", "", "توكاييف"]
    assert scan_boilerplate(lines).reasons == {
        1: bp.TAG_LIST,
        2: bp.TAG_LIST,
        3: bp.TAG_LIST,
        5: bp.TAG_LIST,
    }


def test_tag_block_ends_at_a_sentence():
    lines = ["الوسوم", "كازاخستان", "هذه جملة كاملة تنتهي بنقطة."]
    assert scan_boilerplate(lines).reasons == {0: bp.TAG_LIST, 1: bp.TAG_LIST}


def test_breadcrumb_points_at_title_and_drops_short_lines_before_it():
    lines = [
        "الرئيسية » أخبار » كازاخستان وتركيا تدخلان مرحلة جديدة",
        "عاجل الآن",
        "",
        "كازاخستان وتركيا تدخلان مرحلة جديدة",
        "نص الخبر.",
    ]
    scan = scan_boilerplate(lines)
    assert scan.reasons == {0: bp.BREADCRUMB, 1: bp.MENU_BEFORE_TITLE}
    assert scan.title_index == 3


def test_truncated_breadcrumb_title_still_matches():
    lines = ["الرئيسية » أخبار » كازاخستان وتركيا تدخلان…", "كازاخستان وتركيا تدخلان مرحلة جديدة"]
    assert scan_boilerplate(lines).title_index == 1


def test_empty_lines_are_never_reported():
    assert scan_boilerplate(["", "   ", ""]).reasons == {}
