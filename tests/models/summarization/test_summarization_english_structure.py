"""Plain-text English articles: headline and dateline are title and date, never body text."""

from __future__ import annotations

from tarjama.models.summarization.english import english_body_sentences, prepare_english
from tarjama.models.summarization.inputs import article_text_from_translation
from tarjama.models.types import ArticleRequest, ParagraphKind


def _prepared(text: str):
    return prepare_english(ArticleRequest(article_id="a", text=text))


def test_headline_and_dateline_lines_are_title_and_date():
    article = _prepared(
        "Aid pledges rise in the U.S.\n\nSaturday, January 1, 2005\n\n"
        "Promised funds doubled in the past day.\n"
    )
    kinds = [(p.kind, p.sentences) for p in article.paragraphs]
    assert kinds == [
        (ParagraphKind.TITLE, ["Aid pledges rise in the U.S."]),  # an abbreviation ends it
        (ParagraphKind.HEADING, ["Saturday, January 1, 2005"]),
        (ParagraphKind.BODY, ["Promised funds doubled in the past day."]),
    ]
    assert article.metadata.date == "2005-01-01"
    assert article.metadata.date_source == "text"  # as an Arabic article's dateline says
    assert article_text_from_translation(article).date == "2005-01-01"


def test_a_dateline_glued_to_the_first_sentence_comes_apart():
    article = _prepared(
        "Town raises money\n\nA photo caption of the town hall\n\n"
        "Tuesday, January 18, 2005Through a telethon, the town raised money.\n"
    )
    assert english_body_sentences(
        "Town raises money\n\nTuesday, January 18, 2005Through a telethon, the town raised money."
    ) == ["Through a telethon, the town raised money."]
    assert article.metadata.date == "2005-01-18"
    assert all("2005Through" not in s for p in article.paragraphs for s in p.sentences)


def test_a_date_in_front_of_the_headline_dates_the_article():
    article = _prepared("2005/01/08 Aid donations rise\n\nThe town gave money to the appeal.\n")
    assert article.paragraphs[0].kind is ParagraphKind.TITLE
    assert article.paragraphs[0].sentences == ["Aid donations rise"]
    assert article.metadata.date == "2005-01-08"


def test_an_article_without_a_dateline_is_undated():
    article = _prepared("Aid rises\n\nThe town gave money to the appeal on Monday.\n")
    assert article.metadata is None


def test_a_place_dateline_opening_the_body_is_a_heading_of_its_own():
    article = _prepared(
        "Town asks for its donation back\n\nThursday, January 27, 2005\n\n"
        "Meadow Lake, Saskatchewan – The council of a small town donated $10,000 to the "
        "Red Cross. It wants the money back.\n"
    )
    kinds = [(p.kind, p.sentences[0]) for p in article.paragraphs]
    assert kinds[2] == (ParagraphKind.HEADING, "Meadow Lake, Saskatchewan –")
    assert kinds[3][1].startswith("The council of a small town")
    # A dash inside a sentence, or before lower case, is no dateline.
    assert english_body_sentences("Japan – the largest donor – pledged more.\n") == [
        "Japan – the largest donor – pledged more."
    ]
