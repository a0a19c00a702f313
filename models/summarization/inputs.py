"""Turns translations into summarizer input and checks there is something to summarize."""

from __future__ import annotations

from tarjama.models.errors import InvalidInput
from tarjama.models.summarization.types import ArticleText
from tarjama.models.types import ParagraphKind, TranslatedArticle


def article_text_from_translation(article: TranslatedArticle) -> ArticleText:
    """The English sentences of a translation; sentence i is segment i, headings marked."""
    kinds = {paragraph.index: paragraph.kind for paragraph in article.paragraphs}
    headings = tuple(
        segment.index
        for segment in article.segments
        if kinds.get(segment.paragraph_index, ParagraphKind.BODY) is not ParagraphKind.BODY
    )
    title_sentences = [
        segment.translation
        for segment in article.segments
        if kinds.get(segment.paragraph_index) is ParagraphKind.TITLE
    ]
    return ArticleText(
        article_id=article.article_id,
        title=" ".join(title_sentences) or None,
        sentences=[segment.translation for segment in article.segments],
        heading_indices=headings,
    )


def body_indices(article: ArticleText) -> list[int]:
    """Indices of the body sentences that have any text."""
    headings = set(article.heading_indices)
    return [
        index
        for index, sentence in enumerate(article.sentences)
        if index not in headings and sentence.strip()
    ]


def require_body(article: ArticleText) -> list[int]:
    """The body sentence indices; InvalidInput when there are none."""
    indices = body_indices(article)
    if not indices:
        name = f"article '{article.article_id}'" if article.article_id else "the article"
        raise InvalidInput(f"{name} has no body text after boilerplate removal")
    return indices
