"""Turn a raw Arabic news page into a PreparedArticle: clean lines, blocks, kinds, sentences.

Structure decisions:

* Every non-empty line is one block, whether the page separates paragraphs with blank lines or
  with single line breaks; line numbers in ``dropped`` are 1-based lines of the original text
  as ``str.splitlines`` counts them.
* A line that is empty only after normalization (a lone NBSP, zero-width characters) is dropped
  and reported; truly empty lines are separators and are not reported.
* The title is the line a breadcrumb pointed at, otherwise the first kept line when it looks
  like a headline (at most ``MAX_TITLE_WORDS`` words, one sentence, not ending in sentence
  punctuation other than a question mark).  A copy of the title right after it is dropped, so
  the title is translated once.
* A title known from elsewhere (a web page's metadata, see ``prepare_page``) wins: the line
  among the first few that repeats it (exactly, or as the shorter half of a longer version
  such as "title | site") becomes the TITLE block, or, when the text has no such line, the
  known title is put before the text as its TITLE block.  Extractors sometimes move page
  furniture to the end of the text, so with a known title any later repeat of it is dropped,
  and so are lines made only of section names after the last real paragraph.
* A dateline among the first lines ("الأربعاء 12 مارس 2025", "عمان 12 آذار (بترا) -",
  ``find_dateline`` in models/text/dates.py) dates the article: ``metadata.date`` at the
  precision it gives (``YYYY-MM-DD``, ``YYYY-MM``, or ``--MM-DD`` without a year) with
  ``date_source`` "text". For a web page the page's markup or URL date wins and the dateline
  only refines it (``publication_date.refine``: the URL's ``2013`` and the dateline's
  ``2013-08-03``), read once, here. A dateline glued to the first sentence is split off as a
  HEADING block of its own, so it is never translated or quoted as part of that sentence; a
  date-only line the boilerplate rules drop still dates the article.
* Later lines of at most ``MAX_HEADING_WORDS`` words that pass the same headline test are
  HEADING blocks (sub-headings such as "ماذا عن أفغانستان؟" or "– زيادة التجارة إلى مليار
  دولار"); list items ending in "،" and everything else are BODY.
"""

from __future__ import annotations

import dataclasses

from tarjama.models.errors import InvalidInput
from tarjama.models.limits import Limits
from tarjama.models.text.boilerplate import DATE_STAMP, is_menu_line, scan_boilerplate
from tarjama.models.text.dates import find_dateline
from tarjama.models.text.lexicon import fold
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.publication_date import FoundDate, found_in_dateline, refine
from tarjama.models.text.segment import split_sentences
from tarjama.models.text.webpage import extract_page, no_article
from tarjama.models.types import (
    ArticleMetadata,
    DroppedLine,
    Paragraph,
    ParagraphKind,
    PreparedArticle,
)

MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 220
MAX_HEADING_WORDS = 12
MAX_KNOWN_TITLE_SEARCH = 5  # kept lines searched for a repeat of a known title

WHITESPACE_ONLY = "whitespace-only line"
DUPLICATE_TITLE = "duplicate of the title"
MENU_AFTER_CONTENT = "category/menu line after the article"

_TRAILING_CLOSERS = " ”»’›)]}\"'"
_NOT_HEADLINE_ENDINGS = tuple(".!…،,؛;:")


def _word_count(text: str) -> int:
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))


def _looks_like_headline(line: str, sentences: list[str], max_words: int) -> bool:
    """One short sentence without a sentence-final full stop (a question mark is allowed)."""
    ending = line.rstrip(_TRAILING_CLOSERS)
    return (
        len(sentences) == 1
        and 0 < _word_count(line) <= max_words
        and len(line) <= MAX_TITLE_CHARS
        and not ending.endswith(_NOT_HEADLINE_ENDINGS)
    )


def _drop_duplicate_title(
    kept: list[int], lines: list[str], title_index: int, reasons: dict[int, str]
) -> list[int]:
    position = kept.index(title_index)
    if position + 1 < len(kept) and fold(lines[kept[position + 1]]) == fold(lines[title_index]):
        reasons[kept[position + 1]] = DUPLICATE_TITLE
        return kept[: position + 1] + kept[position + 2 :]
    return kept


def _is_same_headline(line: str, title: str) -> bool:
    """Whether ``line`` repeats ``title``, or is the main half of it ("title | site")."""
    line, title = fold(line), fold(title)
    if not line or not title:
        return False
    if line == title:
        return True
    shorter, longer = sorted((line, title), key=len)
    return shorter in longer and 2 * len(shorter.split()) >= len(longer.split())


def _find_known_title(kept: list[int], lines: list[str], title: str) -> int | None:
    for index in kept[:MAX_KNOWN_TITLE_SEARCH]:
        if _is_same_headline(lines[index], title):
            return index
    return None


def _drop_page_furniture(
    kept: list[int], lines: list[str], title: str, title_index: int | None, reasons: dict[int, str]
) -> list[int]:
    """Repeats of a known title, and trailing menu lines, in text extracted from a page."""
    for index in kept:
        if index != title_index and _is_same_headline(lines[index], title):
            reasons[index] = DUPLICATE_TITLE
    kept = [index for index in kept if index not in reasons]
    while kept and kept[-1] != title_index and is_menu_line(lines[kept[-1]]):
        reasons[kept.pop()] = MENU_AFTER_CONTENT
    return kept


def prepare_article(text: str, *, title: str | None = None) -> PreparedArticle:
    """Normalize ``text``, drop and report boilerplate, and split it into typed blocks.

    ``title``: the article's title when known from elsewhere (a web page's metadata).
    """
    raw_lines = text.splitlines()
    lines = [normalize_arabic(raw) for raw in raw_lines]
    scan = scan_boilerplate(lines)
    reasons = dict(scan.reasons)
    for index, (raw, line) in enumerate(zip(raw_lines, lines, strict=True)):
        if raw and not line:
            reasons[index] = WHITESPACE_ONLY

    kept = [index for index, line in enumerate(lines) if line and index not in reasons]
    known_title = normalize_arabic(" ".join((title or "").split()))
    # Boilerplate is no dateline, except a date-only line that dates the article all the same;
    # nor is the page's headline ("مجزرة 14 أغسطس 2013" is a title that names a day).
    skip = {index for index, why in reasons.items() if why != DATE_STAMP}
    if known_title:
        heads = kept[:MAX_KNOWN_TITLE_SEARCH]
        skip.update(index for index in heads if _is_same_headline(lines[index], known_title))
    found = find_dateline(lines, skip=skip)
    dateline_index, dateline = found if found is not None else (-1, None)
    if dateline is not None and dateline_index in kept and dateline.rest:
        lines[dateline_index] = dateline.rest  # the body that the dateline was glued to
    sentences_by_line = {index: split_sentences(lines[index]) for index in kept}
    kept = [index for index in kept if sentences_by_line[index]]

    title_sentences = split_sentences(known_title) if known_title else []
    if title_sentences:
        title_index = _find_known_title(kept, lines, known_title)
    else:
        title_index = scan.title_index if scan.title_index in kept else None
    if title_index is None and kept and not title_sentences:
        first = kept[0]
        if _looks_like_headline(lines[first], sentences_by_line[first], MAX_TITLE_WORDS):
            title_index = first
    if title_index is not None:
        kept = _drop_duplicate_title(kept, lines, title_index, reasons)
    if title_sentences:
        kept = _drop_page_furniture(kept, lines, known_title, title_index, reasons)

    paragraphs: list[Paragraph] = []
    if title_sentences and title_index is None:
        paragraphs.append(Paragraph(index=0, kind=ParagraphKind.TITLE, sentences=title_sentences))
    for index in kept:
        sentences = sentences_by_line[index]
        if index == dateline_index and dateline is not None and dateline.rest:
            paragraphs.append(Paragraph(len(paragraphs), ParagraphKind.HEADING, [dateline.text]))
        if index == dateline_index and dateline is not None and not dateline.rest:
            kind = ParagraphKind.HEADING
        elif index == title_index:
            kind = ParagraphKind.TITLE
        elif _looks_like_headline(lines[index], sentences, MAX_HEADING_WORDS):
            kind = ParagraphKind.HEADING
        else:
            kind = ParagraphKind.BODY
        paragraphs.append(Paragraph(index=len(paragraphs), kind=kind, sentences=sentences))

    dropped = [
        DroppedLine(line_number=index + 1, text=raw_lines[index], reason=reason)
        for index, reason in sorted(reasons.items())
    ]
    date = found_in_dateline(dateline) if dateline is not None else None
    metadata = ArticleMetadata(date=date.value, date_source=date.source) if date else None
    return PreparedArticle(paragraphs=paragraphs, dropped=dropped, metadata=metadata)


def prepare_page(
    html: str,
    *,
    url: str = "",
    label: str = "page",
    max_page_chars: int = Limits.max_page_chars,
    max_article_chars: int = Limits.max_article_chars,
) -> PreparedArticle:
    """Extract a web page's article and metadata, then prepare the article like any text.

    Line numbers in ``dropped`` count lines of the extracted article text.
    """
    if not html or not html.strip():
        raise InvalidInput(f"{label} is empty: send the HTML of the article page")
    if len(html) > max_page_chars:
        raise InvalidInput(
            f"{label} has {len(html):,} characters of HTML; the limit is {max_page_chars:,} "
            "(send the article's page alone, or its text)"
        )
    page = extract_page(html, url=url, label=label)
    if len(page.text) > max_article_chars:
        raise InvalidInput(
            f"the article in {label} has {len(page.text):,} characters; the limit is "
            f"{max_article_chars:,} (split it into several articles)"
        )
    prepared = prepare_article(page.text, title=page.metadata.title)
    if not any(p.kind is not ParagraphKind.TITLE for p in prepared.paragraphs):
        raise no_article(label)  # only menus and widgets, or a headline with no story
    # The page's own date (markup, URL) wins; the article's dateline fills it in or refines it.
    date = refine(_found_date(page.metadata), _found_date(prepared.metadata))
    metadata = dataclasses.replace(
        page.metadata, date=date.value if date else "", date_source=date.source if date else ""
    )
    return dataclasses.replace(prepared, metadata=metadata)


def _found_date(metadata: ArticleMetadata | None) -> FoundDate | None:
    if metadata is None or not metadata.date:
        return None
    return FoundDate(metadata.date, metadata.date_source)
