"""Kept-text precision and recall on pages built by ``news_pages``: what extraction and
preparation keep of a page, against the article the page builder put in it.

Words are compared as multisets, folded (``lexicon.fold``) and without punctuation, so the
score does not depend on entities, spacing or sentence splits.  Run
``python -m tarjama.models.testing.page_scores seeds/*.txt`` for the table per site style.
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.testing.news_pages import LAYOUTS, NewsPage, news_page
from tarjama.models.testing.site_styles import SITE_STYLES
from tarjama.models.text.lexicon import fold
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.prepare import prepare_page
from tarjama.models.types import PreparedArticle

MAX_FALLBACK_HEADLINE_WORDS = 8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KeptTextScore:
    """Words kept from a page against the words of its article (multisets of words)."""

    kept: int  # words in what extraction and preparation kept
    article: int  # words of the article
    overlap: int  # kept words that are article words

    @property
    def precision(self) -> float:
        return self.overlap / self.kept if self.kept else 1.0

    @property
    def recall(self) -> float:
        return self.overlap / self.article if self.article else 1.0


def _words(lines: Iterable[str]) -> Counter[str]:
    words: Counter[str] = Counter()
    for line in lines:
        words.update(_WORD.findall(fold(normalize_arabic(html.unescape(line)))))
    return words


def kept_text_score(page: NewsPage, prepared: PreparedArticle) -> KeptTextScore:
    """How much of what was kept is the article, and how much of the article was kept."""
    kept = _words(sentence for _, sentence in prepared.sentences)
    article = _words(page.article_lines)
    return KeptTextScore(sum(kept.values()), sum(article.values()), sum((kept & article).values()))


def _fallback_headline(text: str) -> str:
    """A headline for an article that has none: the start of its first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return " ".join(first.split()[:MAX_FALLBACK_HEADLINE_WORDS])


def measure(texts: Iterable[str]) -> dict[str, KeptTextScore]:
    """Kept-text scores per site style, over every text in every layout (pages built here)."""
    totals: dict[str, KeptTextScore] = {}
    texts = list(texts)
    for style in SITE_STYLES:
        kept = article = overlap = 0
        for number, text in enumerate(texts):
            for layout in LAYOUTS:
                page = news_page(
                    text,
                    layout=layout,
                    site_style=style,
                    slug=f"a{number}",
                    headline=_fallback_headline(text),
                )
                score = kept_text_score(page, prepare_page(page.html, url=page.url))
                kept, article = kept + score.kept, article + score.article
                overlap += score.overlap
        totals[style] = KeptTextScore(kept, article, overlap)
    return totals


def main(argv: Sequence[str] | None = None) -> int:
    """Print kept-text precision and recall per site style for the given article files."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("articles", nargs="+", type=Path, help="article .txt files (seeds/*.txt)")
    args = parser.parse_args(argv)
    texts = [path.read_text(encoding="utf-8") for path in args.articles]
    print(f"{'site style':<16} {'pages':>5} {'kept words':>10} {'precision':>9} {'recall':>7}")
    for style, score in measure(texts).items():
        pages = len(texts) * len(LAYOUTS)
        print(
            f"{style:<16} {pages:>5} {score.kept:>10} {score.precision:>9.4f} {score.recall:>7.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
