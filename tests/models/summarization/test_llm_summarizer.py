"""The citation checker and the instruction-model summarizer, on a scripted model."""

from __future__ import annotations

import pytest

from tarjama.models.summarization.citations import (
    LOW_SUPPORT,
    UNCITED,
    UNKNOWN_SOURCE,
    UNSUPPORTED_NAME,
    UNSUPPORTED_NUMBER,
    CitationChecker,
    check_summary,
)
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.summarization.llm_summarizer import LLMSummarizer, parse_claims
from tarjama.models.summarization.types import (
    ArticleText,
    SentenceRef,
    Summary,
    SummaryLength,
    SummaryMethod,
    SummarySentence,
)
from tarjama.models.testing.scripted_llm import ScriptedLLM, summary_responder
from tarjama.models.types import ModelRef

SENTENCES = [
    "Kazakhstan and Pakistan signed a strategic partnership agreement in Islamabad.",
    "President Tokayev met Prime Minister Shehbaz Sharif to discuss ports on the Arabian Sea.",
    "The two countries aim to raise trade to 1 billion dollars by 2027.",
    "Officials said the talks focused on energy, security and regional cooperation.",
    "The leaders agreed to develop a transport corridor through Afghanistan.",
    "Journalists were not allowed to enter the area, witnesses said.",
]
ARTICLE = ArticleText("a", None, SENTENCES)
SOURCES = {SentenceRef(0, i): text for i, text in enumerate(SENTENCES)}


def refs(*indices: int) -> list[SentenceRef]:
    return [SentenceRef(0, i) for i in indices]


@pytest.mark.parametrize(
    ("text", "cited", "reasons"),
    [
        ("Kazakhstan and Pakistan signed a partnership agreement.", refs(0), ()),
        ("Trade is to reach 1 billion dollars by 2027.", refs(2), ()),
        ("Kazakhstan and Pakistan signed an agreement.", [], (UNCITED,)),
        ("Kazakhstan and Pakistan signed an agreement.", [SentenceRef(0, 99)], (UNKNOWN_SOURCE,)),
        ("Trade is to reach 5 billion dollars by 2027.", refs(2), (UNSUPPORTED_NUMBER,)),
        ("Tokayev met Vladimir Putin to discuss ports.", refs(1), (UNSUPPORTED_NAME,)),
        ("Tokayev met Sharif in Islamabad.", refs(0, 1), ()),  # names split over two sources
        ("Kazakhstan and Pakistan signed an agreement.", refs(5), (UNSUPPORTED_NAME, LOW_SUPPORT)),
    ],
)
def test_checker_rules(text, cited, reasons):
    assert CitationChecker(SOURCES).check(text, cited).reasons == reasons


def test_recite_finds_the_sources_that_say_it():
    checker = CitationChecker(SOURCES)
    found = checker.recite("Trade is to reach 1 billion dollars by 2027.")
    assert found is not None and found[0] == (SentenceRef(0, 2),)
    assert checker.recite("The moon is made of green cheese.") is None


def test_parse_claims_keeps_citations_with_their_sentence_and_drops_commentary():
    answer = (
        "Here is a summary:\n"
        "1. The two signed a deal [0:0]. Trade will grow [0:2][0:3]\n"
        "- Talks covered energy [0:3, 0:4].\n"
        "An uncited claim."
    )
    assert parse_claims(answer) == [
        ("The two signed a deal.", refs(0)),
        ("Trade will grow.", refs(2, 3)),
        ("Talks covered energy.", refs(3, 4)),
        ("An uncited claim.", []),
    ]


def summarizer_for(fault: str | None, sentences: int = 3) -> tuple[LLMSummarizer, ScriptedLLM]:
    backend = ScriptedLLM(summary_responder(fault, sentences=sentences))
    return LLMSummarizer(backend, ModelRef("scripted/llm", "0")), backend


def test_a_well_cited_summary_is_kept_as_written():
    summarizer, backend = summarizer_for(None)
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=3))
    assert summary.method is SummaryMethod.ABSTRACTIVE and summary.model is not None
    assert len(summary.sentences) == 3
    assert summary.citation_check.checked == summary.citation_check.supported == 3
    assert "[0:2] The two countries" in backend.prompts[0]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("wrong_citation", LOW_SUPPORT),
        ("missing_citation", UNKNOWN_SOURCE),
        ("uncited", UNCITED),
    ],
)
def test_a_badly_cited_sentence_is_recited(fault, reason):
    summarizer, _ = summarizer_for(fault)
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=3))
    check = summary.citation_check
    assert check.recited == 1 and check.dropped == 0 and check.reasons.get(reason) == 1
    assert summary.sentences[0].sources == (SentenceRef(0, 0),)
    assert any("1 re-cited" in note for note in summary.notes)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("invented_number", UNSUPPORTED_NUMBER), ("invented_name", UNSUPPORTED_NAME)],
)
def test_an_invented_fact_is_dropped_and_counted(fault, reason):
    summarizer, _ = summarizer_for(fault)
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=3))
    check = summary.citation_check
    assert check.dropped == 1 and check.reasons[reason] == 1
    assert len(summary.sentences) == 2
    assert not any("987,654" in s.text or "Zebulon" in s.text for s in summary.sentences)


def test_too_little_survives_falls_back_to_extractive():
    summarizer, _ = summarizer_for("all_invented")
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=3))
    assert summary.method is SummaryMethod.EXTRACTIVE
    assert summary.citation_check.fell_back and summary.citation_check.dropped == 3
    assert summary.notes[0].startswith("extractive summary: only 0 of the instruction model")


def test_collection_synthesis_cites_across_articles():
    other = ArticleText("b", None, ["Pakistan and Kazakhstan discussed trade and energy links."])
    summarizer, backend = summarizer_for(None, sentences=2)
    facade = Summarizer(summarizer)
    summary = facade.summarize_collection([ARTICLE, other], SummaryLength(sentences=2))
    assert summary.method is SummaryMethod.ABSTRACTIVE
    assert "[1:0]" in backend.prompts[0] and "together" in backend.prompts[0]
    assert summary.citation_check.path == "instruction model"


def test_the_checker_reports_on_other_paths_without_dropping():
    summary = Summary(
        [
            SummarySentence("Kazakhstan and Pakistan signed an agreement.", (SentenceRef(0, 0),)),
            SummarySentence("Trade will reach 7 billion dollars.", (SentenceRef(0, 2),)),
        ],
        SummaryMethod.ABSTRACTIVE,
    )
    checked = check_summary(summary, SOURCES, "abstractive")
    assert len(checked.sentences) == 2
    assert checked.citation_check.supported == 1
    assert checked.citation_check.reasons == {UNSUPPORTED_NUMBER: 1}
    assert checked.sentences[1].unsupported_numbers == ("7 billion",)
    assert "citation check (abstractive): 1 of 2" in checked.notes[-1]
    extractive = Summarizer().summarize_article(ARTICLE, SummaryLength(sentences=2))
    assert extractive.citation_check.path == "extractive"
    assert extractive.citation_check.supported == extractive.citation_check.checked == 2


def test_the_tiny_chat_model_loads_as_summarizer_and_falls_back(tiny_llm_dir):
    from tarjama.models.summarization.engine import load_summarizer

    summarizer = load_summarizer(str(tiny_llm_dir), method=SummaryMethod.ABSTRACTIVE)
    assert summarizer.writes_checked_summaries
    summary = summarizer.summarize_article(ARTICLE, SummaryLength(sentences=2))
    # Random weights cite nothing: the extractive summary, saying why.
    assert summary.method is SummaryMethod.EXTRACTIVE
    assert summary.citation_check is not None and summary.citation_check.fell_back
    assert "instruction model" in summary.notes[0]
