"""The timeline: dated events of all articles in date order, each citing where it is said.

An article's own date comes from its dateline or page metadata (ArticleText.date, set from
TranslatedArticle.metadata.date, which is how translated Arabic articles are dated too). A
sentence is an event when it says when it happened: a calendar date ("on Sunday, January
16", "December 26, 2004"), or a date relative to the article's own ("yesterday", "on
Saturday", "last week", "this week", "in the past 24 hours"), which is resolved against it.
Each dated article's lead sentence is an event of the article's date: news leads say what
happened that day ("the death toll ... continues to rise, passing 80,000"). A date after "of"
or "the" names a thing, not the event ("the tsunami of December 26", "the December 26
tsunami"), and does not date the sentence. The same event told by several articles (same
date, most words shared) is one event citing all. Events are ranked (how many articles tell
it, leads first) so a page short of room shows the best few; the list is in date order.
Cost: linear in the sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tarjama.models.summarization.inputs import body_indices
from tarjama.models.summarization.phrases import is_stop, stem, tokens
from tarjama.models.summarization.standalone import stands_alone
from tarjama.models.summarization.types import (
    ArticleDate,
    ArticleText,
    SentenceRef,
    SummarySentence,
    TimelineEvent,
)
from tarjama.models.text.dates import ENGLISH_WEEKDAYS, find_dates, parse_iso

MAX_EVENTS = 40
MAX_EVENT_WORDS = 60  # a longer "sentence" is a run-on list, no event to show
SAME_EVENT_OVERLAP = 0.5  # share of the shorter sentence's content words
_WEEKDAY = re.compile(
    r"\b(?:(?P<cue>on|last|this|next|since|by|until|from)\s+)?"
    r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+of\s+(?P<week>this|last)\s+week)?"
)
_RELATIVE = re.compile(
    r"\b(?P<word>today|tonight|yesterday|tomorrow|last week|this week|next week|"
    r"in the past (?:24|twenty-four|48) hours|earlier (?:today|this week))\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|plans? to|is due)\b", re.IGNORECASE)
_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last week": -7,
            "next week": 7, "this week": 0, "earlier today": 0, "earlier this week": 0}  # fmt: skip


@dataclass(frozen=True)
class _Event:
    when: date
    year_known: bool
    precision: str
    written: str
    ref: SentenceRef
    text: str
    lead: bool


def article_date(text: str) -> tuple[date, bool] | None:
    """(date, year known) from a metadata date: ISO, --MM-DD, or a written date."""
    parsed = parse_iso(text)
    if parsed is not None:
        return parsed
    mentions = [m for m in find_dates(text or "") if m.day is not None and m.year is not None]
    return (mentions[0].resolved(None), True) if mentions else None  # type: ignore[return-value]


def build_timeline(
    articles: Sequence[ArticleText], article_indices: Sequence[int]
) -> tuple[list[TimelineEvent], list[ArticleDate]]:
    """The events of all articles in date order, and every article's own date ("" when none)."""
    events: list[_Event] = []
    dates: list[ArticleDate] = []
    for article_index, article in zip(article_indices, articles, strict=True):
        own = article_date(article.date)
        dates.append(ArticleDate(article_index, _iso(*own, "day") if own else ""))
        for position, index in enumerate(body_indices(article)):
            sentence = article.sentences[index].strip()
            if len(sentence.split()) > MAX_EVENT_WORDS or not stands_alone(sentence):
                continue
            ref = SentenceRef(article_index, index)
            found = sentence_date(sentence, own)
            if found is not None:
                events.append(_Event(*found, ref, sentence, position == 0))
            elif position == 0 and own is not None:
                events.append(_Event(own[0], own[1], "day", "", ref, sentence, True))
    return _merge(events), dates


def sentence_date(
    sentence: str, own: tuple[date, bool] | None
) -> tuple[date, bool, str, str] | None:
    """(date, year known, precision, as written) of what the sentence says happened."""
    reference = own[0] if own else None
    # "the tsunami of December 26", "the December 26 tsunami": the date names a thing.
    explicit = [m for m in find_dates(sentence) if not _names_a_thing(sentence, m.start)]
    for mention in explicit:
        resolved = mention.resolved(reference)
        if resolved is None:
            continue
        year_known = mention.year is not None or (own is not None and own[1])
        return resolved, year_known, mention.precision, mention.text
    if own is None:
        return None
    future = bool(_FUTURE.search(sentence))
    # Without the year the weekday of the article's date is unknown: "on Tuesday" is left be.
    weekday = _WEEKDAY.search(sentence) if own[1] else None
    if weekday:
        target = ENGLISH_WEEKDAYS[weekday.group("day").lower()]
        cue = (weekday.group("cue") or "").lower()
        forward = cue == "next" or (future and cue not in ("last", "since"))
        delta = (target - own[0].weekday()) % 7 if forward else -((own[0].weekday() - target) % 7)
        if weekday.group("week") == "last":
            delta -= 7
        return own[0] + timedelta(days=delta), own[1], "day", weekday.group(0)
    relative = _RELATIVE.search(sentence)
    if relative:
        word = relative.group("word").lower()
        offset = 0 if word.startswith("in the past") else _OFFSETS[word]
        precision = "week" if "week" in word else "day"
        return own[0] + timedelta(days=offset), own[1], precision, relative.group(0)
    return None


def _names_a_thing(sentence: str, start: int) -> bool:
    return bool(re.search(r"\b(?:of|the)\s+(?:the\s+)?$", sentence[:start], re.IGNORECASE))


def _iso(value: date, year_known: bool, precision: str) -> str:
    if precision == "month":
        return value.strftime("%Y-%m") if year_known else value.strftime("--%m")
    return value.isoformat() if year_known else value.strftime("--%m-%d")


def _words(text: str) -> set[str]:
    return {stem(t.text) for t in tokens(text) if t.is_word and not is_stop(t.text)}


def _merge(events: list[_Event]) -> list[TimelineEvent]:
    """One event per date and story: restatements cite each other; ranked, in date order."""
    groups: list[list[_Event]] = []
    for event in sorted(events, key=lambda e: (e.when, e.ref.article_index, e.ref.sentence_index)):
        words = _words(event.text)
        home = next(
            (
                g
                for g in groups
                if g[0].when == event.when
                and len(words & _words(g[0].text))
                >= SAME_EVENT_OVERLAP * max(1, min(len(words), len(_words(g[0].text))))
            ),
            None,
        )
        if home is None:
            groups.append([event])
        else:
            home.append(event)
    ranked = sorted(
        range(len(groups)),
        key=lambda k: (
            -len({e.ref.article_index for e in groups[k]}),
            not any(e.lead for e in groups[k]),
            not groups[k][0].written,  # said with a date beats dated by its article only
            k,
        ),
    )
    rank_of = {k: r + 1 for r, k in enumerate(ranked)}
    kept = sorted(ranked[:MAX_EVENTS])
    timeline = []
    for k in kept:
        group = groups[k]
        first = min(group, key=lambda e: (not e.written, len(e.text)))
        timeline.append(
            TimelineEvent(
                date=_iso(first.when, first.year_known, first.precision),
                precision=first.precision,
                written=first.written,
                sentence=SummarySentence(
                    first.text, tuple(sorted({e.ref for e in group}, key=_order))
                ),
                articles=tuple(sorted({e.ref.article_index for e in group})),
                rank=rank_of[k],
            )
        )
    return timeline


def _order(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
