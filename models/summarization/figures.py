"""The figures table: quantities the articles report, what they count, where they are said.

Numbers come from the shared numbers module (so "$1.5bn", "1,500,000" and "1.5 million"
agree with the summary checks and `tarjama eval`). Around each one, rules read the
currency or unit, a qualifier ("about", "more than"), a date in the same clause, and what
it counts (figure_subjects). Years, ordinals, clock times, durations ("30 years", "between
500 and 600 seconds") and numbers inside names ("CASA-1000") are context, not figures; a
figure in a clause that only says it may be so ("could climb beyond 150,000") is marked
"possibly" and never a step of a progression. The same value for the same thing is one row
citing every sentence, an amount also given in another currency in brackets included;
figures that count the same kind of thing share a group and are shown side by side.
Cost: linear in the sentences, at most MAX_FIGURES rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from tarjama.models.summarization.figure_subjects import (
    figure_group,
    figure_subject,
    group_key,
    group_root,
)
from tarjama.models.summarization.phrases import stem_phrase
from tarjama.models.summarization.progressions import HEDGED, is_hedged
from tarjama.models.summarization.types import ArticleText, Figure, SentenceRef
from tarjama.models.text.dates import find_dates
from tarjama.models.text.numbers import NumberMention, find_numbers

MAX_FIGURES = 200
MAX_FIGURES_PER_SENTENCE = 8
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₺": "TRY"}
_UNIT_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "tenge": "tenge", "yuan": "CNY", "rupee": "INR", "rupees": "INR",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "lira": "TRY",
    "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED", "dinar": "dinar",
    "dinars": "dinar", "som": "som", "tons": "tons", "tonnes": "tons", "ton": "tons",
    "barrels": "barrels", "kilometres": "km", "kilometers": "km", "km": "km", "megawatts": "MW",
    "mw": "MW", "hectares": "ha", "percent": "%", "lei": "RON", "leu": "RON", "yen": "JPY",
    "rupiah": "IDR", "baht": "THB", "ringgit": "MYR", "pesos": "peso", "francs": "CHF",
}  # fmt: skip
_QUALIFIERS = (
    "more than", "less than", "fewer than", "up to", "at least", "nearly", "almost", "about",
    "around", "approximately", "roughly", "some", "over", "under", "only",
)  # fmt: skip
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# Words that make an amount a goal rather than a fact ("a target of $15 billion", "aim to
# raise trade to $1 billion"); "Romanians raise 395,000 euro" (a headline) is a fact.
_TARGET_CUES = re.compile(
    r"\b(?:targets?|goals?|aims?|aiming|(?:to|will|would)\s+(?:raise|increase|boost|bring)|"
    r"(?:raising|increasing|boosting|bringing)\b[^.;]*?\bto)\b",
    re.IGNORECASE,
)
# A figure in a clause that says it may be so is a forecast or a guess, not a report:
# "the toll could increase to over 100,000", "may have as many as 80,000".
_HEDGES = re.compile(
    r"\b(?:could|may|might|would|speculated|predicted|forecast|projected|expected to|"
    r"likely to)\b",
    re.IGNORECASE,
)
# "between 500 and 600 seconds", "500 to 600 seconds": the range's unit is after its end.
_RANGE_END = re.compile(r"\s*(?:and|to|-|–)\s*\d(?:[\d.,]*\d)?")
_DURATION = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?(?:years?|months?|weeks?|days?|decades?|hours?|minutes?|seconds?)\b",
    re.IGNORECASE,
)
_US_DOLLARS = re.compile(r"\s*(?:U\.?S\.?\s*dollars?|USD|US\$|American dollars?)\b\.?", re.I)
_TIME_BEFORE = re.compile(r"\b(?:at|by|until|from|before|after|around)\s+$", re.IGNORECASE)
_COORDINATE_AFTER = re.compile(
    r"\s*(?:°|degrees?|minutes?|seconds?|['′″])\s*(?:of\s+)?(?:latitude|longitude|north|south|"
    r"east|west|[NSEW]\b)",
    re.IGNORECASE,
)
# A number after these words names something (a resolution, an article, a flight).
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:resolutions?|articles?|sections?|paragraphs?|clauses?|chapters?|items?|pages?|"
    r"numbers?|codes?|cases?|flights?|routes?|bus|buses|lines?|rooms?|highways?|roads?|"
    r"platforms?|gates?|phone|tel|fax|hotline|model|version|decree|category)\.?\s*$",
    re.IGNORECASE,
)
# "15 billion lei, or the equivalent of 395,000 euro": one amount in two currencies.
_EQUIVALENT = re.compile(r"\s*,?\s*(?:or\s+)?(?:the\s+)?equivalent\s+of\s+(?:about\s+)?", re.I)
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d{2,5}\)?(?:[ .-]\d{2,8}){1,4}(?![\w,])")
_CLAUSE_BREAK = re.compile(r"[;:,–—]|\band\b|\bwhile\b|\bbut\b|\bwhich\b")
_NAMING = re.compile(r"(?:\b(?:of|the)|[A-Z][a-z]*|\d\d?,?)\s*$")
_YEAR = re.compile(
    r"\b(?:(?P<by>in|by|since|from|until|for|between|during|as of)\s+)?"
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:-|–|to|and)\s*(?:19|20)?\d\d)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Found:
    figure: Figure
    key: tuple  # what makes two findings the same figure
    article: int


def find_figures(
    articles: Sequence[ArticleText], article_indices: Sequence[int], max_figures: int = MAX_FIGURES
) -> list[Figure]:
    """Every figure of the articles, merged and grouped; groups most articles share first."""
    found: list[_Found] = []
    for article_index, article in zip(article_indices, articles, strict=True):
        for sentence_index, sentence in enumerate(article.sentences):
            ref = SentenceRef(article_index, sentence_index)
            for figure in sentence_figures(sentence, ref)[:MAX_FIGURES_PER_SENTENCE]:
                figure = replace(figure, reported=article.date)
                key = (group_key(figure.group), figure.value, figure.unit, stem_phrase(figure.what))
                found.append(_Found(figure, key, article_index))
    merged: dict[tuple, Figure] = {}
    for item in found:
        # The same figure restated: same value and unit for the same thing (in any article),
        # for the same group within one article, or the same amount of money in one article
        # ("160 billion tenge" in a heading and in the paragraph under it).
        figure = item.figure
        keys = [item.key, (group_root(figure.group), figure.value, figure.unit, item.article)]
        if figure.unit and figure.unit != "%" and figure.scale:
            keys.append((figure.value, figure.unit, item.article))
        if figure.unit and figure.unit != "%":
            # The same amount of money for the same kind of thing, in any article.
            keys.append((group_root(figure.group), figure.value, figure.unit))
        for value, unit in equivalent_amounts(figure.surface):
            # "15 billion lei (395,000 euro)" is also the 395,000 euro said elsewhere.
            keys += [(group_root(figure.group), value, unit), (value, unit, item.article)]
        home = next((merged[k] for k in keys if k in merged), None)
        if home is None:
            for k in keys:
                merged.setdefault(k, figure)
            continue
        combined = replace(
            home,
            # The fuller way to say it: "$350 million" over "350 million", a giver's name
            # ("pledged by Bush administration") over a common noun ("by government").
            surface=figure.surface if home.surface in figure.surface else home.surface,
            what=figure.what if _names_more(figure.what, home.what) else home.what,
            sources=tuple(dict.fromkeys((*home.sources, *figure.sources))),
            when=home.when or figure.when,
            reported=min(filter(None, (home.reported, figure.reported)), default=""),
            # Said as a fact anywhere, it is no longer only a guess.
            qualifier=figure.qualifier
            if is_hedged(home) and not is_hedged(figure)
            else home.qualifier,
            # A target said anywhere makes the amount a target ("heading toward $15 billion").
            group=home.group if home.group.endswith(" target") else figure.group,
        )
        for k, value in list(merged.items()):
            if value is home:
                merged[k] = combined
        for k in keys:
            merged.setdefault(k, combined)
    unique = list({id(f): f for f in merged.values()}.values())
    # One name per group: the way most of its figures say it ("agreements", not "memoranda").
    names: dict[str, Counter] = {}
    for figure in unique:
        names.setdefault(group_key(figure.group), Counter())[figure.group] += 1
    unique = [replace(f, group=names[group_key(f.group)].most_common(1)[0][0]) for f in unique]
    spread: Counter = Counter()
    for figure in unique:
        spread[group_key(figure.group)] += len({ref.article_index for ref in figure.sources})
    unique.sort(
        key=lambda f: (
            -spread[group_key(f.group)],
            group_key(f.group),
            _first(f.sources),
            Decimal(f.value),
        )
    )
    return unique[:max_figures]


def sentence_figures(sentence: str, ref: SentenceRef) -> list[Figure]:
    """The figures one sentence states."""
    figures: list[Figure] = []
    previous_end = 0
    date_spans = [(d.start, d.end) for d in find_dates(sentence)]
    for mention in sorted([*find_numbers(sentence), *_fraction_amounts(sentence)], key=_at):
        if mention.is_ordinal or ":" in mention.surface or _inside_name(sentence, mention.start):
            continue
        after = sentence[mention.end :]
        unit = _CURRENCY_SYMBOLS.get(sentence[max(0, mention.start - 1) : mention.start], "")
        unit_match = re.match(r"\s*([A-Za-z%]+)", after)
        unit_end = mention.end
        dollars = _US_DOLLARS.match(after)
        if mention.is_percent:
            unit = "%"
        elif dollars:
            unit = "USD"
            after = after[dollars.end() :]
            unit_end = len(sentence) - len(after)
        elif unit_match and unit_match.group(1).lower() in _UNIT_WORDS:
            unit = unit or _UNIT_WORDS[unit_match.group(1).lower()]
            after = after[unit_match.end() :]
            unit_end = len(sentence) - len(after)
        if not unit and mention.scale_word and figures and figures[-1].unit not in ("", "%"):
            unit = figures[-1].unit  # "322 million U.S. dollars ..., besides the 350 million"
        if _is_year(mention, unit):
            continue
        if _is_date_or_compound(sentence, mention, after) or _in_span(mention, date_spans):
            continue
        if _not_a_quantity(sentence, mention, after):
            continue  # a time, a coordinate, an identifier or a phone number
        range_end = _RANGE_END.match(after) if not unit else None
        if not unit and (
            _DURATION.match(after) or range_end and _DURATION.match(after[range_end.end() :])
        ):
            continue  # "30 years", "90 working days", "500 and 600 seconds": how long
        before = sentence[: mention.start].rstrip(" $€£¥₹₺")
        gap = sentence[previous_end : mention.start]
        if previous_end and (re.fullmatch(r"\s*\(\s*", gap) or _EQUIVALENT.fullmatch(gap)):
            # "$1 billion (847 million euros)": the same amount in another currency.
            word = re.match(r"\s*([A-Za-z]+)", sentence[mention.end :])
            unit_word = f" {word.group(1)}" if word and word.group(1).lower() in _UNIT_WORDS else ""
            figures[-1] = replace(
                figures[-1],
                surface=figures[-1].surface + f" ({_surface(sentence, mention)}{unit_word})",
            )
            continue
        clause = _clause(sentence, mention.start, mention.end)
        # "2 to 3 inches": a range's start counts what its end counts.
        counted = after[range_end.end() :] if range_end else after
        what = figure_subject(sentence[previous_end : mention.start], counted, before, unit)
        group = figure_group(what, clause, sentence)
        if not group:
            continue
        what = what or group
        if unit and unit != "%" and _TARGET_CUES.search(clause):
            group = f"{group} target"
        figures.append(
            Figure(
                surface=_surface(sentence, mention, unit_end),
                value=format(mention.value.normalize(), "f"),
                unit=unit,
                scale=mention.scale_word,
                what=what,
                group=group,
                when=_when(clause, sentence, mention),
                qualifier=_qualifier(before, hedged=bool(_HEDGES.search(clause))),
                sources=(ref,),
            )
        )
        previous_end = mention.end + (len(sentence) - mention.end - len(after))
    return figures


# "a half-billion dollar donation", "half a million people": a fraction of a scale word,
# which news writes in words (the numbers module reads digits).
_FRACTION_AMOUNT = re.compile(
    r"\b(?P<part>half|quarter)(?:-|\s+an?\s+|\s+)(?P<scale>million|billion|trillion)\b",
    re.IGNORECASE,
)
_FRACTIONS = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}
_SCALES = {"million": Decimal(10) ** 6, "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}


def _at(mention: NumberMention) -> int:
    return mention.start


def _fraction_amounts(sentence: str) -> list[NumberMention]:
    found = []
    for match in _FRACTION_AMOUNT.finditer(sentence):
        part = _FRACTIONS[match.group("part").lower()]
        value = part * _SCALES[match.group("scale").lower()]
        found.append(
            NumberMention(match.group(0), (value,), part, start=match.start(), end=match.end(),
                          scale_word=match.group("scale").lower())
        )  # fmt: skip
    return found


def _names_more(what: str, other: str) -> bool:
    """True when `what` names a giver with more names than `other` does ("pledged by Bush
    administration" over "promised by government")."""
    if " by " not in what or " by " not in other:
        return False
    capitals = [sum(w[:1].isupper() for w in text.split()) for text in (what, other)]
    return capitals[0] > capitals[1]


def equivalent_amounts(surface: str) -> list[tuple[str, str]]:
    """(value, unit) of the amounts in brackets: "15 billion lei (395,000 euro)"."""
    found = []
    for inner in re.findall(r"\(([^()]*)\)", surface):
        for mention in find_numbers(inner):
            word = re.match(r"\s*([A-Za-z]+)", inner[mention.end :])
            unit = _UNIT_WORDS.get(word.group(1).lower(), "") if word else ""
            unit = unit or _CURRENCY_SYMBOLS.get(
                inner[max(0, mention.start - 1) : mention.start], ""
            )
            if unit:
                found.append((format(mention.value.normalize(), "f"), unit))
    return found


def _in_span(mention, spans: Sequence[tuple[int, int]]) -> bool:
    """Inside a written date: "01" and "08" of "2005/01/08" are no figures."""
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def _not_a_quantity(sentence: str, mention, after: str) -> bool:
    """Clock times ("at 07.20", "7 a.m."), decades ("the 80s"), coordinates ("43.08 minutes
    east", "3.3°N"), identifiers ("resolution 1723", "article 5", "#30", "flight 93",
    "Category 1") and phone numbers."""
    before = sentence[: mention.start]
    if _TIME_BEFORE.search(before) and re.fullmatch(r"\d{1,2}[.:]\d{2}", mention.surface):
        return True
    if re.match(r"\s?(?:[ap]\.m\.|[ap]m\b)|s\b|'s\b", after, re.IGNORECASE):
        return True  # "7 a.m.", "2pm"; "the 80s", "1990s": a time or a decade
    if _COORDINATE_AFTER.match(after) or sentence[mention.end : mention.end + 1] in "°′″":
        return True
    if _IDENTIFIER_BEFORE.search(before) or before.endswith(("#", "No.", "no.")):
        return True
    return any(
        m.start() <= mention.start < m.end() and sum(c.isdigit() for c in m.group(0)) >= 9
        for m in _PHONE.finditer(sentence)
    )


def _is_date_or_compound(sentence: str, mention, after: str) -> bool:
    """ "29 July", "July 29", "90-day": not quantities of their own."""
    if after.startswith(("-", "–")) or sentence[mention.end : mention.end + 1] in ("-", "–"):
        return True
    if re.search(r"\d\s?[-–]\s?$", sentence[: mention.start]):
        return True  # the end of a range whose start is no figure either ("9.1-9.3")
    next_word = re.match(r"\s*([A-Za-z]+)", sentence[mention.end :])
    previous_word = re.search(r"([A-Za-z]+)\s*$", sentence[: mention.start])
    return any(m and m.group(1).lower() in _MONTHS for m in (next_word, previous_word))


def _surface(sentence: str, mention, end: int | None = None) -> str:
    start = (
        mention.start - 1
        if sentence[mention.start - 1 : mention.start] in (_CURRENCY_SYMBOLS)
        else mention.start
    )
    return sentence[max(0, start) : end or mention.end].strip()


def _inside_name(sentence: str, start: int) -> bool:
    """ "CASA-1000", "C5", "Kazakhstan-2050": digits glued to a word are part of a name."""
    before = sentence[max(0, start - 2) : start]
    return bool(before) and (before[-1].isalpha() or (before[-1] == "-" and before[:1].isalpha()))


def _is_year(mention, unit: str) -> bool:
    value = mention.value
    return (
        not unit
        and not mention.scale_word
        and value == value.to_integral_value()
        and 1900 <= value <= 2100
        and "," not in mention.surface
    )


def _clause(sentence: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence[:start])), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    return sentence[left : right_match.start() if right_match else len(sentence)]


def _when(clause: str, sentence: str, mention) -> str:
    """The date or period the figure is for: in its clause, else in its sentence outside
    asides in brackets that do not hold it ("(about $5 billion in 2023)" dates only $5bn)."""
    outside = re.sub(
        r"\([^()]*\)",
        lambda m: m.group(0) if m.start() <= mention.start < m.end() else " ",
        sentence,
    )
    for text in (clause, outside):
        for match in _YEAR.finditer(text):
            found = match.group(0).strip()
            if found in mention.surface:
                continue
            # A bare year dates the figure only in its clause, and not when it names a
            # thing ("the tsunami of Boxing Day 2004", "the 2004 tsunami").
            dated = match.group("by") or match.group("month")  # "in 2023", "October 2025"
            if dated or (text is clause and not _NAMING.search(text[: match.start()])):
                return found
    return ""


def _qualifier(before: str, *, hedged: bool = False) -> str:
    """ "more than", "about"; led by HEDGED when the clause only says it may be so."""
    tail = " ".join(before.lower().split()[-2:])
    found = next((q for q in _QUALIFIERS if tail.endswith(q)), "")
    return f"{HEDGED} {found}".strip() if hedged else found


def _first(refs: Sequence[SentenceRef]) -> tuple[int, int]:
    return min((r.article_index, r.sentence_index) for r in refs)
