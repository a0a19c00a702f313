"""Metric wrappers against sacrebleu's own API, shape guards, significance and documents."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tarjama.clients.evaluation.documents import document_scores, group_by_document
from tarjama.clients.evaluation.inputs import AlignedCorpus
from tarjama.clients.evaluation.significance import describe, paired_significance
from tarjama.clients.evaluation.translation_metrics import (
    check_corpus_shape,
    score_corpus,
    sentence_chrf,
)
from tarjama.models.errors import InvalidInput

REFS = [
    "The two leaders signed 20 agreements on Monday.",
    "Trade between the countries doubled last year.",
    "The railway will link the port to Central Asia.",
    "Officials said the talks were constructive.",
]
HYPS = [
    "The two leaders signed 20 agreements Monday.",
    "Trade between both countries doubled last year.",
    "The railway is to connect the port with Central Asia.",
    "Officials said that the talks had been constructive.",
]
WORSE = [
    "Two leader sign agreements.",
    "The trade doubled.",
    "Railway port Asia.",
    "Talks constructive, officials.",
]


def test_scores_equal_sacrebleu_corpus_scores_with_signatures():
    results = score_corpus(HYPS, [REFS])
    expected = {
        "BLEU": BLEU(),
        "chrF2": CHRF(),
        "chrF2++": CHRF(word_order=2),
        "TER": TER(),
    }
    for name, metric in expected.items():
        score = metric.corpus_score(HYPS, [REFS])
        assert results[name].score == pytest.approx(score.score)
        assert results[name].signature == str(metric.get_signature())
        assert results[name].line.startswith(f"{score.name}|nrefs:1|")
    bleu = results["BLEU"]
    assert bleu.details["hyp_len"] == BLEU().corpus_score(HYPS, [REFS]).sys_len
    assert bleu.to_json()["display"] == f"{bleu.score:.1f}"
    assert results["chrF2"].to_json()["display"] == f"{results['chrF2'].score:.2f}"


def test_two_reference_streams():
    second = [r.replace("signed", "concluded") for r in REFS]
    results = score_corpus(HYPS, [REFS, second])
    assert results["BLEU"].score == pytest.approx(BLEU().corpus_score(HYPS, [REFS, second]).score)
    assert "nrefs:2" in results["BLEU"].signature


def test_sentence_chrf_is_sacrebleus_sentence_score():
    scores = sentence_chrf(HYPS, [REFS])
    for hyp, ref, score in zip(HYPS, REFS, scores, strict=True):
        assert score == pytest.approx(CHRF().sentence_score(hyp, [ref]).score, abs=1e-4)


@pytest.mark.parametrize(
    ("hyps", "refs", "message"),
    [
        (HYPS, REFS, "not a list of lines"),  # a bare list of strings: sacrebleu reads chars
        (HYPS, [REFS[:1]], "has 1 segments but there are 4"),  # would score one line only
        ("one string", [REFS], "not one string"),
        ([], [[]], "no hypotheses"),
        (HYPS, [], "reference streams"),
        (HYPS, [["", "", "", ""]], "is empty"),
        ([1, 2, 3, 4], [REFS], "must be a string"),
    ],
)
def test_shapes_on_which_sacrebleu_misscores_are_refused(hyps, refs, message):
    with pytest.raises(InvalidInput, match=message):
        check_corpus_shape(hyps, refs)
    with pytest.raises(InvalidInput):
        score_corpus(hyps, refs)


def test_paired_significance_uses_sacrebleu_paired_test():
    results = paired_significance(
        ("system", HYPS * 3),
        ("baseline", WORSE * 3),
        [REFS * 3],
        tests=("bs", "ar"),
        samples={"bs": 50, "ar": 50},
        metric_names=("BLEU", "chrF2"),
    )
    assert [r["test"] for r in results] == ["bs", "ar"]
    for result in results:
        chrf = result["metrics"]["chrF2"]
        assert 0 < chrf["p_value"] <= 1
        assert chrf["system_better"] and chrf["delta"] > 0
        assert chrf["system"]["low"] <= chrf["system"]["mean"] <= chrf["system"]["high"]
        assert "bs:" in chrf["signature"] or "ar:" in chrf["signature"]
    assert results[0]["metrics"]["chrF2"]["significant"]
    assert any("chrF2" in line for line in describe(results[0]))


def test_significance_refuses_unknown_test_and_identical_systems():
    with pytest.raises(InvalidInput, match="unknown significance test"):
        paired_significance(("a", HYPS), ("b", WORSE), [REFS], tests=("t-test",))
    with pytest.raises(InvalidInput, match="identical systems"):
        paired_significance(("a", HYPS), ("b", list(HYPS)), [REFS])
    spaced = [f" {line}  " for line in HYPS]  # the same output, written differently
    with pytest.raises(InvalidInput, match="identical systems"):
        paired_significance(("a", HYPS), ("b", spaced), [REFS])


def test_documents_are_joined_in_order_and_scored_whole():
    corpus = AlignedCorpus(
        segment_ids=["1", "2", "3", "4"],
        references=[REFS],
        hypotheses={"system": HYPS},
        documents=["d1", "d1", "d2", "d2"],
        levels=["sentence"] * 4,
    )
    grouped = group_by_document(corpus)
    assert grouped.segment_ids == ["d1", "d2"]
    assert grouped.references[0][0] == f"{REFS[0]} {REFS[1]}"
    result = document_scores(corpus)
    assert result["count"] == 2
    joined_hyps = [f"{HYPS[0]} {HYPS[1]}", f"{HYPS[2]} {HYPS[3]}"]
    joined_refs = [f"{REFS[0]} {REFS[1]}", f"{REFS[2]} {REFS[3]}"]
    expected = BLEU().corpus_score(joined_hyps, [joined_refs]).score
    assert result["scores"]["BLEU"]["score"] == pytest.approx(expected)
    assert [d["segments"] for d in result["per_document"]] == [2, 2]
