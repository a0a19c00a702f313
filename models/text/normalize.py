"""Unicode clean-up of Arabic news text before boilerplate removal and segmentation.

Choices, in the order they are applied (see ``normalize_arabic``):

* Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) are NFKC-folded one character at a
  time.  The rest of the text is *not* NFKC-normalized: that would also rewrite full-width
  Latin, superscripts, ligatures such as "ﬁ" and Arabic-Indic digits in ways we do not want to
  decide blindly.  Isolated harakat forms (U+FE70...) fold to " <mark>"; the space is dropped so
  the mark stays on its letter.
* Tatweel/kashida (U+0640) is removed: it is pure typographic stretching ("أصـــداء" -> "أصداء",
  "الـ24" -> "ال24").
* Invisible format characters are removed: ZWSP, LRM/RLM/ALM, LRE..RLO, LRI..PDI, word joiner,
  soft hyphen and the BOM.  ZWNJ/ZWJ are removed next to Arabic letters and spaces (there they
  only change glyph joining) but kept elsewhere, where they can be meaningful (emoji sequences,
  Indic scripts).  Other control characters are removed; tabs become spaces.
* NBSP and the other Unicode spaces become an ASCII space; runs of spaces collapse to one and
  every line is stripped.  Line breaks are kept (one "\\n" per break, CR LF counted once) so the
  caller can still map lines back to the original text.
* Quotes: “ ” « » ‘ ’ " ' are kept as they are because the sentence splitter relies on them.
  Odd variants are mapped onto them: „ ‟ -> “, ‚ ‛ -> ‘, full-width ＂ ＇ -> " ', and the primes
  ″ ′ (word processors auto-correct a quote after a digit into a prime, e.g. “كاسا-1000″) become
  a closing or opening curly quote depending on which side touches a word.
* Persian/Urdu letter variants seen in Arabic news are mapped to their Arabic letters
  (ی -> ي, ک -> ك, ہ/ھ/ە -> ه, ۃ -> ة, ے -> ي, ۓ -> ئ).
* Arabic-Indic and Persian digits become ASCII digits ("٨٦" -> "86") and the Arabic decimal,
  thousands and percent signs (٫ ٬ ٪) become "." "," "%", so numbers read the same everywhere.
  Harakat and hamza/alef variants are left alone: they carry meaning for translation.
"""

from __future__ import annotations

import re
import unicodedata

from tarjama.models.text.numbers import DIGIT_MAP
from tarjama.models.text.script import PRESENTATION_FORM_RANGES, SCRIPT_RANGES, TATWEEL

_PRESENTATION_FORMS = re.compile(f"[{PRESENTATION_FORM_RANGES}]")

_REMOVED_INVISIBLES = (
    TATWEEL  # typographic stretching
    + "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator (old "space" that renders as nothing)
    "\u200b"  # zero-width space
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner and invisible operators
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\ufeff"  # BOM / zero-width no-break space
)

_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0/C1 controls other than tab and line breaks (line breaks are handled separately).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACE_RUNS = re.compile(" {2,}")

# A joiner is only kept when neither neighbour is Arabic script, a space or the text edge.
_JOINER_IN_ARABIC = re.compile(
    f"(?<=[{SCRIPT_RANGES}\\s])[\u200c\u200d]+|[\u200c\u200d]+(?=[{SCRIPT_RANGES}\\s])"
    "|^[\u200c\u200d]+|[\u200c\u200d]+$",
    re.MULTILINE,
)

_CHARACTER_MAP = str.maketrans(
    {
        # Persian / Urdu letter variants
        "\u06cc": "\u064a",  # ی Farsi yeh -> ي
        "\u06d2": "\u064a",  # ے yeh barree -> ي
        "\u06d3": "\u0626",  # ۓ yeh barree with hamza -> ئ
        "\u06a9": "\u0643",  # ک keheh -> ك
        "\u06aa": "\u0643",  # ڪ swash kaf -> ك
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06be": "\u0647",  # ھ heh doachashmee -> ه
        "\u06d5": "\u0647",  # ە ae -> ه
        "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
        # Quote variants that are not worth keeping distinct
        "\u201e": "\u201c",  # „ -> “
        "\u201f": "\u201c",  # ‟ -> “
        "\u201a": "\u2018",  # ‚ -> ‘
        "\u201b": "\u2018",  # ‛ -> ‘
        "\uff02": '"',
        "\uff07": "'",
        "\u02ba": '"',  # ʺ modifier double prime
        # ٠-٩, ۰-۹, ٫ ٬ ٪: the digits and number punctuation the numbers module reads
        **DIGIT_MAP,
        **{ch: None for ch in _REMOVED_INVISIBLES},
    }
)

# Primes used as quotes: closing when glued to the end of a word, opening when glued to its start.
_PRIME_QUOTES = {"\u2033": ("\u201c", "\u201d", '"'), "\u2032": ("\u2018", "\u2019", "'")}
_PRIMES = re.compile("[\u2032\u2033]")


def _fold_presentation_form(match: re.Match[str]) -> str:
    folded = unicodedata.normalize("NFKC", match.group())
    if folded.startswith(" ") and len(folded) > 1 and unicodedata.combining(folded[1]):
        return folded[1:]
    return folded


def _prime_to_quote(match: re.Match[str]) -> str:
    opening, closing, neutral = _PRIME_QUOTES[match.group()]
    text, position = match.string, match.start()
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    glued_before = not before.isspace() and before not in "(["
    glued_after = not after.isspace() and after not in ".,،؛:;!?؟)]"
    if glued_before and not glued_after:
        return closing
    if glued_after and not glued_before:
        return opening
    return neutral


def normalize_arabic(text: str) -> str:
    """Return ``text`` with Arabic-specific Unicode noise removed; line breaks are preserved."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _PRESENTATION_FORMS.sub(_fold_presentation_form, text)
    text = text.translate(_CHARACTER_MAP)
    text = _JOINER_IN_ARABIC.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _SPACE_RUNS.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return _PRIMES.sub(_prime_to_quote, text)
