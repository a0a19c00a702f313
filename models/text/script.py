"""The Arabic script, written once: its blocks, letters, diacritics, tatweel, digits, punctuation.

Every module that asks "is this Arabic?" imports its answer from here, so the language guard,
the normalizer, the segmenter, the quality flags, the English-input check and `tarjama eval
check` agree on what an Arabic letter is.

Blocks (Unicode 14, the version of Python 3.11's unicodedata). All of them are Arabic script
that turns up in real text, so all of them count:

* Arabic U+0600-U+06FF: the letters of Arabic, Persian, Urdu, Kurdish...; harakat; tatweel;
  Arabic-Indic and Extended (Eastern) Arabic-Indic digits; Arabic punctuation.
* Arabic Supplement U+0750-U+077F and Extended-A/-B U+0870-U+08FF: letters (and marks) of
  African and Asian languages written in Arabic script. Rare in Arabic news, but they are
  Arabic script: a name spelled with them is still untranslated Arabic in an English output.
* Arabic Presentation Forms-A U+FB50-U+FDFF and -B U+FE70-U+FEFE: positional glyph forms and
  ligatures. Text extracted from PDFs and old web pages carries them; ``normalize_arabic``
  folds them, but raw text (the language guard, model outputs) still has them. U+FEFF, the
  byte-order mark, sits in the Forms-B block but is not Arabic and is left out.

Left out on purpose: the Arabic Mathematical Alphabetic Symbols (U+1EE00-U+1EEFF, symbols
for formulas, not text) and Rumi numerals (U+10E60-U+10E7E).

Concepts, one range each:

* LETTER: the characters of those blocks that Unicode calls letters (``str.isalpha``), except
  tatweel (U+0640, a stretching stroke with no sound) and the spacing and tatweel forms of the
  harakat (U+FE70-U+FE7F), which are diacritics, not letters. Persian/Urdu letters (پ چ ژ گ
  ک ی ہ ے), used in Arabic news for foreign names, and presentation forms are letters.
* HARAKAT (tashkeel): the combining vowel, tanween, shadda and sukun marks U+064B-U+065F and
  the superscript (dagger) alef U+0670. Optional in Arabic writing, so matching strips them.
  The range includes the combining maddah and hamza U+0653-U+0655, which spell آ أ إ in
  decomposed text; stripping them leaves a bare alef, which is what spelling folds do anyway.
* TATWEEL (kashida) U+0640: typographic stretching, removed by normalization.
* Digits: Arabic-Indic U+0660-U+0669 (٠-٩, the Arab world) and Extended Arabic-Indic
  U+06F0-U+06F9 (۰-۹, also called Eastern Arabic-Indic: Persian and Urdu), with the Arabic
  percent sign and decimal and thousands separators (٪ ٫ ٬).
* PUNCTUATION: the punctuation characters of the blocks (، ؛ ؟ ۔ ٪ ٫ ٬ ...).
"""

from __future__ import annotations

import re

# Regex character-class bodies: "[" + X + "]" matches one character of the concept.
SCRIPT_RANGES = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe"
PRESENTATION_FORM_RANGES = "\ufb50-\ufdff\ufe70-\ufefe"
# str.isalpha() over SCRIPT_RANGES, less tatweel and U+FE70-U+FE7F (a test checks the list).
LETTER_RANGES = (
    "\u0620-\u063f\u0641-\u064a"  # Kashmiri yeh, hamza .. yeh, without tatweel
    "\u066e\u066f\u0671-\u06d3\u06d5"  # dotless beh/qaf, alef wasla .. yeh barree, ae
    "\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff"  # small waw/yeh, dal/reh inverted v, ...
    "\u0750-\u077f"  # Arabic Supplement
    "\u0870-\u0887\u0889-\u088e"  # Arabic Extended-B
    "\u08a0-\u08c9"  # Arabic Extended-A
    "\ufb50-\ufbb1\ufbd3-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb"  # Forms-A
    "\ufe80-\ufefc"  # Forms-B letters
)
HARAKAT_RANGES = "\u064b-\u065f\u0670"
TATWEEL = "\u0640"

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660-U+0669
EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0-U+06F9 (Eastern Arabic-Indic)
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
ARABIC_PERCENT_SIGN = "\u066a"  # ٪

ARABIC_COMMA = "\u060c"  # ،
ARABIC_SEMICOLON = "\u061b"  # ؛
ARABIC_QUESTION_MARK = "\u061f"  # ؟
ARABIC_FULL_STOP = "\u06d4"  # ۔ (Urdu)
# Every punctuation character (Unicode category P*) of the blocks.
PUNCTUATION_RANGES = "\u0609\u060a\u060c\u060d\u061b\u061d-\u061f\u066a-\u066d\u06d4\ufd3e\ufd3f"

ARABIC_LETTER = re.compile(f"[{LETTER_RANGES}]")
# An Arabic word of two letters or more, with its harakat and tatweel (they do not cut it).
_MARKS = f"[{HARAKAT_RANGES}{TATWEEL}]*"
ARABIC_WORD = re.compile(f"[{LETTER_RANGES}](?:{_MARKS}[{LETTER_RANGES}])+{_MARKS}")
HARAKAT = re.compile(f"[{HARAKAT_RANGES}]")

# str.isalpha() is true for these, but they are not letters (see LETTER above).
_ALPHABETIC_NON_LETTERS = frozenset(TATWEEL + "".join(map(chr, range(0xFE70, 0xFE80))))


def is_letter(char: str) -> bool:
    """True for a letter of any script; tatweel and spacing harakat forms are not letters."""
    return char.isalpha() and char not in _ALPHABETIC_NON_LETTERS


def is_arabic_letter(char: str) -> bool:
    """True for one Arabic-script letter (Persian/Urdu letters and presentation forms too)."""
    return ARABIC_LETTER.fullmatch(char) is not None


def has_arabic_letter(text: str) -> bool:
    """True when text holds at least one Arabic-script letter."""
    return ARABIC_LETTER.search(text) is not None


def arabic_letter_share(text: str) -> float:
    """Arabic-script letters as a share of all the letters of text (0.0 when it has none)."""
    letters = [char for char in text if is_letter(char)]
    if not letters:
        return 0.0
    return sum(1 for char in letters if ARABIC_LETTER.match(char)) / len(letters)
