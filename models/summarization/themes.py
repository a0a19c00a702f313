"""Shared themes: key phrases several articles use, and the sentences that carry them.

A theme starts from a key phrase that at least two articles use and that is specific (not
in most sentences, not a generic news word); phrases found in nearly the same sentences
join it. Its members are every pooled sentence with one of its phrases, its statement is
the member that carries most of them, and themes are ranked by how many articles support
them. Cost: one pass over the pooled sentences, then phrase sets, never sentence pairs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tarjama.models.summarization.phrases import capitalized_inside, key_phrases, stem
from tarjama.models.summarization.pool import PooledSentence
from tarjama.models.summarization.types import SentenceRef, SummarySentence, Theme

MAX_THEMES = 10
MAX_LABEL_PHRASES = 3
# A phrase in more than this share of all pooled sentences is the collection's setting
# (e.g. the country every article is about), not one of its themes.
MAX_PHRASE_SHARE = 0.2
# A phrase joins a theme when most of its sentences are already the theme's.
JOIN_OVERLAP = 0.6
NAME_WEIGHT = 1.5
MULTIWORD_WEIGHT = 1.3
SINGLE_WORD_WEIGHT = 0.5  # one common noun ("energy") is a weak theme on its own
MAX_COUNTED_PER_ARTICLE = 3


@dataclass
class _Draft:
    phrases: list[str]
    members: set[int]
    score: float
    articles: set[int] = field(default_factory=set)


def find_themes(pool: Sequence[PooledSentence], max_themes: int = MAX_THEMES) -> list[Theme]:
    """Themes of the pooled sentences, most widely supported first."""
    if not pool:
        return []
    phrases_of = [key_phrases(p.text) for p in pool]
    names = {stem(word) for word in capitalized_inside([p.text for p in pool])}
    sentences_with: dict[str, set[int]] = defaultdict(set)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for k, phrases in enumerate(phrases_of):
        for phrase, surface in phrases.items():
            sentences_with[phrase].add(k)
            surfaces[phrase][surface] += 1
    limit = max(2, MAX_PHRASE_SHARE * len(pool))
    scored = []
    for phrase, members in sentences_with.items():
        articles = {pool[k].ref.article_index for k in members}
        if len(articles) < 2 or len(members) > limit:
            continue
        # Specific (rare in the pool) and discussed in several articles, a few times each.
        per_article = Counter(pool[k].ref.article_index for k in members)
        support = sum(min(count, MAX_COUNTED_PER_ARTICLE) for count in per_article.values())
        weight = math.log(len(pool) / len(members)) * support
        if any(word in names for word in phrase.split()):
            weight *= NAME_WEIGHT
        elif " " not in phrase:
            weight *= SINGLE_WORD_WEIGHT
        if " " in phrase:
            weight *= MULTIWORD_WEIGHT
        scored.append((weight, phrase, members))
    scored.sort(key=lambda item: (-item[0], item[1]))
    drafts: list[_Draft] = []
    for weight, phrase, members in scored:
        home = next(
            (
                d
                for d in drafts
                if len(members & d.members) >= JOIN_OVERLAP * min(len(members), len(d.members))
            ),
            None,
        )
        if home is not None:
            # Only a phrase found in nearly the same sentences also names the theme.
            alike = len(members & home.members) >= JOIN_OVERLAP * max(
                len(members), len(home.members)
            )
            if (
                alike
                and len(home.phrases) < MAX_LABEL_PHRASES
                and not _overlapping_words(phrase, home)
            ):
                home.phrases.append(phrase)
            continue
        if len(drafts) < 3 * max_themes:
            drafts.append(_Draft([phrase], set(members), weight))
    # The most specific themes are kept, then shown by how many articles support them.
    drafts = drafts[:max_themes]
    for draft in drafts:
        draft.articles = {pool[k].ref.article_index for k in draft.members}
    drafts.sort(key=lambda d: (-len(d.articles), -d.score))
    themes = []
    for draft in drafts:
        _add_label_phrases(draft, phrases_of, sentences_with, len(pool))
        labels = [surfaces[p].most_common(1)[0][0] for p in draft.phrases]
        members = sorted(draft.members, key=lambda k: _order(pool[k].ref))
        best = max(
            members,
            key=lambda k: (
                sum(p in phrases_of[k] for p in draft.phrases),
                pool[k].importance,
                -k,
            ),
        )
        themes.append(
            Theme(
                label=" · ".join(labels),
                key_phrases=tuple(labels),
                statement=SummarySentence(pool[best].text, (pool[best].ref,)),
                sources=tuple(pool[k].ref for k in members),
                articles=tuple(sorted(draft.articles)),
            )
        )
    return themes


def _add_label_phrases(
    draft: _Draft,
    phrases_of: Sequence[dict[str, str]],
    sentences_with: dict[str, set[int]],
    pool_size: int,
) -> None:
    """Complete the label with the phrases most typical of the theme's own sentences."""
    counts = Counter(p for k in draft.members for p in phrases_of[k])
    ranked = sorted(
        (
            (count * math.log(pool_size / len(sentences_with[p])), p)
            for p, count in counts.items()
            if count >= 2 and len(sentences_with[p]) < pool_size * MAX_PHRASE_SHARE
        ),
        reverse=True,
    )
    for _, phrase in ranked:
        if len(draft.phrases) >= MAX_LABEL_PHRASES:
            break
        if phrase not in draft.phrases and not _overlapping_words(phrase, draft):
            draft.phrases.append(phrase)


def _overlapping_words(phrase: str, draft: _Draft) -> bool:
    """True when the phrase repeats a word of the label ("port" next to "karachi port")."""
    words = set(phrase.split())
    return any(words & set(existing.split()) for existing in draft.phrases)


def _order(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
