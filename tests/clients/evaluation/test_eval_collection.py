"""`tarjama eval collection`: a digest's collection summary against several human summaries."""

from __future__ import annotations

import json

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.evaluation.collection_rouge import (
    System,
    cut_words,
    lead_baseline,
    score_systems,
)


def _cluster(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "01.txt").write_text(
        "Flood hits the delta\n\nSaturday, January 8, 2005\n\n"
        "The river burst its banks and flooded the delta towns.\n\n"
        "Rescue teams reached the villages by boat.\n",
        encoding="utf-8",
    )
    (articles / "02.txt").write_text(
        "Aid arrives\n\nMonday, January 10, 2005\n\n"
        "Aid convoys brought water and tents to the delta.\n\n"
        "The government pledged more help for farmers.\n",
        encoding="utf-8",
    )
    refs = tmp_path / "references"
    refs.mkdir()
    (refs / "human_A.txt").write_text(
        "The river flooded the delta towns. Aid convoys brought water and tents.\n"
    )
    (refs / "human_B.txt").write_text("Floods hit the delta and aid convoys arrived.\n")
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "peer_1.txt").write_text("Rescue teams reached the villages by boat.\n")
    digest = tmp_path / "digest"
    digest.mkdir()
    (digest / "digest.json").write_text(
        json.dumps(
            {
                "collection_summary": {
                    "sentences": [
                        {"text": "The river burst its banks and flooded the delta towns."},
                        {"text": "Aid convoys brought water and tents to the delta."},
                    ]
                }
            }
        )
    )
    return articles, refs, peers, digest


def test_lead_baseline_takes_first_body_sentences_round_robin(tmp_path):
    articles, *_ = _cluster(tmp_path)
    assert lead_baseline(articles) == [
        "The river burst its banks and flooded the delta towns.",  # not the headline or date
        "Aid convoys brought water and tents to the delta.",
        "Rescue teams reached the villages by boat.",
        "The government pledged more help for farmers.",
    ]


def test_summaries_are_cut_at_the_same_word_count():
    assert cut_words(["one two three", "four five six"], 4) == ["one two three", "four"]
    assert cut_words(["one two"], 0) == ["one two"]


def test_scores_are_averaged_over_the_references():
    refs = [System("A", ["the river flooded the towns"], ""), System("B", ["aid arrived"], "")]
    body = score_systems([System("s", ["the river flooded the towns"], "")], refs, None)
    row = body["systems"][0]
    assert row["per_reference"]["A"]["rouge1"] == pytest.approx(100.0)
    assert row["scores"]["rouge1"] == pytest.approx(
        (row["per_reference"]["A"]["rouge1"] + row["per_reference"]["B"]["rouge1"]) / 2, abs=0.01
    )
    assert body["settings"]["use_stemmer"] is True


def test_the_command_prints_the_table_and_its_settings(tmp_path, capsys):
    articles, refs, peers, digest = _cluster(tmp_path)
    out = tmp_path / "result"
    args = ["--digest", digest, "--ref", refs, "--articles", articles, "--peers", peers]
    code = main(["eval", "collection", *map(str, args), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| tarjama |" in printed and "| lead baseline (round-robin) |" in printed
    assert "| peer_1 |" in printed
    assert "Porter stemming on" in printed and "2 references" in printed
    result = json.loads((out / "result.json").read_text())
    assert [s["name"] for s in result["systems"]] == [
        "tarjama", "lead baseline (round-robin)", "peer_1"
    ]  # fmt: skip
    assert "Collection summary ROUGE" in (out / "report.md").read_text()
