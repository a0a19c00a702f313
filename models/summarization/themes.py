"""Shared themes: key phrases several articles use, and the sentences that carry them.

A theme starts from a seed: a key phrase that at least two articles use, that is specific
(not in most sentences, not what its articles are all about, not a generic news word) and
that names something (a whole name, a phrase of several words, or a word the articles use
as a noun, never a lone verb). Seeds are weighted by how rare they are, how many articles
use them and how much else those articles' sentences share. Phrases found in nearly the
same sentences name the same theme, a common-word phrase that overlaps a common-word theme
widens it, and a narrower name inside a broad theme stays a theme of its own
("Trans-Caspian" inside "transport"). Its members are the pooled sentences that carry one of
its phrases, so every citation says what the label says. The label adds the phrases most
typical of the members that two of its articles use, written as in the text (words that
stand together there are shown together: "Belt and Road Initiative"). Themes are ranked by
how many articles support them; no two share a statement. Cost: one pass over the pooled
sentences, then phrase sets, never sentence pairs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import mean

from tarjama.models.summarization.aliases import canonical_alias, variant_groups
from tarjama.models.summarization.phrases import (
    NAME_CONNECTORS,
    TITLE_WORDS,
    capitalized_inside,
    generic_stems,
    is_demonym,
    is_stop,
    is_verb_like,
    key_phrases,
    name_spans,
    noun_heads,
    stem,
    tokens,
)
from tarjama.models.summarization.pool import PooledSentence
from tarjama.models.summarization.sentences import word_count
from tarjama.models.summarization.standalone import is_list_item, stands_alone
from tarjama.models.summarization.types import (
    DEFAULT_THEMES,
    SentenceRef,
    SummarySentence,
    Theme,
)

MAX_LABEL_PHRASES = 3
# A phrase in more than this share of all pooled sentences is the collection's setting
# (e.g. the country every article is about), not one of its themes.
MAX_PHRASE_SHARE = 0.2
# Likewise a phrase in more than this share of its own articles' sentences, on average.
MAX_SETTING_SHARE = 1 / 3
# A phrase joins a theme when most of its sentences are already the theme's.
JOIN_OVERLAP = 0.6
NAME_WEIGHT = 1.5
MULTIWORD_WEIGHT = 1.3
SINGLE_WORD_WEIGHT = 0.6  # one common noun ("energy") is a weaker theme than a phrase
# An article counts once for a seed; each further sentence of it adds this much (up to
# MAX_COUNTED_PER_ARTICLE sentences), so breadth across articles outweighs repetition.
REPEAT_WEIGHT = 0.25
MAX_COUNTED_PER_ARTICLE = 3
# A phrase inside a theme this many times its size is a narrower theme of its own.
SUBTHEME_RATIO = 2
# A common-word phrase whose sentences overlap a common-word theme's this much (of the
# smaller) widens that theme ("corridors" with "transport"); names stay themes of their own.
MERGE_OVERLAP = 0.6
MIN_MERGED = 3  # sentences each: two sentences sharing one prove no common theme
# A phrase completes a label when at least this share of its sentences are the theme's.
LABEL_TYPICALITY = 0.5
# ... and at least this share of the theme's sentences have it.
LABEL_COVERAGE = 0.25
# Words (besides its seed) that the articles' sentences of a theme share for full cohesion.
COHESION_WORDS = 4
# Importance a statement loses per word beyond 30: a page has room for short statements.
LENGTH_PENALTY = 0.02
# Label words shown as one phrase when only these stand between them in a sentence.
_JOINING_GAP = re.compile(r"\s*(?:(?:and|of|the|&|for)\s+)?", re.IGNORECASE)


@dataclass
class _Draft:
    phrases: list[str]  # stemmed; the seed first
    members: set[int]
    score: float
    articles: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Phrases:
    """What the pool says about its key phrases, computed once."""

    of_sentence: list[dict[str, str]]  # per pooled sentence: stemmed phrase -> surface
    sentences_with: dict[str, set[int]]
    surfaces: dict[str, Counter]
    names: set[str]  # stems of words written as names
    people: set[str]  # stems of the words of names written after a title ("President X")
    nouns: set[str]  # stems of words used as nouns somewhere in the pool
    partial: Counter  # per capitalized phrase: sentences where it is part of a longer name
    words_of: list[set[str]]  # per pooled sentence: stems of its specific words
    word_df: Counter  # per stem: pooled sentences that have it

    def surface(self, phrase: str) -> str:
        return self.surfaces[phrase].most_common(1)[0][0]


def find_themes(pool: Sequence[PooledSentence], max_themes: int | None = None) -> list[Theme]:
    """Themes of the pooled sentences, most widely supported first."""
    if not pool:
        return []
    max_themes = max_themes or DEFAULT_THEMES
    info = _read_phrases(pool)
    limit = max(2, MAX_PHRASE_SHARE * len(pool))
    sizes = Counter(p.ref.article_index for p in pool)
    seeds = []
    for phrase, members in info.sentences_with.items():
        per_article = Counter(pool[k].ref.article_index for k in members)
        if len(per_article) < 2 or len(members) > limit or not _names_something(phrase, info):
            continue
        if mean(count / sizes[a] for a, count in per_article.items()) > MAX_SETTING_SHARE:
            continue  # what its articles are all about ("Pakistan" in two stories on Pakistan)
        breadth = sum(
            1 + REPEAT_WEIGHT * (min(count, MAX_COUNTED_PER_ARTICLE) - 1)
            for count in per_article.values()
        )
        weight = math.log(len(pool) / len(members)) * breadth * _form(phrase, info)
        weight *= _cohesion(phrase, members, pool, info, limit)
        seeds.append(_Draft([phrase], set(members), weight, set(per_article)))
    seeds.sort(key=lambda d: (-d.score, d.phrases[0]))
    drafts = _drafts(seeds, max_themes, info.names)
    drafts.sort(key=lambda d: (-len(d.articles), -len(d.members), -d.score))
    # Each word of a theme's phrases belongs to it: other labels leave it ("exports" is
    # not added to another theme when "grain exports" is one).
    taken = {word: draft for draft in drafts for phrase in draft.phrases for word in phrase.split()}
    themes: list[Theme] = []
    used_statements: set[int] = set()
    for draft in drafts:
        _add_label_phrases(draft, pool, info, taken)
        members = sorted(draft.members, key=lambda k: _order(pool[k].ref))
        # The statement: a sentence that stands alone, not yet another theme's, naming most
        # of the label, then the most important; a long sentence gives way to a shorter one.
        best = max(
            members,
            key=lambda k: (
                k not in used_statements,
                stands_alone(pool[k].text),
                not is_list_item(pool[k].text),
                sum(p in info.of_sentence[k] for p in draft.phrases),
                pool[k].importance - LENGTH_PENALTY * max(0, word_count(pool[k].text) - 30),
                -k,
            ),
        )
        used_statements.add(best)
        labels = [info.surface(p) for p in draft.phrases]
        themes.append(
            Theme(
                label=" · ".join(_shown_together(draft.phrases, labels, [best, *members], pool)),
                key_phrases=tuple(labels),
                statement=SummarySentence(pool[best].text, (pool[best].ref,)),
                sources=tuple(pool[k].ref for k in members),
                articles=tuple(sorted(draft.articles)),
            )
        )
    return themes


def _read_phrases(pool: Sequence[PooledSentence]) -> _Phrases:
    texts = [p.text for p in pool]
    of_sentence, alias_keys = _one_key_per_entity([key_phrases(text) for text in texts])
    capitalized = capitalized_inside(texts)
    sentences_with: dict[str, set[int]] = defaultdict(set)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    partial: Counter = Counter()
    people: set[str] = set()
    for k, phrases in enumerate(of_sentence):
        spans = name_spans(texts[k], capitalized)
        # A name is whole as written ("Kazakh President Kassym-Jomart Tokayev") or without
        # its titles ("Kassym-Jomart Tokayev"); any other part of it is no name of its own.
        whole = {_stems(texts[k][start:end]) for _, start, end, _ in spans}
        whole |= {_stems(name) for name, _, _, _ in spans}
        for name, start, end, titled in spans:
            if titled and _after_title(texts[k][start:end], name):
                people.update(stem(word) for word in name.split())
        for phrase, surface in phrases.items():
            sentences_with[phrase].add(k)
            surfaces[phrase][surface] += 1
            words = tuple(phrase.split())
            if all(w[:1].isupper() for w in surface.split()) and words not in whole:
                partial[phrase] += any(_inside(words, name) for name in whole)
    lower = {stem(t.text) for text in texts for t in tokens(text) if t.text[0].islower()}
    words_of = [
        {stem(t.text) for t in tokens(text) if t.is_word and not is_stop(t.text)} - generic_stems()
        for text in texts
    ]
    return _Phrases(
        of_sentence=of_sentence,
        sentences_with=sentences_with,
        surfaces=surfaces,
        # "Studies" in "Center for Chinese Studies" is no name where "studies" is a word.
        names=({stem(word) for word in capitalized} - lower) | alias_keys,
        people=people | {stem(word) for word in TITLE_WORDS},
        nouns=set().union(*(noun_heads(text) for text in texts)),
        partial=partial,
        words_of=words_of,
        word_df=Counter(word for words in words_of for word in words),
    )


def _one_key_per_entity(
    of_sentence: list[dict[str, str]],
) -> tuple[list[dict[str, str]], set[str]]:
    """Phrases that name one entity share one key: the alias table's ("UK", "U.K.", "Britain"
    -> "united kingdom") and spelling variants of one name ("Tokaev" -> "Tokayev"). Returns
    the re-keyed phrases and the words of alias keys (names, wherever they are written)."""
    counts: Counter = Counter()
    for phrases in of_sentence:
        for phrase, surface in phrases.items():
            if " " not in phrase and surface[:1].isupper() and not canonical_alias(surface):
                counts[surface] += 1
    variant_of = variant_groups(counts.items())
    alias_words: set[str] = set()
    rekeyed = []
    for phrases in of_sentence:
        keyed: dict[str, str] = {}
        for phrase, surface in phrases.items():
            alias = canonical_alias(surface)
            if alias is not None:
                key = "=" + alias.replace(" ", "_")  # never equal to a stemmed phrase
                alias_words.add(key)
            elif surface in variant_of and variant_of[surface] != surface:
                key = stem(variant_of[surface])
            else:
                key = phrase
            keyed.setdefault(key, surface)
        rekeyed.append(keyed)
    return rekeyed, alias_words


def _after_title(run: str, name: str) -> bool:
    """ "President Kassym-Jomart Tokayev": a person; "President of Kazakhstan": not one."""
    before = run[: run.rfind(name)].split()
    return bool(before) and before[-1] in TITLE_WORDS and not set(name.split()) & NAME_CONNECTORS


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t.text) for t in tokens(text) if t.is_word)


def _inside(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return len(words) < len(name) and any(
        name[i : i + len(words)] == words for i in range(len(name) - len(words) + 1)
    )


def _names_something(phrase: str, info: _Phrases) -> bool:
    """A whole name, a noun, or a phrase that neither starts nor ends with a verb."""
    words = phrase.split()
    if 2 * info.partial[phrase] > len(info.sentences_with[phrase]):
        return False  # "Prime", "Shanghai Cooperation": mostly part of a longer name
    if len(words) == 1 and info.surface(phrase).capitalize() in TITLE_WORDS:
        return False  # "chief", "minister": a role, said of people, no topic of its own
    if any(word in info.names for word in words):
        return True
    surface = info.surface(phrase).split()
    if is_verb_like(surface[0]) or is_verb_like(surface[-1]):
        return False  # "raising trade", "leaders signed"
    return len(words) > 1 or phrase in info.nouns


def _form(phrase: str, info: _Phrases) -> float:
    """Names are specific, phrases more than single words; a person is a theme only through
    what several articles say about them (no name bonus: "Who and where" lists people)."""
    words = phrase.split()
    if any(word in info.names for word in words):
        person = all(word in info.people or is_demonym(word) for word in words)
        return 1.0 if person else NAME_WEIGHT
    return MULTIWORD_WEIGHT if len(words) > 1 else SINGLE_WORD_WEIGHT


def _cohesion(
    phrase: str, members: set[int], pool: Sequence[PooledSentence], info: _Phrases, limit: float
) -> float:
    """How much the articles' sentences with the phrase say alike besides it: a factor from
    0.5 (nothing else shared: a passing mention) to 1.5 (COHESION_WORDS words or more)."""
    seed_words = set(phrase.split())
    words_of_article: dict[int, set[str]] = defaultdict(set)
    for k in members:
        words_of_article[pool[k].ref.article_index] |= info.words_of[k]
    seen: Counter = Counter()
    for words in words_of_article.values():
        seen.update(words - seed_words)
    shared = sum(1 for word, count in seen.items() if count >= 2 and info.word_df[word] <= limit)
    return 0.5 + min(shared, COHESION_WORDS) / COHESION_WORDS


def _drafts(seeds: list[_Draft], max_themes: int, names: set[str]) -> list[_Draft]:
    """Seeds in weight order. A phrase whose sentences are mostly a draft's of about its size
    joins it, a common-word phrase that overlaps one widens it, a broader form of a draft's
    phrase ("tokayev" around "kassym-jomart tokayev") adds nothing; others are new drafts."""
    drafts: list[_Draft] = []
    for seed in seeds:
        phrase, members = seed.phrases[0], seed.members
        # Inside a draft not much larger, a longer form of it, or inside a name's theme: the
        # same theme ("Taliban" in "Afghanistan"). A narrower one inside a common-word theme
        # stands on its own ("Trans-Caspian" inside "transport").
        home = next(
            (
                d
                for d in drafts
                if len(members & d.members) >= JOIN_OVERLAP * len(members)
                and seed.articles <= d.articles  # one that reaches other articles is more
                and (
                    len(d.members) <= SUBTHEME_RATIO * len(members)
                    or _overlapping(phrase, d)
                    or bool(set(d.phrases[0].split()) & names)
                )
            ),
            None,
        )
        if home is not None:
            # Only a phrase found in nearly the same sentences also names the theme.
            alike = len(members & home.members) >= JOIN_OVERLAP * len(home.members)
            if alike and len(home.phrases) < MAX_LABEL_PHRASES and not _overlapping(phrase, home):
                home.phrases.append(phrase)
            continue
        if any(
            len(members & d.members) >= JOIN_OVERLAP * len(d.members) and _overlapping(phrase, d)
            for d in drafts
        ):
            continue  # a broader form of a theme already found ("trade" around "trade volume")
        near = None
        if not set(phrase.split()) & names and len(members) >= MIN_MERGED:
            near = next(
                (
                    d
                    for d in drafts
                    if not set(d.phrases[0].split()) & names
                    and len(d.members) >= MIN_MERGED
                    and len(members & d.members)
                    >= MERGE_OVERLAP * min(len(members), len(d.members))
                ),
                None,
            )
        if near is not None:
            if len(near.phrases) < MAX_LABEL_PHRASES and not _overlapping(phrase, near):
                near.phrases.append(phrase)
                near.members |= members
                near.articles |= seed.articles
        elif len(drafts) < 3 * max_themes:
            drafts.append(seed)
    # The most specific themes are kept.
    return drafts[:max_themes]


def _add_label_phrases(
    draft: _Draft, pool: Sequence[PooledSentence], info: _Phrases, taken: dict[str, _Draft]
) -> None:
    """Complete the label with phrases typical of the theme (most of their sentences are its
    own) that at least two of its articles use; another theme's words are left to it."""
    articles_with: dict[str, set[int]] = defaultdict(set)
    counts: Counter = Counter()
    for k in draft.members:
        for phrase in info.of_sentence[k]:
            counts[phrase] += 1
            articles_with[phrase].add(pool[k].ref.article_index)
    ranked = sorted(
        (
            (count * math.log(len(pool) / len(info.sentences_with[p])), p)
            for p, count in counts.items()
            if len(articles_with[p]) >= 2
            and count >= LABEL_TYPICALITY * len(info.sentences_with[p])
            and count >= LABEL_COVERAGE * len(draft.members)
            and _names_something(p, info)
            and all(taken.get(word, draft) is draft for word in p.split())
        ),
        key=lambda item: (-item[0], item[1]),
    )
    for _, phrase in ranked:
        if len(draft.phrases) >= MAX_LABEL_PHRASES:
            break
        if phrase not in draft.phrases and not _overlapping(phrase, draft):
            draft.phrases.append(phrase)


def _overlapping(phrase: str, draft: _Draft) -> bool:
    """True when the phrase repeats a word of the label ("port" next to "karachi port")."""
    words = set(phrase.split())
    return any(words & set(existing.split()) for existing in draft.phrases)


def _shown_together(
    phrases: list[str], labels: list[str], members: list[int], pool: Sequence[PooledSentence]
) -> list[str]:
    """The label's parts, with phrases that stand together in a member sentence shown as
    written there ("Initiative", "Road", "Belt" -> "Belt and Road Initiative")."""
    best = labels
    for k in dict.fromkeys(members):
        text = pool[k].text
        spans = sorted(span for p in phrases if (span := _find(p, text)) is not None)
        if len(spans) < 2:
            continue
        merged: list[list[int]] = []
        for start, end in spans:
            gap = text[merged[-1][1] : start] if merged else None
            if gap is not None and start >= merged[-1][1] and _JOINING_GAP.fullmatch(gap):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        if len(merged) == len(spans):
            continue
        shown = [text[start:end] for start, end in merged]
        covered = {p for p in phrases if _find(p, text) is not None}
        rest = [label for p, label in zip(phrases, labels, strict=True) if p not in covered]
        if len(shown) + len(rest) < len(best):
            seed_first = sorted(shown, key=lambda s: _find(phrases[0], s) is None)
            best = [*seed_first, *rest]
    return best


def _find(phrase: str, text: str) -> tuple[int, int] | None:
    """Where the stemmed phrase's words stand next to each other in the text."""
    words = phrase.split()
    toks = [t for t in tokens(text) if t.is_word]
    for i in range(len(toks) - len(words) + 1):
        window = toks[i : i + len(words)]
        if [stem(t.text) for t in window] == words and all(
            text[a.end : b.start].strip() == "" for a, b in zip(window, window[1:], strict=False)
        ):
            return window[0].start, window[-1].end
    return None


def _order(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
