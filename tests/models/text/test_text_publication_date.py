"""Publication dates at the precision known: markup, URL, dateline; never padded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tarjama.clients.runs.article_files import translation_schema_text
from tarjama.models.testing.news_pages import DATE_PLACES, news_page
from tarjama.models.text.prepare import prepare_page
from tarjama.models.text.publication_date import (
    FoundDate,
    dateline_date,
    find_written_date,
    markup_date,
    parse_markup_date,
    publication_date,
    refine,
    url_date,
)
from tarjama.models.text.webpage import extract_page

SEED = (Path(__file__).resolve().parents[3] / "seeds" / "001_dd2f2596c0a54bff.txt").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://arabic.cnn.com/2013/middle_east/8/3/egypt-brotherhood", "2013-08-03"),
        ("https://site.example/news/2013/08/03/slug", "2013-08-03"),
        ("https://site.example/20130803/slug.html", "2013-08-03"),
        ("https://site.example/a/2013-08-03-slug?ref=1", "2013-08-03"),
        ("https://site.example/2013/08/slug", "2013-08"),
        ("https://site.example/2013/slug", "2013"),
    ],
)
def test_url_dates(url, date):
    assert url_date(url) == FoundDate(date, "url")


@pytest.mark.parametrize(
    "url",
    ["", "https://site.example/news/123456789", "https://site.example/2013/13/40/x", "/2013/"],
)
def test_urls_without_a_date(url):
    assert url_date(url) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("القاهرة - 3 أغسطس 2013 - قال الوزير", "2013-08-03"),
        ("الرياض، الأحد 3 آب/أغسطس 2013 (واس)", "2013-08-03"),
        ("بيروت ٣ تشرين الأول ٢٠١٣", "2013-10-03"),
        ("دمشق في 2013/8/3 -", "2013-08-03"),
        ("الجزائر 3-8-2013", "2013-08-03"),
        ("الرباط 12 جويلية 2019", "2019-07-12"),
        ("نشر في أغسطس 2013", "2013-08"),
        ("كانون الثاني 2020", "2020-01"),
    ],
)
def test_written_dates(text, date):
    assert find_written_date(text) == date


def test_hijri_years_and_impossible_dates_are_not_dates():
    assert find_written_date("وقال إن 5 مايو 1434 هـ") is None
    assert find_written_date("31 فبراير 2013") is None  # no such day: a misreading
    assert find_written_date("في 2013/13/40") is None


def test_a_dateline_is_read_only_where_it_sits():
    lines = ["عنوان الخبر", "القاهرة - 3 أغسطس 2013 - أعلنت الحكومة خطة جديدة."]
    assert dateline_date(lines) == FoundDate("2013-08-03", "text")
    story = ["عنوان الخبر", "أعلنت الحكومة خطة " + "جديدة " * 30 + "تنفذ في 3 أغسطس 2013."]
    assert dateline_date(story) is None


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2013-08-03T23:30:00-04:00", "2013-08-03"),  # the publisher's own day
        ("2013-08", "2013-08"),
        ("2013", "2013"),
        ("Sat, 03 Aug 2013 10:00:00 GMT", "2013-08-03"),
        ("garbage", None),
    ],
)
def test_markup_values(value, date):
    assert parse_markup_date(value) == date


def test_markup_fields_and_json_ld_graphs():
    page = (
        '<html><head><meta property="article:modified_time" content="2020-01-01">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": "NewsArticle", "datePublished": "2013-08-03T10:00:00Z"}]}</script>'
        "</head><body><p>نص</p></body></html>"
    )
    assert markup_date(page) == FoundDate("2013-08-03", "metadata")
    year_only = '<html><head><meta name="pubdate" content="2013"></head><body></body></html>'
    assert markup_date(year_only) == FoundDate("2013", "metadata")
    assert markup_date("<html><body><p>2013-08-03</p></body></html>") is None
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + year_only
    assert markup_date(xhtml) == FoundDate("2013", "metadata")


def test_a_later_source_refines_an_agreeing_one_and_never_contradicts_it():
    html = "<html><body></body></html>"
    dateline = ["القاهرة - 3 أغسطس 2013 - نص"]
    assert publication_date(html, "https://s.example/2013/slug", dateline) == FoundDate(
        "2013-08-03", "text"
    )
    assert publication_date(html, "https://s.example/2014/slug", dateline) == FoundDate(
        "2014", "url"
    )


@pytest.mark.parametrize("date_in", DATE_PLACES)
def test_built_pages_give_their_date_where_they_put_it(date_in):
    page = news_page(SEED, date_in=date_in, date="2013-08-03")
    metadata = prepare_page(page.html, url=page.url).metadata
    assert (metadata.date, metadata.date_source) == (page.date, page.date_source)
    assert not metadata.date.endswith("-01-01")
    if date_in == "url-year":
        assert metadata.date == "2013"


def test_a_yearless_dateline_is_read_in_the_year_the_page_gives():
    url_year, url_month = FoundDate("2013", "url"), FoundDate("2013-08", "url")
    yearless = FoundDate("--08-03", "text")
    assert yearless.precision == "day"
    assert refine(url_year, yearless) == FoundDate("2013-08-03", "text")
    assert refine(url_month, yearless) == FoundDate("2013-08-03", "text")
    assert refine(FoundDate("2013-09", "url"), yearless) == FoundDate("2013-09", "url")
    assert refine(FoundDate("2013", "url"), FoundDate("--02-29", "text")) == url_year  # no such day
    assert refine(None, yearless) == yearless
    assert refine(FoundDate("2013-08-03", "metadata"), FoundDate("2013-08-04", "text")) == (
        FoundDate("2013-08-03", "metadata")
    )


def test_markup_may_write_its_date_out_in_words():
    assert parse_markup_date("الأحد 3 أغسطس 2013") == "2013-08-03"
    assert parse_markup_date("August 3, 2013") == "2013-08-03"
    assert parse_markup_date("منذ 3 ساعات") is None


def _page(paragraphs: list[str], canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{line}</p>" for line in paragraphs)
    return (
        f'<html lang="ar" dir="rtl"><head><title>عنوان الخبر</title>{link}</head><body>'
        f"<article><h1>عنوان الخبر</h1>{body}</article></body></html>"
    )


def test_a_page_reads_its_dateline_once_as_the_prepared_article_does():
    body = [line for line in SEED.splitlines()[1:] if line.strip()][:4]
    dated = ["القاهرة - 3 أغسطس - " + body[0], *body[1:]]
    page = _page(dated, "https://site.example/2013/politics/slug")
    # Extraction reads the markup and the URL only; preparing the article adds the dateline.
    assert extract_page(page).metadata.date == "2013"
    metadata = prepare_page(page).metadata
    assert (metadata.date, metadata.date_source) == ("2013-08-03", "text")
    yeared = ["القاهرة - 3 أغسطس 2013 - " + body[0], *body[1:]]
    contradicted = _page(yeared, "https://site.example/2014/politics/slug")
    assert prepare_page(contradicted).metadata.date == "2014"  # the URL is never contradicted
    undated = prepare_page(_page(dated)).metadata
    assert (undated.date, undated.date_source) == ("--08-03", "text")
    story = prepare_page(_page([body[0] + " وذلك في 3 أغسطس 2013.", *body[1:]])).metadata
    assert (story.date, story.date_source) == ("", "")  # a date in the story dates nothing


def test_a_day_is_never_refined_by_a_yearless_dateline():
    day = FoundDate("2013-08-03", "metadata")
    assert refine(day, FoundDate("--08-04", "text")) == day
    assert refine(day, FoundDate("--08-03", "text")) == day


def test_every_date_form_written_is_one_the_output_schema_and_proto_document():
    schema = json.loads(translation_schema_text())
    date = schema["properties"]["metadata"]["properties"]["date"]
    proto = (Path(__file__).resolve().parents[3] / "protos/v1/translation.proto").read_text()
    written = [
        FoundDate("2013-08-03", "metadata").value,
        url_date("https://s.example/2013/08/slug").value,
        url_date("https://s.example/2013/slug").value,
        dateline_date(["القاهرة - 12 مارس - قال الوزير"]).value,
        "",
    ]
    assert written[1:4] == ["2013-08", "2013", "--03-12"]
    for value in written:
        assert re.fullmatch(date["pattern"], value), value
    for form in ("YYYY-MM-DD", "YYYY-MM", "YYYY", "--MM-DD"):
        assert form in date["description"] and f'"{form}"' in proto
