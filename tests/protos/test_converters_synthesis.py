"""A synthesis crosses the wire whole: progressions with their labels and the first page."""

from __future__ import annotations

from tarjama.models.summarization.first_page import with_first_page
from tarjama.models.summarization.types import (
    Figure,
    SentenceRef,
    SummarySentence,
    Synthesis,
    Theme,
)
from tarjama.protos.converters import synthesis_from_pb, synthesis_to_pb


def _toll(value: str, reported: str, article: int) -> Figure:
    return Figure(
        surface=value,
        value=value,
        unit="",
        scale="",
        what="death toll",
        group="death",
        when="",
        qualifier="",
        sources=(SentenceRef(article, 0),),
        reported=reported,
    )


def test_progression_labels_and_the_first_page_survive_the_round_trip():
    figures = [
        _toll("80000", "2004-12-29", 0),
        _toll("150000", "2005-01-01", 1),
        Figure("$350 million", "350000000", "USD", "million", "pledged by the U.S.", "pledges",
               "", "", (SentenceRef(0, 2), SentenceRef(1, 3)), "2004-12-31"),
    ]  # fmt: skip
    synthesis = with_first_page(Synthesis(figures=figures, progressions=[[0, 1]]))
    assert synthesis.progression_labels == ["death toll"]
    assert synthesis.first_page.progressions == [[0, 1]] and synthesis.first_page.figures == [2]
    assert synthesis_from_pb(synthesis_to_pb(synthesis)) == synthesis


def test_a_synthesis_from_a_server_without_first_pages_still_shows_its_themes_and_events():
    theme = Theme("aid", ("aid",), SummarySentence("Aid rose.", (SentenceRef(0, 0),)), (), (0, 1))
    message = synthesis_to_pb(Synthesis(themes=[theme, theme]))
    message.ClearField("first_page")
    page = synthesis_from_pb(message).first_page
    assert page.themes == [0, 1] and page.figures == [] and page.timeline == []
