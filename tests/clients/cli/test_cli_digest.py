"""`tarjama digest` and `tarjama summarize` end to end on seeds/ with the tiny Marian model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main

CITATION = re.compile(r"\[(\d+):(\d+)\]")


def digest_args(model_dir: Path, out: Path, *extra: str, inputs: Path) -> list[str]:
    return ["digest", str(inputs), "--out", str(out), "--model", str(model_dir), "--offline",
            "--beam", "1", "--max-output-tokens", "24", *extra]  # fmt: skip


def bullet_citations(markdown: str) -> list[tuple[int, int]]:
    """Citations in summary bullets (not in the legend or the list of cited sentences)."""
    return [
        (int(a), int(s))
        for line in markdown.splitlines()
        if line.startswith("- ") and not line.startswith("- **[")
        for a, s in CITATION.findall(line)
    ]


@pytest.fixture(scope="module")
def seed_digest(tiny_marian_dir, tmp_path_factory, seeds):
    out = tmp_path_factory.mktemp("digest")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        code = main(digest_args(tiny_marian_dir, out, inputs=seeds.dir))
    assert code == 0
    return out


def test_digest_writes_report_json_and_translations(seed_digest, seeds):
    markdown = (seed_digest / "digest.md").read_text(encoding="utf-8")
    data = json.loads((seed_digest / "digest.json").read_text(encoding="utf-8"))
    assert data["format"] == "tarjama.digest.v1"
    assert data["counts"] == {"articles": 5, "summarized": 5, "failed": 0}
    assert [a["article_id"] for a in data["articles"]] == seeds.stems
    for stem in seeds.stems:
        assert (seed_digest / f"{stem}.en.txt").exists() and (seed_digest / f"{stem}.json").exists()
        assert (seed_digest / f"{stem}.summary.txt").read_text(encoding="utf-8").strip()
    # The collection summary comes first, then one section per article.
    sections = re.findall(r"^### (\d+)\. ", markdown, flags=re.MULTILINE)
    assert sections == ["1", "2", "3", "4", "5"]
    assert markdown.index("## What the articles say together") < markdown.index("### 1. ")
    for stem in seeds.stems:
        assert f"[full translation]({stem}.en.txt)" in markdown
    assert data["collection_summary"]["sentences"]
    assert "fell back" not in markdown and "not available" in markdown  # AUTO without weights


def test_every_citation_resolves_to_a_translated_sentence(seed_digest, seeds):
    markdown = (seed_digest / "digest.md").read_text(encoding="utf-8")
    data = json.loads((seed_digest / "digest.json").read_text(encoding="utf-8"))
    translations = {
        number: json.loads((seed_digest / f"{stem}.json").read_text(encoding="utf-8"))["segments"]
        for number, stem in enumerate(seeds.stems, start=1)
    }
    citations = bullet_citations(markdown)
    collection_part = markdown.split("## Articles")[0]
    assert bullet_citations(collection_part), "the collection summary cites its sources"
    for article, sentence in citations:
        segments = translations[article]
        assert 1 <= sentence <= len(segments)
        quoted = f"- **[{article}:{sentence}]** "
        assert quoted in markdown, f"[{article}:{sentence}] is not listed under Cited sentences"
    # The JSON carries the same references, 0-based, with the sentences they point at.
    for summary_sentence in data["collection_summary"]["sentences"]:
        for ref in summary_sentence["sources"]:
            article = data["articles"][ref["article_index"]]
            assert article["sentences"][ref["sentence_index"]]
            assert ref["label"] == f"{ref['article_index'] + 1}:{ref['sentence_index'] + 1}"


def test_second_run_reuses_translations(seed_digest, tiny_marian_dir, capsys, monkeypatch, seeds):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert (
        main(digest_args(tiny_marian_dir, seed_digest, "--method", "extractive", inputs=seeds.dir))
        == 0
    )
    assert "0 articles translated, 5 skipped" in capsys.readouterr().err


def test_failed_article_is_reported_and_the_digest_still_written(
    tiny_marian_dir, tmp_path, capsys, monkeypatch, seeds
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for stem in seeds.stems[:2]:
        (inputs / f"{stem}.txt").write_bytes((seeds.dir / f"{stem}.txt").read_bytes())
    (inputs / "zz_empty.txt").write_text("\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(digest_args(tiny_marian_dir, out, inputs=inputs)) == 1
    captured = capsys.readouterr()
    assert "zz_empty.txt" in captured.err
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert [a["status"] for a in data["articles"]] == ["ok", "ok", "failed"]
    assert "empty" in data["articles"][2]["error"]
    cited = {
        r["article_index"] for s in data["collection_summary"]["sentences"] for r in s["sources"]
    }
    assert cited and cited <= {0, 1}
    assert "**failed:**" in (out / "digest.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra",
    [["--sentences", "0"], ["--collection-words", "501"], ["--concurrency", "0"]],
)
def test_bad_options_exit_2_before_any_work(tmp_path, extra, capsys, seeds):
    out = tmp_path / "out"
    assert main(["digest", str(seeds.dir), "--out", str(out), *extra]) == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()


def test_summarize_prints_cited_sentences(tiny_marian_dir, capsys, monkeypatch, seeds):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    seed = seeds.dir / "004_aab35a8e27cb08f8.txt"
    args = ["summarize", str(seed), "--model", str(tiny_marian_dir), "--offline", "--beam", "1",
            "--max-output-tokens", "16", "--method", "extractive", "--sentences", "3"]  # fmt: skip
    assert main(args) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if re.search(r"\[\d", line)]
    assert len(lines) == 3
    assert main([*args, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["article_id"] == seed.stem
    assert len(payload["summary"]["sentences"]) == 3


def test_summarize_reads_an_existing_translation(seed_digest, capsys, monkeypatch, seeds):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    translation = seed_digest / f"{seeds.stems[0]}.json"
    assert main(["summarize", str(translation), "--method", "extractive", "--words", "40"]) == 0
    assert CITATION.search(capsys.readouterr().out) is None  # one article: plain [n] numbers


def test_abstractive_without_weights_exits_3(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    translation = tmp_path / "t.json"
    translation.write_text("{}", encoding="utf-8")
    code = main(["summarize", str(translation), "--method", "abstractive",
                 "--summary-model", "tarjama-test/no-such-summarizer"])  # fmt: skip
    assert code == 3
    assert "tarjama models pull" in capsys.readouterr().err


def test_a_json_file_that_is_no_translation_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    other = tmp_path / "other.json"
    other.write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["summarize", str(other), "--method", "extractive"]) == 2
    assert "not a tarjama translation" in capsys.readouterr().err


def test_digest_through_the_server_streams_progress(summarizing_server, tmp_path, capsys, seeds):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for stem in seeds.stems[:3]:
        (inputs / f"{stem}.txt").write_bytes((seeds.dir / f"{stem}.txt").read_bytes())
    (inputs / "zz_empty.txt").write_text("\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["digest", str(inputs), "--out", str(out), "--server", summarizing_server,
                 "--collection-sentences", "4"])  # fmt: skip
    assert code == 1  # one article failed; the digest is still written
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    for stem in seeds.stems[:3]:
        stages = [line.split("] ")[1].split(":")[0] for line in progress if line.endswith(stem)]
        # "translated (k of 4)": zz_empty is sent for translation too (and fails there).
        assert stages[0].startswith("translated (") and stages[0].endswith(" of 4)")
        assert stages[1:] == ["summarized"]
    assert any(line.endswith("failed: zz_empty") for line in progress)
    assert progress[-1].startswith("[4/4] ")
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert [a["status"] for a in data["articles"]] == ["ok", "ok", "ok", "failed"]
    assert "is empty" in data["articles"][3]["error"]  # the same message as in-process
    assert 1 <= len(data["collection_summary"]["sentences"]) <= 4
    for stem in seeds.stems[:3]:
        assert (out / f"{stem}.en.txt").exists()
    markdown = (out / "digest.md").read_text(encoding="utf-8")
    for article, sentence in bullet_citations(markdown):
        assert f"- **[{article}:{sentence}]** " in markdown


def test_summarize_through_the_server(summarizing_server, capsys, seeds):
    seed = seeds.dir / "004_aab35a8e27cb08f8.txt"
    assert main(["summarize", str(seed), "--server", summarizing_server, "--sentences", "2"]) == 0
    captured = capsys.readouterr()
    assert len([line for line in captured.out.splitlines() if re.search(r"\[\d", line)]) == 2
    assert "extractive" in captured.err  # the note: no summarization weights on the server
