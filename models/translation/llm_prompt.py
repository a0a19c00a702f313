"""Numbered-sentence prompts for instruction models, and the strict parser of their answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

LANGUAGE_NAMES = {"arb_Arab": "Arabic", "ar": "Arabic", "eng_Latn": "English", "en": "English"}

# "1. text", "1) text", "1: text", "[1] text", "(1) text", "**1.** text", "- 1. text". The
# delimiter must be followed by a space (or end the line), so "1.5 million ..." that starts
# a wrapped line is not read as line 1.
_NUMBERED = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:\*\*)?[\[(]?(?P<number>\d{1,4})\s*[.):\]](?:\*\*)?[)\]]?(?:\s+|$)"
    r"(?P<text>.*)$"
)
# Arabic-Indic and Persian digits, which a model echoing the source may number with.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A leading label the model puts before the translation proper ("Translation: ...").
_LABEL = re.compile(r"^\s*(?:english|translation|english translation|answer)\s*:\s*", re.I)
# A line (or numbered entry) that talks about the task instead of doing it.
_COMMENTARY = re.compile(
    r"^\s*(?:here\s+(?:is|are)\b|here's\b|sure\b|certainly\b|of course\b|okay\b|ok,|"
    r"notes?\s*:|translator'?s?\s+note|explanation\s*:|i\s+(?:cannot|can't|can\s+not|am\s+"
    r"unable|have\s+translated|translated)\b|as an ai\b|the\s+(?:above|following)\s+"
    r"(?:is|are)\b|this\s+(?:sentence|line|translation)\s+(?:means|says|is)\b)",
    re.I,
)
# A note appended to a translation: "(Note: ...)", "[literally: ...]", "(i.e. ...)".
_TRAILING_NOTE = re.compile(
    r"\s*[(\[]\s*(?:note|translator'?s?\s+note|lit\.|literally|i\.e\.|or\b|"
    r"alternatively|original)\b[^()\[\]]*[)\]]\s*$",
    re.I,
)
# A note run on after the translation in the same line: "... . Note: the name is ...".
_INLINE_NOTE = re.compile(r"(?<=[.!?\"”])\s+(?:notes?|translator'?s?\s+note)\s*:.*$", re.I)
_WRAPPING_QUOTES = re.compile(r'^\s*(["“«])(?P<inner>.*)(["”»])\s*$')


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def one_line(text: str) -> str:
    """The sentence on one line: a line break inside it would read as a new numbered line."""
    return " ".join(text.split())


def translation_prompt(lines: Sequence[str], source_language: str, target_language: str) -> str:
    """The user message asking for one numbered translation per numbered source line."""
    source, target = language_name(source_language), language_name(target_language)
    count = len(lines)
    rule = (
        f"Answer with exactly {count} lines, numbered 1 to {count}: line N is the "
        f"{target} translation of sentence N alone."
        if count > 1
        else f"Answer with one line, numbered 1, holding the {target} translation."
    )
    numbered = "\n".join(f"{number}. {one_line(line)}" for number, line in enumerate(lines, 1))
    return (
        f"Translate the numbered {source} sentences into {target}.\n"
        f"{rule} Do not merge, split, skip or add lines. Write no notes, explanations, "
        f"titles or other text.\n\n{numbered}"
    )


@dataclass
class ParsedReply:
    """What a model answered to a numbered prompt: each line kept, and what was wrong."""

    expected: int
    lines: dict[int, str] = field(default_factory=dict)  # number -> translation (accepted)
    retry: set[int] = field(default_factory=set)  # numbers (1-based) to ask for alone
    commentary: list[str] = field(default_factory=list)  # text that was not a translation
    problems: list[str] = field(default_factory=list)  # why lines are retried, for logs


def parse_numbered(reply: str, expected: int, *, hit_length_cap: bool = False) -> ParsedReply:
    """Match a numbered answer to `expected` numbered sources; never guess.

    Only numbered lines count; everything else is commentary and is dropped. A line is
    accepted when its number is in range and said once, and its neighbours are present: a
    missing number means a skipped or merged line, whose neighbour may hold the merged
    text. A number out of range or said twice means the answer split or added a line
    somewhere, so no line of it can be trusted. An answer cut by its length cap loses its
    last line (it may be cut mid-sentence).
    """
    parsed = ParsedReply(expected)
    seen: dict[int, list[str]] = {}
    order: list[int] = []
    for raw in reply.splitlines():
        if not raw.strip():
            continue
        match = _NUMBERED.match(raw.translate(_DIGITS))
        if match is None:
            parsed.commentary.append(raw.strip())
            continue
        number = int(match.group("number"))
        seen.setdefault(number, []).append(match.group("text"))
        order.append(number)
    everything = set(range(1, expected + 1))
    out_of_range = [number for number in seen if not 1 <= number <= expected]
    repeated = [number for number, texts in seen.items() if len(texts) > 1]
    if out_of_range or repeated or order != sorted(order):
        parsed.retry = everything
        parsed.problems.append(
            f"numbering does not match the {expected} sources "
            f"(extra {sorted(out_of_range)}, repeated {sorted(repeated)})"
        )
        return parsed
    missing = everything - set(seen)
    if missing:
        parsed.problems.append(f"lines {sorted(missing)} missing (skipped or merged)")
    suspects = set(missing)
    for number in missing:  # a merged line sits next to the gap it left
        suspects.update({number - 1, number + 1} & everything)
    if hit_length_cap and order:
        suspects.add(order[-1])
        suspects.update(range(order[-1] + 1, expected + 1))
        parsed.problems.append("answer cut by its length cap")
    for number in sorted(everything - suspects):
        text = clean_translation(seen[number][0])
        if text is None:
            parsed.commentary.append(seen[number][0].strip())
            parsed.problems.append(f"line {number} is commentary or empty")
            suspects.add(number)
            continue
        parsed.lines[number] = text
    parsed.retry = suspects
    return parsed


def is_commentary(text: str) -> bool:
    """Whether a line talks about the task ("Here is the summary:", "Note: ...")."""
    return _COMMENTARY.match(text) is not None


def clean_translation(text: str) -> str | None:
    """A numbered line's translation with labels, quotes and appended notes removed;
    None when what is left is empty or talks about the task instead of translating."""
    cleaned = text.strip().strip("*").strip()
    cleaned = _LABEL.sub("", cleaned)
    cleaned = _INLINE_NOTE.sub("", cleaned)
    while True:
        shorter = _TRAILING_NOTE.sub("", cleaned)
        if shorter == cleaned:
            break
        cleaned = shorter
    quoted = _WRAPPING_QUOTES.match(cleaned)
    if quoted is not None and not any(mark in quoted.group("inner") for mark in '"“”«»'):
        cleaned = quoted.group("inner").strip()
    if not cleaned or _COMMENTARY.match(cleaned):
        return None
    return cleaned
