"""What is a figure and what it counts: dates, times, coordinates and identifiers are not."""

from __future__ import annotations

import pytest

from tarjama.models.summarization.figures import find_figures, sentence_figures
from tarjama.models.summarization.progressions import progressions
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


@pytest.mark.parametrize(
    "sentence",
    [
        "The attack occurred just before 7 a.m. near the beach.",  # a clock time
        "Police arrived at 2pm with two vans.",
        "Much of the country will see widespread 80s this week.",  # a decade
        "Rosa was a Category 1 hurricane on Sunday.",  # a category is a name
        "The quake lasted between 500 and 600 seconds off the coast.",  # a range of durations
    ],
)
def test_times_decades_categories_and_duration_ranges_are_not_figures(sentence):
    assert _figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        ("Norway increased its funding donation to 180 million USD.",
         ["funding donation of Norway"]),  # whose donation a possessive says
        ("The council said it donated $10,000 to the Red Cross for relief.",
         ["donated to Red Cross"]),  # a pronoun giver: who received it instead
        ("In some villages up to 80% of those killed were women.", ["of those killed"]),
        ("The 395,000 euro raised by the telethon supplement that 150,000 euro worth of aid "
         "pledged by the government.", ["raised by telethon", "aid pledged by government"]),
        ("Sweden has 17 confirmed dead, but more than 2,500 are still missing.",
         ["confirmed dead", "missing"]),
        ("The death toll from the storm continues to rise, passing 80,000 people.",
         ["death toll"]),  # "people" is the unit; the subject names what is counted
        ("The death toll in the earthquake and tsunami has climbed to 832.", ["death toll"]),
        ("Japan promises 500,000,000 USD", ["promised by Japan"]),  # a headline's verb
        ("There was a $500 million pledge made recently by the government of Japan.",
         ["pledge made by government of Japan"]),
        ("Promised funds have doubled in a day, to nearly 2 billion U.S. dollars.",
         ["promised funds"]),  # an amount with no phrase nearby: its clause's subject
        ("His bond has been set at $350,000 by the court.", ["bond"]),
        ("Three men, aged 33, 34 and 39, have been arrested.", ["age", "age", "age"]),
        ("The death toll passed 121,000, and 5 million people were homeless.",
         ["death toll", "homeless people"]),  # what the counted people are
        ("About 300 people were killed in the floods.", ["people killed"]),
        ("Deep moisture will bring 2 to 3 inches of rain per hour.",
         ["inches of rain", "inches of rain"]),  # a range's start counts what its end does
    ],
)  # fmt: skip
def test_each_subject_says_what_is_counted(sentence, subjects):
    assert [what for _, what in _figures(sentence)] == subjects


def test_a_figure_a_clause_only_expects_is_marked_and_a_headline_verb_is_no_target():
    [guess] = sentence_figures("The death toll might eventually approach 80,000 there.", REF)
    assert (guess.qualifier, guess.what) == ("possibly", "death toll")
    [fact] = sentence_figures("Romanians raise 395,000 euro for tsunami victims", REF)
    assert (fact.group, fact.what) == ("donations", "raised by Romanians")
    [goal] = sentence_figures("The sides aim to raise trade to $1 billion.", REF)
    assert goal.group == "trade target"


def test_a_year_that_names_a_thing_does_not_date_the_figure():
    [raised] = sentence_figures(
        "Romanians have raised 395,000 euro for victims of the tsunami of Boxing Day 2004.", REF
    )
    assert raised.when == ""
    [trade] = sentence_figures("Trade reached $5 billion in 2023 after the talks.", REF)
    assert trade.when == "in 2023"


def test_a_bare_scaled_number_takes_the_currency_of_the_amount_before_it():
    first, second = sentence_figures(
        "Citizens gave 322 million U.S. dollars, in addition to the 350 million that was "
        "promised by the government.",
        REF,
    )
    assert (first.unit, second.unit, second.what) == ("USD", "USD", "promised by government")


def test_guesses_are_no_steps_of_a_progression():
    articles = [
        _article("a", "2004-12-29", "The death toll passed 80,000 on the islands."),
        _article("b", "2004-12-29", "The death toll could climb to over 100,000 on the islands."),
        _article("c", "2005-01-01", "The death toll passed 120,000 on the islands."),
    ]
    [steps] = progressions(find_figures(articles, range(3)))
    assert [f.value for f in steps] == ["80000", "120000"]


def test_an_amount_given_in_two_currencies_is_one_row_with_the_same_amount_elsewhere():
    articles = [
        _article("a", "2005-01-18", "Romanians raised 15 billion lei, or the equivalent of "
                 "395,000 euro, for the victims."),
        _article("b", "2005-01-20", "The Romanian public raised 395,000 euro in a telethon."),
    ]  # fmt: skip
    [row] = [f for f in find_figures(articles, range(2)) if f.group == "donations"]
    assert row.sources == (SentenceRef(0, 0), SentenceRef(1, 0))
    assert row.surface == "15 billion lei (395,000 euro)"


def test_a_fraction_of_a_scale_word_is_an_amount():
    [donation] = sentence_figures(
        "Japan announced a half-billion dollar donation on Saturday.", REF
    )
    assert (donation.value, donation.unit, donation.what) == ("500000000", "USD", "donation")
    [crowd] = sentence_figures("Officials said half a million refugees crossed.", REF)
    assert crowd.value == "500000" and crowd.what == "refugees"
    assert sentence_figures("The half-time break lasted long.", REF) == []
