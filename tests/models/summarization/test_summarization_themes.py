"""Shared themes on hand-made English articles: clusters across articles, ranking by
supporting articles, labels as written, and citations that contain what they claim."""

from __future__ import annotations

import pytest

from tarjama.models.summarization.phrases import key_phrases, stem_phrase
from tarjama.models.summarization.pool import PooledSentence
from tarjama.models.summarization.themes import find_themes
from tarjama.models.summarization.types import SentenceRef

ARTICLES = [
    [
        "Kazakhstan wants to ship more cargo along the Trans-Caspian route to Europe.",
        "Grain exports from Kazakhstan reached a record last season.",
        "The ministers opened a new customs office in Aktau.",
        "Officials discussed water management in the Aral basin.",
        "A delegation of engineers visited the new power station.",
        "The ministers signed a statement on water use.",
    ],
    [
        "Uzbekistan and Kazakhstan expect grain exports to grow further.",
        "The leaders inaugurated a railway bridge over the river.",
        "Cotton harvests fell because of the drought.",
        "A football friendly between the national teams was announced.",
        "Students from both countries will receive scholarships under the Belt and Road "
        "Initiative.",
        "The presidents signed a declaration on the bridge.",
    ],
    [
        "Turkey supports the Trans-Caspian route as a link between Asia and Europe.",
        "Turkish buyers agreed contracts for grain exports worth millions.",
        "A hospital built by Turkish firms opened in Shymkent.",
        "Tourism between the countries doubled, helped by the Belt and Road Initiative.",
        "Both sides praised cultural exchanges.",
        "Airlines will add direct flights.",
    ],
]


def pool_of(articles: list[list[str]]) -> list[PooledSentence]:
    return [
        PooledSentence(SentenceRef(a, s), text, importance=1.0 - s / 10, position=s / 5)
        for a, sentences in enumerate(articles)
        for s, text in enumerate(sentences)
    ]


@pytest.fixture(scope="module")
def pool():
    return pool_of(ARTICLES)


@pytest.fixture(scope="module")
def themes(pool):
    return find_themes(pool)


def text_of(pool, ref: SentenceRef) -> str:
    return next(p.text for p in pool if p.ref == ref)


def theme_with(themes, phrase: str):
    found = [t for t in themes if any(phrase.lower() in k.lower() for k in t.key_phrases)]
    assert found, (phrase, [t.label for t in themes])
    return found[0]


def test_a_topic_of_several_articles_is_one_theme_citing_each_of_them(themes, pool):
    grain = theme_with(themes, "grain exports")
    assert grain.articles == (0, 1, 2)
    assert set(grain.sources) == {SentenceRef(0, 1), SentenceRef(1, 0), SentenceRef(2, 1)}
    route = theme_with(themes, "Trans-Caspian")
    assert route.articles == (0, 2)
    assert set(route.sources) == {SentenceRef(0, 0), SentenceRef(2, 0)}


def test_themes_are_ranked_by_how_many_articles_support_them(themes):
    counts = [len(t.articles) for t in themes]
    assert counts == sorted(counts, reverse=True)
    assert themes[0].articles == (0, 1, 2)


def test_every_theme_has_two_articles_and_a_statement_among_its_sources(themes):
    assert len(themes) >= 3
    for theme in themes:
        assert len(theme.articles) >= 2
        assert {ref.article_index for ref in theme.sources} == set(theme.articles)
        assert theme.statement.sources[0] in theme.sources
    statements = [t.statement.sources[0] for t in themes]
    assert len(statements) == len(set(statements)), "two themes share a statement"


def test_every_cited_sentence_contains_the_theme_s_own_phrase(themes, pool):
    for theme in themes:
        seed = stem_phrase(theme.key_phrases[0])
        for ref in theme.sources:
            assert seed in key_phrases(text_of(pool, ref)), (theme.label, ref)


def test_labels_show_words_as_written_and_together(themes):
    belt = theme_with(themes, "Road")
    assert "Belt and Road Initiative" in belt.label
    for theme in themes:
        for phrase in theme.key_phrases:
            # Surface forms, never stems ("exports", not "export"; "Trans-Caspian route").
            assert phrase.split()[-1] not in ("rout", "export", "initi"), theme.label


def test_a_phrase_of_one_article_or_a_lone_verb_is_no_theme(themes):
    phrases = {k.lower() for t in themes for k in t.key_phrases}
    assert "aktau" not in phrases and "cotton harvests" not in phrases
    assert "signed" not in phrases  # both articles 1 and 2 say "signed": a verb, no topic


def test_a_word_every_article_repeats_is_the_setting_not_a_theme():
    # "Kazakhstan" is in most sentences of every article: it is what they are all about.
    articles = [
        [f"Kazakhstan opened plant number {i} for {topic}." for i in range(4)]
        + ["Pipeline capacity rose.", "The pipeline was repaired."]
        for topic in ("steel", "glass", "paper")
    ]
    themes = find_themes(pool_of(articles))
    assert all("kazakhstan" not in t.label.lower() for t in themes)
    assert any("pipeline" in t.label.lower() for t in themes)


def test_no_sentences_no_themes():
    assert find_themes([]) == []


def test_a_role_word_is_never_a_theme_or_part_of_a_label():
    # "chief" is in sentences of three articles, always of someone: a role, not a topic.
    fillers = [
        "Local markets reopened in the capital.",
        "Schools stayed closed for a week.",
        "Fishermen returned to sea at dawn.",
        "Farmers planted rice in the valley.",
        "A new bridge opened over the river.",
    ]
    articles = [
        ["The UN said its relief chief warned that deliveries will take weeks.", *fillers],
        ["The UN praised donors, its chief said after the meeting.", *fillers[1:]],
        ["The UN flew medicine in, and its chief visited the camps.", *fillers[2:]],
    ]  # fmt: skip
    themes = find_themes(pool_of(articles))
    phrases = [k.lower() for t in themes for k in t.key_phrases]
    assert "chief" not in phrases and "un" in phrases, phrases
