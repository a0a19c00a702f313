"""`tarjama digest --input-language en` on the seed references: the same digest in-process and
through a real server (fake engine), one failing article included, and the quality bar."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.models.summarization.aliases import canonical_alias
from tarjama.models.summarization.phrases import key_phrases, stem_phrase
from tarjama.models.text.numbers import find_numbers

ATTRIBUTION = re.compile(r"\s*\[[\d,\s]+\]\s*$")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds):
    """The references, plus one article that fails (it is not UTF-8)."""
    folder = tmp_path_factory.mktemp("references")
    for path in seeds.references.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "zz_latin1.txt").write_bytes("Caf\xe9 news.".encode("latin-1"))
    return folder


def run_digest(inputs: Path, out: Path, *extra: str) -> dict:
    code = main(["digest", str(inputs), "--input-language", "en", "--out", str(out),
                 "--method", "extractive", *extra])  # fmt: skip
    assert code == 1  # the undecodable article failed; the digest is still written
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory):
    return run_digest(inputs, tmp_path_factory.mktemp("local"))


def comparable(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("generated_at",)}


def test_local_and_served_digests_are_the_same(local, inputs, summarizing_server, tmp_path):
    served = run_digest(inputs, tmp_path / "served", "--server", summarizing_server)
    assert comparable(served) == comparable(local)
    statuses = [a["status"] for a in local["articles"]]
    assert statuses == ["ok"] * 5 + ["failed"]
    assert "not UTF-8" in local["articles"][5]["error"]


def test_english_digest_needs_no_translation_model(local, seeds):
    assert all(a["translation_model"]["id"] == "none" for a in local["articles"][:5])
    assert [a["article_id"] for a in local["articles"][:5]] == sorted(
        p.name.removesuffix(".en.txt") for p in seeds.references.glob("*.en.txt")
    )


def test_at_least_three_themes_each_from_two_articles(local):
    themes = local["synthesis"]["themes"]
    assert len(themes) >= 3
    for theme in themes:
        cited = {ref["article_index"] for ref in theme["sources"]}
        assert len(cited) >= 2 and cited == set(theme["articles"])
        assert theme["statement"]["sources"][0] in theme["sources"]


def figure_numbers(data: dict) -> set[Decimal]:
    values = set()
    for figure in data["synthesis"]["figures"]:
        for text in (figure["surface"], figure["when"]):
            for mention in find_numbers(text):
                values |= {*mention.values, mention.bare}
    return values


def test_the_figures_table_holds_every_number_of_the_reference_collection_summary(local, seeds):
    table = figure_numbers(local)
    reference = (seeds.references / "collection.summary.txt").read_text(encoding="utf-8")
    for line in reference.splitlines():
        for mention in find_numbers(ATTRIBUTION.sub("", line)):
            assert set(mention.values) & table, f"{mention.surface!r} missing from the figures"


def test_every_figure_and_theme_cites_sentences_that_say_it(local):
    articles = local["articles"]
    for figure in local["synthesis"]["figures"]:
        value = Decimal(figure["value"])
        for ref in figure["sources"]:
            sentence = articles[ref["article_index"]]["sentences"][ref["sentence_index"]]
            assert any(value in m.values for m in find_numbers(sentence)), (figure, sentence)
    for theme in local["synthesis"]["themes"]:
        # Every supporting sentence carries one of the phrases of the label (matched by stems).
        # One entity under several names ("UN", "United Nations") counts as its label.
        label = {stem_phrase(phrase) for phrase in theme["key_phrases"]}
        label |= {canonical_alias(phrase) for phrase in theme["key_phrases"]} - {None}
        for ref in theme["sources"]:
            sentence = articles[ref["article_index"]]["sentences"][ref["sentence_index"]]
            said = key_phrases(sentence)
            said_aliases = {canonical_alias(surface) for surface in said.values()} - {None}
            assert label & (set(said) | said_aliases), (theme["label"], sentence)
    for entity in local["synthesis"]["entities"]:
        last = entity["name"].split()[-1]
        alias = canonical_alias(entity["name"])
        for ref in entity["sources"]:
            sentence = articles[ref["article_index"]]["sentences"][ref["sentence_index"]]
            words = re.findall(r"[\w.]+", sentence)
            names = {
                canonical_alias(" ".join(words[i : i + n]))
                for n in (1, 2)
                for i in range(len(words))
            }
            assert last in sentence or (alias and alias in names), (entity["name"], sentence)


def test_themes_and_figure_groups_read_as_written(local):
    """What a reader checks: the routes the articles share are themes of their own, and
    labels and figure groups are words of the articles, not stems ("buses", not "buse")."""
    themes = local["synthesis"]["themes"]
    labels = [t["label"] for t in themes]
    assert any("Trans-Caspian" in label for label in labels), labels
    # The sea route to Pakistan's ports, under whichever of its names ranks first.
    assert any("Karachi" in label or "Arabian Sea" in label for label in labels), labels
    assert len(themes) <= 8  # a page, not a dump
    words = {
        w.lower()
        for a in local["articles"]
        for s in a["sentences"]
        for w in re.findall(r"[\w'’-]+", s)
    }
    for theme in themes:
        for phrase in theme["key_phrases"]:
            assert all(w.lower() in words for w in re.findall(r"[\w'’-]+", phrase)), phrase
    for figure in local["synthesis"]["figures"]:
        group = figure["group"].removesuffix(" target")
        assert all(w in words for w in group.split()), figure["group"]
    titles = [a["title"] for a in local["articles"][:5]]
    assert not any(t.startswith(("000_", "003_")) for t in titles), titles


def test_the_first_page_holds_themes_key_figures_and_a_timeline(local, tmp_path):
    """digest.md opens with the synthesis a reader reads first, within about 600 words."""
    synthesis = local["synthesis"]
    page = synthesis["first_page"]
    assert page["words"] <= 600
    assert len(page["themes"]) == len(synthesis["themes"]) <= 8
    assert {"timeline", "article_dates"} <= set(synthesis)
    for event in synthesis["timeline"]:
        assert event["sources"] and event["date"]
    dates = [synthesis["timeline"][k]["date"] for k in page["timeline"]]
    assert dates == sorted(dates)
