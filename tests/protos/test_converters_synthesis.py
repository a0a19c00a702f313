"""A synthesis crosses the wire whole: progressions with their labels and the first page."""

from __future__ import annotations

from tarjama.models.summarization.first_page import with_first_page
from tarjama.models.summarization.types import Figure, SentenceRef, Synthesis
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
