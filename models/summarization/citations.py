"""Checks each summary sentence against the sources it cites: existence, numbers, names, words.

One checker for every summarizer: the LLM summarizer drops or re-cites what fails it; the
BART and extractive paths run it too and report the result in the summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tarjama.models.summarization.phrases import (
    capitalized_inside,
    is_demonym,
    is_stop,
    name_spans,
    stem,
    tokens,
)
from tarjama.models.summarization.types import ArticleText, CitationCheck, SentenceRef, Summary
from tarjama.models.text.numbers import unsupported_numbers

# At least this share of a sentence's content words (stems) must occur in its sources.
MIN_CONTENT_SUPPORT = 0.6

# Reasons, in the order they are checked (one sentence may have several).
UNCITED = "uncited"  # it cites nothing
UNKNOWN_SOURCE = "unknown_source"  # it cites a sentence that does not exist
UNSUPPORTED_NUMBER = "unsupported_number"  # a number none of its sources states
UNSUPPORTED_NAME = "unsupported_name"  # a name none of its sources names
LOW_SUPPORT = "low_support"  # too few of its content words are in its sources
REASONS = (UNCITED, UNKNOWN_SOURCE, UNSUPPORTED_NUMBER, UNSUPPORTED_NAME, LOW_SUPPORT)


@dataclass(frozen=True)
class SentenceCheck:
    """The verdict on one summary sentence."""

    reasons: tuple[str, ...]
    unsupported_numbers: tuple[str, ...] = ()
    unsupported_names: tuple[str, ...] = ()
    content_support: float = 1.0

    @property
    def ok(self) -> bool:
        return not self.reasons

    def describe(self) -> str:
        """The reasons in words, with what was unsupported: for notes and logs."""
        parts = []
        for reason in self.reasons:
            if reason == UNSUPPORTED_NUMBER:
                parts.append(f"numbers not in its sources: {', '.join(self.unsupported_numbers)}")
            elif reason == UNSUPPORTED_NAME:
                parts.append(f"names not in its sources: {', '.join(self.unsupported_names)}")
            elif reason == LOW_SUPPORT:
                parts.append(f"only {self.content_support:.0%} of its words are in its sources")
            elif reason == UNKNOWN_SOURCE:
                parts.append("it cites a sentence that does not exist")
            else:
                parts.append("it cites no source")
        return "; ".join(parts)


def check_note(check: CitationCheck) -> str:
    """The checker's report in one line, for a summary's notes."""
    line = (
        f"citation check ({check.path}): {check.supported} of {check.checked} sentences "
        "supported by the sentences they cite"
    )
    if check.recited:
        line += f", {check.recited} re-cited"
    if check.dropped:
        line += f", {check.dropped} dropped"
    if check.reasons:
        line += " (" + ", ".join(f"{r} {check.reasons[r]}" for r in sorted(check.reasons)) + ")"
    return line


class CitationChecker:
    """Checks sentences against a fixed set of numbered source sentences."""

    def __init__(self, sources: Mapping[SentenceRef, str]) -> None:
        self.sources = dict(sources)
        # Names the sources write capitalized mid-sentence: a summary may start with one.
        self._known_names = capitalized_inside(list(self.sources.values()))

    def check(self, text: str, cited: Sequence[SentenceRef]) -> SentenceCheck:
        """The verdict on `text` citing `cited` (checked in REASONS order)."""
        if not cited:
            return SentenceCheck((UNCITED,), content_support=0.0)
        if any(ref not in self.sources for ref in cited):
            return SentenceCheck((UNKNOWN_SOURCE,), content_support=0.0)
        evidence = [self.sources[ref] for ref in cited]
        reasons = []
        numbers = tuple(unsupported_numbers(text, evidence))
        if numbers:
            reasons.append(UNSUPPORTED_NUMBER)
        names = tuple(self._unsupported_names(text, evidence))
        if names:
            reasons.append(UNSUPPORTED_NAME)
        support = content_support(text, evidence)
        if support < MIN_CONTENT_SUPPORT:
            reasons.append(LOW_SUPPORT)
        return SentenceCheck(tuple(reasons), numbers, names, support)

    def best_sources(self, text: str, limit: int = 3) -> list[SentenceRef]:
        """The sources sharing most content words with `text` (to re-cite a sentence)."""
        wanted = content_stems(text)
        if not wanted:
            return []
        scored = []
        for ref, source in self.sources.items():
            overlap = len(wanted & content_stems(source))
            if overlap:
                scored.append((-overlap, ref.article_index, ref.sentence_index, ref))
        return [entry[-1] for entry in sorted(scored)[:limit]]

    def recite(self, text: str) -> tuple[tuple[SentenceRef, ...], SentenceCheck] | None:
        """Citations that make `text` pass, among its best-matching sources; None if none do.

        The best source alone is tried first, then the best two and three together.
        """
        ranked = self.best_sources(text)
        for size in range(1, len(ranked) + 1):
            refs = tuple(sorted(ranked[:size], key=_order))
            verdict = self.check(text, refs)
            if verdict.ok:
                return refs, verdict
        return None

    def _unsupported_names(self, text: str, evidence: Sequence[str]) -> list[str]:
        words = {_name_key(token.text) for source in evidence for token in tokens(source)}
        missing = []
        for name, _, _, _ in name_spans(text, self._known_names):
            parts = [part for part in name.split() if part[0].isupper() and not is_demonym(part)]
            if parts and not all(_name_key(part) in words for part in parts):
                if name not in missing:
                    missing.append(name)
        return missing


def check_summary(summary: Summary, sources: Mapping[SentenceRef, str], path: str) -> Summary:
    """The summary with the checker's report (citation_check, and a note when a sentence
    fails) and each sentence's unsupported numbers filled in; nothing is dropped: the
    extractive and seq2seq paths report only."""
    checker = CitationChecker(sources)
    reasons: Counter[str] = Counter()
    supported = 0
    sentences = []
    for sentence in summary.sentences:
        verdict = checker.check(sentence.text, sentence.sources)
        supported += verdict.ok
        reasons.update(verdict.reasons)
        numbers = tuple(
            dict.fromkeys((*sentence.unsupported_numbers, *verdict.unsupported_numbers))
        )
        sentences.append(replace(sentence, unsupported_numbers=numbers))
    check = CitationCheck(path, len(sentences), supported, reasons=dict(reasons))
    # Said in the notes only when a sentence failed; the counts are always in the result.
    notes = [*summary.notes, check_note(check)] if supported < len(sentences) else summary.notes
    return replace(summary, sentences=sentences, notes=notes, citation_check=check)


def article_sources(
    articles: Sequence[ArticleText], article_indices: Sequence[int]
) -> dict[SentenceRef, str]:
    """Every sentence a summary of these articles may cite, by its reference."""
    return {
        SentenceRef(article_index, sentence_index): text
        for article_index, article in zip(article_indices, articles, strict=True)
        for sentence_index, text in enumerate(article.sentences)
        if text.strip()
    }


def content_stems(text: str) -> set[str]:
    """Stems of the content words of text: words that are not stop words."""
    return {
        stem(token.text)
        for token in tokens(text)
        if token.is_word and not is_stop(token.text) and len(token.text) > 1
    }


def content_support(text: str, evidence: Sequence[str]) -> float:
    """Share of text's content-word stems found in the evidence (1.0 with no content words)."""
    wanted = content_stems(text)
    if not wanted:
        return 1.0
    have = set().union(*(content_stems(source) for source in evidence))
    return len(wanted & have) / len(wanted)


def _name_key(word: str) -> str:
    return word.casefold().replace("’", "'").removesuffix("'s")


def _order(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
