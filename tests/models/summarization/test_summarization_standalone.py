"""Sentences that stand alone in a summary, and the ones that do not (standalone.py)."""

from __future__ import annotations

import pytest

from tarjama.models.summarization.extractive import summarize_extractive
from tarjama.models.summarization.standalone import reason_not_standalone
from tarjama.models.summarization.types import ArticleText, SummaryLength


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Did you see him get on to a bus?", "question"),
        ("If you have information please call 0800 789321.", "appeal or contact notice"),
        ("Call 020 7946 0018 with any news.", "appeal or contact notice"),
        ("Visit the museum website for the schedule.", "appeal or contact notice"),
        ("A damaged boat on the beach after the storm", "caption or fragment"),
        ("This storm lasted three hours,\" said the forecaster.", "half a quotation"),
        ("He was seen at the station at 07.20.", "pronoun with no antecedent"),
        ("But they said the road stayed closed.", "pronoun with no antecedent"),
        ("Now it wants its money back.", "pronoun with no antecedent"),
        ('* AP - "confirmed death toll passed 121,000."', "list entry"),  # no subject
        ("* Sri Lanka - approximately 28,500", "list entry"),
        ('"confirmed death toll passed 121,000."', "caption or fragment"),  # lower case
        ("and the ministers left.", "caption or fragment"),
        ("But denuclearization negotiations have stalled.", "answers the sentence before"),
        ("However, the talks resumed on Monday.", "answers the sentence before"),
    ],
)  # fmt: skip
def test_sentences_that_need_their_neighbours(sentence, reason):
    assert reason_not_standalone(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved the donation by 3 votes to 2.",
        "The town gave $10,000 to the Red Cross.",
        "* In Sri Lanka the ground moved nearly 10 centimetres.",  # a whole sentence
        '* AP - "The death toll passed 121,000."',  # a labelled entry that is one too
        "eBay and Google are helping enable donations through the web.",
        "This storm was the strongest in a decade.",
        "Butter prices rose in the spring.",  # "But" only as a word of its own
        "The agency said it would publish its figures on Monday.",
    ],
)
def test_sentences_that_stand_alone(sentence):
    assert reason_not_standalone(sentence) is None


def test_an_article_summary_skips_appeals_questions_and_dangling_pronouns():
    article = ArticleText(
        "a",
        None,
        [
            "Police are looking for a man who left a bag at the central station on Friday.",
            "He was seen at the station at 07.20 wearing a dark jacket and carrying a bag.",
            "Did you see him get on to a bus outside the station that morning?",
            "If you have information please call the hotline on 0800 789321 at any time.",
            "The station reopened on Saturday after a search that lasted several hours.",
        ],
    )
    summary = summarize_extractive(article, SummaryLength(sentences=3))
    picked = [s.sources[0].sentence_index for s in summary.sentences]
    assert picked == [0, 4]
