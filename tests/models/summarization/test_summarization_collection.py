"""Cross-article summaries: shared facts once with all their sources, unique figures kept."""

from __future__ import annotations

import dataclasses

import pytest

from tarjama.models.summarization.collection import summarize_collection
from tarjama.models.summarization.engine import load_summarizer
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.testing.bart import build_tiny_bart

# Documents 0 and 1 report the same rate decision in different words (sentence 1 of
# each); document 2 covers the same story and adds a figure only it has (sentence 2).
DOC_A = ArticleText(
    "a",
    "Central bank raises rates",
    [
        "Central bank raises rates",
        "The central bank raised its main interest rate to 27 percent on Thursday.",
        "Shops in the old market closed early because of a holiday.",
        "A football match in the capital was postponed because of rain.",
    ],
    heading_indices=(0,),
)
DOC_B = ArticleText(
    "b",
    None,
    [
        "Officials from the finance ministry met bankers in the morning.",
        "On Thursday the central bank lifted its main interest rate to 27 percent.",
        "Traffic was heavy on the coastal road after a minor accident.",
    ],
)
DOC_C = ArticleText(
    "c",
    None,
    [
        "Importers complained about the cost of credit this year.",
        "Analysts said the decision surprised markets across the region.",
        "The currency has lost 18 percent of its value against the dollar since January.",
    ],
)
SHARED_FACT = {SentenceRef(0, 1), SentenceRef(1, 1)}
UNIQUE_FIGURE = SentenceRef(2, 2)


def test_shared_fact_appears_once_cited_to_both_documents():
    summary = summarize_collection([DOC_A, DOC_B, DOC_C], SummaryLength(sentences=3))
    assert summary.method is SummaryMethod.EXTRACTIVE
    about_rate = [s for s in summary.sentences if "27 percent" in s.text]
    assert len(about_rate) == 1
    assert set(about_rate[0].sources) == SHARED_FACT
    assert summary.sentences[0] is about_rate[0], "what articles share comes first"


def test_unique_figure_appears_cited_to_its_document():
    summary = summarize_collection([DOC_A, DOC_B, DOC_C], SummaryLength(sentences=2))
    texts = [s.text for s in summary.sentences]
    assert any("27 percent" in text for text in texts)
    [figure] = [s for s in summary.sentences if "18 percent" in s.text]
    assert figure.sources == (UNIQUE_FIGURE,)


def test_every_source_ref_resolves_and_supports_the_numbers():
    articles = [DOC_A, DOC_B, DOC_C]
    summary = summarize_collection(articles, SummaryLength(sentences=8))
    for sentence in summary.sentences:
        assert sentence.sources
        for ref in sentence.sources:
            assert ref.sentence_index not in articles[ref.article_index].heading_indices
            assert articles[ref.article_index].sentences[ref.sentence_index]
        assert sentence.unsupported_numbers == ()


def test_word_budget_limits_the_collection_summary():
    summary = summarize_collection([DOC_A, DOC_B, DOC_C], SummaryLength(words=15))
    assert len(summary.sentences) == 1


def test_conflicting_figures_for_the_same_day_are_noted():
    first = dataclasses.replace(DOC_A, date="2025-03-13")
    other = ArticleText(
        "d",
        None,
        ["On Thursday the central bank lifted its main interest rate to 28 percent."],
        date="2025-03-13",
    )
    summary = summarize_collection([first, other], SummaryLength(sentences=2))
    assert any("differ on figures" in note for note in summary.notes)


def test_a_figure_that_changed_between_dates_is_no_disagreement():
    first = dataclasses.replace(DOC_A, date="2025-03-13")
    later = ArticleText(
        "d",
        None,
        ["On Thursday the central bank lifted its main interest rate to 28 percent."],
        date="2025-04-10",
    )
    undated = dataclasses.replace(later, date="")
    for other in (later, undated):
        summary = summarize_collection([first, other], SummaryLength(sentences=2))
        assert not any("differ on figures" in note for note in summary.notes)


def test_single_article_collection_works():
    summary = summarize_collection([DOC_C], SummaryLength(sentences=2))
    assert [ref.article_index for s in summary.sentences for ref in s.sources] == [0, 0]


@pytest.fixture(scope="module")
def tiny_summarizer(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        model_dir = build_tiny_bart(tmp_path_factory.mktemp("tiny-bart"))
        return load_summarizer(str(model_dir), method=SummaryMethod.ABSTRACTIVE, num_beams=1)


def test_abstractive_fusion_keeps_the_cluster_citations(tiny_summarizer):
    summary = tiny_summarizer.summarize_collection(
        [DOC_A, DOC_B, DOC_C], SummaryLength(sentences=2), SummaryMethod.ABSTRACTIVE
    )
    assert summary.method is SummaryMethod.ABSTRACTIVE
    assert summary.model is not None
    fused = [s for s in summary.sentences if set(s.sources) == SHARED_FACT]
    assert len(fused) == 1
    assert "27 percent" not in fused[0].text  # written by the (random) model, not quoted
    quoted = [s for s in summary.sentences if s.sources == (UNIQUE_FIGURE,)]
    assert quoted and quoted[0].text == DOC_C.sentences[2]
    assert any("fused" in note for note in summary.notes)


def test_an_amount_is_said_once_by_the_statement_most_articles_share():
    # Article 0's lead restates the 395,000 euro that articles 1 and 2 share in other words.
    lead = ArticleText("lead", None, [
        "Through a telethon, villagers have raised 15 billion lei, or the equivalent of "
        "395,000 euro, for the flood victims of the valley.",
        "Rescue teams reached the last cut-off village by boat on Friday.",
        "The river fell below its banks after four days.",
    ])  # fmt: skip
    shared = [
        ArticleText(
            name,
            None,
            [
                "On Sunday the public raised the equivalent of 395,000 euro in a telethon, while "
                "the government pledged 150,000 euro.",
                other,
            ],
        )  # fmt: skip
        for name, other in (
            ("b", "Schools in the valley will reopen next month after repairs."),
            ("c", "Engineers began to inspect every bridge on the main road."),
        )
    ]
    summary = summarize_collection([lead, *shared], SummaryLength(sentences=5))
    saying = [s for s in summary.sentences if "395,000 euro" in s.text]
    assert len(saying) == 1, [s.text for s in summary.sentences]
    assert {ref.article_index for ref in saying[0].sources} == {1, 2}
    assert len(summary.sentences) == 5  # the room went to other facts
