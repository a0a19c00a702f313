"""TF-IDF sentence similarity, LexRank centrality and maximal-marginal-relevance selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

# Re-exported: the splitter lives apart so that clients can use it without numpy.
from tarjama.models.summarization.sentences import split_sentences, word_count  # noqa: F401

# Numbers are kept as tokens: a shared figure is strong evidence of a shared fact.
TOKEN_PATTERN = r"(?u)\b[\w][\w'.,%]*[\w%]\b|\b\w\b"


def tfidf_vectors(texts: Sequence[str], *, ngrams: int = 1) -> sparse.csr_matrix:
    """L2-normalized TF-IDF rows, sparse (memory grows with the words, not with n²);
    all-zero rows for texts made only of stop words."""
    vectorizer = TfidfVectorizer(
        lowercase=True,
        stop_words="english",
        token_pattern=TOKEN_PATTERN,
        ngram_range=(1, ngrams),
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # empty vocabulary: nothing but stop words
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def similarity_of(vectors: sparse.csr_matrix) -> np.ndarray:
    """Dense cosine similarity of every pair of rows, in [0, 1]; callers bound the rows."""
    if vectors.shape[0] == 0:
        return np.zeros((0, 0))
    return np.clip(cosine_similarity(vectors).astype(np.float64), 0.0, 1.0)


def similarity_matrix(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of every pair of texts, in [0, 1] (n² memory: bound n first)."""
    return similarity_of(tfidf_vectors(texts)) if texts else np.zeros((0, 0))


def cross_similarity(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
    """Cosine similarity of each query to each document, on one shared TF-IDF space
    (queries × documents memory: a summary's few sentences against an article)."""
    vectors = tfidf_vectors([*queries, *documents])
    similarity = cosine_similarity(vectors[: len(queries)], vectors[len(queries) :])
    return np.clip(similarity, 0.0, 1.0)


def lexrank(
    similarity: np.ndarray,
    prior: np.ndarray | None = None,
    *,
    damping: float = 0.85,
    iterations: int = 100,
    tolerance: float = 1e-8,
) -> np.ndarray:
    """Continuous LexRank: PageRank on the similarity graph, teleporting by `prior`.

    The prior lets callers favour some sentences (e.g. those close to the title)
    without overriding what the graph says.
    """
    count = similarity.shape[0]
    if count == 0:
        return np.zeros(0)
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1, keepdims=True)
    # Isolated sentences (no overlap with any other) spread their mass uniformly.
    transition = np.where(row_sums > 0, weights / np.where(row_sums > 0, row_sums, 1), 1 / count)
    teleport = np.full(count, 1 / count) if prior is None else prior / prior.sum()
    scores = np.full(count, 1 / count)
    for _ in range(iterations):
        updated = (1 - damping) * teleport + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < tolerance:
            scores = updated
            break
        scores = updated
    return scores


def lead_scores(count: int) -> np.ndarray:
    """Position weights in (0, 1]: 1.0 for sentence 0, halved by sentence 4."""
    return 1.0 / (1.0 + np.arange(count, dtype=float) / 4.0)


def mmr_select(
    relevance: np.ndarray,
    similarity: np.ndarray,
    *,
    fits: Callable[[list[int], int], bool],
    candidates: Sequence[int] | None = None,
    diversity: float = 0.3,
    redundancy_threshold: float = 0.6,
) -> list[int]:
    """Pick items by maximal marginal relevance while `fits(chosen, item)` allows them.

    Items that do not fit the remaining budget are skipped, so a shorter one can still
    fill a word budget. An item whose similarity to a chosen one reaches
    `redundancy_threshold` is never picked: near-duplicates must not both appear.
    """
    pool = list(range(len(relevance)) if candidates is None else candidates)
    if not pool:
        return []
    low, high = float(relevance[pool].min()), float(relevance[pool].max())
    normalized = (relevance - low) / (high - low) if high > low else np.ones_like(relevance)
    chosen: list[int] = []
    while pool:
        redundancy = similarity[np.ix_(pool, chosen)].max(axis=1) if chosen else np.zeros(len(pool))
        gains = (1 - diversity) * normalized[pool] - diversity * redundancy
        picked = pool[int(np.argmax(gains))]
        pool.remove(picked)
        if not fits(chosen, picked):
            continue
        chosen.append(picked)
        pool = [i for i in pool if similarity[i, picked] < redundancy_threshold]
    return chosen
