"""Who and where on hand-made English sentences: names in two or more articles, their kind,
counts, and citations that name them."""

from __future__ import annotations

from tarjama.models.summarization.entities import find_entities
from tarjama.models.summarization.types import ArticleText, SentenceRef

ARTICLES = [
    [
        "Kazakh President Kassym-Jomart Tokayev arrived in Islamabad on Monday.",
        "Tokayev said Kazakh students would get new scholarships.",
        "Kazakhstan wants access to the ports of Karachi and Gwadar.",
        "The Shanghai Cooperation Organization will meet next year.",
    ],
    [
        "Tokayev met Chinese President Xi Jinping in Astana.",
        "Pakistan offered the ports of Karachi and Gwadar to Kyrgyzstan.",
        "Officials of the Shanghai Cooperation Organization attended.",
    ],
    [
        "Xi Jinping praised Tokayev for his leadership.",
        "Central Asian states want closer ties with Turkey.",
    ],
]


def entities():
    texts = [ArticleText(f"a{i}", None, sentences) for i, sentences in enumerate(ARTICLES)]
    return {e.name: e for e in find_entities(texts, [0, 1, 2])}


def test_a_person_named_in_three_articles_counts_every_sentence_under_the_full_name():
    tokayev = entities()["Kassym-Jomart Tokayev"]
    assert tokayev.kind == "person"
    assert tokayev.mentions == 4
    assert tokayev.articles == (0, 1, 2)
    assert "Tokayev" not in entities()  # the short form counts with the full name


def test_names_in_two_articles_with_their_kinds_and_counts():
    found = entities()
    assert (found["Xi Jinping"].kind, found["Xi Jinping"].articles) == ("person", (1, 2))
    assert found["Xi Jinping"].mentions == 2
    for port in ("Karachi", "Gwadar"):  # "the ports of Karachi and Gwadar": both places
        assert (found[port].kind, found[port].articles) == ("place", (0, 1))
    organization = found["Shanghai Cooperation Organization"]
    assert (organization.kind, organization.mentions) == ("organization", 2)


def test_names_of_one_article_and_nationality_adjectives_are_left_out():
    found = entities()
    for name in ("Islamabad", "Astana", "Kazakh", "Chinese", "Central Asian", "Turkey"):
        assert name not in found


def test_the_most_widely_named_come_first():
    ranked = list(entities().values())
    spans = [len(e.articles) for e in ranked]
    assert spans == sorted(spans, reverse=True)
    assert ranked[0].name == "Kassym-Jomart Tokayev"


def test_every_citation_names_the_entity():
    for entity in entities().values():
        last = entity.name.split()[-1]
        for ref in entity.sources:
            assert isinstance(ref, SentenceRef)
            assert last in ARTICLES[ref.article_index][ref.sentence_index], (entity.name, ref)


def test_a_name_after_a_long_title_is_the_person_and_a_country_is_a_place():
    articles = [
        ["On Monday, Jan Egeland, the relief chief, said donors were slow.",
         "Egeland later recanted his statement.",
         "The U.S. pledged more aid after the tsunami."],
        ["Under-Secretary-General for Humanitarian Affairs Jan Egeland said the toll may rise.",
         "A Tsunami Aid concert raised money in the U.S. on Friday.",
         "The tsunami hit the coast in the morning."],
    ]  # fmt: skip
    texts = [ArticleText(f"a{i}", None, s) for i, s in enumerate(articles)]
    found = {e.name: e for e in find_entities(texts, [0, 1])}
    assert found["Jan Egeland"].kind == "person"
    assert found["Jan Egeland"].mentions == 3  # "Egeland" and the titled form count with it
    assert found["U.S."].kind == "place"
    assert "Tsunami" not in found  # the word "tsunami", capitalized in a name or a headline
