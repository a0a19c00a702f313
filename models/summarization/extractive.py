"""Extractive summaries: LexRank over TF-IDF sentence vectors, MMR against redundancy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from tarjama.models.summarization.inputs import require_body
from tarjama.models.summarization.similarity import (
    cross_similarity,
    lead_scores,
    lexrank,
    mmr_select,
    similarity_matrix,
    word_count,
)
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
)

# Fragments like "Read more." or a dateline are poor summary sentences; they are used
# only when an article has nothing longer.
MIN_CANDIDATE_WORDS = 5
# Share of sentence importance that comes from position rather than centrality; at 0.5
# summaries become mostly the lead, at 0 they miss lead facts that share few words.
LEAD_WEIGHT = 0.4


def length_fits(length: SummaryLength, words: Sequence[int]) -> Callable[[list[int], int], bool]:
    """A budget check for mmr_select: sentence count, or words (the first pick always fits)."""
    if length.words is not None:
        budget = length.words

        def fits_words(chosen: list[int], item: int) -> bool:
            return not chosen or sum(words[i] for i in chosen) + words[item] <= budget

        return fits_words
    limit = length.sentences or 1

    def fits_sentences(chosen: list[int], item: int) -> bool:
        return len(chosen) < limit

    return fits_sentences


def rank_sentences(article: ArticleText) -> tuple[np.ndarray, np.ndarray]:
    """Importance of every sentence (1.0 for the best), and the sentence similarity matrix.

    Importance mixes LexRank centrality, teleporting towards sentences close to the
    title, with position: news puts the main facts in the lead, and centrality alone
    overrates sentences that merely repeat the topic's words. Titles and headings
    take part in the graph as context.
    """
    similarity = similarity_matrix(article.sentences)
    prior = np.ones(len(article.sentences))
    if article.title:
        prior = prior + cross_similarity([article.title], article.sentences)[0]
    centrality = lexrank(similarity, prior)
    centrality = centrality / centrality.max()
    return (1 - LEAD_WEIGHT) * centrality + LEAD_WEIGHT * lead_scores(len(centrality)), similarity


def candidate_indices(article: ArticleText) -> list[int]:
    body = require_body(article)
    long_enough = [i for i in body if word_count(article.sentences[i]) >= MIN_CANDIDATE_WORDS]
    return long_enough or body


def summarize_extractive(
    article: ArticleText, length: SummaryLength, *, article_index: int = 0
) -> Summary:
    """Whole sentences of the article, in article order, each citing itself."""
    candidates = candidate_indices(article)
    scores, similarity = rank_sentences(article)
    words = [word_count(sentence) for sentence in article.sentences]
    chosen = mmr_select(scores, similarity, fits=length_fits(length, words), candidates=candidates)
    return Summary(
        sentences=[
            SummarySentence(
                text=article.sentences[index].strip(),
                sources=(SentenceRef(article_index, index),),
            )
            for index in sorted(chosen)
        ],
        method=SummaryMethod.EXTRACTIVE,
    )
