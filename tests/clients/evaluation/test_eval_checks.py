"""Reference-free checks of translations and summaries."""

from __future__ import annotations

from tarjama.clients.evaluation.checks import check_summary, check_translations, redundancy

SOURCE = "ذهب الرجل إلى السوق لشراء الخبز والحليب"


def issues_of(result: dict, index: int) -> set[str]:
    for flagged in result["flagged"]:
        if flagged["index"] == index:
            return {issue["check"] for issue in flagged["issues"]}
    return set()


def test_loop_and_copy_findings_say_what_they_saw():
    # The rules are models/text/repetition.py's (tests/models/text/test_text_repetition.py).
    result = check_translations(
        [SOURCE, SOURCE, SOURCE],
        [
            "to the market to the market to the market",
            "He went to the السوق today",
            "The man went on and on and on",
        ],
        engine_flags=[(), (), ("length_capped",)],
    )
    details = {f["index"]: [i["detail"] for i in f["issues"]] for f in result["flagged"]}
    assert "repetition loop: 'to the market' x3" in details[0]
    assert "Arabic left in the output: السوق" in details[1]
    assert "repetition loop: 'and on' x2 at the end of a capped output" in details[2]


def test_check_translations_flags_each_problem():
    sources = [
        SOURCE,
        SOURCE,
        SOURCE,
        "قال الرئيس إن التجارة بلغت ٨٦ مليون يورو",
        "قال الرئيس إن التجارة بلغت ٥,٧ مليار يورو هذا العام",
        "قال الرئيس إن التجارة بلغت مستوى قياسيا هذا العام وإن النمو سيستمر طويلا",
    ]
    hypotheses = [
        "The man went to the market to buy bread and milk.",
        SOURCE,
        "The man went to the market to the market to the market to the market",
        "The president said trade reached 86 billion euros",
        "The president said trade reached a record this year",
        "Trade.",
    ]
    result = check_translations(
        sources, hypotheses, engine_flags=[(), (), ("repetition",)] + [()] * 3
    )
    assert issues_of(result, 0) == set()
    assert issues_of(result, 1) == {"copy_of_source"}
    assert issues_of(result, 2) == {"repetition"}
    assert issues_of(result, 3) == {"number_changed"}
    assert issues_of(result, 4) == {"number_missing"}
    assert issues_of(result, 5) == {"length_ratio"}
    assert result["segments_flagged"] == 5
    assert result["counts"]["copy_of_source"] == 1
    assert result["engine_flags"] == {"repetition": 1}
    assert result["median_length_ratio"] is not None


def test_segments_without_source_get_only_source_free_checks():
    result = check_translations(["", ""], ["fine text", "left السوق here"])
    assert issues_of(result, 0) == set()
    assert issues_of(result, 1) == {"untranslated"}
    assert result["segments_with_source"] == 0


def test_summary_checks():
    sources = ["بلغت التجارة ٨٦ مليون يورو في عام ٢٠٢٤ بين البلدين حسب الأرقام الرسمية"]
    summary = ["Trade reached 86 million euros in 2024.", "Trade reached 86 million euros in 2024."]
    result = check_summary(summary, sources)
    assert result["unsupported_numbers"] == []
    assert result["repeated_sentences"] == 1
    assert result["redundancy_trigrams"] > 0.4
    assert 0 < result["compression_ratio"] < 2
    assert check_summary(["Up 12%."], sources)["unsupported_numbers"] == ["12%"]
    assert "compression_ratio" not in check_summary(["No sources."], [])
    assert redundancy("a b c d e") == 0.0
