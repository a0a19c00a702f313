"""Dates and datelines in English and Arabic text (models/text/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tarjama.models.text.dates import (
    DATELINE_LINES,
    find_dateline,
    find_dates,
    parse_iso,
    read_dateline,
)
from tarjama.models.text.prepare import prepare_article
from tarjama.models.types import ParagraphKind


@pytest.mark.parametrize(
    ("line", "iso", "rest"),
    [
        ("Saturday, January 8, 2005", "2005-01-08", ""),
        ("December 29, 2004", "2004-12-29", ""),
        ("2005/01/08 Aid rises", "2005-01-08", "Aid rises"),
        ("Tuesday, January 18, 2005Through a telethon, people gave.", "2005-01-18",
         "Through a telethon, people gave."),
        ("الأربعاء 12 مارس 2025", "2025-03-12", ""),
        ("الخميس، 3 كانون الثاني 2025م", "2025-01-03", ""),
        ("عمان 12 آذار 2025 (بترا) - قال الوزير", "2025-03-12", "قال الوزير"),
        ("الأربعاء ١٢ مارس ٢٠٢٥", "2025-03-12", ""),
    ],
)  # fmt: skip
def test_datelines_are_read_and_split_from_the_text_after_them(line, iso, rest):
    dateline = read_dateline(line)
    assert dateline is not None
    assert dateline.iso == iso
    assert dateline.rest == rest


def test_a_yearless_arabic_dateline_keeps_its_day_and_says_the_year_is_unknown():
    dateline = read_dateline("الأربعاء 12 مارس")
    assert dateline is not None and not dateline.year_known
    assert dateline.iso == "--03-12"
    assert read_dateline("عمان 12 آذار (بترا) - قال الوزير").iso == "--03-12"


@pytest.mark.parametrize(
    "line",
    [
        "Dec. 2004 quake was the longest ever recorded",  # a month, not a day
        "December 26, 2004 was the day the wave struck.",  # a sentence that opens with a date
        "Meadow Lake, Saskatchewan – The council gave money.",
        "The council met on Jan. 10 and voted.",
        "It may rise.",
    ],
)
def test_lines_that_are_no_datelines(line):
    assert read_dateline(line) is None


def test_dates_in_a_sentence_with_and_without_years():
    found = find_dates("The vote was on Jan. 10; on Sunday, January 16, and December 26, 2004.")
    assert [(m.month, m.day, m.year) for m in found] == [(1, 10, None), (1, 16, None),
                                                         (12, 26, 2004)]  # fmt: skip
    assert found[1].weekday == 6
    # A yearless date takes the year that puts it nearest the reference date.
    assert found[2].resolved(None) == date(2004, 12, 26)
    december = find_dates("on December 29")[0]
    assert december.resolved(date(2005, 1, 2)) == date(2004, 12, 29)
    assert find_dates("He may go in March.") == []


def test_iso_dates_with_and_without_years():
    assert parse_iso("2005-01-08T10:00:00") == (date(2005, 1, 8), True)
    assert parse_iso("--03-12") == (date(2000, 3, 12), False)
    assert parse_iso("soon") is None


def test_an_arabic_dateline_dates_the_article_and_never_joins_a_sentence():
    glued = prepare_article(
        "عنوان الخبر هنا\nعمان 12 آذار 2025 (بترا) - قال الوزير إن الزيارة مهمة."
    )
    assert glued.metadata is not None and glued.metadata.date == "2025-03-12"
    kinds = [(p.kind, p.sentences) for p in glued.paragraphs]
    assert kinds[1] == (ParagraphKind.HEADING, ["عمان 12 آذار 2025 (بترا) -"])
    assert kinds[2] == (ParagraphKind.BODY, ["قال الوزير إن الزيارة مهمة."])
    alone = prepare_article("عنوان الخبر هنا\nالأربعاء 12 مارس 2025\nقال الوزير إن الزيارة مهمة.")
    assert alone.metadata.date == "2025-03-12"
    assert all("مارس" not in s for p in alone.paragraphs for s in p.sentences)
    assert prepare_article("عنوان الخبر هنا\nقال الوزير إن الزيارة مهمة.").metadata is None


@pytest.mark.parametrize(
    ("line", "iso", "rest"),
    [
        ("الرياض، الأحد 3 آب/أغسطس 2013 (واس)", "2013-08-03", ""),  # two names of one month
        ("دمشق 3 آب (أغسطس) 2013 - قال الوزير", "2013-08-03", "قال الوزير"),
        ("الرباط 12 جويلية 2019", "2019-07-12", ""),  # the Maghreb's names
        ("الجزائر 3-8-2013", "2013-08-03", ""),  # day first, as Arabic writes it
        ("دمشق في 2013/8/3 - أعلنت الحكومة", "2013-08-03", "أعلنت الحكومة"),
        ("القاهرة (أ.ش.أ) - 3 أغسطس 2013 - قال الوزير", "2013-08-03", "قال الوزير"),
        ("القاهرة - بوابة الأهرام - 3 أغسطس 2013", "2013-08-03", ""),  # dashes are no words
        ("القاهرة 3 أغسطس 2013 مصر تعلن", "2013-08-03", "مصر تعلن"),  # م of مصر is no suffix
        ("نشر في أغسطس 2013", "2013-08", ""),  # a month and year, the whole line
        ("القاهرة - كانون الثاني 2020", "2020-01", ""),
        ("December 2004", "2004-12", ""),
    ],
)  # fmt: skip
def test_datelines_keep_the_precision_they_give(line, iso, rest):
    dateline = read_dateline(line)
    assert dateline is not None
    assert (dateline.iso, dateline.rest) == (iso, rest)


@pytest.mark.parametrize(
    "line",
    [
        "حصاد أغسطس 2013",  # a headline about a month, not a dateline
        "أغسطس 2013 شهر الأحداث",  # a month followed by text
        "القاهرة 31 فبراير 2013",  # no such day: a misreading
        "3 مارس/أبريل 2013",  # two different months: no one date
        "أعلنت الحكومة أمس خطة جديدة تنفذ في 3 أغسطس 2013",  # a date inside the story
        "وقال إن 5 مايو 1434 هـ",  # a Hijri year
    ],
)
def test_arabic_lines_that_are_no_datelines(line):
    assert read_dateline(line) is None


def test_find_dateline_reads_only_the_first_lines_and_skips_what_it_is_told():
    lines = ["عنوان", "", "القاهرة - 3 أغسطس 2013 - قال الوزير"]
    index, dateline = find_dateline(lines)
    assert (index, dateline.iso) == (2, "2013-08-03")
    assert find_dateline(lines, skip={2}) is None
    late = ["سطر"] * DATELINE_LINES + ["القاهرة - 3 أغسطس 2013"]
    assert find_dateline(late) is None  # past the opening lines: a date in the story
    assert find_dateline(["سطر"] * (DATELINE_LINES - 1) + late[-1:]) is not None


def test_a_month_precision_or_yearless_dateline_dates_a_text_article_as_it_is_written():
    month = prepare_article("عنوان الخبر هنا\nنشر في أغسطس 2013\nقال الوزير إن الزيارة مهمة.")
    assert (month.metadata.date, month.metadata.date_source) == ("2013-08", "text")
    yearless = prepare_article("عنوان الخبر هنا\nالأربعاء 12 مارس\nقال الوزير إن الزيارة مهمة.")
    assert yearless.metadata.date == "--03-12"
    assert all("مارس" not in s for p in yearless.paragraphs for s in p.sentences)


def test_two_names_of_a_month_are_one_date_and_two_months_none():
    [mention] = find_dates("الأحد 3 آب/أغسطس 2013")
    assert (mention.day, mention.month, mention.year) == (3, 8, 2013)
    assert find_dates("بين 3 مارس/أبريل 2013") == []


def test_a_page_headline_that_names_a_day_stays_the_title_and_dates_nothing():
    headline = "مجزرة 14 أغسطس 2013"
    prepared = prepare_article(f"{headline}\nقال الوزير إن الزيارة مهمة.", title=headline)
    assert prepared.paragraphs[0].kind is ParagraphKind.TITLE
    assert prepared.paragraphs[0].sentences == [headline]
    assert prepared.metadata is None
