"""Cross-article summaries: cluster what articles say alike, prefer shared facts, cite all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from tarjama.models.limits import Limits
from tarjama.models.summarization.abstractive import AbstractiveSummarizer, LengthBounds
from tarjama.models.summarization.attribution import check_numbers
from tarjama.models.summarization.extractive import length_fits
from tarjama.models.summarization.figure_subjects import group_key
from tarjama.models.summarization.figures import equivalent_amounts, sentence_figures
from tarjama.models.summarization.pool import PooledSentence, pool_sentences
from tarjama.models.summarization.similarity import (
    similarity_matrix,
    split_sentences,
    word_count,
)
from tarjama.models.summarization.themes import find_themes
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
)
from tarjama.models.types import CancelCheck, never_cancelled

# Sentences at least this similar (average linkage, TF-IDF cosine) are taken to state
# the same thing: paraphrases of one fact by different outlets score about 0.5-0.7,
# sentences that merely share a topic (same country, same kind of deal) 0.3-0.4.
SAME_FACT_SIMILARITY = 0.4
# Two sources this similar that give different figures are reported as disagreeing.
DISAGREEMENT_SIMILARITY = 0.5
# Representatives this similar to a chosen one are near-duplicates and are skipped.
DUPLICATE_SIMILARITY = 0.6
# Score terms: a fact all articles state gains SHARED_WEIGHT over one only its article
# states; bonuses reward covering a new article and bringing figures not yet included.
SHARED_WEIGHT = 1.0
NEW_ARTICLE_BONUS = 0.5
NEW_FIGURE_BONUS = 0.6
# Each point already taken from an article lowers that article's next one, so a long or
# very central article does not crowd the others out.
ARTICLE_REPEAT_PENALTY = 0.15
DIVERSITY = 0.3
# How much a sentence gains from carrying a theme every article shares.
THEME_WEIGHT = 0.8
# Under a word budget, each 10 words beyond SHORT_SENTENCE_WORDS cost this much gain.
LENGTH_COST = 0.1
SHORT_SENTENCE_WORDS = 20
# Two sentences giving the same amount in a unit and this similar in wording state one
# fact ("raised 395,000 euro in a telethon" twice); below it they only share a number.
SAME_AMOUNT_WORDING = 0.15
# Plain counts below this bring no figure bonus: small numbers are details, not facts to cover.
NOTABLE_COUNT = 100
# Themes that weigh sentences: more than a page shows, for a finer signal.
SUPPORT_THEMES = 20
_NO_REF = SentenceRef(0, 0)


@dataclass(frozen=True)
class Cluster:
    """Sentences that state the same thing, possibly across articles."""

    members: tuple[int, ...]  # indices into the pool, in (article, sentence) order
    representative: int
    articles: frozenset[int]
    score: float


def cluster_sentences(
    pool: Sequence[PooledSentence],
    similarity: np.ndarray,
    article_count: int,
    theme_support: Sequence[float] = (),
) -> list[Cluster]:
    """Average-linkage clusters of the pool, scored by importance, by how many articles
    share them, and by how widely shared the themes of their sentences are."""
    if len(pool) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=1.0 - SAME_FACT_SIMILARITY,
        ).fit_predict(1.0 - similarity)
    clusters = []
    for label in np.unique(labels):
        members = tuple(int(i) for i in np.flatnonzero(labels == label))
        inner = similarity[np.ix_(members, members)].sum(axis=1)
        # The medoid says what the members have in common; importance breaks ties.
        representative = members[
            int(np.argmax(inner + np.array([pool[i].importance for i in members])))
        ]
        articles = frozenset(pool[i].ref.article_index for i in members)
        shared = (len(articles) - 1) / max(1, article_count - 1)
        importance = max(pool[i].importance for i in members)
        if theme_support:
            importance += THEME_WEIGHT * max(theme_support[i] for i in members)
        clusters.append(
            Cluster(members, representative, articles, importance + SHARED_WEIGHT * shared)
        )
    return clusters


def select_clusters(
    clusters: Sequence[Cluster],
    pool: Sequence[PooledSentence],
    similarity: np.ndarray,
    length: SummaryLength,
) -> list[Cluster]:
    """Greedy choice: shared and important first, new articles and figures rewarded."""
    words = [word_count(pool[c.representative].text) for c in clusters]
    fits = length_fits(length, words)
    chosen: list[int] = []
    covered_articles: set[int] = set()
    picks_per_article = [0] * (max((a for c in clusters for a in c.articles), default=0) + 1)
    covered_figures: set = set()
    # Quantities, not years or dates: a sentence that only dates something brings no figure.
    figures = [
        {
            (f.value, f.unit)
            for f in sentence_figures(pool[c.representative].text, _NO_REF)
            if _notable(f)
        }
        for c in clusters
    ]
    # Amounts in a unit ("395,000 euro", "15 billion lei (395,000 euro)"): a sentence that
    # gives one a chosen sentence gives, in some of its words, restates that fact; one
    # waits while a statement more articles share restates it.
    amounts = [
        {
            amount
            for f in sentence_figures(pool[c.representative].text, _NO_REF)
            if f.unit and f.unit != "%"
            for amount in ((f.value, f.unit), *equivalent_amounts(f.surface))
        }
        for c in clusters
    ]

    def restates(i: int, j: int) -> bool:
        reps = clusters[i].representative, clusters[j].representative
        return bool(amounts[i] & amounts[j]) and similarity[reps] >= SAME_AMOUNT_WORDING

    wider = {
        i: {
            j
            for j in range(len(clusters))
            if len(clusters[j].articles) > len(clusters[i].articles) and restates(i, j)
        }
        for i in range(len(clusters))
        if amounts[i]
    }
    remaining = list(range(len(clusters)))
    while remaining:
        gains = []
        waiting = set(remaining)
        for index in remaining:
            if wider.get(index, set()) & waiting:
                continue
            cluster = clusters[index]
            rep = cluster.representative
            redundancy = max(
                (similarity[rep, clusters[c].representative] for c in chosen), default=0.0
            )
            gain = cluster.score - DIVERSITY * redundancy
            gain -= ARTICLE_REPEAT_PENALTY * min(picks_per_article[a] for a in cluster.articles)
            if cluster.articles - covered_articles:
                gain += NEW_ARTICLE_BONUS
            if figures[index] - covered_figures:
                gain += NEW_FIGURE_BONUS
            if length.words is not None:
                # A word budget is spent best on sentences that say much in few words.
                gain -= LENGTH_COST * max(0, words[index] - SHORT_SENTENCE_WORDS) / 10
            gains.append((gain, -index, index, redundancy))
        if not gains:
            break
        _, _, picked, redundancy = max(gains)
        remaining.remove(picked)
        duplicate = redundancy >= DUPLICATE_SIMILARITY or any(restates(picked, c) for c in chosen)
        if duplicate or not fits(chosen, picked):
            continue
        chosen.append(picked)
        covered_articles |= clusters[picked].articles
        for article in clusters[picked].articles:
            picks_per_article[article] += 1
        covered_figures |= figures[picked]
    return [clusters[i] for i in chosen]


def _notable(figure) -> bool:
    """An amount, a share, or a count of at least NOTABLE_COUNT: "3 votes to 2" is a detail."""
    return bool(figure.unit or figure.scale) or Decimal(figure.value) >= NOTABLE_COUNT


def reading_order(clusters: Sequence[Cluster], pool: Sequence[PooledSentence]) -> list[Cluster]:
    """What articles share comes first (in story order), then each article's own points."""

    def key(cluster: Cluster) -> tuple:
        if len(cluster.articles) > 1:
            mean_position = float(np.mean([pool[i].position for i in cluster.members]))
            return (0, mean_position, 0, 0)
        ref = pool[cluster.representative].ref
        return (1, ref.article_index, ref.sentence_index, 0)

    return sorted(clusters, key=key)


def theme_support(pool: Sequence[PooledSentence], article_count: int) -> list[float]:
    """For each pooled sentence, how widely its most shared theme is supported (0-1)."""
    support = [0.0] * len(pool)
    position = {p.ref: k for k, p in enumerate(pool)}
    for theme in find_themes(pool, SUPPORT_THEMES):
        share = (len(theme.articles) - 1) / max(1, article_count - 1)
        for ref in theme.sources:
            k = position.get(ref)
            if k is not None:
                support[k] = max(support[k], share)
    return support


def figure_disagreement(
    cluster: Cluster,
    pool: Sequence[PooledSentence],
    similarity: np.ndarray,
    dates: dict[int, str] | None = None,
) -> str | None:
    """A note when two articles give different values for the same subject, in the same
    unit, for the same time (the year their clause names, else the articles' own date). A
    value that changed between two dates is a progression, not a disagreement; with no date
    the time is unknown and nothing is claimed."""
    dates = dates or {}
    for first in cluster.members:
        for second in cluster.members:
            a, b = pool[first], pool[second]
            if a.ref.article_index >= b.ref.article_index:
                continue
            if similarity[first, second] < DISAGREEMENT_SIMILARITY:
                continue
            for x in sentence_figures(a.text, a.ref):
                for y in sentence_figures(b.text, b.ref):
                    if (
                        group_key(x.group) != group_key(y.group)
                        or x.unit != y.unit
                        or x.value == y.value
                    ):
                        continue
                    when_x = _year(x.when) or dates.get(a.ref.article_index, "")
                    when_y = _year(y.when) or dates.get(b.ref.article_index, "")
                    if when_x and when_x == when_y:
                        return (
                            f"{x.group}: article {a.ref.article_index + 1} says {x.surface}, "
                            f"article {b.ref.article_index + 1} says {y.surface}"
                        )
    return None


def _year(text: str) -> str:
    match = re.search(r"(?:19|20)\d\d", text)
    return match.group(0) if match else ""


def summarize_collection(
    articles: Sequence[ArticleText],
    length: SummaryLength,
    *,
    article_indices: Sequence[int] | None = None,
    abstractive: AbstractiveSummarizer | None = None,
    cancelled: CancelCheck = never_cancelled,
    limits: Limits | None = None,
) -> Summary:
    """One summary of all articles; each sentence cites every (article, sentence) it rests on.

    Extractive: each chosen cluster is stated by its most typical sentence. Abstractive:
    a cluster several articles share is fused by the model from its members, and still
    cites all of them; single-article points are quoted, which cannot invent anything.
    Refs name article i as `article_indices[i]` when given (its place in a request in
    which some articles failed), else as i.
    """
    indices = list(range(len(articles))) if article_indices is None else list(article_indices)
    dates = {index: article.date for index, article in zip(indices, articles, strict=True)}
    pooled = pool_sentences(articles, indices, limits or Limits())
    pool = pooled.sentences
    similarity = similarity_matrix([p.text for p in pool])
    support = theme_support(pool, len(articles))
    clusters = cluster_sentences(pool, similarity, len(articles), support)
    chosen = reading_order(select_clusters(clusters, pool, similarity, length), pool)
    notes = list(pooled.notes)
    sentences: list[SummarySentence] = []
    for position, cluster in enumerate(chosen, start=1):
        sources = [(pool[i].ref, pool[i].text) for i in cluster.members]
        sentences.append(check_numbers(pool[cluster.representative].text, sources))
        disagreement = figure_disagreement(cluster, pool, similarity, dates)
        if disagreement:
            notes.append(f"sentence {position}: the sources differ on figures ({disagreement})")
    if abstractive is None:
        return Summary(sentences=sentences, method=SummaryMethod.EXTRACTIVE, notes=notes)
    return _fuse_shared(chosen, pool, sentences, notes, abstractive, cancelled)


def _fuse_shared(
    chosen: Sequence[Cluster],
    pool: Sequence[PooledSentence],
    extracted: list[SummarySentence],
    notes: list[str],
    abstractive: AbstractiveSummarizer,
    cancelled: CancelCheck,
) -> Summary:
    shared = [k for k, cluster in enumerate(chosen) if len(cluster.members) > 1]
    groups = [[pool[i].text for i in chosen[k].members] for k in shared]
    one_sentence = abstractive.bounds_for(SummaryLength(sentences=1))
    bounds = LengthBounds(min(8, one_sentence.min_new_tokens), one_sentence.max_new_tokens)
    fused, chunks = abstractive.fuse(groups, bounds, cancelled) if groups else ([], 0)
    sentences = list(extracted)
    for k, text in zip(shared, fused, strict=True):
        first = next(iter(split_sentences(text)), "")
        if first:  # an empty output keeps the extracted sentence
            sources = [(pool[i].ref, pool[i].text) for i in chosen[k].members]
            sentences[k] = check_numbers(first, sources)
    notes = [
        *notes,
        f"{len(shared)} statement(s) shared by several sentences were fused by the model; "
        "the others are quoted from their article",
    ]
    return Summary(
        sentences=sentences,
        method=SummaryMethod.ABSTRACTIVE,
        chunks=max(1, chunks),
        model=abstractive.model_ref,
        notes=notes,
    )
