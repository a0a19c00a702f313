"""The abstractive path with a tiny BART built here and loaded exactly like a hub model."""

from __future__ import annotations

import math

import pytest

from tarjama.models.summarization.engine import load_summarizer
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.testing.bart import TINY_MAX_POSITIONS

PARAGRAPH = [
    "Kazakhstan and Pakistan signed a strategic partnership agreement during a state visit.",
    "The president met the prime minister to discuss access to ports on the Arabian Sea.",
    "Trade between the two countries doubled last year to almost 86 million euros.",
    "The two leaders signed 20 agreements covering transport, mining, health and education.",
    "Officials said the talks focused on energy, security and regional cooperation.",
]


@pytest.fixture(scope="module")
def summarizer(tiny_bart):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        loaded = load_summarizer(str(tiny_bart), method=SummaryMethod.ABSTRACTIVE, num_beams=1)
    assert loaded.abstractive is not None
    return loaded


@pytest.fixture
def recorded_inputs(summarizer, monkeypatch):
    """Every text handed to the model, to check nothing was cut to fit."""
    model = summarizer.abstractive
    seen: list[str] = []
    original = model.generate

    def recording(texts, bounds, cancelled=lambda: False):
        seen.extend(texts)
        return original(texts, bounds, cancelled)

    monkeypatch.setattr(model, "generate", recording)
    return seen


def test_tiny_model_reports_its_own_input_limit(summarizer):
    assert summarizer.abstractive.max_input_tokens == TINY_MAX_POSITIONS


def test_short_article_is_one_chunk(summarizer):
    article = ArticleText("short", None, PARAGRAPH[:2])
    summary = summarizer.summarize_article(article, SummaryLength(sentences=2))
    assert summary.method is SummaryMethod.ABSTRACTIVE
    assert summary.chunks == 1
    assert summary.model is not None and summary.model.revision.startswith("local-")
    assert 1 <= len(summary.sentences) <= 2
    assert all(s.text for s in summary.sentences)


def test_long_article_is_chunked_on_sentence_boundaries(summarizer, recorded_inputs):
    model = summarizer.abstractive
    sentences = PARAGRAPH * 6
    article = ArticleText("long", "Title", ["Title", *sentences], heading_indices=(0,))
    total_tokens = sum(model.count_tokens(sentences))
    summary = summarizer.summarize_article(article, SummaryLength(sentences=3), article_index=2)

    assert summary.chunks >= math.ceil(total_tokens / TINY_MAX_POSITIONS) >= 3
    assert summary.chunks == len(model.plan_chunks(sentences))
    assert str(summary.chunks) in summary.notes[0]
    # The first round's inputs are whole sentences of the article, in order, all of them.
    first_round = recorded_inputs[: summary.chunks]
    assert " ".join(first_round) == " ".join(sentences)
    for text in recorded_inputs:
        assert model.count_tokens([text])[0] + 2 <= model.max_input_tokens, "input was truncated"
    for sentence in summary.sentences:
        assert all(ref.article_index == 2 and ref.sentence_index >= 1 for ref in sentence.sources)


def test_oversized_sentence_is_split_into_windows_that_fit(summarizer, recorded_inputs):
    model = summarizer.abstractive
    giant = " ".join(PARAGRAPH).replace(".", ",")  # one sentence of ~70 words
    article = ArticleText("giant", None, [giant * 3])
    summary = summarizer.summarize_article(article, SummaryLength(sentences=1))
    assert summary.chunks >= 2
    assert all(model.count_tokens([t])[0] + 2 <= model.max_input_tokens for t in recorded_inputs)


def test_word_length_bounds_the_output(summarizer):
    article = ArticleText("words", None, PARAGRAPH)
    summary = summarizer.summarize_article(article, SummaryLength(words=12))
    words = sum(len(s.text.split()) for s in summary.sentences)
    assert len(summary.sentences) == 1 or words <= 12


def test_invented_numbers_are_flagged_against_cited_sources(summarizer, monkeypatch):
    model = summarizer.abstractive
    monkeypatch.setattr(
        model,
        "generate",
        lambda texts, bounds, cancelled=None: [
            "Trade doubled to almost 86 million euros. The leaders signed 25 agreements."
        ],
    )
    article = ArticleText("nums", None, PARAGRAPH)
    summary = summarizer.summarize_article(article, SummaryLength(sentences=2))
    first, second = summary.sentences
    assert SentenceRef(0, 2) in first.sources and first.unsupported_numbers == ()
    assert SentenceRef(0, 3) in second.sources and second.unsupported_numbers == ("25",)


def test_concurrent_requests_share_the_model_safely(summarizer):
    from concurrent.futures import ThreadPoolExecutor

    articles = [ArticleText(f"t{i}", None, PARAGRAPH[i:] + PARAGRAPH) for i in range(4)]
    one = SummaryLength(sentences=1)
    with ThreadPoolExecutor(max_workers=4) as pool:
        summaries = list(pool.map(lambda a: summarizer.summarize_article(a, one), articles))
    assert all(summary.sentences for summary in summaries)
