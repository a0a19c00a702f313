"""The timeline: dated events in date order, relative dates resolved (timeline.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tarjama.models.summarization.synthesis import synthesize
from tarjama.models.summarization.timeline import build_timeline, sentence_date
from tarjama.models.summarization.types import ArticleText

SATURDAY = (date(2005, 1, 8), True)  # a Saturday


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("The mayor resigned yesterday after the vote.", date(2005, 1, 7), "day"),
        ("The mayor resigned today after the vote.", date(2005, 1, 8), "day"),
        ("The mayor resigned on Saturday after the vote.", date(2005, 1, 8), "day"),
        ("The mayor resigned on Thursday after the vote.", date(2005, 1, 6), "day"),
        ("The council will meet on Monday to vote again.", date(2005, 1, 10), "day"),
        ("The council met on Monday of this week.", date(2005, 1, 3), "day"),
        ("The council met last week to vote.", date(2005, 1, 1), "week"),
        ("The council met on Jan. 3 to vote.", date(2005, 1, 3), "day"),
        ("The council met on December 29 to vote.", date(2004, 12, 29), "day"),
        ("Donations doubled in the past 24 hours.", date(2005, 1, 8), "day"),
    ],
)
def test_relative_and_yearless_dates_resolve_against_the_article_date(
    sentence, expected, precision
):
    found = sentence_date(sentence, SATURDAY)
    assert found is not None
    assert (found[0], found[2]) == (expected, precision)


def test_a_date_that_names_a_thing_does_not_date_the_sentence():
    assert sentence_date("Aid for the victims of the storm of December 26 arrived.", None) is None
    assert sentence_date("The December 26 storm was the worst.", None) is None
    assert sentence_date("The mayor resigned yesterday.", None) is None  # no article date


def test_events_of_all_articles_in_date_order_each_cited():
    first = ArticleText(
        "a",
        None,
        ["The river burst its banks and flooded the town.",
         "The mayor resigned yesterday after the vote."],
        date="2005-01-08",
    )  # fmt: skip
    second = ArticleText(
        "b",
        None,
        ["Repairs to the dam began this morning with army help.",
         "The council met on December 29 to plan the repairs."],
        date="2005-01-03",
    )  # fmt: skip
    undated = ArticleText("c", None, ["Volunteers handed out blankets on Sunday."])
    events, dates = build_timeline([first, second, undated], [0, 1, 2])
    assert [e.date for e in events] == ["2004-12-29", "2005-01-03", "2005-01-07", "2005-01-08"]
    assert [(r.article_index, r.sentence_index) for e in events for r in e.sentence.sources] == [
        (1, 1), (1, 0), (0, 1), (0, 0)
    ]  # fmt: skip
    assert events[0].written == "December 29" and events[1].written == ""  # a lead
    assert [d.date for d in dates] == ["2005-01-08", "2005-01-03", ""]


def test_an_undated_article_is_said_to_be_undated():
    dated = ArticleText("a", None, ["The river burst its banks and flooded the town."],
                        date="2005-01-08")  # fmt: skip
    undated = ArticleText("b", None, ["Volunteers handed out blankets on Sunday."])
    synthesis = synthesize([dated, undated])
    assert [e.date for e in synthesis.timeline] == ["2005-01-08"]
    assert any("undated: article 2" in note for note in synthesis.notes)


def test_arabic_articles_are_dated_by_their_metadata_after_translation():
    translated = ArticleText(
        "ar",
        None,
        ["The minister arrived in Amman on Tuesday for talks.",
         "The king received the minister yesterday at the palace."],
        date="--03-12",  # an Arabic dateline without its year: "الأربعاء 12 مارس"
    )  # fmt: skip
    events, _ = build_timeline([translated], [0])
    # "yesterday" needs no year; "on Tuesday" does (which weekday 12 March is depends on it),
    # so the lead keeps the article's own date.
    assert [e.date for e in events] == ["--03-11", "--03-12"]
