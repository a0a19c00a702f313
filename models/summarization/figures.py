"""The figures table: quantities the articles report, what they count, where they are said.

Numbers come from the shared numbers module (so "$1.5bn", "1,500,000" and "1.5 million"
agree with the summary checks and `tarjama eval`). Around each one, rules read the
currency or unit, a qualifier ("about", "more than"), a date in the same clause, and the
noun phrase it counts: the words after it ("20 agreements"), else the words before it
("raise trade volume to $1 billion"). Years, ordinals, clock times and numbers inside
names ("CASA-1000") are context, not figures. The same value for the same thing is one
row citing every sentence; figures that count the same kind of thing share a group and
are shown side by side. Cost: linear in the sentences, at most MAX_FIGURES rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from tarjama.models.summarization.phrases import (
    is_generic,
    is_stop,
    is_verb_like,
    stem,
    stem_phrase,
    stem_set,
    tokens,
)
from tarjama.models.summarization.types import ArticleText, Figure, SentenceRef
from tarjama.models.text.numbers import find_numbers

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
    "mw": "MW", "hectares": "ha", "percent": "%",
}  # fmt: skip
_QUALIFIERS = (
    "more than", "less than", "fewer than", "up to", "at least", "nearly", "almost", "about",
    "around", "approximately", "roughly", "some", "over", "under", "only",
)  # fmt: skip
# Words between a number and the phrase before it that it quantifies ("trade rose to $5bn").
_LINKS = frozenset(
    "to of at by from worth valued reached reach reaching rose rise rising raise raising "
    "increase increased increasing fell fall falling grew grow growing doubled total totalled "
    "totaled amounted amount stood estimated was were is are be been around about almost "
    "nearly some over more than up last this year a an the year-on-year".split()
)
# What news figures usually count: a figure whose own words name none of these takes the
# one its clause or sentence names ("raising it to $15 billion" after "trade turnover").
# Word lists are matched by their stems (stem_set), so "investments" is "investment".
_TOPICS = (
    "trade export import investment gdp budget revenue deficit debt inflation growth "
    "population aid loan tourism production output sale price cost salary wage "
    "unemployment casualty death refugee visitor tourist student agreement"
)
_WEAK_HEADS = "target goal aim percent per cent share rate"
# "34 types of products" counts products.
_KINDS = frozenset("type types kind kinds sort sorts variety varieties category categories".split())
_TIME_WORDS = frozenset("year years month months week weeks day days decade decades".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_SKIPPABLE = frozenset(
    "$ € £ ¥ ₹ ₺ ( ) “ ” \" ' million billion thousand trillion bn m percent".split()
)
# Nouns that measure something else ("trade volume" is about trade).
_MEASURE_NOUNS = "volume turnover value level amount figure total sum worth"
# Words that make an amount a goal rather than a fact ("a target of $15 billion").
_TARGET_CUES = re.compile(
    r"\b(target|targets|goal|goals|aim|aims|aiming|raise|raising|increase to|boost|boosting|"
    r"bring to|bringing)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:,–—]|\band\b|\bwhile\b|\bbut\b|\bwhich\b")
_YEAR = re.compile(
    r"\b(?:(?:in|by|since|from|until|for|of|between)\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:-|–|to|and)\s*(?:19|20)?\d\d)?\b",
    re.IGNORECASE,
)
# Words that count the same thing as a topic: (words, topic).
_SYNONYMS = (("memoranda memorandum deal deals accord accords contract contracts", "agreement"),
             ("turnover", "trade"))  # fmt: skip
# "the value of joint projects ... has reached $6 billion": the measured thing comes first.
_MEASURED = re.compile(
    r"\b(?:value|volume|number|total|cost|amount|size)\s+of\s+(?:the\s+)?", re.IGNORECASE
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
                key = (group_key(figure.group), figure.value, figure.unit, stem_phrase(figure.what))
                found.append(_Found(figure, key, article_index))
    merged: dict[tuple, Figure] = {}
    for item in found:
        # The same figure restated: same value and unit for the same thing (in any article),
        # for the same group within one article, or the same amount of money in one article
        # ("160 billion tenge" in a heading and in the paragraph under it).
        figure = item.figure
        keys = [item.key, (_root(figure.group), figure.value, figure.unit, item.article)]
        if figure.unit and figure.unit != "%" and figure.scale:
            keys.append((figure.value, figure.unit, item.article))
        home = next((merged[k] for k in keys if k in merged), None)
        if home is None:
            for k in keys:
                merged.setdefault(k, figure)
            continue
        combined = replace(
            home,
            sources=tuple(dict.fromkeys((*home.sources, *figure.sources))),
            when=home.when or figure.when,
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


def group_key(group: str) -> str:
    """What two group names must share to be one group: stems, synonyms made one."""
    return " ".join(stem(_synonyms().get(word.lower(), word)) for word in group.split())


def _root(group: str) -> str:
    return group_key(group.removesuffix(" target"))


@cache
def _synonyms() -> dict[str, str]:
    # Matched as written, not by stem: Porter makes "according" "accord".
    return {word: topic for words, topic in _SYNONYMS for word in words.split()}


def _topic_of(word: str) -> str | None:
    """The topic a word names, as people write it ("investments" -> "investments", "invest"
    -> "investment", "memoranda" -> "agreement"), or None."""
    lowered = word.lower()
    topic = _synonyms().get(lowered)
    if topic is not None:
        return topic
    if stem(lowered) not in stem_set(_TOPICS):
        return None
    topic = next(t for t in _TOPICS.split() if stem(t) == stem(lowered))
    if lowered in (topic, topic + "s", topic + "es"):
        return lowered
    # The stem alone says too much ("products" is not "production"); a word the topic
    # starts with ("invest") names it.
    return topic if topic.startswith(lowered) else None


def sentence_figures(sentence: str, ref: SentenceRef) -> list[Figure]:
    """The figures one sentence states."""
    figures: list[Figure] = []
    previous_end = 0
    for mention in find_numbers(sentence):
        if mention.is_ordinal or ":" in mention.surface or _inside_name(sentence, mention.start):
            continue
        after = sentence[mention.end :]
        unit = _CURRENCY_SYMBOLS.get(sentence[max(0, mention.start - 1) : mention.start], "")
        unit_match = re.match(r"\s*([A-Za-z%]+)", after)
        unit_end = mention.end
        if mention.is_percent:
            unit = "%"
        elif unit_match and unit_match.group(1).lower() in _UNIT_WORDS:
            unit = unit or _UNIT_WORDS[unit_match.group(1).lower()]
            after = after[unit_match.end() :]
            unit_end = len(sentence) - len(after)
        if _is_year(mention, unit):
            continue
        if _is_date_or_compound(sentence, mention, after):
            continue
        if not unit and re.match(r"\s*(?:[A-Za-z]+\s+)?(?:years?|months?|weeks?|days?|decades?)\b",
                                 after, re.IGNORECASE):  # fmt: skip
            continue  # "30 years", "90 working days": how long, not how much
        before = sentence[: mention.start].rstrip(" $€£¥₹₺")
        if previous_end and re.fullmatch(r"\s*\(\s*", sentence[previous_end : mention.start]):
            # "$1 billion (847 million euros)": the same amount in another currency.
            figures[-1] = replace(
                figures[-1], surface=figures[-1].surface + f" ({_surface(sentence, mention)})"
            )
            continue
        clause = _clause(sentence, mention.start, mention.end)
        what = (
            _following_phrase(after)
            or _measured(sentence[previous_end : mention.start])
            or _preceding_phrase(before)
        )
        group = _group(what, clause, sentence)
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
                qualifier=_qualifier(before),
                sources=(ref,),
            )
        )
        previous_end = mention.end + (len(sentence) - mention.end - len(after))
    return figures


def _is_date_or_compound(sentence: str, mention, after: str) -> bool:
    """ "29 July", "July 29", "90-day": not quantities of their own."""
    if after.startswith(("-", "–")) or sentence[mention.end : mention.end + 1] in ("-", "–"):
        return True
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


def _following_phrase(after: str) -> str:
    """ "agreements covering ..." -> "agreements"; "Pakistani students are" -> "Pakistani
    students"; "types of products" -> "types of products"."""
    words: list[str] = []
    toks = tokens(after)
    index = 0
    while index < len(toks) and len(words) < 4:
        token = toks[index]
        if token.text == "of" and words and index + 1 < len(toks) and toks[index + 1].is_word:
            nxt = toks[index + 1].text
            if not is_stop(nxt):
                words += ["of", nxt]
                index += 2
                continue
        if (
            token.text == "and"
            and words
            and index + 1 < len(toks)
            and toks[index + 1].is_word
            and not is_stop(toks[index + 1].text)
        ):
            words.append("and")
            index += 1
            continue
        if (
            not token.is_word
            or is_stop(token.text)
            or _verb_like(token.text)
            or token.text.lower() in _TIME_WORDS
            or token.text.lower() in _LINKS
        ):
            break
        words.append(token.text)
        index += 1
    while words and words[-1] == "and":
        words.pop()
    return " ".join(words)


def _preceding_phrase(before: str) -> str:
    """ "raise trade volume to" -> "trade volume"; "buses from Kazakhstan worth" -> "buses".

    Link words, qualifiers, other numbers, adverbs and names between the phrase and the
    number are skipped (a few at most); a punctuation mark ends the search.
    """
    toks = tokens(before)
    index, skipped = len(toks) - 1, 0
    while index >= 0 and skipped < 8:
        token = toks[index]
        lowered = token.text.lower()
        proper = token.is_word and token.is_capitalized and token.start > 0
        if (
            lowered in _LINKS
            or lowered in _SKIPPABLE
            or token.text[0].isdigit()
            or (token.is_word and (is_stop(lowered) or _verb_like(token.text) or proper))
        ):
            index -= 1
            skipped += 1
            continue
        break
    words: list[str] = []
    while index >= 0 and len(words) < 3:
        token = toks[index]
        if not token.is_word or is_stop(token.text) or _verb_like(token.text):
            break
        if token.start == 0 and _verb_like(token.text.lower()):
            break  # "Raising trade to $1 billion": the sentence opens with a verb
        if token.is_capitalized and token.start > 0 and words:
            break
        words.insert(0, token.text)
        index -= 1
    return " ".join(words)


def _verb_like(word: str) -> bool:
    return is_verb_like(word)


def _group(what: str, clause: str, sentence: str) -> str:
    """What the figure counts, as written: a topic its phrase, clause or sentence names,
    else the phrase's head noun ("trade volume" -> "trade", "Pakistani students" ->
    "students")."""
    head = _head(what)
    last = head.split()[-1] if head else ""
    if last and _topic_of(last):
        return _topic_of(last)
    # A lone generic word ("projects", "level") or a weak head ("target") says too little.
    weak = (
        not last
        or stem(last) in stem_set(_WEAK_HEADS)
        or (is_generic(last) and len(what.split()) == 1)
    )
    for text in (what, clause, sentence) if weak else (what,):
        topic = next(filter(None, map(_topic_of, re.findall(r"[A-Za-z]+", text))), None)
        if topic:
            return topic
    return head.lower()


def _head(what: str) -> str:
    """The head of a noun phrase, as written: its last word, with the word before when the
    last is generic ("new projects"); measures give way ("trade volume" -> "trade")."""
    words = what.split()
    if "of" in words:  # "memoranda of understanding" is about memoranda,
        at = words.index("of")  # "types of products" about products
        words = words[at + 1 :] if " ".join(words[:at]).lower() in _KINDS else words[:at]
    while len(words) > 1 and stem(words[-1]) in stem_set(_MEASURE_NOUNS):
        words = words[:-1]
    if not words:
        return ""
    return words[-1] if not is_generic(words[-1]) or len(words) == 1 else " ".join(words[-2:])


def _measured(before: str) -> str:
    """ "the value of joint projects in energy ... has reached": "joint projects"."""
    found = list(_MEASURED.finditer(before))
    return _following_phrase(before[found[-1].end() :]) if found else ""


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
            if match.group(0).strip() not in mention.surface:
                return match.group(0).strip()
    return ""


def _qualifier(before: str) -> str:
    tail = " ".join(before.lower().split()[-2:])
    for qualifier in _QUALIFIERS:
        if tail.endswith(qualifier):
            return qualifier
    return ""


def _first(refs: Sequence[SentenceRef]) -> tuple[int, int]:
    return min((r.article_index, r.sentence_index) for r in refs)
