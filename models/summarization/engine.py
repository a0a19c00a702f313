"""The Summarizer facade: validates requests, picks the method, runs the engines."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.models.errors import Cancelled, InvalidInput, ModelMissing, ModelNotFound
from tarjama.models.limits import Limits
from tarjama.models.summarization.inputs import require_body
from tarjama.models.summarization.types import (
    DEFAULT_SUMMARIZATION_MODEL,
    ArticleText,
    Summary,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.translation.hub import locate_model
from tarjama.models.types import CancelCheck, never_cancelled

# The numeric parts (numpy, scikit-learn, torch) are imported where they run, so a client
# can import the Summarizer's checks (resolve_length) and the workflow's types without them.
if TYPE_CHECKING:
    from tarjama.models.summarization.abstractive import AbstractiveSummarizer

logger = logging.getLogger(__name__)

EXTRACTIVE_ONLY = "configured for extractive summaries only"


@dataclass
class Summarizer:
    """Summarizes articles and collections; abstractive when a model is loaded."""

    abstractive: AbstractiveSummarizer | None = None
    limits: Limits = field(default_factory=Limits)
    # Why abstractive is unavailable (shown in AUTO summaries that fell back).
    fallback_reason: str | None = None
    model_id: str = DEFAULT_SUMMARIZATION_MODEL

    def resolve_length(self, length: SummaryLength | None, default_sentences: int) -> SummaryLength:
        """The request's length with defaults applied; InvalidInput when out of range."""
        limits = self.limits
        length = length or SummaryLength()
        if length.sentences is not None and length.words is not None:
            raise InvalidInput("set either length.sentences or length.words, not both")
        most = limits.max_summary_sentences
        if length.sentences is not None and not 1 <= length.sentences <= most:
            raise InvalidInput(
                f"length.sentences must be between 1 and {most} (got {length.sentences})"
            )
        low, high = limits.min_summary_words, limits.max_summary_words
        if length.words is not None and not low <= length.words <= high:
            raise InvalidInput(
                f"length.words must be between {low} and {high} (got {length.words})"
            )
        if length.sentences is None and length.words is None:
            return SummaryLength(sentences=default_sentences)
        return length

    def check_collection_size(self, count: int) -> None:
        """InvalidInput for an empty collection or one over the configured limit."""
        if count == 0:
            raise InvalidInput("the collection is empty: send at least one article")
        if count > self.limits.max_collection_articles:
            raise InvalidInput(
                f"the collection has {count} articles; "
                f"the limit is {self.limits.max_collection_articles}"
            )

    def pick_method(self, method: SummaryMethod) -> tuple[SummaryMethod, list[str]]:
        """The method to run and notes explaining a fallback."""
        if method is SummaryMethod.EXTRACTIVE:
            return SummaryMethod.EXTRACTIVE, []
        if self.abstractive is not None:
            return SummaryMethod.ABSTRACTIVE, []
        reason = self.fallback_reason or "no summarization model loaded"
        if method is SummaryMethod.ABSTRACTIVE and reason == EXTRACTIVE_ONLY:
            # Weights may well exist; pulling them would not help, restarting would.
            raise ModelNotFound(f"abstractive summaries are off: the summarizer was {reason}")
        if method is SummaryMethod.ABSTRACTIVE:
            raise ModelMissing(self.model_id, reason)
        return SummaryMethod.EXTRACTIVE, [f"extractive summary: {reason}"]

    def summarize_article(
        self,
        article: ArticleText,
        length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        cancelled: CancelCheck = never_cancelled,
        *,
        article_index: int = 0,
    ) -> Summary:
        """Summary of one article; its sentence refs use `article_index`."""
        length = self.resolve_length(length, self.limits.article_summary_sentences)
        require_body(article)
        chosen, notes = self.pick_method(method)
        _check(cancelled)
        if chosen is SummaryMethod.ABSTRACTIVE and self.abstractive is not None:
            summary = self.abstractive.summarize_article(
                article, length, article_index=article_index, cancelled=cancelled
            )
        else:
            from tarjama.models.summarization.extractive import summarize_extractive

            summary = summarize_extractive(
                article,
                length,
                article_index=article_index,
                max_ranked=self.limits.max_ranked_sentences,
            )
        return _with_notes(summary, notes)

    def summarize_collection(
        self,
        articles: Sequence[ArticleText],
        length: SummaryLength | None = None,
        method: SummaryMethod = SummaryMethod.AUTO,
        cancelled: CancelCheck = never_cancelled,
        *,
        article_indices: Sequence[int] | None = None,
    ) -> Summary:
        """One summary of all articles; refs use each article's index in `articles`, or
        `article_indices[i]` for article i (e.g. its place in a request where some failed)."""
        self.check_collection_size(len(articles))
        length = self.resolve_length(length, self.limits.collection_summary_sentences)
        for article in articles:
            require_body(article)
        chosen, notes = self.pick_method(method)
        _check(cancelled)
        from tarjama.models.summarization.collection import summarize_collection

        summary = summarize_collection(
            articles,
            length,
            article_indices=article_indices,
            abstractive=self.abstractive if chosen is SummaryMethod.ABSTRACTIVE else None,
            cancelled=cancelled,
            limits=self.limits,
        )
        return _with_notes(summary, notes)


def load_summarizer(
    model: str | None = None,
    device: str = "cpu",
    *,
    revision: str | None = None,
    method: SummaryMethod = SummaryMethod.AUTO,
    local_files_only: bool = False,
    limits: Limits | None = None,
    num_beams: int = 4,
) -> Summarizer:
    """A Summarizer with the abstractive model loaded when its weights are available.

    EXTRACTIVE loads nothing. AUTO falls back to extractive (with a note in every
    summary) when weights are missing; ABSTRACTIVE raises ModelMissing instead.
    """
    model_id = model or DEFAULT_SUMMARIZATION_MODEL
    limits = limits or Limits()
    if method is SummaryMethod.EXTRACTIVE:
        return Summarizer(None, limits, EXTRACTIVE_ONLY, model_id)
    if _looks_like_path(model_id):
        model_id = str(Path(model_id).expanduser())
        if not Path(model_id).is_dir():
            raise ModelNotFound(f"summarization model directory '{model_id}' does not exist")
    offline = local_files_only or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    from tarjama.models.summarization.abstractive import AbstractiveConfig, AbstractiveSummarizer

    config = AbstractiveConfig(
        model=model_id,
        revision=revision,
        device=device,
        local_files_only=offline,
        num_beams=num_beams,
    )
    try:
        hub_id = not _looks_like_path(model_id) and not Path(model_id).is_dir()
        if hub_id and locate_model(model_id, revision, local_files_only=offline):
            config = replace(config, local_files_only=True)  # cached: no hub round trips
        return Summarizer(AbstractiveSummarizer.load(config), limits, None, model_id)
    except (OSError, ValueError, ModelNotFound) as error:
        # locate_model finds a model missing with one hub request; transformers reports
        # missing files as OSError, and a directory without a seq2seq model as ValueError.
        reason = error.reason if isinstance(error, ModelMissing) else _first_line(error)
        if method is SummaryMethod.ABSTRACTIVE:
            raise ModelMissing(model_id, reason) from error
        logger.info("summarization model %s unavailable (%s); extractive only", model_id, reason)
        return Summarizer(None, limits, f"model '{model_id}' is not available ({reason})", model_id)


def _looks_like_path(model: str) -> bool:
    # Hub ids are "name" or "org/name"; anything else with a slash is meant as a folder.
    return model.startswith((".", "/", "~")) or model.count("/") > 1


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _check(cancelled: CancelCheck) -> None:
    if cancelled():
        raise Cancelled("summarization cancelled")


def _with_notes(summary: Summary, notes: list[str]) -> Summary:
    return replace(summary, notes=[*notes, *summary.notes]) if notes else summary
