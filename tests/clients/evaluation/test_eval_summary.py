"""ROUGE through rouge-score: newline sentence splitting for Lsum, intervals, summary inputs."""

from __future__ import annotations

import json

import pytest
from rouge_score import rouge_scorer

from tarjama.clients.evaluation.corpora import summary_inputs
from tarjama.clients.evaluation.summary_metrics import (
    load_summaries,
    score_summaries,
    split_sentences,
    strip_attribution,
)
from tarjama.models.errors import InvalidInput

REFERENCE = ["The police arrested two men on Monday.", "The men were charged with theft."]
# Same sentences in the other order: LCS over the joined text only matches one of them,
# the union LCS of ROUGE-Lsum matches both.
HYPOTHESIS = ["The men were charged with theft.", "The police arrested two men on Monday."]


def test_rouge_lsum_differs_from_rouge_l_on_multi_sentence_summaries():
    result = score_summaries([("a", HYPOTHESIS, REFERENCE)], samples=20)
    per_summary = result["per_summary"][0]
    assert per_summary["rougeLsum"] == pytest.approx(100.0)
    assert per_summary["rougeL"] < 80
    expected = rouge_scorer.RougeScorer(["rougeL", "rougeLsum"], use_stemmer=True).score(
        "\n".join(REFERENCE), "\n".join(HYPOTHESIS)
    )
    assert per_summary["rougeL"] == pytest.approx(expected["rougeL"].fmeasure * 100, abs=1e-3)
    assert result["settings"]["use_stemmer"] is True


def test_stemming_is_on_and_intervals_bracket_the_mean():
    pairs = [
        ("a", ["Officials arrested the suspects."], ["Officials arrest the suspect."]),
        ("b", ["Prices rose sharply."], ["Prices were rising."]),
        ("c", ["Nothing in common."], ["Completely different words here."]),
    ]
    result = score_summaries(pairs, samples=200)
    assert result["per_summary"][0]["rouge1"] == pytest.approx(100.0)  # stemmed tokens
    for score in result["scores"].values():
        assert score["ci_low"] <= score["fmeasure"] <= score["ci_high"]
    assert score_summaries(pairs, samples=200)["scores"] == result["scores"]  # seeded


def test_sentence_splitting_and_attributions():
    assert strip_attribution("They agree on corridors. [0,1, 2]") == "They agree on corridors."
    text = "First sentence here. Second one follows! “Third,” he said.\nFourth line [3]\n"
    assert split_sentences(text) == [
        "First sentence here.",
        "Second one follows!",
        "“Third,” he said.",
        "Fourth line",
    ]


def test_summary_files_folders_and_json(tmp_path):
    refs, hyps = tmp_path / "refs", tmp_path / "hyps"
    refs.mkdir()
    hyps.mkdir()
    (refs / "a.summary.txt").write_text("Ref one.\nRef two.\n", encoding="utf-8")
    (refs / "a.en.txt").write_text("Not a summary.\n", encoding="utf-8")
    (refs / "collection.summary.txt").write_text("All about it. [0,1]\n", encoding="utf-8")
    (hyps / "a.json").write_text(
        json.dumps({"summary": {"sentences": [{"text": "Ref one."}, {"text": "Other."}]}}),
        encoding="utf-8",
    )
    (hyps / "collection.txt").write_text("All about it.\n", encoding="utf-8")
    assert load_summaries(refs, role="--ref") == {
        "a": ["Ref one.", "Ref two."],
        "collection": ["All about it."],
    }
    assert load_summaries(hyps, role="--hyp")["a"] == ["Ref one.", "Other."]
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "a.txt").write_text("نص عربي فيه ٨٦ مليون\n", encoding="utf-8")
    (sources / "b.txt").write_text("نص آخر\n", encoding="utf-8")
    pairs, by_id, notes = summary_inputs(hyps, refs, src=sources)
    assert [p[0] for p in pairs] == ["a", "collection"]
    assert by_id["a"] == ["نص عربي فيه ٨٦ مليون"]
    assert len(by_id["collection"]) == 2  # every source article
    (refs / "z.summary.txt").write_text("Missing.\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no hypothesis summary for 1 of 3"):
        summary_inputs(hyps, refs)


def test_digest_folder_provides_the_collection_summary(tmp_path):
    (tmp_path / "a.summary.txt").write_text("Article summary.\n", encoding="utf-8")
    digest = {"collection_summary": {"sentences": [{"text": "Across all."}], "text": "x"}}
    (tmp_path / "digest.json").write_text(json.dumps(digest), encoding="utf-8")
    assert load_summaries(tmp_path, role="--hyp") == {
        "a": ["Article summary."],
        "collection": ["Across all."],
    }


def test_one_summary_per_line(tmp_path):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("A cat sat. It slept.\nDogs bark.\n", encoding="utf-8")
    ref.write_text("A cat sat down. It slept.\nDogs barked loudly.\n", encoding="utf-8")
    pairs, _, _ = summary_inputs(hyp, ref, one_per_line=True)
    assert pairs[0] == ("line 1", ["A cat sat.", "It slept."], ["A cat sat down.", "It slept."])
