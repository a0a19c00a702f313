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

from tarjama.models.summarization.phrases import GENERIC_WORDS, is_stop, stem, tokens
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
_TOPICS = frozenset(
    "trade export import investment gdp budget revenue deficit debt inflation growth "
    "population aid loan tourism production output sale price cost salary wage "
    "unemployment casualty death refugee visitor tourist student agreement".split()
)
_WEAK_HEADS = frozenset("target goal aim percent per cent share rate".split())
_TIME_WORDS = frozenset("year years month months week weeks day days decade decades".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_SKIPPABLE = frozenset(
    "$ € £ ¥ ₹ ₺ ( ) “ ” \" ' million billion thousand trillion bn m percent".split()
)
# Nouns that measure something else ("trade volume" is about trade).
_MEASURE_NOUNS = frozenset("volume turnover value level amount figure total sum worth".split())
_TARGET_CUES = re.compile(
    r"\b(target|targets|goal|goals|aim|aims|aiming|plan|plans|planned|raise|raising|"
    r"increase to|boost|boosting|reach|expected to|would|will)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:,–—]|\band\b|\bwhile\b|\bbut\b|\bwhich\b")
_YEAR = re.compile(
    r"\b(?:(?:in|by|since|from|until|for|of|between)\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:-|–|to|and)\s*(?:19|20)?\d\d)?\b",
    re.IGNORECASE,
)
_SYNONYMS = {"memoranda": "agreement", "memorandum": "agreement", "deal": "agreement",
             "accord": "agreement", "contract": "agreement", "turnover": "trade"}  # fmt: skip


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
                key = (figure.group, figure.value, figure.unit, stem_phrase(figure.what))
                found.append(_Found(figure, key, article_index))
    merged: dict[tuple, Figure] = {}
    for item in found:
        # The same figure restated: same value and unit for the same thing (in any article),
        # or for the same group within one article.
        keys = [item.key, (item.figure.group, item.figure.value, item.figure.unit, item.article)]
        home = next((merged[k] for k in keys if k in merged), None)
        if home is None:
            merged[keys[0]] = merged[keys[1]] = item.figure
            continue
        combined = replace(
            home,
            sources=tuple(dict.fromkeys((*home.sources, *item.figure.sources))),
            when=home.when or item.figure.when,
        )
        for k, value in list(merged.items()):
            if value is home:
                merged[k] = combined
        merged.setdefault(keys[0], combined)
    unique = list({id(f): f for f in merged.values()}.values())
    spread = Counter()
    for figure in unique:
        spread[figure.group] += len({ref.article_index for ref in figure.sources})
    unique.sort(key=lambda f: (-spread[f.group], f.group, _first(f.sources), Decimal(f.value)))
    return unique[:max_figures]


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
        before = sentence[: mention.start].rstrip(" $€£¥₹₺")
        if previous_end and re.fullmatch(r"\s*\(\s*", sentence[previous_end : mention.start]):
            # "$1 billion (847 million euros)": the same amount in another currency.
            figures[-1] = replace(
                figures[-1], surface=figures[-1].surface + f" ({_surface(sentence, mention)})"
            )
            continue
        clause = _clause(sentence, mention.start, mention.end)
        what = _following_phrase(after) or _preceding_phrase(before)
        group = _group(what, clause, sentence)
        if not group:
            continue
        what = what or group
        if unit and unit not in ("%",) and _TARGET_CUES.search(clause):
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


def stem_phrase(phrase: str) -> str:
    return " ".join(stem(word) for word in phrase.split())


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
        if token.is_capitalized and token.start > 0 and words:
            break
        words.insert(0, token.text)
        index -= 1
    return " ".join(words)


def _verb_like(word: str) -> bool:
    lowered = word.lower()
    return len(lowered) > 4 and lowered.endswith(("ing", "ed", "ly")) and word[0].islower()


def _group(what: str, clause: str, sentence: str) -> str:
    """What the figure counts: a topic its phrase, clause or sentence names, else the
    phrase's head noun ("trade volume" -> "trade", "Pakistani students" -> "student")."""
    head = _SYNONYMS.get(_head(what), _head(what))
    if head in _TOPICS:
        return head
    weak = not head or head in GENERIC_WORDS or head in _WEAK_HEADS
    for text in (what, clause, sentence) if weak else (what,):
        words = [_SYNONYMS.get(stem(w), stem(w)) for w in re.findall(r"[A-Za-z]+", text)]
        topics = [word for word in words if word in _TOPICS]
        if topics:
            return topics[0]
    return head


def _head(what: str) -> str:
    words = [stem(w) for w in what.split() if w.lower() != "of"]
    if "of" in what.split():  # "memoranda of understanding" is about memoranda
        words = [stem(w) for w in what.split()[: what.split().index("of")]]
    while len(words) > 1 and words[-1] in _MEASURE_NOUNS:
        words = words[:-1]
    head = words[-1] if words else ""
    return head if head not in GENERIC_WORDS or len(words) == 1 else " ".join(words[-2:])


def _clause(sentence: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence[:start])), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    return sentence[left : right_match.start() if right_match else len(sentence)]


def _when(clause: str, sentence: str, mention) -> str:
    """The date or period the figure is for: in its clause, else in its sentence."""
    for text in (clause, sentence):
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
