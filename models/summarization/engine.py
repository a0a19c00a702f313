"""The Summarizer facade: validates requests, picks the method, runs the engines."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.models.errors import (
    Cancelled,
    InvalidInput,
    ModelMissing,
    ModelNotFound,
    model_label,
)
from tarjama.models.limits import Limits
from tarjama.models.summarization.inputs import require_body
from tarjama.models.summarization.types import (
    DEFAULT_SUMMARIZATION_MODEL,
    ArticleText,
    Summary,
    SummaryLength,
    SummaryMethod,
)
from tarjama.models.translation.hub import has_weights, locate_model
from tarjama.models.translation.loading import LLM, model_kind
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
    # Why abstractive is unavailable, without the model's name or any path (AUTO summaries
    # that fell back say it in a note; GetInfo shows it).
    fallback_reason: str | None = None
    model_id: str = DEFAULT_SUMMARIZATION_MODEL  # as configured; shown only as model_label

    @property
    def writes_checked_summaries(self) -> bool:
        """An instruction model: it cites, and drops or re-cites what the checker refuses."""
        return getattr(self.abstractive, "kind", "") == "llm"

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
        if method is SummaryMethod.ABSTRACTIVE and self.fallback_reason == EXTRACTIVE_ONLY:
            # Weights may well exist; pulling them would not help, restarting would.
            raise ModelNotFound(
                f"abstractive summaries are off: the summarizer was {EXTRACTIVE_ONLY}"
            )
        if method is SummaryMethod.ABSTRACTIVE:
            raise unavailable(self.model_id, self.fallback_reason or "not loaded")
        return SummaryMethod.EXTRACTIVE, [f"extractive summary: {self.extractive_reason()}"]

    def extractive_reason(self) -> str:
        """Why summaries are extractive when AUTO is asked for; one line, no path."""
        if self.abstractive is not None:
            return ""
        if self.fallback_reason is None:
            return "no summarization model loaded"
        if self.fallback_reason == EXTRACTIVE_ONLY:
            return EXTRACTIVE_ONLY
        label = model_label(self.model_id)
        return f"model '{label}' is not available ({self.fallback_reason})"

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
            if not self.writes_checked_summaries:
                summary = _checked([article], [article_index], summary)
        else:
            from tarjama.models.summarization.extractive import summarize_extractive  # numpy

            summary = summarize_extractive(
                article,
                length,
                article_index=article_index,
                max_ranked=self.limits.max_ranked_sentences,
            )
            summary = _checked([article], [article_index], summary)
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
        indices = list(range(len(articles))) if article_indices is None else article_indices
        if chosen is SummaryMethod.ABSTRACTIVE and self.writes_checked_summaries:
            summary = self.abstractive.summarize_collection(
                articles, length, article_indices=indices, cancelled=cancelled
            )
            return _with_notes(summary, notes)
        from tarjama.models.summarization.collection import summarize_collection  # numpy

        summary = summarize_collection(
            articles,
            length,
            article_indices=article_indices,
            abstractive=self.abstractive if chosen is SummaryMethod.ABSTRACTIVE else None,
            cancelled=cancelled,
            limits=self.limits,
        )
        return _with_notes(_checked(articles, indices, summary), notes)


def load_summarizer(
    model: str | None = None,
    device: str = "cpu",
    *,
    revision: str | None = None,
    method: SummaryMethod = SummaryMethod.AUTO,
    local_files_only: bool = False,
    limits: Limits | None = None,
    num_beams: int = 4,
    dtype: str = "float32",
) -> Summarizer:
    """A Summarizer with the abstractive model loaded when its weights are available.

    A seq2seq model (BART, Pegasus) summarizes by map-reduce; an instruction (chat) model,
    told apart by its config.json, writes cited summaries checked by CitationChecker.

    EXTRACTIVE loads nothing. AUTO falls back to extractive (with a note in every
    summary) when the model is missing or cannot be loaded; ABSTRACTIVE raises instead:
    ModelMissing for a hub id (with the `models pull` hint), ModelNotFound for a local
    directory. Messages and notes name the model by model_label (a directory by its name,
    never its path) and never carry library error text; the log has the details.
    """
    model_id = model or DEFAULT_SUMMARIZATION_MODEL
    limits = limits or Limits()
    if method is SummaryMethod.EXTRACTIVE:
        return Summarizer(None, limits, EXTRACTIVE_ONLY, model_id)
    local = _is_local(model_id)
    if local:
        model_id = str(Path(model_id).expanduser())
        if not Path(model_id).exists():
            raise ModelNotFound(
                f"summarization model directory '{model_label(model_id)}' does not exist"
            )
    offline = local_files_only or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    # numpy now, torch and transformers when the weights load
    from tarjama.models.summarization.abstractive import AbstractiveConfig, AbstractiveSummarizer

    config = AbstractiveConfig(
        model=model_id,
        revision=revision,
        device=device,
        local_files_only=offline,
        num_beams=num_beams,
    )
    try:
        snapshot = None
        if local:
            _check_model_dir(Path(model_id))
            snapshot = Path(model_id)
        else:
            snapshot = locate_model(model_id, revision, local_files_only=offline)
            if snapshot is not None:
                config = replace(config, local_files_only=True)  # cached: no hub round trips
        if snapshot is not None and model_kind(snapshot) == LLM:
            # numpy and sklearn now, torch and transformers when the weights load
            from tarjama.models.summarization.llm_summarizer import load_llm_summarizer

            llm = load_llm_summarizer(snapshot, model_id, device, dtype=dtype, limits=limits)
            return Summarizer(llm, limits, None, model_id)
        return Summarizer(AbstractiveSummarizer.load(config), limits, None, model_id)
    except Exception as error:  # transformers, safetensors and torch raise many kinds
        reason = _reason(error)
        # The details (paths, library text) go to the log only: the server's log shows them,
        # while the CLI prints the one-line error or note alone.
        logger.info("summarization model %s unavailable: %s", model_id, _first_line(error))
        if method is SummaryMethod.ABSTRACTIVE:
            if isinstance(error, ModelNotFound) and not isinstance(error, ModelMissing):
                raise error from None  # e.g. no such model on the hub: already one line
            raise unavailable(model_id, reason) from None
        return Summarizer(None, limits, reason, model_id)


def unavailable(model_id: str, reason: str) -> ModelNotFound:
    """The error for abstractive summaries without their model, naming it by its label."""
    if _is_local(model_id):
        label = model_label(model_id)
        return ModelNotFound(f"summarization model '{label}' cannot be used: {reason}")
    return ModelMissing(model_id, reason)


class _UnusableModel(Exception):
    """A local model directory that cannot be loaded; the message is path-free."""


def _check_model_dir(path: Path) -> None:
    """Find what is wrong with a local model directory before transformers says it with paths."""
    if not path.is_dir():
        raise _UnusableModel("it is a file, not a model directory")
    config = path / "config.json"
    if not config.is_file():
        raise _UnusableModel("it has no config.json")
    try:
        json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise _UnusableModel("its config.json is not valid JSON") from None
    if not has_weights(entry.name for entry in path.iterdir()):
        raise _UnusableModel("it has no weights: no model.safetensors or pytorch_model.bin")


def _reason(error: BaseException) -> str:
    """Why the model is unavailable, in words without paths or library text."""
    if isinstance(error, ModelMissing):
        return error.reason  # said by locate_model: cache, offline, hub status
    if isinstance(error, (ModelNotFound, _UnusableModel)):
        return str(error)
    if isinstance(error, ValueError):
        kind = type(error).__name__
        return f"transformers cannot load it as a sequence-to-sequence model: {kind}"
    return f"its files cannot be loaded: {type(error).__name__}"


def _is_local(model: str) -> bool:
    # Hub ids are "name" or "org/name"; anything else with a slash is meant as a folder.
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or Path(model).is_dir()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _check(cancelled: CancelCheck) -> None:
    if cancelled():
        raise Cancelled("summarization cancelled")


def _checked(articles: Sequence[ArticleText], indices: Sequence[int], summary: Summary) -> Summary:
    """The summary with the citation checker's report (extractive and seq2seq paths)."""
    # Imported here with the summarizers themselves: the checker's word lists need sklearn.
    from tarjama.models.summarization.citations import article_sources, check_summary

    return check_summary(summary, article_sources(articles, indices), summary.method.value)


def _with_notes(summary: Summary, notes: list[str]) -> Summary:
    return replace(summary, notes=[*notes, *summary.notes]) if notes else summary
