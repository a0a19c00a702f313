"""The first page's figures: reported amounts from several groups, progressions by date."""

from __future__ import annotations

from tarjama.clients.digest.first_page import (
    first_page,
    progression_label,
    progression_steps,
)
from tarjama.models.summarization.types import Figure, SentenceRef, Synthesis


def figure(
    value: str,
    what: str,
    group: str,
    *,
    unit: str = "USD",
    qualifier: str = "",
    articles: tuple[int, ...] = (0,),
    reported: str = "2005-01-01",
) -> Figure:
    return Figure(
        surface=value,
        value=value,
        unit=unit,
        scale="",
        what=what,
        group=group,
        when="",
        qualifier=qualifier,
        sources=tuple(SentenceRef(a, 0) for a in articles),
        reported=reported,
    )


def test_key_figures_are_reported_amounts_at_most_two_of_a_group_most_articles_first():
    figures = [
        figure("1", "pledged by Japan", "pledges"),
        figure("2", "pledged by Norway", "pledges"),
        figure("3", "pledged by China", "pledges", articles=(0, 1)),
        figure("4", "death toll", "death", unit="", qualifier="possibly"),  # a guess
        figure("5", "donated by citizens", "donations"),
        figure("6", "people", "people", unit=""),
    ]
    page = first_page(Synthesis(figures=figures))
    shown = [figures[k].value for k in page.figures]
    assert shown == ["3", "1", "5"]  # the widest first; no third pledge, guess or "people"


def test_a_progression_is_labelled_by_its_subject_and_shows_one_date_once():
    steps = [
        figure("80000", "Tsunami toll", "death", unit="", reported="2004-12-29"),
        figure("120000", "confirmed death count", "death", unit="", reported="2005-01-01"),
        figure("150000", "death toll", "death", unit="", reported="2005-01-01"),
    ]
    assert progression_label(steps) == "death toll"
    assert [(day, [f.value for f in same]) for day, same in progression_steps(steps)] == [
        ("2004-12-29", ["80000"]),
        ("2005-01-01", ["120000", "150000"]),
    ]
