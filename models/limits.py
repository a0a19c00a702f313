"""The documented limits that bound every request's time and memory, in one object."""

from __future__ import annotations

from dataclasses import dataclass

from tarjama.models.errors import InvalidInput, shown


@dataclass(frozen=True)
class Limits:
    """Per-request bounds shared by the server, the CLI and the workflows.

    Settings builds one from TARJAMA_* variables (`Settings.limits()`); engines take the
    fields they need. Every stage keeps its cost bounded by these, whatever the input's
    shape; the README's Configuration table documents each one.
    """

    max_article_chars: int = 200_000  # characters of one article's text
    # Characters of one web page's HTML. Pages run 10-50x their article's text (markup,
    # scripts, inline JSON); extraction takes about 0.5 s per million characters.
    max_page_chars: int = 5_000_000
    max_id_chars: int = 256  # article_id and request_id
    max_batch_articles: int = 64  # articles in one TranslateBatch
    max_collection_articles: int = 100  # articles in one SummarizeCollection / digest
    # Summary lengths: the defaults when a request sets none, and the allowed ranges.
    article_summary_sentences: int = 4
    collection_summary_sentences: int = 8
    max_summary_sentences: int = 20
    min_summary_words: int = 10
    max_summary_words: int = 500
    # Ranking compares sentences pairwise (quadratic memory), so it sees at most this many
    # sentences of one article (chosen in linear time); the result says when it did.
    max_ranked_sentences: int = 1000
    # Sentences of all articles pooled for the cross-article themes and summary.
    max_pooled_sentences: int = 2000

    def check_id(self, kind: str, value: str) -> None:
        """Raise InvalidInput when an id is longer than max_id_chars."""
        if len(value) > self.max_id_chars:
            raise InvalidInput(
                f"{kind} {shown(value)} is too long; the limit is {self.max_id_chars} characters"
            )
