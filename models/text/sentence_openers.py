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
  interjections such as ``حسنًا`` ("well, ..."), ``إذًا``.  Reporting verbs are *not* enough
  there: ``وفي تصريح صحفي قال الوزير`` is one sentence.

The same word lists serve two punctuation rules of ``segment``: a short reporting clause after
a quotation that ends in its own punctuation stays with it (``"هل يعتقدون أنني أحصل على خصم؟"
تساءلت.``, "she wondered"), and Latin initials spelled in Arabic letters (``دي. كي. أريا``, D. K.
Arya) are abbreviations, not sentence ends.

Each rule was measured on FLORES-200, TICO-19 and NTREX-128 (docs/evaluation.md): it was kept
only where it found far more real boundaries than false ones.
"""

from __future__ import annotations

from tarjama.models.text.lexicon import fold

# Quotation marks that close a quotation when glued to the end of a word.
_CLOSING_QUOTES = "\"”“»’'"
# Quotation marks that open one when glued to the start of a word.
_OPENING_QUOTES = "\"“«”‘'"
_CONJUNCTIONS = ("و", "ف")
_PAIRED_QUOTES = "\"“”«»"
MIN_QUOTED_SENTENCE_WORDS = 3


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
# Words that open a clause, never continue a noun phrase: after a closed quotation they
# start the next sentence ("…" وفي …, "…" وقد …).
CLAUSE_OPENERS = frozenset(
    fold(word)
    for word in (
        "لقد",
        "وقد",
        "فقد",
        "وفي",
        "ومن",
        "وبعد",
        "ولم",
        "لم",
        "لن",
        "ولن",
        "وكان",
        "وكانت",
        "ثم",
        "لكن",
        "ولكن",
        "إلا",
        "هذا",
        "وهذا",
        "هذه",
        "وهذه",
        "تلك",
        "ذلك",
        "إنه",
        "إنها",
        "إنهم",
        "إننا",
        "أنا",
        "نحن",
        "هل",
        "وهل",
    )
)
# Words that open a sentence and are not found inside one: a boundary even with no
# punctuation before them.
SENTENCE_ONLY_OPENERS = frozenset(
    fold(word) for word in ("لقد", "ولقد", "وهل", "حسنا", "حسنًا", "ولذلك")
)


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
    if fold(token) not in LATIN_LETTER_NAMES:
        return False
    return any(
        len(neighbour) > 1 and neighbour.endswith(".") and fold(neighbour[:-1]) in LATIN_LETTER_NAMES
        for neighbour in neighbours
    )


def _closes_quotation(token: str) -> bool:
    """A word ending in a quotation mark right after a letter or digit: "…محفز"."""
    return len(token) >= 2 and token[-1] in _CLOSING_QUOTES and token[-2].isalnum()


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


def opens_sentence_after(previous: str, rest: str, *, quote_open: bool) -> bool:
    """Whether the text ``rest`` starts a new sentence after the token ``previous``, with only
    space between them.

    ``rest`` starts with the next token and runs on for a few words; ``quote_open`` says
    whether a quotation opened in the current sentence is still open before ``previous``'s
    last character (then a closing mark there really closes it).
    """
    following = rest.split(maxsplit=1)[0] if rest.strip() else ""
    if not following:
        return False
    if previous[-1:].isalnum():
        return following[:1].isalpha() and fold(following) in SENTENCE_ONLY_OPENERS
    if not _closes_quotation(previous) or not quote_open:
        return False
    if _opens_quotation(following):
        return _quotes_a_sentence(rest)
    word = fold(following)
    return word != _without_conjunction(word) and _without_conjunction(word) in REPORTING_VERBS
