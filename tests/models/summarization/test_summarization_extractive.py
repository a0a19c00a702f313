"""Extractive summaries on real English text: whole input sentences, right citations, no repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.models.summarization.extractive import summarize_extractive
from tarjama.models.summarization.similarity import split_sentences, word_count
from tarjama.models.summarization.types import ArticleText, SentenceRef, SummaryLength

FLOODS = [
    "Floods in the south",  # heading
    "Heavy rain caused severe floods across the southern province on Tuesday, "
    "forcing 12,000 families to leave their homes.",
    "The provincial governor said 43 people had died and dozens were still missing.",
    "Heavy rain caused severe flooding across the southern province on Tuesday, "
    "forcing thousands of families to leave their homes.",
    "Rescue teams used boats to reach villages cut off by the water.",
    "The government announced emergency aid of 2.5 million dollars for the affected districts.",
    "Schools in the region will stay closed until the end of the week.",
    "Meteorologists expect more rain over the weekend, raising fears of new floods.",
    "Read more.",
    "The floods are the worst to hit the province since 1998, officials said.",
    "Farmers said the water had destroyed about 40% of the wheat harvest.",
]
HEADINGS = (0,)


def floods_article() -> ArticleText:
    return ArticleText("floods", FLOODS[0], FLOODS, heading_indices=HEADINGS)


def test_summary_is_made_of_input_sentences_with_their_own_indices():
    summary = summarize_extractive(floods_article(), SummaryLength(sentences=4), article_index=3)
    assert len(summary.sentences) == 4
    for sentence in summary.sentences:
        [ref] = sentence.sources
        assert ref.article_index == 3
        assert FLOODS[ref.sentence_index] == sentence.text
    indices = [s.sources[0].sentence_index for s in summary.sentences]
    assert indices == sorted(indices), "summary sentences keep article order"


def test_near_duplicate_sentences_are_not_both_picked():
    for count in (2, 4, 8):
        summary = summarize_extractive(floods_article(), SummaryLength(sentences=count))
        indices = {s.sources[0].sentence_index for s in summary.sentences}
        assert not {1, 3} <= indices


def test_headings_and_fragments_are_never_picked():
    summary = summarize_extractive(floods_article(), SummaryLength(sentences=9))
    indices = {s.sources[0].sentence_index for s in summary.sentences}
    assert 0 not in indices
    assert 8 not in indices  # "Read more."


def test_numbers_are_preserved_verbatim():
    summary = summarize_extractive(floods_article(), SummaryLength(sentences=6))
    assert any("43" in s.text for s in summary.sentences)
    assert all(s.unsupported_numbers == () for s in summary.sentences)


def test_word_budget_is_respected():
    summary = summarize_extractive(floods_article(), SummaryLength(words=40))
    assert 1 <= len(summary.sentences)
    assert sum(word_count(s.text) for s in summary.sentences) <= 40


def test_first_sentence_fits_even_when_over_a_tiny_word_budget():
    summary = summarize_extractive(floods_article(), SummaryLength(words=10))
    assert len(summary.sentences) == 1


def read_reference(path: Path) -> ArticleText:
    """One sentence per line, blank lines between paragraphs; short lines are headings."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    sentences = [line for line in lines if line]
    headings = tuple(i for i, s in enumerate(sentences) if not s.endswith((".", "”", '"')))
    return ArticleText(path.name, sentences[0], sentences, heading_indices=headings)


def test_reference_articles_summarize_to_their_own_sentences(seeds):
    if not seeds.references.is_dir():
        pytest.skip("no maintainer references yet")
    paths = sorted(seeds.references.glob("*.en.txt"))
    assert paths
    for path in paths:
        article = read_reference(path)
        summary = summarize_extractive(article, SummaryLength(sentences=4))
        assert len(summary.sentences) == 4, path.name
        for sentence in summary.sentences:
            assert sentence.sources == (SentenceRef(0, sentence.sources[0].sentence_index),)
            assert article.sentences[sentence.sources[0].sentence_index] == sentence.text


def test_split_sentences_keeps_abbreviations_and_initials():
    text = 'Mr. Smith met U.S. officials. J. Doe said "yes." Prices rose 2.5 percent! Why?'
    assert split_sentences(text) == [
        "Mr. Smith met U.S. officials.",
        'J. Doe said "yes."',
        "Prices rose 2.5 percent!",
        "Why?",
    ]
