"""Sentence segmentation for normalized Arabic news paragraphs.

Rules (each one exists because a generic splitter gets it wrong on Arabic news):

* Boundaries are ``. ! ? ؟ …`` and runs of them (``...``, ``؟!``).  The Arabic comma ``،`` is
  never a boundary; Arabic writers chain whole paragraphs with it.
* A ``.`` between digits is a decimal or thousands separator (``1.5``), not a boundary.
* A ``.`` after a single letter is an abbreviation or initial (``د.`` doctor, ``م.`` engineer,
  ``أ.``, ``ص.ب``, ``U.S.``, ``J. Smith``), except ``م.``/``ه.`` right after a number, which
  mark a year (``عام 2020 م.``) and may end a sentence.  A few Latin titles (Dr., Mr. ...) too.
  A lone Latin letter between Arabic words is the letter itself (``على A. يبين``: a grade)
  and may end a sentence; Latin initials spelled in Arabic are abbreviations when a dotted
  neighbour confirms them (``دي. كي. أريا``, D. K. Arya).
* A bare number opening a sentence (``1. ...``) is a list enumerator, not a sentence.
* Closing quotes and brackets right after the terminal punctuation stay with their sentence
  (``... أقرب.”``); a quote that *precedes* the punctuation (``... أولوية”.``) does so anyway.
  Splitting inside a quotation is allowed: ``“... نسمة. ومن ... الطاقة”.`` gives two sentences,
  the closing quote going with the last.
* A quote right after the terminal punctuation and followed by whitespace closes a quotation,
  whatever the quote parity in the current sentence: ``"... الأول. ... للبيع." وقال`` ends
  after ``للبيع."`` although its opening quote is in the sentence before.  This holds for the
  straight quotes (``"`` ``'``), whose direction is otherwise guessed from their parity, and
  for ``“``/``‘``, which RTL typing often leaves as the closing quote; an opening quote in that
  position would sit against the next word instead.
* An ellipsis (``…``, ``...``) is a pause, as Arabic writers use it, not a sentence end,
  unless a closing quote follows it (``"… أفضل..." وقال``).
* ``؛`` (and ``;``) ends a sentence only when the clauses on both sides have at least
  ``MIN_WORDS_AROUND_SEMICOLON`` words: Arabic uses it both between long independent clauses
  (worth splitting for translation) and between short list items or a cause and its effect
  (which make no sense alone).
* A boundary needs a space after it, or the end of the text, or (missing-space typos such as
  ``نسمة.ومن``) an Arabic letter right after a word of two letters or more.  A lower-case Latin
  word after the punctuation means it was not a sentence end (``e.g. this``).
* A short clause naming the speaker right after a quotation that ends in its own punctuation
  stays with it (``"هل يعتقدون أنني أحصل على خصم؟" تساءلت.``).
* Between punctuation boundaries, ``sentence_openers`` finds sentences that lost their final
  punctuation by how the next one opens (a new quotation or a reporting verb after a closed
  quotation, ``لقد``, a direct question with ``هل``).
* Pieces with no letter or digit are glued to a neighbour, so there are no empty or
  punctuation-only sentences, and no character is ever lost: each sentence is a slice of the
  input, stripped of surrounding whitespace.
"""

from __future__ import annotations

import re

from tarjama.models.text.script import ARABIC_LETTER as _ARABIC_LETTER
from tarjama.models.text.script import HARAKAT as _HARAKAT
from tarjama.models.text.sentence_openers import (
    candidate_gaps,
    is_attribution_tail,
    is_spelled_initial,
    opens_sentence_after,
)

MIN_WORDS_AROUND_SEMICOLON = 6

_TERMINAL_RUN = re.compile(r"[.!?؟…؛;]+")
_CLOSERS = "”»’›)]}"
_AMBIGUOUS_QUOTES = "\"'"
# Quotes that close a quotation when they follow terminal punctuation and precede whitespace.
_CLOSING_AFTER_TERMINAL = "\"'“‘"
_TERMINAL_CHARS = ".!?؟…"
_OPENERS = "“«‘‹([{\"'"
_SEMICOLONS = frozenset("؛;")
_WORD = re.compile(r"\w+")
_LATIN_TITLES = frozenset(
    "dr mr mrs ms prof st jr sr no nos vs inc ltd co corp gen col lt sgt capt gov sen rep "
    "mt fig dept approx est".split()
)
_ERA_MARKERS = frozenset("مه")
# Bounds that keep segmentation linear on pathological input (huge tokens, endless clauses):
# no abbreviation is this long and six words fit in this many characters.
_MAX_TOKEN_CHARS = 64
_CLAUSE_WINDOW_CHARS = 600
_SPACES = re.compile(r"\s*")
_TOKEN = re.compile(r"\S+")
_ELLIPSIS_CHARS = frozenset(".…")
# Quotation marks counted to tell whether one closing a word closes the sentence's quotation.
_PAIRED_QUOTES = frozenset('"“”«»')
_PAIRED_QUOTE = re.compile('["“”«»]')


def _previous_token(text: str, end: int) -> tuple[str, int]:
    """The whitespace-delimited token ending at ``end`` (without opening quotes) and its start."""
    start = end
    limit = max(0, end - _MAX_TOKEN_CHARS)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    token = text[start:end]
    stripped = token.lstrip(_OPENERS + "–—-")
    return stripped, start + len(token) - len(stripped)


def _token_before(text: str, position: int) -> str:
    """The token preceding ``position``, skipping the whitespace in between."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _previous_token(text, end)[0]


def _token_after(text: str, position: int) -> str:
    """The whitespace-delimited token following ``position`` (at most ``_MAX_TOKEN_CHARS``)."""
    match = _TOKEN.match(text, _SPACES.match(text, position).end())
    return match.group()[:_MAX_TOKEN_CHARS] if match else ""


def _letters(token: str) -> str:
    return "".join(ch for ch in _HARAKAT.sub("", token) if ch.isalpha())


def _is_abbreviation(text: str, dot: int, piece_start: int) -> bool:
    token, token_start = _previous_token(text, dot)
    last_part = token.rsplit(".", 1)[-1]
    letters = _letters(last_part)
    if letters and letters == _HARAKAT.sub("", last_part) and len(letters) == 1:
        # "عام 2020 م." marks an era and may end the sentence; "م. أحمد" is an engineer.
        if letters in _ERA_MARKERS and _token_before(text, token_start).isdigit():
            return False
        return not _is_named_latin_letter(text, dot, token, token_start)
    if token.lower() in _LATIN_TITLES:
        return True
    if is_spelled_initial(token, (_token_before(text, token_start), _token_after(text, dot + 1))):
        return True
    # "1." opening a sentence is an enumerator; "عام 2025." is not.
    starts_piece = _SPACES.match(text, piece_start).end() >= token_start
    return token.isdigit() and len(token) <= 3 and starts_piece


def _is_named_latin_letter(text: str, dot: int, token: str, token_start: int) -> bool:
    """A lone Latin letter between Arabic words ("لحرف u. وذكرت", "على A. يبين"): the letter
    itself (a grade, a vitamin, a plan), not an initial, which the rest of a Latin name follows."""
    if len(token) != 1 or not token.isascii():
        return False
    after = _SPACES.match(text, dot + 1).end()
    return (
        after > dot + 1
        and after < len(text)
        and bool(_ARABIC_LETTER.match(text[after]))
        and bool(_ARABIC_LETTER.search(_token_before(text, token_start)[-1:]))
    )


def _is_decimal_point(text: str, dot: int) -> bool:
    return 0 < dot < len(text) - 1 and text[dot - 1].isdigit() and text[dot + 1].isdigit()


class _QuoteParity:
    """Whether a straight quote (" or ') is open at a position, counted from the piece start."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.restart(0)

    def restart(self, piece_start: int) -> None:
        self._counted_upto = piece_start
        self._counts = dict.fromkeys(_AMBIGUOUS_QUOTES, 0)

    def is_open(self, quote: str, position: int) -> bool:
        # Positions only grow between restarts, so each character is counted once.
        if position > self._counted_upto:
            for char in _AMBIGUOUS_QUOTES:
                self._counts[char] += self._text.count(char, self._counted_upto, position)
            self._counted_upto = position
        return self._counts[quote] % 2 == 1


def _closes_after_terminal(text: str, position: int) -> bool:
    """A quote at ``position`` right after sentence punctuation (or after quotes that follow
    it), with whitespace (or the end) after the quotes: it closes a quotation, however many
    quotes came before it ("… سلطة."" قال" closes two)."""
    if text[position] not in _CLOSING_AFTER_TERMINAL:
        return False
    start = position
    while start > 0 and text[start - 1] in _CLOSING_AFTER_TERMINAL and position - start < 3:
        start -= 1
    if start == 0 or text[start - 1] not in _TERMINAL_CHARS:
        return False
    end = position + 1
    while end < len(text) and text[end] in _CLOSING_AFTER_TERMINAL and end - position < 3:
        end += 1
    return end == len(text) or text[end].isspace()


def _absorb_closers(text: str, end: int, quotes: _QuoteParity) -> int:
    """Move ``end`` past closing quotes/brackets (and punctuation glued after them)."""
    while end < len(text):
        char = text[end]
        if char in _CLOSERS or char in _TERMINAL_CHARS:
            end += 1
        elif _closes_after_terminal(text, end) or (
            char in _AMBIGUOUS_QUOTES and quotes.is_open(char, end)
        ):
            end += 1
        else:
            break
    return end


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _semicolon_is_boundary(text: str, run_start: int, run_end: int, piece_start: int) -> bool:
    window_end = min(len(text), run_end + _CLAUSE_WINDOW_CHARS)
    following = _TERMINAL_RUN.search(text, run_end, window_end)
    clause_after = text[run_end : following.start() if following else window_end]
    clause_before = text[max(piece_start, run_start - _CLAUSE_WINDOW_CHARS) : run_start]
    return (
        _count_words(clause_before) >= MIN_WORDS_AROUND_SEMICOLON
        and _count_words(clause_after) >= MIN_WORDS_AROUND_SEMICOLON
    )


def _next_starts_sentence(text: str, run_start: int, end: int) -> bool:
    """Whether the text after a terminal run (ending at ``end``) can start a new sentence."""
    if end >= len(text):
        return True
    following = text[end]
    if following.isspace():
        next_visible = _SPACES.match(text, end).end()
        return next_visible >= len(text) or not ("a" <= text[next_visible] <= "z")
    # Missing space after the punctuation, e.g. "نسمة.ومن" or "لماذا؟قال".
    next_letter = text[end + 1] if following in _OPENERS and end + 1 < len(text) else following
    if not _ARABIC_LETTER.match(next_letter):
        return False
    token, _ = _previous_token(text, run_start)
    return len(_letters(token)) >= 2


def _is_ellipsis(punctuation: str) -> bool:
    """``…`` or three dots or more; ".." is a doubled full stop, a typing slip."""
    return set(punctuation) <= _ELLIPSIS_CHARS and ("…" in punctuation or len(punctuation) >= 3)


def _attributes_quotation(text: str, run_end: int, end: int) -> bool:
    """A quotation ending in its own punctuation, then a short clause saying who said it."""
    if not any(char in _PAIRED_QUOTES for char in text[run_end:end]):
        return False
    window_end = min(len(text), end + _CLAUSE_WINDOW_CHARS)
    following = _TERMINAL_RUN.search(text, end, window_end)
    return following is not None and is_attribution_tail(text[end : following.start()])


def _boundaries(text: str) -> list[int]:
    """Offsets just after each sentence end in ``text``."""
    cuts: list[int] = []
    piece_start = 0
    examined_upto = 0
    quotes = _QuoteParity(text)
    for run in _TERMINAL_RUN.finditer(text):
        run_start, run_end = run.span()
        if run_start < examined_upto:
            continue  # glued to the previous run, which already decided for both
        punctuation = run.group()
        if set(punctuation) <= _SEMICOLONS:
            if not _semicolon_is_boundary(text, run_start, run_end, piece_start):
                continue
        elif punctuation == ".":
            if _is_decimal_point(text, run_start) or _is_abbreviation(text, run_start, piece_start):
                continue
        end = _absorb_closers(text, run_end, quotes)
        examined_upto = end
        if _is_ellipsis(punctuation) and end == run_end:
            continue  # a pause inside the sentence, unless it ends a quotation
        if not _next_starts_sentence(text, run_start, end):
            continue
        if _attributes_quotation(text, run_end, end):
            continue
        cuts.append(end)
        piece_start = end
        quotes.restart(end)
    return cuts


def _unpunctuated_boundaries(text: str, start: int, end: int) -> list[int]:
    """Cuts between ``start`` and ``end`` (a stretch with no punctuation boundary) before a word
    that opens a new sentence (see ``sentence_openers``)."""
    cuts: list[int] = []
    quotes = 0  # paired quotation marks since the last cut
    words = 0  # words since the last cut
    counted = start  # quotes and words are counted up to here
    for gap in candidate_gaps(text, start, end):
        words += len(_TOKEN.findall(text, counted, gap))
        quotes += len(_PAIRED_QUOTE.findall(text, counted, gap))
        counted = gap
        before = text[max(start, gap - _MAX_TOKEN_CHARS) : gap].split()
        if not before:
            continue  # the gap opens the stretch
        following = _SPACES.match(text, gap).end()
        closing = quotes - (1 if text[gap - 1] in _PAIRED_QUOTES else 0)
        quote_open = text[gap - 1] in _PAIRED_QUOTES and closing % 2 == 1
        if opens_sentence_after(
            before[-1],
            text,
            following,
            end,
            quote_open=quote_open,
            words_before=words,
        ):
            cuts.append(gap)
            quotes = words = 0
    return cuts


def _all_boundaries(text: str) -> list[int]:
    """Punctuation boundaries, then boundaries between them that no punctuation marks."""
    cuts: list[int] = []
    start = 0
    for cut in [*_boundaries(text), len(text)]:
        cuts.extend(_unpunctuated_boundaries(text, start, cut))
        if cut < len(text):
            cuts.append(cut)
        start = cut
    return cuts


def _has_text(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


def _merge_textless(pieces: list[str]) -> list[str]:
    """Glue pieces without letters or digits onto a neighbour so nothing is dropped."""
    groups: list[list[str]] = []
    leading: list[str] = []  # textless pieces before the first real sentence
    for piece in pieces:
        if _has_text(piece):
            groups.append([*leading, piece])
            leading = []
        elif groups:
            groups[-1].append(piece)
        else:
            leading.append(piece)
    if leading:
        groups.append(leading)
    return [" ".join(group) for group in groups]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; line breaks inside it are hard boundaries."""
    pieces: list[str] = []
    for line in paragraph.splitlines():
        start = 0
        for cut in [*_all_boundaries(line), len(line)]:
            piece = line[start:cut].strip()
            if piece:
                pieces.append(piece)
            start = cut
    return _merge_textless(pieces)
