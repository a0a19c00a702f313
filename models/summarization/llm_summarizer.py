"""Summaries written by an instruction model that must cite numbered sources; checked by code."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tarjama.models.errors import Cancelled, model_label
from tarjama.models.limits import Limits
from tarjama.models.summarization.abstractive import trim_to_length
from tarjama.models.summarization.citations import (
    CitationChecker,
    article_sources,
    check_note,
    check_summary,
)
from tarjama.models.summarization.collection import summarize_collection
from tarjama.models.summarization.extractive import rank_sentences, summarize_extractive
from tarjama.models.summarization.inputs import require_body
from tarjama.models.summarization.pool import pool_sentences
from tarjama.models.summarization.sentences import split_sentences
from tarjama.models.summarization.types import (
    ArticleText,
    CitationCheck,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
)
from tarjama.models.translation.backend import token_counts
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.llm_prompt import is_commentary, one_line
from tarjama.models.translation.loading import local_revision
from tarjama.models.types import CancelCheck, ModelRef, never_cancelled

# "[2:14]", "[2:14, 3:1]", "[2:14][3:1]", "[2:14; 3:1]"; the refs inside one bracket.
_CITATION_GROUP = re.compile(r"\[\s*\d+\s*:\s*\d+(?:\s*[,;]\s*\d+\s*:\s*\d+)*\s*\]")
_REF = re.compile(r"(\d+)\s*:\s*(\d+)")
# A claim: text followed by one or more citation groups (and the punctuation after them).
_CLAIM = re.compile(
    r"(?P<text>[^\[\]]*?)(?P<cites>(?:\s*" + _CITATION_GROUP.pattern + r")+)\s*[.;,]?"
)
TOKENS_PER_SENTENCE = 40  # output budget per asked-for sentence, citations included
# Answers that keep fewer than this share of the sentences asked for fall back.
MIN_KEPT_SHARE = 0.5
SOURCE_TOKEN_SHARE = 0.6  # of the context, for the numbered sources


class LLMSummarizer:
    """Summarizes with a chat-model backend (CausalLMBackend, a CT2 Generator, a fake).

    The model sees numbered sentences "[article:sentence] text" and must cite them after
    every sentence it writes. Each written sentence is checked by CitationChecker: one that
    fails is re-cited when other sources support it, else dropped, and the summary counts
    both with their reasons. When less than half of the requested sentences survive, the
    extractive summary is returned instead, with a note that says why.
    """

    kind = "llm"

    def __init__(self, backend, model_ref: ModelRef, limits: Limits | None = None) -> None:
        self.backend = backend
        self.model_ref = model_ref
        self.limits = limits or Limits()
        context = backend.info.max_input_tokens
        self.source_budget = max(64, int(context * SOURCE_TOKEN_SHARE))

    def summarize_article(
        self,
        article: ArticleText,
        length: SummaryLength,
        *,
        article_index: int = 0,
        cancelled: CancelCheck = never_cancelled,
    ) -> Summary:
        body = require_body(article)
        ranking = rank_sentences(article, self.limits.max_ranked_sentences)
        in_body = set(body)
        order = [index for index in ranking.indices if index in in_body] or body
        sources = self._fit([(SentenceRef(article_index, i), article.sentences[i]) for i in order])

        def fallback() -> Summary:
            return summarize_extractive(
                article,
                length,
                article_index=article_index,
                max_ranked=self.limits.max_ranked_sentences,
            )

        notes = []
        if len(sources) < len(body):
            notes.append(f"the model saw the {len(sources)} most central of {len(body)} sentences")
        everything = article_sources([article], [article_index])
        return self._summarize(
            sources, everything, length, fallback, notes, cancelled, collection=False
        )

    def summarize_collection(
        self,
        articles: Sequence[ArticleText],
        length: SummaryLength,
        *,
        article_indices: Sequence[int],
        cancelled: CancelCheck = never_cancelled,
    ) -> Summary:
        """A synthesis in the model's own words across articles, citing [article:sentence]."""
        pooled = pool_sentences(articles, article_indices, self.limits)
        ranked = sorted(pooled.sentences, key=lambda p: -p.importance)
        sources = self._fit([(p.ref, p.text) for p in ranked])

        def fallback() -> Summary:
            return summarize_collection(
                articles, length, article_indices=article_indices, limits=self.limits
            )

        notes = list(pooled.notes)
        if len(sources) < len(pooled.sentences):
            notes.append(
                f"the model saw the {len(sources)} most central of "
                f"{len(pooled.sentences)} pooled sentences"
            )
        everything = article_sources(articles, article_indices)
        return self._summarize(
            sources, everything, length, fallback, notes, cancelled, collection=True
        )

    # -- the work -----------------------------------------------------------------------

    def _summarize(
        self,
        sources: list[tuple[SentenceRef, str]],
        all_sources: dict[SentenceRef, str],
        length: SummaryLength,
        fallback,
        notes: list[str],
        cancelled: CancelCheck,
        *,
        collection: bool,
    ) -> Summary:
        if cancelled():
            raise Cancelled("summarization cancelled")
        if not sources:  # not even one sentence fits the model's context
            summary = check_summary(fallback(), all_sources, "extractive")
            reason = "extractive summary: no source sentence fits the instruction model's context"
            return replace(summary, notes=[reason, *summary.notes])
        wanted = _wanted_sentences(length)
        prompt = summary_prompt(sources, length, collection=collection)
        cap = min(wanted * TOKENS_PER_SENTENCE + 16, self.backend.info.max_input_tokens // 4)
        [answer] = self.backend.generate(
            [self.backend.render(prompt)], beam_size=1, max_new_tokens=[cap]
        )
        kept, check = check_answer(answer.text, dict(sources))
        kept = _trim(kept, length)
        if len(kept) < max(1, math.ceil(wanted * MIN_KEPT_SHARE)):
            check = replace(check, fell_back=True)
            extractive = check_summary(fallback(), all_sources, "extractive")
            if check.checked == 0:
                reason = (
                    "extractive summary: the instruction model wrote no sentence in the "
                    "requested form (text followed by its [article:sentence] citations)"
                )
            else:
                reason = (
                    f"extractive summary: only {len(kept)} of the instruction model's "
                    f"sentences survived the citation check; {check_note(check)}"
                )
            return replace(
                extractive, notes=[reason, *notes, *extractive.notes], citation_check=check
            )
        return Summary(
            sentences=kept,
            method=SummaryMethod.ABSTRACTIVE,
            model=self.model_ref,
            notes=[*notes, check_note(check)] if check.supported < check.checked else notes,
            citation_check=check,
        )

    def _fit(self, ranked: list[tuple[SentenceRef, str]]) -> list[tuple[SentenceRef, str]]:
        """The most important sources that fit the budget, back in reading order."""
        counts = token_counts(self.backend, [text for _, text in ranked])
        kept, used = [], 0
        for (ref, text), count in zip(ranked, counts, strict=True):
            if used + count + 6 > self.source_budget:  # "[12:345] " and the line break
                continue
            kept.append((ref, text))
            used += count + 6
        return sorted(kept, key=lambda item: (item[0].article_index, item[0].sentence_index))


def load_llm_summarizer(
    path: Path, model_id: str, device: str, *, dtype: str, limits: Limits
) -> LLMSummarizer:
    """An LLMSummarizer on a chat model's local directory (transformers backend)."""
    from tarjama.models.translation.llm_backend import CausalLMBackend  # imports torch

    revision = local_revision(path)
    ref = ModelRef(model_label(model_id), revision)
    config = TranslatorConfig(model=model_id, device=device, dtype=dtype)
    return LLMSummarizer(CausalLMBackend.from_directory(path, ref, config), ref, limits)


def summary_prompt(
    sources: Sequence[tuple[SentenceRef, str]], length: SummaryLength, *, collection: bool
) -> str:
    """The user message: numbered sources, the length, and the citation rule."""
    if length.words is not None:
        size = f"about {length.words} words"
    else:
        size = f"at most {_wanted_sentences(length)} sentences"
    what = (
        "what these news articles report together, in your own words"
        if collection
        else "this news article"
    )
    numbered = "\n".join(
        f"[{ref.article_index}:{ref.sentence_index}] {one_line(text)}" for ref, text in sources
    )
    return (
        f"Summarize {what} in {size} of English. End every sentence with the numbers of the "
        "source sentences it rests on, like [0:3] or [0:3][1:7]. Use only facts, numbers and "
        "names that the cited sentences state. One sentence per line; no title, notes or "
        f"other text.\n\n{numbered}"
    )


def check_answer(
    answer: str, sources: dict[SentenceRef, str]
) -> tuple[list[SummarySentence], CitationCheck]:
    """The answer's sentences that pass the checker (as written or re-cited) and the report."""
    checker = CitationChecker(sources)
    kept: list[SummarySentence] = []
    reasons: Counter[str] = Counter()
    checked = supported = recited = dropped = 0
    for text, refs in parse_claims(answer):
        checked += 1
        verdict = checker.check(text, refs)
        if verdict.ok:
            supported += 1
            kept.append(SummarySentence(text, tuple(refs)))
            continue
        reasons.update(verdict.reasons)
        better = checker.recite(text)
        if better is not None:
            recited += 1
            kept.append(SummarySentence(text, better[0]))
        else:
            dropped += 1
    check = CitationCheck("instruction model", checked, supported, recited, dropped, dict(reasons))
    return kept, check


def parse_claims(answer: str) -> list[tuple[str, list[SentenceRef]]]:
    """(sentence, its citations) for every sentence of the answer; commentary lines dropped.

    Citations belong to the text before them; a sentence with none gets an empty list
    (the checker then calls it uncited).
    """
    claims: list[tuple[str, list[SentenceRef]]] = []
    for line in answer.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if not line or (is_commentary(line) and not _CITATION_GROUP.search(line)):
            continue
        position = 0
        for match in _CLAIM.finditer(line):
            text = match.group("text").strip()
            refs = [
                SentenceRef(int(article), int(sentence))
                for article, sentence in _REF.findall(match.group("cites"))
            ]
            for before in split_sentences(text)[:-1]:  # uncited sentences before this claim
                claims.append((before, []))
            last = (split_sentences(text) or [""])[-1]
            if last:
                claims.append((_end_sentence(last), list(dict.fromkeys(refs))))
            position = match.end()
        rest = line[position:].strip()
        if rest and not is_commentary(rest):
            claims.extend((sentence, []) for sentence in split_sentences(rest))
    return claims


def _end_sentence(text: str) -> str:
    text = text.strip().rstrip(",;:")
    return text if text.endswith((".", "!", "?", '"', "”")) else text + "."


def _wanted_sentences(length: SummaryLength) -> int:
    if length.sentences is not None:
        return length.sentences
    return max(1, math.ceil((length.words or 60) / 20))


def _trim(sentences: list[SummarySentence], length: SummaryLength) -> list[SummarySentence]:
    """Whole sentences up to the requested count or word budget (trim_to_length's rule)."""
    return sentences[: len(trim_to_length([s.text for s in sentences], length))]
