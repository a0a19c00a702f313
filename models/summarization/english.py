"""English articles taken as they are: title, paragraphs and sentences, no translation model.

English input (`--input-language en`, or an Article whose source_language is "en") becomes a
TranslatedArticle whose segments are the English sentences themselves, so the summarizers,
the digest and every citation treat it exactly like a translation.

Layout rules, the same as for Arabic pages where they apply:

* With blank lines in the text, each blank-line-separated block is a paragraph (tarjama's own
  `.en.txt` and the seed references); otherwise each non-empty line is one.
* Inside a paragraph every line is split into sentences on its own, so a file with one
  sentence per line keeps its sentences; a line that was only wrapped (it does not end a
  sentence and the next starts in lower case) is joined to the next first.
* The first paragraph is the title when it reads like a headline (one sentence of at most 20
  words with no full stop at the end); later one-line paragraphs of at most 12 words that
  read like headlines are sub-headings.
* A dateline among the first paragraphs ("Saturday, January 8, 2005", models/text/dates.py)
  is a heading of its own, never part of a sentence, even when the file glues it to the first
  one ("..., 2005Through a telethon"); its date becomes the article's (metadata.date). A
  date that opens the title ("2005/01/08 Tsunami aid ...") dates the article the same way
  and leaves the title.
* A place dateline that opens the first body paragraph ("Meadow Lake, Saskatchewan – The
  council ...", "LONDON (Reuters) - ...") is a heading of its own too.
"""

from __future__ import annotations

import re
import time

from tarjama.models.errors import InvalidInput
from tarjama.models.summarization.sentences import split_sentences
from tarjama.models.text.dates import Dateline, read_dateline
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.publication_date import TEXT
from tarjama.models.text.script import ARABIC_LETTER
from tarjama.models.types import (
    ArticleMetadata,
    ArticleRequest,
    ModelRef,
    Paragraph,
    ParagraphKind,
    Segment,
    TranslatedArticle,
)

ENGLISH_CODES = frozenset({"en", "eng", "eng_latn", "english", "en-us", "en-gb"})
# Marks an article that was never translated (its segments' source is the English text).
NO_TRANSLATION = ModelRef(model_id="none", revision="english input")
MAX_TITLE_WORDS = 20
MAX_HEADING_WORDS = 12
MAX_DATELINE_BLOCK = 4  # a dateline is looked for in the first paragraphs only
# Above this share of Arabic letters the text is Arabic, whatever the caller said.
MAX_ARABIC_SHARE = 0.5

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = tuple(".!?…:;\"'”’)")


def is_english(language: str) -> bool:
    """True for the language codes that mean English input (en, eng_Latn, ...)."""
    return language.strip().lower() in ENGLISH_CODES


def is_untranslated(article: TranslatedArticle) -> bool:
    """True when the article was English input, not a translation."""
    return article.model == NO_TRANSLATION


def prepare_english(request: ArticleRequest, *, max_chars: int = 200_000) -> TranslatedArticle:
    """The English article as sentence-aligned segments; InvalidInput when it cannot be one."""
    started = time.perf_counter()
    label = f"article '{request.article_id}'" if request.article_id else "article"
    text = request.text or ""
    if not text.strip():
        raise InvalidInput(f"{label} is empty: send the English text to summarize")
    if len(text) > max_chars:
        raise InvalidInput(
            f"{label} has {len(text):,} characters; the limit is {max_chars:,} "
            "(split it into several articles)"
        )
    letters = sum(1 for ch in text if ch.isalpha())
    arabic = len(ARABIC_LETTER.findall(text))
    if letters and arabic / letters > MAX_ARABIC_SHARE:
        raise InvalidInput(
            f"{label} looks like Arabic ({arabic / letters:.0%} Arabic letters), not English: "
            "leave out the English input language to translate it"
        )
    paragraphs: list[Paragraph] = []
    dated: Dateline | None = None
    for number, lines in enumerate(_blocks(normalize_arabic(text))):
        if number < MAX_DATELINE_BLOCK and dated is None:
            dateline = read_dateline(lines[0])
            if dateline is not None and dateline.year_known:
                dated = dateline
                if not paragraphs and dateline.rest:  # "2005/01/08 Tsunami aid ..." title
                    lines = [dateline.rest, *lines[1:]]
                else:
                    paragraphs.append(
                        Paragraph(len(paragraphs), ParagraphKind.HEADING, [dateline.text])
                    )
                    lines = [dateline.rest, *lines[1:]] if dateline.rest else lines[1:]
                    if not lines:
                        continue
        place = (
            place_dateline(lines[0])
            if number < MAX_DATELINE_BLOCK
            and all(p.kind is not ParagraphKind.BODY for p in paragraphs)
            else None
        )
        if place is not None:  # "Meadow Lake, Saskatchewan – The council ...": a heading
            paragraphs.append(Paragraph(len(paragraphs), ParagraphKind.HEADING, [place[0]]))
            lines = [place[1], *lines[1:]]
        sentences = [s for line in _unwrap(lines) for s in split_sentences(line)]
        if not sentences:
            continue
        kind = _kind(lines, sentences, first=not paragraphs)
        paragraphs.append(Paragraph(len(paragraphs), kind, sentences))
    if not paragraphs:
        raise InvalidInput(f"{label} has no text to summarize")
    segments = [
        Segment(index=index, paragraph_index=paragraph.index, source=sentence, translation=sentence)
        for index, (paragraph, sentence) in enumerate(
            (p, s) for p in paragraphs for s in p.sentences
        )
    ]
    return TranslatedArticle(
        article_id=request.article_id,
        paragraphs=paragraphs,
        segments=segments,
        dropped=[],
        model=NO_TRANSLATION,
        prepare_seconds=time.perf_counter() - started,
        translate_seconds=0.0,
        metadata=ArticleMetadata(date=dated.iso, date_source=TEXT) if dated else None,
    )


# "Meadow Lake, Saskatchewan – The ...", "LONDON (Reuters) - The ...": capitalized place
# words (with commas), an optional agency in brackets, a dash, then the sentence.
_PLACE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,4}\s*(?:\([^()]{1,30}\)\s*)?"
    r"(?:\s*(?:--|[–—])|\s-(?=\s)))\s*(?P<rest>[\"“]?[A-Z].*)$"
)
_NOT_PLACES = frozenset("The A An In On At It He She They We This That But And As".split())


def place_dateline(line: str) -> tuple[str, str] | None:
    """(dateline, rest) when a first body line opens with a place dateline, else None."""
    match = _PLACE_DATELINE.match(line.strip())
    if match is None or match.group("place").split()[0].strip(",") in _NOT_PLACES:
        return None
    return match.group("place").strip(), match.group("rest").strip()


def english_body_sentences(text: str) -> list[str]:
    """The body sentences of an English article, without its title, datelines or headings."""
    article = prepare_english(ArticleRequest(article_id="", text=text))
    return [s for p in article.paragraphs if p.kind is ParagraphKind.BODY for s in p.sentences]


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs as lists of their non-empty lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINE.search(text.strip()):
        blocks = [[x.strip() for x in part.split("\n")] for part in _BLANK_LINE.split(text)]
        return [[x for x in block if x] for block in blocks if any(block)]
    return [[line.strip()] for line in text.split("\n") if line.strip()]


def _unwrap(lines: list[str]) -> list[str]:
    """Join lines that were only wrapped; keep lines that end a sentence apart."""
    joined: list[str] = []
    for line in lines:
        if joined and not joined[-1].endswith(_SENTENCE_END) and line[:1].islower():
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "... in the U.S."


def _ends_sentence(text: str) -> bool:
    if _ABBREVIATION_END.search(text):
        return False
    return text.endswith((".", "!", ";", ":", ","))


def _kind(lines: list[str], sentences: list[str], *, first: bool) -> ParagraphKind:
    limit = MAX_TITLE_WORDS if first else MAX_HEADING_WORDS
    headline = (
        len(lines) == 1
        and len(sentences) == 1
        and len(sentences[0].split()) <= limit
        and not _ends_sentence(sentences[0].rstrip("\"'”’)"))
    )
    if not headline:
        return ParagraphKind.BODY
    return ParagraphKind.TITLE if first else ParagraphKind.HEADING
