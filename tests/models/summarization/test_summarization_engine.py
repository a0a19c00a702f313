"""The Summarizer facade: length validation, collection limits, method choice and fallback."""

from __future__ import annotations

import dataclasses

import pytest

from tarjama.models.errors import Cancelled, InvalidInput, ModelMissing, ModelNotFound
from tarjama.models.limits import Limits
from tarjama.models.summarization.engine import Summarizer, load_summarizer
from tarjama.models.summarization.extractive import summarize_extractive
from tarjama.models.summarization.inputs import article_text_from_translation
from tarjama.models.summarization.types import ArticleText, SummaryLength, SummaryMethod
from tarjama.models.types import (
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)

SENTENCES = [
    "The parliament approved the new budget on Sunday after a long debate.",
    "The budget raises spending on schools by 12 percent.",
    "Opposition deputies voted against it, saying it ignores rural areas.",
    "The finance minister said the deficit would fall below 3 percent next year.",
    "Protesters gathered outside the building during the vote.",
    "The president is expected to sign the law within two weeks.",
]
ARTICLE = ArticleText("budget", None, SENTENCES)
OTHER_SENTENCES = [
    "A strong earthquake struck the northern mountains early on Monday.",
    "Rescue workers searched collapsed houses in three villages.",
    "The health ministry sent field hospitals and blood supplies.",
    "Roads to the area were blocked by landslides for most of the day.",
    "Aftershocks continued through the night, frightening residents.",
]


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (SummaryLength(sentences=0), "length.sentences must be between 1 and 20 (got 0)"),
        (SummaryLength(sentences=21), "length.sentences must be between 1 and 20 (got 21)"),
        (SummaryLength(words=9), "length.words must be between 10 and 500 (got 9)"),
        (SummaryLength(words=501), "length.words must be between 10 and 500 (got 501)"),
        (SummaryLength(sentences=3, words=50), "either length.sentences or length.words"),
    ],
)
def test_out_of_range_lengths_are_invalid_input(length, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        Summarizer().summarize_article(ARTICLE, length)
    with pytest.raises(InvalidInput):
        Summarizer().summarize_collection([ARTICLE], length)


def test_default_lengths_are_four_per_article_and_eight_per_collection():
    long_article = ArticleText("long", None, SENTENCES * 3)
    summarizer = Summarizer()
    assert len(summarizer.summarize_article(long_article).sentences) == 4
    other = ArticleText("other", None, OTHER_SENTENCES)
    assert len(summarizer.summarize_collection([ARTICLE, other]).sentences) == 8


def test_empty_and_oversized_collections_are_invalid_input():
    summarizer = Summarizer(limits=Limits(max_collection_articles=2))
    with pytest.raises(InvalidInput, match="collection is empty"):
        summarizer.summarize_collection([])
    with pytest.raises(InvalidInput, match="has 3 articles; the limit is 2"):
        summarizer.summarize_collection([ARTICLE] * 3)


def test_article_without_body_text_is_invalid_input():
    headings_only = ArticleText("empty", "Title", ["Title", "  "], heading_indices=(0,))
    with pytest.raises(InvalidInput, match="article 'empty' has no body text"):
        Summarizer().summarize_article(headings_only)
    with pytest.raises(InvalidInput, match="article 'empty' has no body text"):
        Summarizer().summarize_collection([ARTICLE, headings_only])


def test_auto_falls_back_to_extractive_with_a_note_when_weights_are_missing():
    summarizer = load_summarizer("tarjama-test/no-such-model")
    assert summarizer.abstractive is None
    summary = summarizer.summarize_article(ARTICLE, method=SummaryMethod.AUTO)
    assert summary.method is SummaryMethod.EXTRACTIVE
    assert "tarjama-test/no-such-model" in summary.notes[0]


def test_explicit_abstractive_without_weights_raises_model_missing():
    with pytest.raises(ModelMissing, match="no-such-model"):
        load_summarizer("tarjama-test/no-such-model", method=SummaryMethod.ABSTRACTIVE)
    with pytest.raises(ModelMissing):
        Summarizer().summarize_article(ARTICLE, method=SummaryMethod.ABSTRACTIVE)


def test_missing_local_directory_is_model_not_found(tmp_path):
    with pytest.raises(ModelNotFound, match="does not exist"):
        load_summarizer(str(tmp_path / "nope"))


def test_extractive_loads_nothing():
    summarizer = load_summarizer("tarjama-test/no-such-model", method=SummaryMethod.EXTRACTIVE)
    assert summarizer.abstractive is None
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=2))
    assert summary.method is SummaryMethod.EXTRACTIVE
    assert summary.notes == ["extractive summary: configured for extractive summaries only"]
    explicit = summarizer.summarize_article(ARTICLE, method=SummaryMethod.EXTRACTIVE)
    assert explicit.notes == []
    with pytest.raises(ModelNotFound, match="abstractive summaries are off"):
        summarizer.summarize_article(ARTICLE, method=SummaryMethod.ABSTRACTIVE)


def test_cancelled_request_stops():
    with pytest.raises(Cancelled):
        Summarizer().summarize_article(ARTICLE, cancelled=lambda: True)


def test_translation_becomes_article_text_with_headings_marked():
    paragraphs = [
        Paragraph(0, ParagraphKind.TITLE, ["عنوان"]),
        Paragraph(1, ParagraphKind.BODY, ["جملة.", "جملة."]),
        Paragraph(2, ParagraphKind.HEADING, ["عنوان"]),
    ]
    segments = [
        Segment(0, 0, "عنوان", "Budget passes"),
        Segment(1, 1, "جملة.", SENTENCES[0]),
        Segment(2, 1, "جملة.", SENTENCES[1]),
        Segment(3, 2, "عنوان", "Reactions"),
    ]
    translated = TranslatedArticle("t", paragraphs, segments, [], ModelRef("fake", "1"), 0.0, 0.0)
    article = article_text_from_translation(translated)
    assert article.title == "Budget passes"
    assert article.sentences == ["Budget passes", SENTENCES[0], SENTENCES[1], "Reactions"]
    assert article.heading_indices == (0, 3)


def _translated(kinds_and_texts: list[tuple[ParagraphKind, str]]) -> TranslatedArticle:
    """One sentence per paragraph, of the given kinds and English texts."""
    paragraphs = [Paragraph(i, kind, ["نص"]) for i, (kind, _) in enumerate(kinds_and_texts)]
    segments = [Segment(i, i, "نص", text) for i, (_, text) in enumerate(kinds_and_texts)]
    return TranslatedArticle("t", paragraphs, segments, [], ModelRef("fake", "1"), 0.0, 0.0)


def test_an_article_of_short_lines_only_is_summarized_from_those_lines():
    """Every line read as a heading and no body: the lines are the body (the title is not)."""
    lines = [(ParagraphKind.TITLE, "Budget passes")] + [
        (ParagraphKind.HEADING, sentence.rstrip(".")) for sentence in SENTENCES
    ]
    article = article_text_from_translation(_translated(lines))
    assert article.heading_indices == (0,)
    summary = Summarizer().summarize_article(article, SummaryLength(sentences=2))
    cited = [ref.sentence_index for s in summary.sentences for ref in s.sources]
    assert len(summary.sentences) == 2 and 0 not in cited


def test_articles_without_summarizable_text_say_what_they_hold():
    title_only = article_text_from_translation(_translated([(ParagraphKind.TITLE, "Budget")]))
    with pytest.raises(InvalidInput, match="'t' has no body text to summarize, only a title"):
        Summarizer().summarize_article(title_only)
    untranslated = article_text_from_translation(
        _translated([(ParagraphKind.TITLE, ""), (ParagraphKind.BODY, " ")])
    )
    with pytest.raises(InvalidInput, match="'t' has no text to summarize: its translation is"):
        Summarizer().summarize_article(untranslated)


def test_ranking_past_its_bound_keeps_the_body_ahead_of_many_headings():
    """5,000 headings before the body: the 1,000 ranked sentences still hold the body."""
    headings = [f"Section {i}" for i in range(5_000)]
    article = ArticleText(
        "long", None, headings + SENTENCES, heading_indices=tuple(range(len(headings)))
    )
    summary = Summarizer().summarize_article(article, SummaryLength(sentences=3))
    cited = {ref.sentence_index for s in summary.sentences for ref in s.sources}
    assert len(summary.sentences) == 3 and min(cited) >= len(headings)
    assert any("TARJAMA_MAX_RANKED_SENTENCES" in note for note in summary.notes)


def test_a_failed_translation_is_quoted_only_when_nothing_sound_is_left():
    loop = "The the the the the the the the the the the the the the the the the the the the."
    paragraphs = [Paragraph(0, ParagraphKind.BODY, ["جملة."] * 3)]
    segments = [
        Segment(0, 0, "جملة.", loop, flags=(QualityFlag.REPETITION,)),
        Segment(1, 0, "جملة.", SENTENCES[0]),
        Segment(2, 0, "جملة.", SENTENCES[1]),
    ]
    translated = TranslatedArticle("t", paragraphs, segments, [], ModelRef("fake", "1"), 0.0, 0.0)
    article = article_text_from_translation(translated)
    assert article.flagged_indices == (0,)
    summary = summarize_extractive(article, SummaryLength(sentences=3))
    assert loop not in [s.text for s in summary.sentences]  # the lead, but a decoding loop
    every_one_failed = dataclasses.replace(article, flagged_indices=(0, 1, 2))
    assert summarize_extractive(every_one_failed, SummaryLength(sentences=1)).sentences
