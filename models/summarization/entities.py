"""Who and where: people, places and organizations named in two or more articles.

Names are runs of capitalized words (phrases.name_spans); titles are dropped and mark a
person ("President Kassym-Jomart Tokayev"), and a short form is counted with the longest
name that ends with it ("Tokayev"). The kind is a vote over every mention: a title or a
reporting verb after it says person, organization words say organization, place words
and "in / to / through X" say place. Cost: one pass over the sentences.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tarjama.models.summarization.aliases import (
    COUNTRY_ALIASES,
    canonical_alias,
    variant_groups,
)
from tarjama.models.summarization.phrases import (
    DATE_WORDS,
    NAME_CONNECTORS,
    TITLE_WORDS,
    capitalized_inside,
    is_demonym,
    name_spans,
)
from tarjama.models.summarization.types import ArticleText, Entity, SentenceRef

MAX_ENTITIES = 40
CITATIONS_PER_ARTICLE = 3
_ORGANIZATION_WORDS = frozenset(
    """
    Organization Organisation Council Ministry Bank Agency Initiative Holding Group University
    Foundation Union Forum Commission Company Institute Center Centre Fund Party Assembly
    Parliament Congress Court Committee Corporation Association Federation Alliance News
    Nations Office Department Service Authority Board League Movement Front Army JSC Inc Ltd
    Pravda Times Post Agency Cooperation Summit Games
    """.split()
)
_PLACE_WORDS = frozenset(
    """
    Asia Europe Africa America Sea Ocean Port Ports Gulf River Lake Mountains Island Islands Region
    Province City Valley Strait Canal Peninsula Caucasus Eurasia Middle East West North South
    """.split()
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|to|from|through|via|across|into|toward|towards|near|at|visited|visit to|"
    r"ports? of|capital of|city of)\s*$",
    re.IGNORECASE,
)
# "the ports of Karachi and Gwadar": the second of a list of places is a place too.
_PLACE_LIST_BEFORE = re.compile(
    r"\b(?:ports?|cities|city|capitals?|regions?|provinces?|countries|states) of "
    r"[A-Z][\w'’-]*(?:,\s*[A-Z][\w'’-]*)*,?\s+and\s*$"
)
_PERSON_AFTER = re.compile(
    r"^\s*(?:said|says|noted|added|stressed|told|announced|called|met|thanked|described)\b"
)


def find_entities(
    articles: Sequence[ArticleText],
    article_indices: Sequence[int],
    max_entities: int = MAX_ENTITIES,
) -> list[Entity]:
    """Names found in at least two articles, the most widely named first."""
    known = capitalized_inside([s for article in articles for s in article.sentences])
    # Words the articles also write in lower case ("tsunami") are no names when capitalized.
    lower = {
        word
        for article in articles
        for sentence in article.sentences
        for word in re.findall(r"\b[a-z][a-z'’-]+\b", sentence)
    }
    refs: dict[str, list[SentenceRef]] = defaultdict(list)
    votes: dict[str, Counter] = defaultdict(Counter)
    for article_index, article in zip(article_indices, articles, strict=True):
        for sentence_index, sentence in enumerate(article.sentences):
            for name, start, end, titled in name_spans(sentence, known):
                if _not_a_name(name, sentence, end):
                    continue
                if " " not in name and name.lower() in lower and not canonical_alias(name):
                    continue  # "Tsunami" in a headline or a phrase: the word "tsunami"
                ref = SentenceRef(article_index, sentence_index)
                if ref not in refs[name]:
                    refs[name].append(ref)
                votes[name][_vote(name, sentence, start, end, titled)] += 1
    people = {name for name, vote in votes.items() if _kind(vote) == "person"}
    counts = {name: len(r) for name, r in refs.items()}
    canonical = _aliases(list(refs), counts, people)
    canonical = _same_entity(canonical, counts)
    merged_refs: dict[str, list[SentenceRef]] = defaultdict(list)
    merged_votes: dict[str, Counter] = defaultdict(Counter)
    for name, name_refs in refs.items():
        target = canonical[name]
        merged_refs[target] = sorted(set(merged_refs[target]) | set(name_refs), key=_order)
        merged_votes[target].update(votes[name])
    entities = []
    for name, name_refs in merged_refs.items():
        articles_named = sorted({ref.article_index for ref in name_refs})
        if len(articles_named) < 2:
            continue
        cited = []
        for article_index in articles_named:
            cited += [r for r in name_refs if r.article_index == article_index][
                :CITATIONS_PER_ARTICLE
            ]
        entities.append(
            Entity(
                name=name,
                kind=_kind(merged_votes[name]),
                mentions=len(name_refs),
                articles=tuple(articles_named),
                sources=tuple(cited),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return entities[:max_entities]


def _same_entity(canonical: dict[str, str], counts: dict[str, int]) -> dict[str, str]:
    """Names of one entity counted as one, under its most used name: the alias table ("U.K.",
    "Britain" -> "United Kingdom") and spelling variants ("Tokaev" -> "Tokayev")."""
    targets = sorted(set(canonical.values()))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in targets:
        groups[canonical_alias(name) or name].append(name)
    singles = [(n, counts.get(n, 0)) for n in targets if " " not in n and not canonical_alias(n)]
    variants = variant_groups(singles)
    mapped: dict[str, str] = {}
    for members in groups.values():
        best = max(members, key=lambda n: (counts.get(n, 0), len(n)))
        for name in members:
            mapped[name] = variants.get(best, best)
    return {name: mapped.get(target, target) for name, target in canonical.items()}


def _not_a_name(name: str, sentence: str, end: int) -> bool:
    """Nationality adjectives before a noun ("Kazakh students") and lone letters."""
    if len(name) < 2 or is_demonym(name.split()[-1]) and " " in name:
        return True  # "Central Asian": an adjective phrase
    if all(word.lower().rstrip(".") in DATE_WORDS for word in name.split()):
        return True  # "Jan", "Sunday": a date
    single = " " not in name
    followed_by_word = bool(re.match(r"\s+[a-z]", sentence[end:]))
    return single and is_demonym(name) and (followed_by_word or name.endswith(("ian", "ese")))


def _vote(name: str, sentence: str, start: int, end: int, titled: bool) -> str:
    if canonical_alias(name) in COUNTRY_ALIASES:
        return "place"  # "U.S.", "Britain"
    words = set(name.split())
    if words & _ORGANIZATION_WORDS or (name.isupper() and len(name) > 1):
        return "organization"
    if titled or _PERSON_AFTER.match(sentence[end:]):
        return "person"
    before = sentence[:start]
    if words & _PLACE_WORDS or name.endswith("stan") or _PLACE_BEFORE.search(before):
        return "place"
    if _PLACE_LIST_BEFORE.search(before):
        return "place"
    return "name"


def _kind(votes: Counter) -> str:
    if votes["organization"]:
        return "organization"
    ranked = [(count, kind) for kind, count in votes.items() if kind != "name"]
    return max(ranked)[1] if ranked else "name"


def _aliases(names: list[str], counts: dict[str, int], people: set[str]) -> dict[str, str]:
    """Each short form of a person's name mapped to the longest name that ends with it
    ("Tokayev" -> "Kassym-Jomart Tokayev"), when that longer form is unambiguous."""
    canonical = {}
    titled = _titled_forms(names)
    people = people | set(titled.values())  # named after a title: a person
    for name in names:
        if name in titled:
            canonical[name] = titled[name]
            continue
        longer = [
            other
            for other in names
            if other != name
            and other in people
            and other not in titled
            and (other.endswith(" " + name) or _contains_words(other, name))
        ]
        if name.count(" ") == 0 and longer:
            best = max(longer, key=lambda other: (counts[other], len(other)))
            canonical[name] = best if len({o.split()[-1] for o in longer}) == 1 else name
        elif longer:
            canonical[name] = max(longer, key=lambda other: (counts[other], len(other)))
        else:
            canonical[name] = name
    return {name: canonical.get(target, target) for name, target in canonical.items()}


def _titled_forms(names: list[str]) -> dict[str, str]:
    """A name written after a title that holds a connector or a hyphenated title word
    ("Under-Secretary-General for Humanitarian Affairs Jan Egeland") is the shorter full
    name it ends with ("Jan Egeland"), when that is named on its own too."""
    found = {}
    for name in names:
        for other in names:
            if other == name or " " not in other or not name.endswith(" " + other):
                continue
            prefix = name[: -len(other)].split()
            if set(prefix) & NAME_CONNECTORS or any(
                part in TITLE_WORDS for word in prefix for part in word.split("-")
            ):
                found[name] = max(found.get(name, ""), other, key=len)
    return found


def _contains_words(longer: str, shorter: str) -> bool:
    """ "Muhammad Shehbaz Sharif" contains "Shehbaz Sharif" as its last words."""
    return " " in shorter and longer.split()[-len(shorter.split()) :] == shorter.split()


def _order(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
