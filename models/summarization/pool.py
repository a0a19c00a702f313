"""The sentences of a collection that cross-article work looks at, bounded in number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tarjama.models.limits import Limits
from tarjama.models.summarization.extractive import candidate_indices, rank_sentences
from tarjama.models.summarization.types import ArticleText, SentenceRef


@dataclass(frozen=True)
class PooledSentence:
    """A candidate sentence of one article, with its importance inside that article."""

    ref: SentenceRef
    text: str
    importance: float  # centrality and position in its article, 1.0 for the article's best
    position: float  # 0.0 at the top of its article, 1.0 at the bottom


@dataclass(frozen=True)
class Pool:
    """The pooled sentences and what the bound left out."""

    sentences: list[PooledSentence]
    notes: list[str]


def pool_sentences(
    articles: Sequence[ArticleText], article_indices: Sequence[int], limits: Limits
) -> Pool:
    """Each article's candidate sentences, its most important first when over its share.

    The pool holds at most `limits.max_pooled_sentences` sentences, shared equally between
    the articles (a short article's unused share goes to the others), so pairwise work on
    it stays bounded whatever the articles' lengths.
    """
    ranked = []
    for article in articles:
        ranking = rank_sentences(article, limits.max_ranked_sentences)
        candidates = set(candidate_indices(article))
        scored = [
            (float(score), index)
            for index, score in zip(ranking.indices, ranking.scores, strict=True)
            if index in candidates
        ]
        best = max((score for score, _ in scored), default=1.0) or 1.0
        ranked.append((article, sorted(scored, key=lambda item: -item[0]), best, ranking))
    quotas = _quotas([len(scored) for _, scored, _, _ in ranked], limits.max_pooled_sentences)
    sentences: list[PooledSentence] = []
    notes: list[str] = []
    for article_index, (article, scored, best, ranking), quota in zip(
        article_indices, ranked, quotas, strict=True
    ):
        last = max(1, len(article.sentences) - 1)
        kept = sorted(scored[:quota], key=lambda item: item[1])
        for score, index in kept:
            sentences.append(
                PooledSentence(
                    ref=SentenceRef(article_index, index),
                    text=article.sentences[index].strip(),
                    importance=score / best,
                    position=index / last,
                )
            )
        if len(kept) < len(scored) or ranking.note():
            notes.append(
                f"article {article_index + 1}: {len(kept):,} of its {len(article.sentences):,} "
                "sentences took part in the cross-article summary "
                "(limits TARJAMA_MAX_RANKED_SENTENCES, TARJAMA_MAX_POOLED_SENTENCES)"
            )
    return Pool(sentences, notes)


def _quotas(sizes: Sequence[int], total: int) -> list[int]:
    """Fair shares of `total` slots: nobody gets more than it has, leftovers go round."""
    quotas = [0] * len(sizes)
    remaining = total
    open_ = [i for i, size in enumerate(sizes) if size > 0]
    while remaining > 0 and open_:
        share = max(1, remaining // len(open_))
        for i in list(open_):
            give = min(share, sizes[i] - quotas[i], remaining)
            quotas[i] += give
            remaining -= give
            if quotas[i] >= sizes[i]:
                open_.remove(i)
            if remaining == 0:
                break
    return quotas
