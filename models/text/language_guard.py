"""Language guard: refuse text that is mostly not Arabic before any model time is spent on it.

The decision is py3langid's (its model ships inside the wheel, no download), with the
Arabic-script share of the letters as a safety net for mixed text:

* fewer than MIN_LETTERS letters: too little to judge, always accepted;
* py3langid names an Arabic variety (MSA, Egyptian, Maghrebi), or gives the Arabic
  varieties together at least half its probability: accepted;
* otherwise, text whose letters are less than half Arabic script is refused;
* Arabic-script text that py3langid calls Persian, Urdu, Pashto... with a probability of
  at least 0.9 is refused; any other mostly-Arabic-script text passes, so an Arabic article
  dense with Latin names and acronyms always does.

Measured on FLORES-200 devtest, NTREX-128 and TICO-19 (5,109 Arabic and 5,109 English
lines, README "Language guard"): py3langid alone refused no Arabic line, also after Latin
names were inserted into every line, where an Arabic-script share threshold of 0.5 refused
128 of them; every English line was refused by both. Run
`python -m tarjama.clients.evaluation.language_guard DATA_DIR` to repeat the measurement.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tarjama.models.errors import InvalidInput
from tarjama.models.text.script import ARABIC_LETTER

# Below this many letters a text is accepted unjudged ("5-3", "G20", an emoji).
MIN_LETTERS = 3
# Arabic letters at or above this share of all letters always pass unless py3langid names
# another Arabic-script language.
MIXED_ARABIC_SHARE = 0.5
# py3langid's probability needed to refuse Arabic-script text as Persian, Urdu...
CONFIDENT_OTHER_SCRIPT = 0.9
# py3langid reads this many characters at most: a 200,000-character article costs no more
# than its first part, and language does not change halfway through a news article.
SAMPLE_CHARS = 20_000

ARABIC_VARIETIES = frozenset({"ar", "arz", "ary"})
OTHER_ARABIC_SCRIPT = frozenset({"fa", "ur", "ps", "ug", "ku", "sdh", "uzs"})
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "tr": "Turkish",
    "id": "Indonesian",
    "ms": "Malay",
    "ru": "Russian",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "wuu": "Chinese",
    "yue": "Cantonese",
    "ja": "Japanese",
    "ko": "Korean",
    "hi": "Hindi",
    "he": "Hebrew",
    "el": "Greek",
    "fa": "Persian",
    "ur": "Urdu",
    "ps": "Pashto",
    "ug": "Uyghur",
    "ku": "Kurdish",
    "sdh": "Kurdish",
    "uzs": "Uzbek",
}
_SCRIPT_NAMES = {"CJK": "Han", "HANGUL": "Hangul", "HIRAGANA": "kana", "KATAKANA": "kana"}
_CHARACTER_SCRIPTS = frozenset({"Han", "Hangul", "kana"})

_identifier: Any = None
_identifier_lock = threading.Lock()


@dataclass(frozen=True)
class LanguageVerdict:
    """What the guard saw: the identified language, and the letters by script."""

    language: str  # py3langid code, "" when the text was too short to judge
    letters: int
    arabic_share: float
    main_script: str  # e.g. "Latin", "Arabic", "Han", "Cyrillic"
    main_script_share: float
    accepted: bool

    def message(self) -> str:
        name = LANGUAGE_NAMES.get(self.language)
        what = name or f"{self.main_script}-script text"
        if self.language in OTHER_ARABIC_SCRIPT:
            detail = "Arabic script, but not Arabic"
        else:
            unit = "characters" if self.main_script in _CHARACTER_SCRIPTS else "letters"
            detail = f"{self.main_script_share:.0%} {self.main_script} {unit}"
        return (
            f"the text looks like {what} ({detail}); tarjama translates Arabic "
            "(set skip_language_check, or --no-language-check, to translate it anyway)"
        )


def load_language_identifier() -> Any:
    """py3langid's identifier, loaded once per process (about 0.5 s; servers call it at
    start-up, other callers get it on first use)."""
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier  # numpy, 0.5 s

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


def _script(char: str) -> str:
    if ARABIC_LETTER.match(char):
        return "Arabic"
    try:
        first = unicodedata.name(char).split()[0]
    except ValueError:
        return "other"
    return _SCRIPT_NAMES.get(first, first.title())


def judge_language(text: str) -> LanguageVerdict:
    """The guard's verdict on `text` (raw text: Persian letters are still distinct there)."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(_script(char) for char in sample if char.isalpha())
    letters = sum(scripts.values())
    arabic_share = scripts["Arabic"] / letters if letters else 0.0
    main_script, main_count = scripts.most_common(1)[0] if scripts else ("no", 0)
    main_share = main_count / letters if letters else 0.0
    if letters < MIN_LETTERS:
        return LanguageVerdict("", letters, arabic_share, main_script, main_share, True)
    ranked = load_language_identifier().rank(sample)
    language, probability = str(ranked[0][0]), float(ranked[0][1])
    arabic_probability = sum(float(p) for code, p in ranked if code in ARABIC_VARIETIES)
    if language in ARABIC_VARIETIES or arabic_probability >= 0.5:
        accepted = True
    elif arabic_share < MIXED_ARABIC_SHARE:
        accepted = False
    elif language in OTHER_ARABIC_SCRIPT:
        # Short Arabic lines can look faintly Persian or Uzbek; only a confident call counts.
        accepted = probability < CONFIDENT_OTHER_SCRIPT
    else:  # mostly Arabic letters, with enough Latin names to confuse the identifier
        accepted = True
    return LanguageVerdict(language, letters, arabic_share, main_script, main_share, accepted)


def check_arabic(text: str, label: str = "") -> None:
    """Raise InvalidInput naming what the text looks like when it is mostly not Arabic.

    label (e.g. "article '000'") starts the message when given.
    """
    verdict = judge_language(text)
    if not verdict.accepted:
        raise InvalidInput(f"{label}: {verdict.message()}" if label else verdict.message())
