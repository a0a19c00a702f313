"""Sentence boundaries that no punctuation marks: a new sentence recognised by how it opens.

Translators and reporters often leave a sentence without its final full stop, above all after a
closing quotation mark (``بمثابة "محفز" "إنهم متسمون بالود.``) and at the end of what was a
paragraph or a line of a transcript.  A splitter that only looks at punctuation then glues two
sentences together.  These rules find such boundaries from the words on both sides of a space,
and only where a sentence can hardly go on:

* After a closing quotation mark (a quote glued to the end of a word, closing the quotation
  that the current sentence opened), a new sentence starts when the next word opens another
  quotation (``"محفز" "إنهم``) or is a reporting verb or a clause opener, with or without the
  conjunction (``"…العرقلة" وأضاف``, ``"…" قال``, ``"…" وفي``, ``"…" لقد``).  A quotation
  inside a sentence (``وصفها بأنها "عشوائية" لكنه``, ``لصحيفة "الحياة" التي``) is followed by
  a particle or a noun instead, which none of the lists holds.
* After a word with no punctuation at all, only a few words that open a sentence and are never
  found inside one start a new sentence: ``لقد`` (emphatic "has"), ``وهل`` ("and is it ...?"),
  interjections such as ``حسنًا`` ("well, ..."); and ``هل`` when the question runs to a ``؟``
  (a direct question; an indirect one, ``لا أعرف هل سيأتي.``, has no question mark).  The word
  before must be one a sentence can end with, not a conjunction or a preposition
  (``حسنًا هل ...؟`` is one question).  Reporting verbs are *not* enough there:
  ``وفي تصريح صحفي قال الوزير`` is one sentence.

The same word lists serve two punctuation rules of ``segment``: a short reporting clause after
a quotation that ends in its own punctuation stays with it (``"هل يعتقدون أنني أحصل على خصم؟"
تساءلت.``, "she wondered"), and Latin initials spelled in Arabic letters (``دي. كي. أريا``, D. K.
Arya) are abbreviations, not sentence ends.

Each rule was measured on FLORES-200, TICO-19 and NTREX-128 (docs/evaluation.md): it was kept
only where it found far more real boundaries than false ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarjama.models.text.lexicon import fold

_HARAKAT = re.compile("[\u064b-\u065f\u0670]")
# Quotation marks that close a quotation when glued to the end of a word.
_CLOSING_QUOTES = "\"”“»’'"
# Quotation marks that open one when glued to the start of a word.
_OPENING_QUOTES = "\"“«”‘'"
_CONJUNCTIONS = ("و", "ف")
_PAIRED_QUOTES = '"“”«»'
_CLAUSE_PUNCTUATION = re.compile(r"[.!?؟…،,:;؛]")
_QUESTION_WORDS = ("هل",)
_QUESTION_OPENERS = frozenset(fold(word) for word in _QUESTION_WORDS)
# Words after which a sentence cannot end: they lead into the next word.
_LEAD_INS = frozenset(
    fold(word)
    for word in (
        "و أو ثم لكن ولكن بل إذا إذًا إذن حسنا حسنًا من إلى عن في على مع منذ عند أن إن لأن كي "
        "حتى لا لم لن قد"
    ).split()
)
MIN_QUOTED_SENTENCE_WORDS = 3
# A sentence cut off without punctuation has at least this many words.
MIN_SENTENCE_WORDS = 4
# How far ahead a rule reads (a quotation's end, a question's ؟): bounded per token.
_LOOKAHEAD_CHARS = 300
_MAX_OPENER_CHARS = 8  # longer than any word of SENTENCE_ONLY_OPENERS or _QUESTION_OPENERS
_TOKEN = re.compile(r"\S+")


def _perfect_forms(*verbs: str) -> frozenset[str]:
    """A verb's past-tense forms for "he" and "she" (قال، قالت), folded."""
    forms = set()
    for verb in verbs:
        forms.add(fold(verb))
        forms.add(fold(verb) + "ت")
    return frozenset(forms)


# Verbs that report what someone said: after a closed quotation they open the next sentence.
REPORTING_VERBS = _perfect_forms(
    "قال",
    "أضاف",
    "أكد",
    "أوضح",
    "أشار",
    "تابع",
    "أردف",
    "صرح",
    "ذكر",
    "أعلن",
    "لفت",
    "شدد",
    "اعتبر",
    "رأى",
    "أخبر",
    "كتب",
    "غرد",
    "سأل",
    "أجاب",
    "علق",
    "استطرد",
    "واصل",
    "اختتم",
    "تساءل",
)
# Words that open a sentence and are not found inside one: a boundary even with no
# punctuation before them.
_SENTENCE_ONLY_WORDS = ("لقد", "ولقد", "وهل", "حسنا", "ولذلك")
SENTENCE_ONLY_OPENERS = frozenset(fold(word) for word in _SENTENCE_ONLY_WORDS)


def _spelled_loosely(word: str) -> str:
    """A pattern for ``word`` with any harakat after each letter ("حسنًا")."""
    return "".join(re.escape(letter) + "[\u064b-\u065f\u0670]*" for letter in word)


# Where a rule may apply: after a quote mark that ends a word, or before an opener word. Only
# these gaps are examined, so a paragraph costs one regular-expression scan.
_CANDIDATE_GAP = re.compile(
    r"(?<=[\"”“»’'])(?=\s)|(?<=\S)(?=\s+(?:"
    + "|".join(_spelled_loosely(word) for word in (*_SENTENCE_ONLY_WORDS, *_QUESTION_WORDS))
    + r")(?=\s|$))"
)


def candidate_gaps(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets in ``text[start:end]`` where whitespace begins and a rule here may cut."""
    for match in _CANDIDATE_GAP.finditer(text, start, end):
        yield match.start()


# Latin letters as Arabic spells them in names and acronyms (D. K. Arya -> دي. كي. أريا).
LATIN_LETTER_NAMES = frozenset(
    fold(word)
    for word in (
        "إيه بي سي دي إي إف جي إتش اتش آي جيه جاي كيه كي إل إم إن أو كيو آر إس تي يو في "
        "دبليو إكس واي زد"
    ).split()
)
# Words that open a reporting clause placed after the quotation it reports.
_ATTRIBUTION_STARTS = frozenset(fold(word) for word in ("حسبما", "بحسب", "وفقا", "وفقًا"))
MAX_ATTRIBUTION_WORDS = 5


def is_attribution_tail(clause: str) -> bool:
    """A short clause that attributes the quotation before it: "قالت.", "حسبما أفاد السيد X."

    Only the verb without a conjunction: "وقال ..." opens a sentence of its own.
    """
    words = clause.split()
    if not 0 < len(words) <= MAX_ATTRIBUTION_WORDS or not words[0][:1].isalpha():
        return False
    first = fold(words[0])
    return first in REPORTING_VERBS or first in _ATTRIBUTION_STARTS


def is_spelled_initial(token: str, neighbours: tuple[str, str]) -> bool:
    """Whether ``token`` (before its full stop) is a Latin initial spelled in Arabic, which the
    previous or the next token confirms by being one too ("دي. كي. أريا")."""
    if len(token) > 4 or fold(token) not in LATIN_LETTER_NAMES:
        return False
    return any(
        neighbour.endswith(".") and fold(neighbour[:-1]) in LATIN_LETTER_NAMES
        for neighbour in neighbours
        if len(neighbour) > 1
    )


def _ends_in_word(token: str) -> bool:
    """Whether ``token`` ends in a letter or digit, harakat ("لاحقاً") aside."""
    end = len(token)
    while end > 0 and _HARAKAT.match(token[end - 1]):
        end -= 1
    return end > 0 and token[end - 1].isalnum()


def _can_end_sentence(word: str) -> bool:
    """Conjunctions, prepositions and interjections lead into what follows, never end it."""
    return fold(word) not in _LEAD_INS


def _asks_directly(rest: str) -> bool:
    """``rest`` opens with هل and runs to a question mark, no other punctuation between: a
    direct question ("... الصدر هل تشعر بضيق؟"); an indirect one ends without ؟."""
    words = rest.split(maxsplit=1)
    if not words or fold(words[0]) not in _QUESTION_OPENERS:
        return False
    mark = _CLAUSE_PUNCTUATION.search(rest)
    return mark is not None and mark.group() == "؟"


def _closes_quotation(token: str) -> bool:
    """A word ending in a quotation mark right after a letter or digit: "…محفز"."""
    return len(token) >= 2 and token[-1] in _CLOSING_QUOTES and _ends_in_word(token[:-1])


def _opens_quotation(token: str) -> bool:
    return len(token) >= 2 and token[0] in _OPENING_QUOTES and token[1].isalnum()


def _without_conjunction(word: str) -> str:
    if len(word) > 3 and word.startswith(_CONJUNCTIONS):
        return word[1:]
    return word


def _quotes_a_sentence(rest: str) -> bool:
    """Whether the quotation opening ``rest`` holds a sentence, not a one- or two-word term
    (``"منهار" "وفي صدمة"`` lists quoted terms inside one sentence)."""
    closing = next((i for i, char in enumerate(rest[1:], 1) if char in _PAIRED_QUOTES), len(rest))
    quoted = rest[1:closing]
    return len(quoted.split()) >= MIN_QUOTED_SENTENCE_WORDS or any(
        char in ".!?؟…" for char in quoted
    )


def opens_sentence_after(
    previous: str, text: str, start: int, end: int, *, quote_open: bool, words_before: int
) -> bool:
    """Whether the text at ``start`` starts a new sentence after the token ``previous``, with
    only space between them.

    ``text[start:end]`` is the rest of the stretch being split; ``quote_open`` says whether a
    quotation opened in the current sentence is still open before ``previous``'s last
    character (then a closing mark there really closes it); ``words_before`` counts the words
    of the current sentence so far: a lead-in of a few words ("وبالإضافة إلى ذلك هل ...؟")
    is not a sentence of its own.
    """
    if words_before < MIN_SENTENCE_WORDS:
        return False
    match = _TOKEN.match(text, start, end)
    if match is None:
        return False
    following = match.group()

    def rest() -> str:  # only the rules that read ahead pay for the slice
        return text[start : min(end, start + _LOOKAHEAD_CHARS)]

    if _ends_in_word(previous):
        # Cheap tests first: this runs for every word of every paragraph.
        if len(following) > _MAX_OPENER_CHARS or not following[:1].isalpha():
            return False
        word = fold(following)
        if word not in SENTENCE_ONLY_OPENERS and word not in _QUESTION_OPENERS:
            return False
        if not _can_end_sentence(previous):
            return False
        return word in SENTENCE_ONLY_OPENERS or _asks_directly(rest())
    if not quote_open or not _closes_quotation(previous):
        return False
    if _opens_quotation(following):
        return _quotes_a_sentence(rest())
    word = fold(following)
    return word != _without_conjunction(word) and _without_conjunction(word) in REPORTING_VERBS
