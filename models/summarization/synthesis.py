"""Cross-article synthesis: shared themes, figures, who and where, each article's own points."""

from __future__ import annotations

from collections.abc import Sequence

from tarjama.models.limits import Limits
from tarjama.models.summarization.entities import find_entities
from tarjama.models.summarization.figures import find_figures
from tarjama.models.summarization.pool import pool_sentences
from tarjama.models.summarization.progressions import progressions
from tarjama.models.summarization.themes import find_themes
from tarjama.models.summarization.timeline import build_timeline
from tarjama.models.summarization.types import (
    ArticleText,
    DistinctPoint,
    SummarySentence,
    Synthesis,
)

DISTINCT_POINTS_PER_ARTICLE = 2


def synthesize(
    articles: Sequence[ArticleText],
    article_indices: Sequence[int] | None = None,
    limits: Limits | None = None,
    *,
    max_themes: int | None = None,
) -> Synthesis:
    """Everything extractive about what the articles say together; needs no model weights.

    Themes and distinct points come from the bounded sentence pool; figures and names are
    read from every sentence in linear time. Refs name article i as `article_indices[i]`.
    """
    limits = limits or Limits()
    indices = list(range(len(articles))) if article_indices is None else list(article_indices)
    pool = pool_sentences(articles, indices, limits)
    themes = find_themes(pool.sentences, max_themes)
    in_themes = {ref for theme in themes for ref in theme.sources}
    distinct: list[DistinctPoint] = []
    for article_index in indices:
        own = sorted(
            (p for p in pool.sentences if p.ref.article_index == article_index),
            key=lambda p: -p.importance,
        )
        picked = [p for p in own if p.ref not in in_themes][:DISTINCT_POINTS_PER_ARTICLE]
        for p in sorted(picked, key=lambda p: p.ref.sentence_index):
            distinct.append(DistinctPoint(article_index, SummarySentence(p.text, (p.ref,))))
    timeline, dates = build_timeline(articles, indices)
    notes = list(pool.notes)
    undated = [d.article_index + 1 for d in dates if not d.date]
    if undated and len(undated) < len(dates):
        shown = ", ".join(map(str, undated))
        notes.append(f"undated: article {shown} (no dateline or page date); not in the timeline")
    figures = find_figures(articles, indices)
    position = {id(f): k for k, f in enumerate(figures)}
    return Synthesis(
        themes=themes,
        figures=figures,
        progressions=[[position[id(f)] for f in steps] for steps in progressions(figures)],
        entities=find_entities(articles, indices),
        distinct_points=distinct,
        notes=notes,
        timeline=timeline,
        article_dates=dates,
    )
