"""JSONL corpora in and out of `tarjama translate` (in-process), and the JSONL reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs.inputs import Inputs
from tarjama.clients.runs.jsonl_records import read_jsonl
from tarjama.clients.runs.sinks import FAILURES_NAME, JSONL_OUTPUT_NAME
from tarjama.clients.runs.types import Article, Unreadable


def write_corpus(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seed_records(seeds) -> list[dict]:
    return [
        {"id": f"site/{stem}", "text": (seeds.dir / f"{stem}.txt").read_text(encoding="utf-8")}
        for stem in seeds.stems[:3]
    ]


def test_reader_reports_bad_records_and_keeps_the_good_ones(tmp_path):
    corpus = write_corpus(
        tmp_path / "c.jsonl",
        [
            {
                "id": "ok",
                "text": "نص.",
                "title": "عنوان",
                "url": "https://x/1",
                "date": "2024-01-02",
            },
            "{not json",
            "[1, 2]",
            {"text": "بلا معرف"},
            {"id": "../escape", "text": "نص"},
            {"id": ".hidden", "text": "نص"},
            {"id": "x" * 300, "text": "نص"},
            {"id": "no-text"},
            {"id": 7, "text": "رقم", "url": 5},
            "",
            {"id": 8, "text": "رقم"},
        ],
    )
    items = list(read_jsonl(corpus, max_article_chars=1000, max_id_chars=256))
    good = [item for item in items if isinstance(item, Article)]
    bad = [item for item in items if isinstance(item, Unreadable)]
    assert [a.relative_stem for a in good] == ["ok", "8"]
    assert good[0].text == "عنوان\nنص." and good[0].meta_dict["url"] == "https://x/1"
    assert good[0].source == "c.jsonl:1"  # outputs never carry a path on this machine
    absolute = read_jsonl(
        corpus, max_article_chars=1000, max_id_chars=256, record_absolute_paths=True
    )
    assert next(absolute).source == f"{corpus.resolve()}:1"
    assert len(bad) == 8
    reasons = " | ".join(item.reason for item in bad)
    assert "not a JSON object" in reasons and '"id"' in reasons and "cannot name" in reasons
    assert "longer than 256" in reasons and '"text"' in reasons and '"url"' in reasons
    assert all("\n" not in item.reason for item in bad)


def test_reader_skips_an_oversized_line_without_holding_it(tmp_path):
    corpus = tmp_path / "big.jsonl"
    huge = json.dumps({"id": "huge", "text": "ا" * 200_000})
    corpus.write_text(huge + "\n" + json.dumps({"id": "small", "text": "نص"}) + "\n")
    items = list(read_jsonl(corpus, max_article_chars=100, max_id_chars=256))
    assert isinstance(items[0], Unreadable) and "longer than" in items[0].reason
    assert isinstance(items[1], Article) and items[1].relative_stem == "small"


def test_duplicate_ids_across_inputs_fail_the_later_one(tmp_path):
    (tmp_path / "a.txt").write_text("نص.", encoding="utf-8")
    corpus = write_corpus(tmp_path / "c.jsonl", [{"id": "a", "text": "نص آخر."}])
    inputs = Inputs.find([tmp_path / "a.txt", corpus])
    items = list(inputs.articles(max_article_chars=1000, max_id_chars=256))
    assert inputs.total == 2
    assert isinstance(items[0], Article) and isinstance(items[1], Unreadable)
    assert "duplicate id" in items[1].reason and "(first in a.txt)" in items[1].reason
    assert str(tmp_path) not in items[1].reason + items[1].source  # it goes to failures.jsonl


@pytest.mark.slow
def test_jsonl_corpus_to_files_matches_the_txt_articles(
    translate_argv, tiny_marian_dir, tmp_path, capsys, seeds
):
    corpus = write_corpus(tmp_path / "corpus.jsonl", seed_records(seeds))
    out = tmp_path / "out"
    assert main(translate_argv(tiny_marian_dir, out, corpus)) == 0
    assert "3 articles translated, 0 skipped, 0 failed" in capsys.readouterr().out
    txt_out = tmp_path / "txt-out"
    assert (
        main(
            translate_argv(
                tiny_marian_dir, txt_out, *(seeds.dir / f"{s}.txt" for s in seeds.stems[:3])
            )
        )
        == 0
    )
    for stem in seeds.stems[:3]:
        data = json.loads((out / "site" / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["article_id"] == f"site/{stem}" and data["source_path"].endswith(
            ".jsonl:" + str(seeds.stems.index(stem) + 1)
        )
        # Same text, same translation, whichever way the article came in.
        assert (out / "site" / f"{stem}.en.txt").read_bytes() == (
            txt_out / f"{stem}.en.txt"
        ).read_bytes()
    assert main(translate_argv(tiny_marian_dir, out, corpus)) == 0
    assert "0 articles translated, 3 skipped" in capsys.readouterr().out


@pytest.mark.slow
def test_out_format_jsonl_resumes_after_a_cut_record(
    translate_argv, tiny_marian_dir, tmp_path, capsys, seeds
):
    records = seed_records(seeds)
    records.append({"id": "empty", "text": "   "})
    corpus = write_corpus(tmp_path / "corpus.jsonl", records)
    out = tmp_path / "out"
    args = [*translate_argv(tiny_marian_dir, out, corpus), "--out-format", "jsonl"]
    assert main(args) == 1  # the empty article failed; the others are written
    captured = capsys.readouterr()
    assert "3 articles translated, 0 skipped, 1 failed" in captured.out
    lines = (out / JSONL_OUTPUT_NAME).read_text(encoding="utf-8").splitlines()
    written = [json.loads(line) for line in lines]
    assert sorted(r["article_id"] for r in written) == [r["id"] for r in records[:3]]
    assert all(r["english"].strip() and r["segments"] for r in written)
    failures = [json.loads(line) for line in (out / FAILURES_NAME).read_text().splitlines()]
    assert len(failures) == 1 and "empty" in failures[0]["reason"]
    assert not list(out.glob("site/*"))  # no per-article files in this format

    # A kill mid-write leaves a cut last line: it is dropped and that article redone.
    (out / JSONL_OUTPUT_NAME).write_text("\n".join(lines[:2]) + "\n" + lines[2][:40], "utf-8")
    assert main(args) == 1
    assert "1 article translated, 2 skipped, 1 failed" in capsys.readouterr().out
    again = [json.loads(line) for line in (out / JSONL_OUTPUT_NAME).read_text().splitlines()]
    assert sorted(r["article_id"] for r in again) == sorted(r["article_id"] for r in written)


@pytest.mark.parametrize("flag", [["--engine", "ray", "--server", "127.0.0.1:1"]])
def test_ray_with_server_is_a_usage_error(tmp_path, flag, capsys):
    corpus = write_corpus(tmp_path / "c.jsonl", [{"id": "a", "text": "نص."}])
    assert main(["translate", str(corpus), "--out", str(tmp_path / "o"), *flag]) == 2
    assert "--server" in capsys.readouterr().err
