"""`tarjama eval segmentation`: boundary scoring on hand-made sentence-per-line test sets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tarjama.clients.evaluation.segmentation import (
    english_sentence_count,
    find_document_ids,
    regex_split,
    score_dataset,
    total,
)
from tarjama.models.errors import InvalidInput
from tarjama.models.text.segment import split_sentences

ARABIC = [
    'قال الوزير: "بدأنا العمل. النتائج جيدة."',  # a quotation spanning two sentences
    "وصل الوفد إلى العاصمة أمس. وعقد اجتماعا مطولا.",  # two sentences in one line
    "وأشار إلى أن المحادثات ستستمر",  # no final punctuation: the join cannot be found
    "ووقع الجانبان اتفاقية تعاون تشمل قطاعات الطاقة والنقل والتجارة؛ كما اتفقا على تبادل الخبرات"
    " في مجالات التعليم والصحة والزراعة.",  # a ؛ clause split
    "وقال د. أحمد إن النمو بلغ 2.5 في المئة.",
    "واختتمت الزيارة اليوم.",
]
ENGLISH = [
    'The minister said: "We started work. The results are good."',
    "The delegation arrived in the capital yesterday. It held a long meeting.",
    "He noted that the talks would continue",
    "The two sides signed a cooperation agreement covering energy, transport and trade; "
    "they also agreed to exchange expertise in education, health and agriculture.",
    "Dr. Ahmed said growth reached 2.5 percent.",
    "The visit ended today.",
]


@pytest.fixture
def testset(tmp_path):
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "ara.txt").write_text("\n".join(ARABIC) + "\n", encoding="utf-8")
    (folder / "eng.txt").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    return folder


def test_english_sentence_count():
    assert english_sentence_count("One. Two! Three?") == 3
    assert english_sentence_count("Dr. Smith met J. K. Rowling in the U.S. on Monday.") == 1
    assert english_sentence_count('He said "Stop." Then he left.') == 2
    assert english_sentence_count("supportive therapy.Recommended measures, 2020.In") == 3


def test_scores_joins_lines_with_two_sentences_and_clause_splits(testset):
    score = score_dataset(testset / "ara.txt", testset / "eng.txt", window=8)
    assert (score.documents, score.lines) == (1, 6)
    # 5 joins (one unpunctuated, so missed) + 2 boundaries inside lines 1 and 2.
    assert score.joins.gold == 5 and score.joins.correct == 4
    assert score.punctuated_joins.gold == 4 and score.punctuated_joins.recall == 1.0
    assert score.boundaries.gold == 7
    assert score.boundaries.correct == 6
    assert score.boundaries.predicted == 6  # the ؛ split is counted apart
    assert score.clause_splits == 1
    assert score.with_clause_splits.predicted == 7
    assert score.with_clause_splits.precision == pytest.approx(6 / 7)
    assert score.boundaries.precision == 1.0
    assert score.boundaries.recall == pytest.approx(6 / 7)
    assert [m["left"].endswith("المحادثات ستستمر") for m in score.missed] == [True]


def test_without_a_reference_every_line_is_one_sentence(testset):
    score = score_dataset(testset / "ara.txt", None, window=8)
    assert score.boundaries.gold == 5
    assert score.boundaries.predicted == 6  # the two splits inside lines count as false
    assert len(score.extra) == 2


def test_before_the_quote_fix_the_closing_quote_is_lost(testset):
    def quote_blind(text: str) -> list[str]:
        # Splits before a straight closing quote, as the old splitter effectively did.
        return split_sentences(text.replace('."', '. "'))

    score = score_dataset(testset / "ara.txt", testset / "eng.txt", splitter=quote_blind)
    assert score.joins.correct == 3  # the join after 'جيدة."' is missed


def test_windows_make_several_documents_and_total_adds_them(testset):
    score = score_dataset(testset / "ara.txt", testset / "eng.txt", window=2)
    assert (score.documents, score.joins.gold) == (3, 3)
    combined = total([score, score])
    assert combined.joins.gold == 6 and combined.lines == 12


def test_misaligned_reference_and_bad_window_are_refused(testset):
    (testset / "eng.txt").write_text("one line\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="aligned"):
        score_dataset(testset / "ara.txt", testset / "eng.txt")
    with pytest.raises(InvalidInput, match="window"):
        score_dataset(testset / "ara.txt", None, window=1)


@pytest.mark.slow
def test_cli_writes_result_and_compares_with_a_baseline(testset, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tarjama.clients.cli.main", "eval", "segmentation"]
    first = subprocess.run(
        [*command, "--data", str(testset), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "mini" in first.stdout and "0.8571" in first.stdout
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["kind"] == "segmentation"
    assert result["datasets"][0]["boundaries"]["correct"] == 6
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# tarjama evaluation")

    second = subprocess.run(
        [*command, "--data", str(testset), "--out", str(tmp_path / "again"), "--baseline"]
        + [str(out / "result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    assert "mini: precision 1.0000 -> 1.0000" in second.stdout

    missing = subprocess.run(
        [*command, "--data", str(tmp_path / "nope")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_english_sentence_count_reads_unspaced_and_initial_boundaries():
    assert english_sentence_count("related to SARS-CoV.The earliest case") == 2
    assert english_sentence_count('it was "erroneous".In China, racism grew') == 2
    assert english_sentence_count("a throat swab may be used.A number of labs") == 2
    assert english_sentence_count("by Shenzhen Bioeasy.80% of the kits failed") == 2
    assert english_sentence_count("undercounting in the U.S. Such underestimation") == 2
    assert english_sentence_count("the U.S. Centers for Disease Control") == 1
    assert english_sentence_count("see Fig.3 and LiverpoolFC.com and version 1.5") == 1


def test_articles_from_document_ids_are_one_text_each_with_the_headline_apart(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    arabic = [
        "عنوان المقال الأول",  # headline: a paragraph of its own, its join is not scored
        "وصل الوفد إلى العاصمة أمس.",
        "وعقد اجتماعا مطولا.",
        "عنوان المقال الثاني",
        "بدأت المحادثات اليوم.",
    ]
    english = ["Headline one", "The delegation arrived.", "It met.", "Headline two", "Talks began."]
    (folder / "ara.txt").write_text("\n".join(arabic) + "\n", encoding="utf-8")
    (folder / "eng.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    (folder / "document_ids.tsv").write_text("a\na\na\nb\nb\n", encoding="utf-8")
    ids = find_document_ids(folder / "ara.txt")
    score = score_dataset(folder / "ara.txt", folder / "eng.txt", document_ids=ids)
    assert score.articles and score.documents == 2 and score.lines == 5
    assert score.joins.gold == 1 and score.joins.correct == 1  # only the body join of "a"
    assert score.regex_baseline is not None and score.regex_baseline.gold == 1
    (folder / "document_ids.tsv").write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="aligned"):
        score_dataset(folder / "ara.txt", None, document_ids=ids)


def test_regex_baseline_splits_after_every_full_stop():
    assert regex_split('قال د. أحمد "انتهى." ثم غادر') == ["قال د.", 'أحمد "انتهى."', "ثم غادر"]


def test_english_sentence_count_reads_unspaced_acronyms_and_quoted_numbers():
    assert english_sentence_count("its protective envelope.SARS-CoV-2 is related") == 2
    assert english_sentence_count('not later than summer 2021".Casinos have closed') == 2
