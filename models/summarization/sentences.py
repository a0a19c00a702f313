"""English sentence splitting and word counts: plain text rules, no numeric libraries."""

from __future__ import annotations

import re

# Sentence ends: . ! ? (optionally closed by a quote or bracket) followed by space and
# a capital, digit or opening quote. Abbreviations below never end a sentence.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]?\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "sen", "rep", "gov",
    "u.s", "u.k", "u.n", "e.g", "i.e", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "ltd", "jr", "sr", "al",
}  # fmt: skip


def split_sentences(text: str) -> list[str]:
    """Split English text (a model's output) into sentences, keeping abbreviations whole."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        candidate = text[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".!?\"'”’)]").lower()
        if last_word in _ABBREVIATIONS or len(last_word) == 1 and last_word.isalpha():
            continue  # "Mr. Smith", "J. Smith": not a boundary
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def word_count(text: str) -> int:
    return len(text.split())
