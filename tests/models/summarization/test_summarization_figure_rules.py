"""What is a figure and what it counts: dates, times, coordinates and identifiers are not."""

from __future__ import annotations

import pytest

from tarjama.models.summarization.figures import find_figures, progressions, sentence_figures
from tarjama.models.summarization.types import ArticleText, SentenceRef

REF = SentenceRef(0, 0)


def _figures(sentence: str) -> list[tuple[str, str]]:
    return [(f.surface, f.what) for f in sentence_figures(sentence, REF)]


@pytest.mark.parametrize(
    "sentence",
    [
        "2005/01/08 Aid donations rise in the capital.",  # pieces of a date
        "The train left at 07.20 from the central station.",  # a clock time
        "The quake struck at 3.3 degrees north and 43.08 minutes east.",  # coordinates
        "The epicentre lay at 95.8°E off the coast.",
        "The council acted under resolution 1723 of the assembly.",  # identifiers
        "Article 5 of the treaty was invoked by the members.",
        "Did anyone see him board bus #30 near the square.",
        "Call the hotline on 0800 789321 with any information.",  # a phone number
        "The third convoy arrived on Monday.",  # an ordinal
    ],
)
def test_these_are_not_figures(sentence):
    assert _figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "surface", "what"),
    [
        ("Japan has pledged $500 million for the relief effort.", "$500 million",
         "pledged by Japan"),
        ("The final death toll could climb beyond 150,000 in the region.", "150,000",
         "final death toll"),
        ("About 322 million U.S. dollars in goods have been donated by private citizens.",
         "322 million U.S. dollars", "donated by private citizens"),
        ("It adds to the 350 million that was promised by the government.", "350 million",
         "promised by government"),
        ("Students raised 15 billion lei, or the equivalent of 395,000 euro, for the victims.",
         "15 billion lei (395,000 euro)", "raised by Students"),
        ("There are 12,000 donors in the city.", "12,000", "donors"),
    ],
)  # fmt: skip
def test_each_figure_says_what_it_counts(sentence, surface, what):
    assert _figures(sentence)[0] == (surface, what)


def _article(name: str, date: str, sentence: str) -> ArticleText:
    return ArticleText(name, None, [sentence], date=date)


def test_a_value_that_changes_over_time_is_a_progression_with_dates():
    articles = [
        _article("a", "2004-12-29", "The death toll passed 80,000 on the islands."),
        _article("b", "2005-01-01", "The death toll passed 120,000 on the islands."),
        _article("c", "2005-01-03", "The death toll reached 150,000 on the islands."),
        _article("d", "2005-01-03", "Japan has pledged $500 million for the islands."),
        _article("e", "2005-01-05", "Norway has pledged $180 million for the islands."),
    ]
    figures = find_figures(articles, range(5))
    steps = progressions(figures)
    assert len(steps) == 1  # pledges by different donors are no progression
    assert [(f.value, f.reported) for f in steps[0]] == [
        ("80000", "2004-12-29"), ("120000", "2005-01-01"), ("150000", "2005-01-03")
    ]  # fmt: skip
