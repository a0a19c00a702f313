"""The digest's files for articles without a title line and for English input: titles from
the first sentence, one column where there is no translation."""

from __future__ import annotations

import json
import re

from tarjama.clients.digest.files import write_digest
from tarjama.clients.digest.types import DigestArticle, DigestInfo, shorten
from tarjama.models.summarization.english import prepare_english
from tarjama.models.summarization.types import SummaryLength
from tarjama.models.types import ArticleRequest

UNTITLED = (
    "Chinese President Xi Jinping arrived in Kazakhstan on Tuesday for a state visit and to "
    "attend the 24th meeting of the Council of Heads of State.\n\n"
    "This is his fifth visit to Kazakhstan.\n"
)
TITLED = "Kazakhstan and Turkey enter a new stage\n\nThe visit was a success.\n"


def article(index: int, article_id: str, text: str) -> DigestArticle:
    translation = prepare_english(ArticleRequest(article_id=article_id, text=text))
    return DigestArticle(index=index, article_id=article_id, translation=translation)


def test_a_long_first_sentence_is_cut_before_a_preposition_or_conjunction():
    assert shorten(UNTITLED.split("\n")[0]) == (
        "Chinese President Xi Jinping arrived in Kazakhstan on Tuesday…"
    )
    assert shorten("“Short quoted line.”") == "Short quoted line"
    long_words = " ".join(f"word{i}" for i in range(30))
    assert shorten(long_words) == " ".join(f"word{i}" for i in range(12)) + "…"


def test_titles_come_from_the_title_line_else_the_first_sentence_else_the_id():
    assert article(0, "003", UNTITLED).titled == (
        "Chinese President Xi Jinping arrived in Kazakhstan on Tuesday…",
        "first sentence",
    )
    assert article(1, "004", TITLED).titled == (
        "Kazakhstan and Turkey enter a new stage",
        "title",
    )
    assert DigestArticle(index=2, article_id="999", error="not UTF-8").titled == ("999", "id")


def test_english_input_is_shown_once_and_titled_in_every_file(tmp_path):
    articles = [article(0, "003", UNTITLED), article(1, "004", TITLED)]
    info = DigestInfo("extractive", SummaryLength(), SummaryLength())
    markdown, data, html = write_digest(tmp_path, articles, None, info)
    payload = json.loads(data.read_text(encoding="utf-8"))
    first = payload["articles"][0]
    assert first["title_from"] == "first sentence" and first["translated"] is False
    assert "### 1. Chinese President Xi Jinping arrived in Kazakhstan on Tuesday…" in (
        markdown.read_text(encoding="utf-8")
    )
    page = html.read_text(encoding="utf-8")
    assert 'dir="rtl"' not in page.split('<script type="application/json"')[0].replace(
        '<div class="ar" dir="rtl" lang="ar"></div>', ""
    )
    assert "full text (English input)" in page


def test_the_page_says_which_method_and_shows_no_empty_table(tmp_path):
    articles = [article(0, "003", UNTITLED), article(1, "004", TITLED)]
    info = DigestInfo("auto", SummaryLength(), SummaryLength())
    _markdown, _data, html = write_digest(tmp_path, articles, None, info)
    page = html.read_text(encoding="utf-8").split('<script type="application/json"')[0]
    assert "Summary method:" in page or "No summaries were made." in page
    for table in re.findall(r"<table>.*?</table>", page, flags=re.S):
        assert "<td" in table, table  # every table has a row
    assert "overflow-wrap:anywhere" in page  # a long token wraps instead of widening a table


def test_the_method_line_names_the_method_of_each_summary():
    from tarjama.clients.digest.html_page import _method

    summary = {"method": "abstractive", "model": {"id": "distilbart"}, "sentences": []}
    payload = {
        "collection_summary": {"method": "extractive", "model": None, "sentences": []},
        "articles": [{"summary": summary}, {"summary": None}],
        "method_requested": "auto",
        "notes": ["summarization model x unavailable: not cached"],
    }
    line = _method(payload)
    assert "extractive: whole translated sentences" in line
    assert "abstractive: written by the summarization model distilbart" in line
    assert "(asked for: auto)" in line and "not cached" in line
