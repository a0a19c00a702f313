"""Extractive summaries: LexRank over TF-IDF sentence vectors, MMR against redundancy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tarjama.models.limits import Limits
from tarjama.models.summarization.inputs import body_indices, require_body
from tarjama.models.summarization.similarity import (
    lead_scores,
    lexrank,
    mmr_select,
    similarity_of,
    tfidf_vectors,
    word_count,
)
from tarjama.models.summarization.standalone import is_list_item, stands_alone
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
DEFAULT_MAX_RANKED = Limits().max_ranked_sentences


@dataclass(frozen=True)
class Ranking:
    """Importance of the sentences of one article that the ranking saw.

    `indices` are sentence indices in ascending order: every sentence, or, past the
    ranking limit, the ones preselected in linear time. `scores` and `similarity` are
    aligned with `indices`.
    """

    indices: list[int]
    scores: np.ndarray  # 1.0 for the most important
    similarity: np.ndarray  # pairwise, len(indices) x len(indices)
    total: int  # sentences in the article

    def note(self) -> str | None:
        """What the result should say when the ranking saw only part of the article."""
        if len(self.indices) == self.total:
            return None
        return (
            f"the article has {self.total:,} sentences; the {len(self.indices):,} ranked were "
            "preselected by position and closeness to its main terms "
            "(limit TARJAMA_MAX_RANKED_SENTENCES)"
        )


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


def rank_sentences(article: ArticleText, max_ranked: int = DEFAULT_MAX_RANKED) -> Ranking:
    """Importance of the article's sentences (all of them, or at most `max_ranked`).

    Importance mixes LexRank centrality, teleporting towards sentences close to the
    title, with position: news puts the main facts in the lead, and centrality alone
    overrates sentences that merely repeat the topic's words. Titles and headings
    take part in the graph as context.

    LexRank needs every pair of sentences (n² memory), so an article with more than
    `max_ranked` sentences is first cut down in linear time, by the same two signals:
    position, and similarity to the article's mean TF-IDF vector.
    """
    total = len(article.sentences)
    lead = _body_positions(article)
    vectors = tfidf_vectors([article.title or "", *article.sentences])
    title, sentences = vectors[0], vectors[1:]
    indices = np.arange(total)
    if total > max_ranked:
        centroid = np.asarray(sentences.mean(axis=0)).ravel()
        closeness = sentences @ centroid
        closeness = closeness / closeness.max() if closeness.max() > 0 else closeness
        rough = (1 - LEAD_WEIGHT) * closeness + LEAD_WEIGHT * lead
        # Body sentences first (scores are within [0, 1]): titles, headings and empty
        # lines only fill slots the body leaves, so the ranked set always holds sentences
        # a summary can quote, however many headings come before them.
        is_body = np.zeros(total, dtype=bool)
        is_body[body_indices(article)] = True
        rough = np.where(is_body, rough, rough - 2.0)
        indices = np.sort(np.argpartition(-rough, max_ranked - 1)[:max_ranked])
        sentences = sentences[indices]
    similarity = similarity_of(sentences)
    prior = np.ones(len(indices))
    if article.title:
        prior = prior + np.clip((sentences @ title.T).toarray().ravel(), 0.0, 1.0)
    centrality = lexrank(similarity, prior)
    centrality = centrality / centrality.max() if centrality.max() > 0 else centrality
    scores = (1 - LEAD_WEIGHT) * centrality + LEAD_WEIGHT * lead[indices]
    return Ranking([int(i) for i in indices], scores, similarity, total)


def _body_positions(article: ArticleText) -> np.ndarray:
    """Lead weights by place among the body sentences: a title, a dateline or a caption
    above the lead does not push it down."""
    headings = set(article.heading_indices)
    weights = lead_scores(len(article.sentences))
    body_rank = 0
    result = np.empty(len(article.sentences))
    for index in range(len(article.sentences)):
        result[index] = weights[body_rank]
        if index not in headings:
            body_rank += 1
    return result


def candidate_indices(article: ArticleText) -> list[int]:
    """Body sentences worth quoting: long enough, able to stand alone (standalone.py) and
    prose, not list items; else ones that stand alone, else long enough, else any body
    sentence: an article is never left with none. At each step a sentence whose translation
    failed (flagged: a loop, a copy of the source, ...) comes only after every sound one."""
    body = require_body(article)
    long_enough = [i for i in body if word_count(article.sentences[i]) >= MIN_CANDIDATE_WORDS]
    alone = [i for i in long_enough if stands_alone(article.sentences[i])]
    # A list item ("* AP - ...") only where the article has no prose that stands alone.
    prose = [i for i in alone if not is_list_item(article.sentences[i])]
    tiers = (prose, alone, long_enough, body)
    flagged = set(article.flagged_indices)
    for tier in tiers:
        sound = [i for i in tier if i not in flagged]
        if sound:
            return sound
    return next(tier for tier in tiers if tier)


def summarize_extractive(
    article: ArticleText,
    length: SummaryLength,
    *,
    article_index: int = 0,
    max_ranked: int = DEFAULT_MAX_RANKED,
) -> Summary:
    """Whole sentences of the article, in article order, each citing itself."""
    candidates = set(candidate_indices(article))
    ranking = rank_sentences(article, max_ranked)
    headings = set(article.heading_indices)
    # Preselection may keep no candidate (e.g. only short lines): then any body sentence.
    positions = [p for p, index in enumerate(ranking.indices) if index in candidates] or [
        p for p, index in enumerate(ranking.indices) if index not in headings
    ]
    words = [word_count(article.sentences[index]) for index in ranking.indices]
    chosen = mmr_select(
        ranking.scores, ranking.similarity, fits=length_fits(length, words), candidates=positions
    )
    note = ranking.note()
    return Summary(
        sentences=[
            SummarySentence(
                text=article.sentences[index].strip(),
                sources=(SentenceRef(article_index, index),),
            )
            for index in sorted(ranking.indices[p] for p in chosen)
        ],
        method=SummaryMethod.EXTRACTIVE,
        notes=[note] if note else [],
    )
