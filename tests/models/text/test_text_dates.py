"""Dates and datelines in English and Arabic text (models/text/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tarjama.models.text.dates import find_dates, parse_iso, read_dateline
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
