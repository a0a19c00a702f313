"""Saved web pages through the CLI: translate, summarize and digest accept .html/.htm."""

from __future__ import annotations

import json
import re

import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.runs.article_files import translation_schema_text
from tarjama.clients.runs.inputs import discover_files
from tarjama.models.testing.news_pages import news_page

NO_ARTICLE = "<html><body><nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav></body></html>"
DECODING = ["--offline", "--beam", "1", "--max-output-tokens", "12"]


@pytest.fixture
def pages(tmp_path, seeds):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    first = news_page(seeds.text("002"), layout="paragraphs", slug="002")
    second = news_page(seeds.text("004"), layout="divs", slug="004")
    (folder / "report.html").write_text(first.html, encoding="utf-8")
    (folder / "sub" / "visit.HTM").write_text(second.html, encoding="utf-8")
    (folder / "note.txt").write_text("وقعت كازاخستان وباكستان اتفاقية شراكة.\n", encoding="utf-8")
    (folder / "front-page.html").write_text(NO_ARTICLE, encoding="utf-8")
    (folder / "style.css").write_text("body{}", encoding="utf-8")
    (folder / "digest.html").write_text("<html>tarjama's own digest</html>", encoding="utf-8")
    return folder, first, second


def test_discover_finds_pages_and_strips_their_suffix(pages):
    folder, _, _ = pages
    jobs = {job.relative_stem: job.is_html for job in discover_files([folder])}
    assert jobs == {"front-page": True, "note": False, "report": True, "sub/visit": True}
    (single,) = discover_files([folder / "report.html"])
    assert single.relative_stem == "report" and single.is_html


@pytest.mark.slow
def test_translate_a_folder_of_pages(tiny_marian_dir, pages, tmp_path, capsys):
    folder, first, second = pages
    out = tmp_path / "out"
    code = main(["translate", str(folder), "--out", str(out), "--model", str(tiny_marian_dir),
                 *DECODING])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1  # the front page has no article
    assert re.search(r"failed: .*front-page\.html: page 'front-page' has no article", captured.err)
    assert "3 articles translated, 0 skipped, 1 failed" in captured.out
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["metadata"] == {
        "title": first.title,
        "author": first.author,
        "date": first.date,
        "site_name": first.site_name,
        "url": first.url,
        "date_source": "metadata",
    }
    assert report["paragraphs"][0]["kind"] == "title"
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(translation_schema_text())
    jsonschema.validate(report, schema)  # the documented schema covers page metadata
    jsonschema.validate(json.loads((out / "note.json").read_text(encoding="utf-8")), schema)
    assert (
        report["segments"][0]["source"]
        == "رئيس كازاخستان:الثقل السياسي لآسيا الوسطى يتزايد على الساحة الدولية"
    )
    sources = " ".join(segment["source"] for segment in report["segments"])
    assert "الأكثر قراءة" not in sources and "نستخدم ملفات تعريف الارتباط" not in sources
    visit = json.loads((out / "sub" / "visit.json").read_text(encoding="utf-8"))
    assert visit["metadata"]["url"] == second.url
    assert json.loads((out / "note.json").read_text(encoding="utf-8"))["metadata"] is None
    assert (out / "report.en.txt").exists()


def test_translate_a_windows_1256_page_file(tiny_marian_dir, tmp_path, seeds):
    page = news_page(seeds.text("002"), slug="002").html.replace("utf-8", "windows-1256")
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1256", errors="xmlcharrefreplace"))
    out = tmp_path / "out"
    assert main(["translate", str(path), "--out", str(out), "--model", str(tiny_marian_dir),
                 *DECODING]) == 0  # fmt: skip
    data = json.loads((out / "legacy.json").read_text(encoding="utf-8"))
    assert data["metadata"]["title"].startswith("رئيس كازاخستان")


def test_summarize_a_page(tiny_marian_dir, pages, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder, first, _ = pages
    args = ["summarize", str(folder / "report.html"), "--model", str(tiny_marian_dir),
            *DECODING, "--method", "extractive", "--sentences", "2", "--json"]  # fmt: skip
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["article_id"] == "report"
    assert len(payload["summary"]["sentences"]) == 2


def test_translate_summarize_and_digest_pages_through_the_server(
    summarizing_server, pages, tmp_path, capsys
):
    folder, first, _ = pages
    out = tmp_path / "out"
    assert main(["translate", str(folder), "--out", str(out), "--server", summarizing_server]) == 1
    assert json.loads((out / "report.json").read_text("utf-8"))["metadata"]["date"] == first.date
    capsys.readouterr()

    assert main(["summarize", str(folder / "report.html"), "--server", summarizing_server]) == 0
    title_line = capsys.readouterr().out.splitlines()[0]
    assert title_line.startswith("ri'ys kazakhstan")  # the fake engine romanizes the title

    digest = tmp_path / "digest"
    code = main(["digest", str(folder), "--out", str(digest), "--server", summarizing_server])
    assert code == 1  # the front page failed; the digest is written all the same
    data = json.loads((digest / "digest.json").read_text(encoding="utf-8"))
    statuses = {a["article_id"]: a["status"] for a in data["articles"]}
    assert statuses == {"front-page": "failed", "note": "ok", "report": "ok", "sub/visit": "ok"}
    assert json.loads((digest / "report.json").read_text("utf-8"))["metadata"]["title"]


def test_pages_into_jsonl_output(tiny_marian_dir, pages, tmp_path, capsys):
    # --out-format jsonl: one JSONL file of records instead of per-article files.
    folder, first, _ = pages
    (folder / "front-page.html").unlink()
    out = tmp_path / "out"
    code = main(["translate", str(folder), "--out", str(out), "--out-format", "jsonl",
                 "--model", str(tiny_marian_dir), *DECODING])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    records = [
        json.loads(line)
        for line in (out / "translations.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    report = next(r for r in records if r["article_id"] == "report")
    assert report["metadata"]["title"] == first.title
    assert not any("<" in segment["source"] for segment in report["segments"])
