"""Detection of site boilerplate lines (breadcrumbs, menus, widgets, bylines) in news pages.

Every rule keys on a recognizable pattern, never on length alone, because dropping a real
sentence is worse than translating a stray menu word.  Lines are expected to be normalized
(``normalize_arabic``) already; matching goes through ``lexicon.fold`` so spelling variants of
the same widget ("اقرأ أيضاً:" / "اقرا ايضا") match the same entry.

Stateless rules (``line_reason``), each returning the reason reported to callers:

* breadcrumbs: a line starting with "الرئيسية"/"Home" followed by a separator (» › > / | ←), or
  a chain of two or more spaced » / › separators whose leading crumbs are short;
* comment prompts ("اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني...", ...), the
  back-to-top button ("زر الذهاب إلى الأعلى"), share/print widgets (lines made only of words
  such as شارك / طباعة / فيسبوك), related-link lines ("اقرأ أيضاً: ..."), tag lists ("الوسوم"),
  follow-us prompts ("تابعونا على ...") and copyright lines;
* credits: "المصدر: ...", "بقلم ...", short photo credits, a line that is only an agency name
  ("أصداء", "رويترز", "وكالة أنباء X"), a short "X / وكالة ..." or "city - agency" credit, or an
  agency in parentheses on its own line;
* the site's own text inside the article body (``site_text``): comment policies and
  disclaimers, newsletter and app calls, share and follow prompts, copyright and reuse
  notices, photo credits;
* a single word fused from site-section names ("العالمسياسة"), date/time stamps and lines with
  no letter or digit at all.

Contextual rules (``scan_boilerplate``): before the first content line, lines made only of
section names ("تقارير ودراسات رئيسى") are menus; short label lines after a "الوسوم" header are
tags; a line right after a comment-policy line that still speaks of comments or the site's
terms continues the notice; and when a breadcrumb ends with the article title, the short lines
between the breadcrumb and the repeated title are menu lines and that repeated line is
reported as the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tarjama.models.text import lexicon, site_text
from tarjama.models.text.lexicon import fold
from tarjama.models.text.site_text import site_text_reason

BREADCRUMB = "breadcrumb"
COMMENT_PROMPT = "comment prompt"
BACK_TO_TOP = "back-to-top button"
SHARE_WIDGET = "share/print widget"
RELATED_LINKS = "related-links line"
TAG_LIST = "tag list"
FOLLOW_US = "follow-us prompt"
COPYRIGHT = "copyright notice"
SOURCE_CREDIT = "source credit"
AUTHOR_BYLINE = "author byline"
PHOTO_CREDIT = "photo credit"
AGENCY_BYLINE = "agency byline"
FUSED_MENU = "category/menu line (fused menu words)"
MENU_BEFORE_CONTENT = "category/menu line before the title"
MENU_BEFORE_TITLE = "short line between breadcrumb and title"
DATE_STAMP = "date/time stamp"
NO_TEXT = "no text (symbols only)"

_SENTENCE_PUNCTUATION = re.compile(r"[.!?؟…]")
_CRUMB_SEPARATORS = "»›>|/←"
_SPACED_CRUMB = re.compile(r"\s+[»›]\s+")
_CREDIT_SEPARATOR = re.compile(r"\s*/\s*|\s+[-–—]\s+|\s*[–—]\s*")
_NUMBERISH = re.compile(r"\d+(?:[/:.\-]\d+)*")
_TOKEN_PUNCTUATION = ",،؛;:.|-–—/()[]\"'“”«»"
_MAX_TITLE_SEARCH = 5
_MAX_FUSED_CHARS = 40  # a handful of glued section names; also keeps the search cheap


@dataclass(frozen=True)
class BoilerplateScan:
    """Which lines are boilerplate (index -> reason) and where a breadcrumb placed the title."""

    reasons: dict[int, str]
    title_index: int | None = None


def _words(text: str) -> list[str]:
    return text.split()


def _tokens(folded: str) -> list[str]:
    tokens = (token.strip(_TOKEN_PUNCTUATION) for token in folded.split())
    return [token for token in tokens if token]


def _starts_with_phrase(folded: str, phrases: Sequence[str]) -> str | None:
    """The phrase ``folded`` starts with as whole words, if any."""
    for phrase in phrases:
        if folded.startswith(phrase):
            rest = folded[len(phrase) :]
            if not rest or not rest[0].isalnum():
                return phrase
    return None


def _is_short_label(line: str, max_words: int) -> bool:
    return len(_words(line)) <= max_words and not _SENTENCE_PUNCTUATION.search(line)


def breadcrumb_segments(line: str) -> list[str] | None:
    """The crumbs of a breadcrumb line ("الرئيسية » قسم » عنوان"), or None if it is not one."""
    folded = fold(line)
    home = _starts_with_phrase(folded, lexicon.HOME_WORDS)
    if home is not None:
        rest = folded[len(home) :].lstrip()
        if rest[:1] and rest[0] in _CRUMB_SEPARATORS:
            separator = re.compile(rf"\s*{re.escape(rest[0])}\s*")
            return [crumb.strip() for crumb in separator.split(line) if crumb.strip()]
    if "«" not in line:
        crumbs = _SPACED_CRUMB.split(line)
        if len(crumbs) >= 3 and all(len(_words(crumb)) <= 4 for crumb in crumbs[:-1]):
            return [crumb.strip() for crumb in crumbs]
    return None


def _is_section_word(token: str) -> bool:
    candidates = [token]
    if token.startswith("و"):
        candidates.append(token[1:])
    candidates += [c[2:] for c in candidates if c.startswith("ال")]
    return any(candidate in lexicon.SECTION_WORDS for candidate in candidates)


def _is_fused_section_words(token: str) -> bool:
    """Whether one space-less token is two or more section names glued together."""
    if not 6 <= len(token) <= _MAX_FUSED_CHARS or not token.isalpha():
        return False
    fewest_pieces: list[int | None] = [0] + [None] * len(token)
    for start in range(len(token)):
        pieces_so_far = fewest_pieces[start]
        if pieces_so_far is None:
            continue
        for end in range(start + 2, len(token) + 1):
            if _is_section_word(token[start:end]):
                candidate = pieces_so_far + 1
                current = fewest_pieces[end]
                fewest_pieces[end] = candidate if current is None else min(current, candidate)
    pieces = fewest_pieces[-1]
    return pieces is not None and pieces >= 2


def is_menu_line(line: str) -> bool:
    """A short line made only of site-section names, such as "تقارير ودراسات رئيسى"."""
    tokens = _tokens(fold(line))
    return 0 < len(tokens) <= 6 and all(_is_section_word(token) for token in tokens)


def _is_date_stamp(folded: str) -> bool:
    tokens = _tokens(folded)
    has_number = any(_NUMBERISH.fullmatch(token) for token in tokens)
    return has_number and all(
        _NUMBERISH.fullmatch(token) or token in lexicon.MONTHS_AND_DAYS for token in tokens
    )


def _is_share_widget(folded: str) -> bool:
    tokens = _tokens(folded)
    return (
        0 < len(tokens) <= 12
        and all(token in lexicon.SHARE_WORDS for token in tokens)
        and any(token in lexicon.SHARE_ANCHORS for token in tokens)
    )


def _is_agency_credit(folded_side: str) -> bool:
    return folded_side in lexicon.AGENCY_NAMES or (
        _starts_with_phrase(folded_side, lexicon.AGENCY_PREFIXES) is not None
    )


def _credit_reason(line: str, folded: str) -> str | None:
    word_count = len(_words(folded))
    header = _starts_with_phrase(folded, lexicon.SOURCE_HEADERS)
    if header is not None and word_count <= 15:
        rest = folded[len(header) :].lstrip()
        if not rest or rest[0] in ":：-–—":
            return SOURCE_CREDIT
    if _starts_with_phrase(folded, lexicon.AUTHOR_HEADERS_ALONE) and _is_short_label(line, 6):
        return AUTHOR_BYLINE
    for headers, reason, max_words in (
        (lexicon.AUTHOR_HEADERS_WITH_COLON, AUTHOR_BYLINE, 8),
        (lexicon.PHOTO_CREDIT_HEADERS, PHOTO_CREDIT, 5),
    ):
        header = _starts_with_phrase(folded, headers)
        if header is not None and word_count <= max_words:
            if folded[len(header) :].lstrip()[:1] in (":", "："):
                return reason
    stripped = line.strip()
    if stripped.startswith("(") and stripped.endswith(")") and word_count <= 8:
        if _is_agency_credit(fold(stripped[1:-1])):
            return AGENCY_BYLINE
    if word_count > 8 or _SENTENCE_PUNCTUATION.search(line):
        return None
    if folded in lexicon.AGENCY_NAMES or re.fullmatch(r"وكاله (?:ال)?انباء(?: \S+){1,2}", folded):
        return AGENCY_BYLINE
    sides = [side.strip() for side in _CREDIT_SEPARATOR.split(folded)]
    if (
        len(sides) >= 2
        and all(1 <= len(_words(side)) <= 4 for side in sides)
        and any(_is_agency_credit(side) for side in sides)
    ):
        return AGENCY_BYLINE
    return None


def line_reason(line: str) -> str | None:
    """Why a single normalized line is boilerplate, or None when it may be content."""
    if not line.strip():
        return None
    if not any(ch.isalnum() for ch in line):
        return NO_TEXT
    if breadcrumb_segments(line) is not None:
        return BREADCRUMB
    folded = fold(line)
    word_count = len(_words(folded))
    if any(phrase in folded for phrase in lexicon.COMMENT_PROMPT_ANYWHERE) or (
        word_count <= 8 and _starts_with_phrase(folded, lexicon.COMMENT_PROMPT_STARTS)
    ):
        return COMMENT_PROMPT
    if folded in lexicon.BACK_TO_TOP:
        return BACK_TO_TOP
    if _is_share_widget(folded):
        return SHARE_WIDGET
    if word_count <= 40 and _starts_with_phrase(folded, lexicon.RELATED_LINK_STARTS):
        return RELATED_LINKS
    tag_header = _starts_with_phrase(folded, lexicon.TAG_HEADERS)
    if tag_header is not None and word_count <= 25:
        rest = folded[len(tag_header) :].lstrip()
        if not rest or rest[0] in ":：" or not _SENTENCE_PUNCTUATION.search(line):
            return TAG_LIST
    if word_count <= 20 and _starts_with_phrase(folded, lexicon.FOLLOW_US_STARTS):
        return FOLLOW_US
    if word_count <= 20 and any(marker in folded for marker in lexicon.COPYRIGHT_MARKERS):
        return COPYRIGHT
    credit = _credit_reason(line, folded)
    if credit is not None:
        return credit
    site = site_text_reason(line)
    if site is not None:
        return site
    tokens = _tokens(folded)
    if len(tokens) == 1 and _is_fused_section_words(tokens[0]):
        return FUSED_MENU
    if _is_date_stamp(folded):
        return DATE_STAMP
    return None


def _find_title_after_breadcrumb(
    lines: Sequence[str], reasons: dict[int, str], breadcrumb_index: int, title: str
) -> int | None:
    wanted = fold(title).rstrip(".…").strip()
    if len(wanted) < 10:
        return None
    searched = 0
    for index in range(breadcrumb_index + 1, len(lines)):
        if not lines[index] or index in reasons:
            continue
        if fold(lines[index]).startswith(wanted):
            return index
        searched += 1
        if searched >= _MAX_TITLE_SEARCH:
            break
    return None


def scan_boilerplate(lines: Sequence[str]) -> BoilerplateScan:
    """Classify every normalized line of an article; empty lines are never reported."""
    reasons: dict[int, str] = {}
    in_tag_block = False
    seen_content = False
    previous_reason: str | None = None
    breadcrumb: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        reason = line_reason(line)
        if reason is None and in_tag_block and _is_short_label(line, 4):
            reason = TAG_LIST
        if reason is None and previous_reason == site_text.COMMENT_POLICY:
            reason = site_text.COMMENT_POLICY if site_text.continues_notice(line) else None
        previous_reason = reason
        if reason is None and not seen_content and is_menu_line(line):
            reason = MENU_BEFORE_CONTENT
        if reason == BREADCRUMB and breadcrumb is None:
            crumbs = breadcrumb_segments(line) or []
            if len(crumbs) >= 2:
                breadcrumb = (index, crumbs[-1])
        in_tag_block = reason == TAG_LIST
        if reason is None:
            seen_content = True
        else:
            reasons[index] = reason
    if breadcrumb is None:
        return BoilerplateScan(reasons=reasons)
    breadcrumb_index, announced_title = breadcrumb
    title_index = _find_title_after_breadcrumb(lines, reasons, breadcrumb_index, announced_title)
    if title_index is not None:
        for index in range(breadcrumb_index + 1, title_index):
            if lines[index].strip() and index not in reasons and _is_short_label(lines[index], 4):
                reasons[index] = MENU_BEFORE_TITLE
    return BoilerplateScan(reasons=reasons, title_index=title_index)
