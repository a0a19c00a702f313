"""One entity under several names: the alias table and spelling variants (aliases.py)."""

from __future__ import annotations

import pytest

from tarjama.models.limits import Limits
from tarjama.models.summarization.aliases import are_variants, canonical_alias, variant_groups
from tarjama.models.summarization.entities import find_entities
from tarjama.models.summarization.pool import pool_sentences
from tarjama.models.summarization.themes import find_themes
from tarjama.models.summarization.types import ArticleText


@pytest.mark.parametrize(
    ("surface", "group"),
    [
        ("UK", "united kingdom"), ("U.K.", "united kingdom"), ("U.K.'s", "united kingdom"),
        ("United Kingdom", "united kingdom"), ("Britain", "united kingdom"),
        ("British", "united kingdom"), ("US", "united states"), ("U.S.", "united states"),
        ("United States", "united states"), ("UN", "united nations"),
        ("U.N.", "united nations"), ("United Nations", "united nations"),
    ],
)  # fmt: skip
def test_the_table_maps_each_written_form_to_one_entity(surface, group):
    assert canonical_alias(surface) == group


def test_common_words_are_no_aliases():
    assert canonical_alias("us") is None  # the pronoun
    assert canonical_alias("who") is None
    assert canonical_alias("Kingdom") is None


def test_transliterations_of_one_name_are_variants():
    assert are_variants("Tokayev", "Tokaev")
    assert are_variants("Muhammad", "Mohammed")
    assert not are_variants("Tokayev", "Tokmakov")
    assert not are_variants("Iran", "Iraq")  # short names are never merged by spelling
    assert variant_groups([("Tokayev", 5), ("Tokaev", 2)]) == {"Tokayev": "Tokayev",
                                                               "Tokaev": "Tokayev"}  # fmt: skip


ARTICLES = [
    ArticleText("a", None, [
        "Britain pledged new aid for water pumps in the delta on Monday.",
        "President Tokayev visited the delta with a team of engineers.",
        "Farmers in the delta lost most of their rice harvest this year.",
        "Schools in the northern hills stayed closed for a second week.",
        "Prices of bread rose sharply in the capital markets.",
    ]),
    ArticleText("b", None, [
        "The United Kingdom sent water pumps and engineers to the delta.",
        "President Tokaev praised the engineers for their quick work.",
        "Rail lines to the southern ports were repaired by the army.",
        "A new hospital opened its doors in the eastern province.",
        "Fishermen returned to the lake after the storm had passed.",
    ]),
    ArticleText("c", None, [
        "The UK announced a second package of water pumps for the delta.",
        "The river dam near the coast held after the repairs were done.",
        "Volunteers handed out blankets at the football stadium.",
        "The weather service expects dry days for the rest of the month.",
        "Power returned to most homes in the western suburbs.",
    ]),
]  # fmt: skip


def test_one_country_under_several_names_is_one_theme_and_one_entity():
    pool = pool_sentences(ARTICLES, [0, 1, 2], Limits()).sentences
    themes = find_themes(pool)
    british = [t for t in themes if {"Britain", "U.K.", "UK", "United Kingdom",
                                     "British"} & set(t.key_phrases)]  # fmt: skip
    assert len(british) == 1, [t.label for t in themes]
    assert british[0].articles == (0, 1, 2)
    entities = find_entities(ARTICLES, [0, 1, 2])
    names = [e.name for e in entities]
    uk = [e for e in entities if canonical_alias(e.name) == "united kingdom"]
    assert len(uk) == 1, names
    assert set(uk[0].articles) == {0, 1, 2}
    assert [e.name for e in entities if e.name in ("Tokayev", "Tokaev")] == ["Tokayev"] or [
        e.name for e in entities if e.name in ("Tokayev", "Tokaev")
    ] == ["Tokaev"]
