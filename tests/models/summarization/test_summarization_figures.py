"""The figures table on hand-made English sentences: value, unit, scale and what a figure
counts; the same quantity from two articles merged; differing values shown together."""

from __future__ import annotations

from decimal import Decimal

from tarjama.models.summarization.figures import find_figures, sentence_figures
from tarjama.models.summarization.types import ArticleText, SentenceRef
from tarjama.models.text.numbers import find_numbers

REF = SentenceRef(0, 0)


def only(sentence: str):
    figures = sentence_figures(sentence, REF)
    assert len(figures) == 1, figures
    return figures[0]


def table(*articles: list[str]):
    texts = [ArticleText(f"a{i}", None, sentences) for i, sentences in enumerate(articles)]
    return find_figures(texts, list(range(len(texts))))


def test_a_figure_has_its_value_unit_scale_and_what_it_counts():
    products, money = sentence_figures(
        "Kazakhstan is ready to supply 34 types of products worth $1 billion to Turkey.", REF
    )
    assert (products.surface, products.value, products.unit) == ("34", "34", "")
    assert products.what == "types of products"
    assert products.group == "products"  # Porter makes both "product": not "production"
    assert (money.surface, money.value, money.unit, money.scale) == (
        "$1 billion", "1000000000", "USD", "billion"
    )  # fmt: skip
    assert money.what == "products"


def test_currency_words_qualifiers_and_the_topic_a_figure_counts():
    figure = only("Trade between the two countries doubled last year to almost 86 million euros.")
    assert (figure.value, figure.unit, figure.scale) == ("86000000", "EUR", "million")
    assert figure.qualifier == "almost"
    assert figure.group == "trade"


def test_a_goal_is_a_target_and_a_date_in_an_aside_dates_only_its_figure():
    current, target = sentence_figures(
        "With trade turnover growing steadily (about $5 billion in 2023), the two sides set an "
        "ambitious target of raising it to $15 billion.",
        REF,
    )
    assert (current.value, current.group, current.when) == ("5000000000", "trade", "in 2023")
    assert (target.value, target.group, target.when) == ("15000000000", "trade target", "")


def test_groups_are_named_as_written_never_as_stems():
    assert only("Pakistan will buy 600 buses from Kazakhstan.").group == "buses"
    assert only("More than 12,000 Kazakh students are studying in Turkey.").group == "students"
    # "memoranda" count agreements; "according" is no "accord".
    assert only("The sides signed 15 memoranda of understanding.").group == "agreement"
    visits = only("The number of visits reached 200,000, according to official data.")
    assert (visits.what, visits.group) == ("visits", "visits")


def test_the_subject_measured_is_what_a_figure_counts():
    figure = only(
        "The value of joint projects in energy, construction and medicine has reached $6 billion."
    )
    assert figure.what == "joint projects"


def test_years_dates_durations_ordinals_and_names_are_no_figures():
    assert (
        sentence_figures(
            "In 2023, on 29 July, the CASA-1000 line marked its 5th year and a golden 30 years "
            "of friendship.",
            REF,
        )
        == []
    )


def test_the_same_quantity_from_two_articles_is_one_row_citing_both():
    figures = table(
        ["Kazakhstan and Turkey signed 18 agreements during the visit."],
        ["The visit ended with 18 agreements signed in Ankara."],
    )
    assert len(figures) == 1
    assert figures[0].value == "18" and figures[0].group == "agreements"
    assert figures[0].sources == (SentenceRef(0, 0), SentenceRef(1, 0))


def test_a_heading_and_its_paragraph_stating_one_amount_are_one_row():
    figures = table(
        [
            "Investment flows and new projects worth 160 billion tenge",
            "Tiryaki Holding will invest 160 billion tenge in the processing of wheat.",
        ]
    )
    assert len(figures) == 1
    assert figures[0].sources == (SentenceRef(0, 0), SentenceRef(0, 1))


def test_differing_values_for_the_same_thing_stand_together():
    figures = table(
        ["Trade between Kazakhstan and Turkey reached $5 billion in 2023.", "Xi arrived."],
        ["Officials said 4,000 companies work there.", "Trade reached $4.8 billion in 2023."],
    )
    groups = [f.group for f in figures]
    trade = [f for f in figures if f.group == "trade"]
    assert sorted(f.value for f in trade) == ["4800000000", "5000000000"]
    # Side by side: one block, the group most articles share first.
    first = groups.index("trade")
    assert groups[first : first + 2] == ["trade", "trade"] and first == 0
    assert {ref.article_index for f in trade for ref in f.sources} == {0, 1}


def test_every_figure_cites_sentences_that_state_its_value():
    articles = [
        [
            "Trade doubled to almost 86 million euros, and 250 business leaders attended.",
            "The sides aim to raise trade to $1 billion (847 million euros) within two years.",
        ],
        ["Kazakhstan exported 1.4 million tons of oil and 26% of its gluten to Turkey."],
    ]
    figures = table(*articles)
    assert len(figures) >= 5
    for figure in figures:
        for ref in figure.sources:
            sentence = articles[ref.article_index][ref.sentence_index]
            values = {v for m in find_numbers(sentence) for v in m.values}
            assert Decimal(figure.value) in values, (figure, sentence)
