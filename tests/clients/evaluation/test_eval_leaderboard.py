"""Acceptance: the published FLORES-200 leaderboard figures, when ../shared/eval-data exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.evaluation.documents import group_by_document
from tarjama.clients.evaluation.inputs import AlignedCorpus, read_document_ids, read_lines

EVAL_DATA = Path(
    os.environ.get(
        "TARJAMA_EVAL_DATA", Path(__file__).resolve().parents[4] / "shared" / "eval-data"
    )
)
OUTPUT = EVAL_DATA / "leaderboard" / "opus-2021-02-23.flores200-devtest.ara-eng.output"
REFERENCE = EVAL_DATA / "flores200-devtest" / "eng.txt"
NTREX = EVAL_DATA / "ntrex128"

pytestmark = pytest.mark.skipif(
    not (OUTPUT.is_file() and REFERENCE.is_file()),
    reason=f"shared evaluation data not found at {EVAL_DATA}",
)


@pytest.mark.slow
def test_published_flores_scores_are_reproduced(tmp_path, capsys):
    code = main(["eval", "translation", "--hyp", str(OUTPUT), "--ref", str(REFERENCE),
                 "--no-checks", "--out", str(tmp_path)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert (
        "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 35.3"
        " 66.1/41.4/28.4/20.0 (BP = 1.000 ratio = 1.009 hyp_len = 24941 ref_len = 24721)"
    ) in printed
    assert "chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 61.55" in printed
    assert "chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = 59.61" in printed


@pytest.mark.skipif(not NTREX.is_dir(), reason="NTREX-128 not present")
def test_ntrex_document_ids_line_up():
    lines = read_lines(NTREX / "eng.txt")
    corpus = AlignedCorpus(
        segment_ids=[str(i) for i in range(len(lines))],
        references=[lines],
        hypotheses={"system": lines},
        documents=read_document_ids(NTREX / "document_ids.tsv", len(lines)),
    )
    documents = group_by_document(corpus)
    assert len(lines) == 1997 and len(documents) == 123
