"""`tarjama eval` commands in-process: printed scores, exit codes and the result JSON schema."""

from __future__ import annotations

import json
import re

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.evaluation import html_report
from tarjama.clients.runs.article_files import write_article_outputs
from tarjama.models.types import ModelRef, Paragraph, ParagraphKind, Segment, TranslatedArticle

REFS = ["The leaders signed 20 agreements.", "Trade doubled to 86 million euros.", "Talks went on."]
HYPS = ["The leaders signed 20 deals.", "Trade doubled to 86 million euros.", "Talks continued."]
BASE = ["Leaders signed deals.", "Trade doubled to 68 million.", "Talks."]
SRCS = ["وقع القادة ٢٠ اتفاقية.", "تضاعفت التجارة إلى ٨٦ مليون يورو.", "استمرت المحادثات."]

# Required keys of every result, and of each kind, with their types.
ENVELOPE = {
    "schema": str,
    "kind": str,
    "created": str,
    "command": list,
    "versions": dict,
    "model": (dict, type(None)),
    "models": list,
    "inputs": dict,
}
TRANSLATION = {
    "system": str,
    "segments": int,
    "level": str,
    "scores": dict,
    "length_ratio": float,
    "sentence_chrf": dict,
    "segment_results": list,
    "baselines": dict,
    "lowest_segments": list,
    "notes": list,
}
SCORE = {"score": float, "display": str, "signature": str, "line": str}


def assert_schema(data: dict, schema: dict) -> None:
    for key, kind in schema.items():
        assert key in data, f"missing {key}"
        assert isinstance(data[key], kind), f"{key} is {type(data[key]).__name__}"


@pytest.fixture
def files(tmp_path, write_lines):
    return {
        name: write_lines(tmp_path / f"{name}.txt", lines)
        for name, lines in {"hyp": HYPS, "ref": REFS, "base": BASE, "src": SRCS}.items()
    }


def run_cli(*argv: str) -> int:
    return main(["eval", *argv])


@pytest.mark.slow
def test_translation_prints_signatures_and_writes_all_reports(files, tmp_path, capsys):
    out = tmp_path / "report"
    code = run_cli(
        "translation", "--hyp", str(files["hyp"]), "--ref", str(files["ref"]),
        "--src", str(files["src"]), "--baseline", str(files["base"]),
        "--significance", "both", "--samples", "20", "--out", str(out), "--html",
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in printed
    assert "chrF2|nrefs:1|" in printed and "chrF2++|" in printed and "TER|" in printed
    assert "paired bootstrap resampling" in printed and "approximate randomization" in printed
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert_schema(result, ENVELOPE | TRANSLATION)
    assert result["schema"] == "tarjama.eval.v1" and result["kind"] == "translation"
    assert set(result["versions"]) >= {"tarjama", "sacrebleu", "rouge_score", "python"}
    for name in ("BLEU", "chrF2", "chrF2++", "TER"):
        assert_schema(result["scores"][name], SCORE)
    assert len(result["segment_results"]) == 3
    assert [t["test"] for t in result["significance"]] == ["bs", "ar"]
    assert set(result["significance"][0]["metrics"]["BLEU"]) >= {"p_value", "system", "baseline"}
    assert result["checks"]["segments"] == 3
    assert "sha256" in result["inputs"]["hyp"]
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "## Corpus scores" in markdown and "## Baseline: baseline" in markdown
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 3
    alts = re.findall(r'<img alt="([^"]*)"', html)
    assert len(alts) == html.count("<img") and "plot" not in alts
    assert any(alt.startswith("Histogram of sentence-level chrF") for alt in alts)
    assert "<table><thead><tr>" in html and "<tbody></tbody>" not in html
    assert "overflow-wrap: anywhere" in html  # long tokens wrap in every table


def test_document_ids_add_document_scores(files, tmp_path, capsys, write_lines):
    docs = write_lines(tmp_path / "docs.tsv", ["d1", "d1", "d2"])
    out = tmp_path / "r"
    assert run_cli(
        "translation", "--hyp", str(files["hyp"]), "--ref", str(files["ref"]),
        "--docs", str(docs), "--model", "opus-mt", "--out", str(out),
    ) == 0  # fmt: skip
    assert "documents (2): BLEU" in capsys.readouterr().out
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["documents"]["count"] == 2
    assert result["model"]["id"] == "opus-mt"


def test_document_plot_names_its_article_ids(monkeypatch):
    result = {"documents": {"per_document": [
        {"id": f"site/2024/{i:04d}", "chrF2": float(i)} for i in range(100)
    ]}}  # fmt: skip
    captured = {}

    def png(figure, alt):
        captured.update(ticks=[t.get_text() for t in figure.axes[0].get_xticklabels()], alt=alt)
        return alt

    monkeypatch.setattr(html_report, "_png", png)
    html_report.document_bars(result)
    assert captured["ticks"][0] == "site/2024/0000" and len(captured["ticks"]) <= 40
    assert "Lowest: site/2024/0000 (0.0); highest: site/2024/0099 (99.0)" in captured["alt"]


def test_bad_input_is_one_readable_line_and_exit_2(files, tmp_path, capsys, write_lines):
    short = write_lines(tmp_path / "short.txt", REFS[:2])
    code = run_cli("translation", "--hyp", str(files["hyp"]), "--ref", str(short))
    error = capsys.readouterr().err
    assert code == 2
    assert error.startswith("tarjama: error: line counts differ") and error.count("\n") == 1
    assert not (tmp_path / "eval-results").exists()


def test_check_command_and_fail_on_issues(files, tmp_path, capsys):
    out = tmp_path / "c"
    args = ["check", "--hyp", str(files["base"]), "--src", str(files["src"]), "--out", str(out)]
    assert run_cli(*args) == 0
    assert run_cli(*args, "--fail-on-issues") == 1
    assert "checks: " in capsys.readouterr().out
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert_schema(result, ENVELOPE)
    assert result["kind"] == "check" and result["checks"]["counts"]["number_missing"] >= 1


def test_summary_command(tmp_path, capsys, write_lines):
    hyp = write_lines(tmp_path / "a.summary.txt", ["Trade doubled to 86 million euros."])
    ref = write_lines(tmp_path / "ref.summary.txt", ["Trade doubled, reaching 86 million euros."])
    src = write_lines(tmp_path / "a.txt", SRCS)
    out = tmp_path / "s"
    code = run_cli(
        "summary", "--hyp", str(hyp), "--ref", str(ref), "--src", str(src),
        "--samples", "20", "--out", str(out),
    )  # fmt: skip
    assert code == 0
    assert "ROUGE-Lsum = " in capsys.readouterr().out
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert_schema(result, ENVELOPE)
    assert set(result["scores"]) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}
    assert result["checks"]["per_summary"][0]["unsupported_numbers"] == []


def seed_article(stem: str, reference: str) -> TranslatedArticle:
    """A tarjama output that reproduces a seed reference sentence for sentence."""
    blocks = [block.splitlines() for block in reference.strip().split("\n\n")]
    paragraphs, segments = [], []
    for index, lines in enumerate(blocks):
        paragraphs.append(Paragraph(index, ParagraphKind.BODY, lines))
        segments += [Segment(len(segments), index, "", line) for line in lines]
    return TranslatedArticle(stem, paragraphs, segments, [], ModelRef("m", "r"), 0.0, 0.0)


@pytest.mark.slow
def test_seed_references_work_out_of_the_box(tmp_path, capsys, seeds):
    if not seeds.references.is_dir():
        pytest.skip("seeds/references not present")
    out = tmp_path / "out"
    for reference in sorted(seeds.references.glob("*.en.txt")):
        stem = reference.name.removesuffix(".en.txt")
        write_article_outputs(seed_article(stem, reference.read_text("utf-8")), out / stem)
    code = run_cli("translation", "--hyp", str(out), "--ref", str(seeds.references),
                   "--no-checks", "--out", str(tmp_path / "r"))  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "scored at sentence level" in printed
    assert "version:" in printed and " = 100.0 " in printed
