"""Turns translations into summarizer input and checks there is something to summarize."""

from __future__ import annotations

from tarjama.models.errors import InvalidInput, shown
from tarjama.models.summarization.types import ArticleText
from tarjama.models.types import ParagraphKind, QualityFlag, TranslatedArticle

# Every quality flag says the translation failed in some way: none is a style remark.
FAILED_TRANSLATION = frozenset(QualityFlag)


def article_text_from_translation(article: TranslatedArticle) -> ArticleText:
    """The English sentences of a translation; sentence i is segment i, headings marked.

    Headings are context for ranking, never quoted, as long as the article has body text.
    An article made only of short lines (a list, a poem, 50,000 one-word lines) is read
    as headings line by line; with no body at all, those lines are its body and are
    summarized (only the title stays context), rather than refused as having no text.
    """
    kinds = {paragraph.index: paragraph.kind for paragraph in article.paragraphs}

    def kind_of(segment) -> ParagraphKind:
        return kinds.get(segment.paragraph_index, ParagraphKind.BODY)

    has_body = any(
        kind_of(segment) is ParagraphKind.BODY and segment.translation.strip()
        for segment in article.segments
    )
    context = (ParagraphKind.TITLE, ParagraphKind.HEADING) if has_body else (ParagraphKind.TITLE,)
    headings = tuple(segment.index for segment in article.segments if kind_of(segment) in context)
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
        flagged_indices=tuple(
            segment.index for segment in article.segments if FAILED_TRANSLATION & set(segment.flags)
        ),
        date=article.metadata.date if article.metadata is not None else "",
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
    """The body sentence indices; InvalidInput, saying what the article holds, when none."""
    indices = body_indices(article)
    if not indices:
        name = f"article {shown(article.article_id)}" if article.article_id else "the article"
        if not any(sentence.strip() for sentence in article.sentences):
            raise InvalidInput(f"{name} has no text to summarize: its translation is empty")
        raise InvalidInput(f"{name} has no body text to summarize, only a title or headings")
    return indices
