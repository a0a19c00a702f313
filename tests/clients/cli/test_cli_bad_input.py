"""Bad input through the real CLI: exit codes, one readable line, no traceback, no work done."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main
from tarjama.models.settings import Settings
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend

GOOD = "وقعت كازاخستان وباكستان اتفاقية شراكة.\n\nوالتقى الزعيمان في إسلام آباد.\n"
SILENT = "تضاعفت التجارة بين البلدين."  # the fake server translates this to ""
# A model directory that does not exist: reaching the model loader would exit 3, not 2.
NO_MODEL = "/nonexistent/tarjama-model"


def error_line(err: str) -> str:
    """The single line a failed command printed (progress bars are off without a TTY)."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got: {lines}"
    assert "Traceback" not in err
    assert len(lines[0]) <= 400
    return lines[0]


def assert_no_temp_names(text: str) -> None:
    assert ".tmp" not in text and "tarjama-" not in text.replace("tarjama-manifest", "")


def write_bad_files(folder: Path) -> dict[str, str]:
    """One good article and one of each kind of unreadable or unusable file; name -> reason."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("café au lait\n".encode("latin-1"))
    (folder / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 binary\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "boilerplate.txt").write_text(
        "الرئيسية » أخبار » عربي\nزر الذهاب إلى الأعلى\n", encoding="utf-8"
    )
    return {
        "latin1.txt": "not UTF-8 (byte 0xe9 at offset 3): re-save it as UTF-8",
        "utf16.txt": "not UTF-8 (it is UTF-16): re-save it as UTF-8",
        "binary.txt": "looks binary",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "boilerplate.txt": "boilerplate",
    }


@pytest.fixture
def fake_server(start_fake_server):
    engines = fake_engines(FakeBackend(overrides={SILENT: ""}), summarizer=Summarizer())
    return start_fake_server(Settings(port=0, grace_seconds=1), engines=engines).address


# -- bad options and paths: exit 2, one line, before any model loads -------------------------


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--concurrency", "0"], "--concurrency: must be at least 1, got 0"),
        (["--beam", "0"], "--beam: must be between 1 and 16, got 0"),
        (["--beam", "17"], "--beam: must be between 1 and 16, got 17"),
        (["--beam", "four"], "--beam: expected a whole number, got 'four'"),
        (["--max-output-tokens", "0"], "--max-output-tokens: must be between 1 and 1024"),
        (["--max-output-tokens", "5000"], "--max-output-tokens: must be between 1 and 1024"),
        (["--timeout", "0"], "--timeout: must be above 0"),
        (["--timeout", "-3"], "--timeout: must be above 0"),
        (["--threads", "-1"], "--threads: must be at least 0"),
        (["--backend", "onnx"], "--backend: invalid choice: 'onnx'"),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    ],
)
def test_translate_bad_options_exit_2_before_work(tmp_path, capsys, extra, fragment, seeds):
    out = tmp_path / "out"
    code = main(["translate", str(seeds.paths[0]), "--out", str(out), "--model", NO_MODEL, *extra])
    line = error_line(capsys.readouterr().err)
    assert code == 2
    assert fragment in line and "tarjama translate --help" in line
    assert not out.exists()


@pytest.mark.parametrize(
    "server",
    ["foo", "http://127.0.0.1:50051", "127.0.0.1", "::1:50051",
     "[zz::1]:50051", ":50051", "host:port", "a b:1", ""],
)  # fmt: skip
@pytest.mark.parametrize("command", ["translate", "digest", "summarize"])
def test_bad_server_is_refused_as_host_port(tmp_path, capsys, server, command, seeds):
    code = main([command, str(seeds.paths[0]), "--server", server])
    line = error_line(capsys.readouterr().err)
    assert code == 2
    assert "--server: expected host:port" in line


@pytest.mark.parametrize("server", ["host:0", "host:65536", "127.0.0.1:99999", "[::1]:70000"])
def test_a_port_out_of_range_names_the_range(capsys, server, seeds):
    assert main(["translate", str(seeds.path("000")), "--server", server]) == 2
    line = error_line(capsys.readouterr().err)
    assert "--server: port" in line and "out of range: a port is 1-65535" in line


def test_eval_run_and_bench_validate_server_too(tmp_path, capsys, seeds):
    assert main(["eval", "run", "--testset", str(seeds.dir), "--server", "http://h:1"]) == 2
    assert "expected host:port" in error_line(capsys.readouterr().err)
    assert main(["bench", "--server", "localhost"]) == 2
    assert "expected host:port" in error_line(capsys.readouterr().err)


def test_missing_inputs_exit_2_and_name_them(tmp_path, capsys, seeds):
    out = tmp_path / "out"
    code = main(["translate", str(seeds.paths[0]), str(tmp_path / "nope.txt"), "--out", str(out)])
    line = error_line(capsys.readouterr().err)
    assert code == 2
    assert line == f"tarjama: error: no such file or folder: '{tmp_path / 'nope.txt'}'"
    assert not out.exists()  # nothing was done for the inputs that do exist


def test_folder_without_articles_exits_2(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    assert main(["translate", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 2
    assert "no *.txt or *.html articles found" in error_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["translate", "digest"])
def test_unusable_out_exits_2_before_any_model_loads(tmp_path, capsys, command, seeds):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    for out, fragment in [
        (a_file, "is a file; give a folder"),
        (a_file / "sub", "a part of this path is a file"),
    ]:
        code = main([command, str(seeds.paths[0]), "--out", str(out), "--model", NO_MODEL])
        line = error_line(capsys.readouterr().err)
        assert code == 2, line
        assert f"--out '{out}'" in line and fragment in line
        assert_no_temp_names(line)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_out_exits_2(tmp_path, capsys, seeds):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code = main(["translate", str(seeds.paths[0]), "--out", str(locked), "--model", NO_MODEL])
        line = error_line(capsys.readouterr().err)
    finally:
        locked.chmod(0o700)
    assert code == 2
    assert "is not writable (Permission denied)" in line
    assert_no_temp_names(line)


def test_summarize_missing_and_unreadable_files_exit_2(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "nope.txt"), "--model", NO_MODEL]) == 2
    assert "no such file" in error_line(capsys.readouterr().err)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("é".encode("latin-1"))
    assert main(["summarize", str(latin), "--model", NO_MODEL]) == 2
    line = error_line(capsys.readouterr().err)
    assert line == (
        f"tarjama: error: {latin}: not UTF-8 (byte 0xe9 at offset 0): re-save it as UTF-8"
    )
    latin_json = tmp_path / "latin.json"
    latin_json.write_bytes('{"é": 1}'.encode("latin-1"))
    assert main(["summarize", str(latin_json), "--method", "extractive"]) == 2
    assert "re-save it as UTF-8" in error_line(capsys.readouterr().err)


def test_eval_and_models_check_out_first(tmp_path, capsys, seeds):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("hello\n", encoding="utf-8")
    assert main(["eval", "check", "--hyp", str(hyp), "--src", str(hyp), "--out", str(a_file)]) == 2
    assert "is a file; give a folder" in error_line(capsys.readouterr().err)
    assert main(["eval", "run", "--testset", str(seeds.dir), "--server", "127.0.0.1:9",
                 "--out", str(a_file / "x")]) == 2  # fmt: skip
    assert "a part of this path is a file" in error_line(capsys.readouterr().err)
    assert main(["models", "smoke", "--out", str(a_file)]) == 2
    assert "is a file; give a folder" in error_line(capsys.readouterr().err)
    assert main(["models", "convert", NO_MODEL, "--out", str(a_file / "ct2")]) == 2
    assert "--out's parent folder" in error_line(capsys.readouterr().err)
    assert main(["bench", "--compare", "--json", str(a_file / "bench.json")]) == 2
    assert "--json's folder" in error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "code"),
    [([], 2), (["no-such-command"], 2), (["eval"], 2), (["models"], 2), (["--help"], 0)],
)
def test_parser_errors_return_codes_instead_of_exiting(capsys, argv, code):
    assert main(argv) == code
    if code:
        assert "see `tarjama" in error_line(capsys.readouterr().err)


# -- mixed good and bad articles: each bad one is one failure line, the rest go on ------------


@pytest.mark.slow
def test_translate_mixed_folder_fails_each_bad_file_alone(tiny_marian_dir, tmp_path, capsys, tiny):
    reasons = write_bad_files(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["translate", str(tmp_path / "in"), "--out", str(out), *tiny(tiny_marian_dir)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    failures = [line for line in captured.err.splitlines() if line.startswith("failed: ")]
    assert len(failures) == len(reasons)
    for name, reason in reasons.items():
        (line,) = [f for f in failures if f.startswith(f"failed: {tmp_path / 'in' / name}: ")]
        assert reason in line
    assert "1 article translated, 0 skipped, 6 failed" in captured.out
    assert (out / "good.en.txt").exists() and (out / "good.json").exists()


def test_translate_through_a_server_counts_empty_translations(fake_server, tmp_path, capsys):
    inputs = tmp_path / "in"
    write_bad_files(inputs)
    (inputs / "silent.txt").write_text(f"{GOOD}\n{SILENT}\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["translate", str(inputs), "--out", str(out), "--server", fake_server])
    captured = capsys.readouterr()
    assert code == 1
    assert "2 articles translated, 0 skipped, 6 failed" in captured.out
    assert "(1 with an empty translation)" in captured.out
    data = json.loads((out / "silent.json").read_text(encoding="utf-8"))
    assert [s["translation"] for s in data["segments"]].count("") == 1


def test_digest_mixed_folder_in_process(tiny_marian_dir, tmp_path, capsys, tiny):
    reasons = write_bad_files(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["digest", str(tmp_path / "in"), "--out", str(out), *tiny(tiny_marian_dir),
                 "--method", "extractive"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    status = {a["article_id"]: (a["status"], a["error"]) for a in data["articles"]}
    assert status["good"] == ("ok", None)
    for name, reason in reasons.items():
        assert status[name[: -len(".txt")]][0] == "failed"
        assert reason in status[name[: -len(".txt")]][1]


def test_digest_through_a_server_skips_unreadable_files(fake_server, tmp_path, capsys, seeds):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(seeds.paths[0].read_bytes())
    (inputs / "b.txt").write_bytes("جميل".encode("cp1256"))  # Windows Arabic code page
    (inputs / "c.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["digest", str(inputs), "--out", str(out), "--server", fake_server])
    captured = capsys.readouterr()
    assert code == 1
    assert "failed: b.txt: not UTF-8" in captured.err  # relative to the folder given
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    by_id = {a["article_id"]: a for a in data["articles"]}
    assert by_id["a"]["status"] == by_id["c"]["status"] == "ok"
    assert by_id["b"]["status"] == "failed" and "re-save it as UTF-8" in by_id["b"]["error"]
    numbers = sorted(a["number"] for a in data["articles"])
    assert numbers == [1, 2, 3]  # every article keeps its own number; citations stay right
    cited = {s["article_index"] for s in data["collection_summary"]["sentences"][0]["sources"]}
    assert cited <= {by_id["a"]["index"], by_id["c"]["index"]}


# -- the installed entry point, in a fresh process ---------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tarjama.clients.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def test_subprocess_missing_path_and_bad_server(tmp_path, seeds):
    missing = run_cli("translate", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 2
    assert error_line(missing.stderr).startswith("tarjama: error: no such file or folder")
    server = run_cli("translate", str(seeds.paths[0]), "--server", "http://localhost:50051")
    assert server.returncode == 2
    assert "expected host:port" in error_line(server.stderr)
    assert missing.stdout == server.stdout == ""


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,  # an image: NUL bytes
        b"\xff\xd8\xff\xe0" + random.Random(7).randbytes(4000).replace(b"\x00", b"\x01"),
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x13\x9c\xa1\x02" * 200,  # a zip (docx, xlsx)
    ],
)
def test_a_binary_file_is_not_a_text_file_not_a_bad_encoding(data):
    from tarjama.clients.runs.article_files import UnreadableArticle, decode_article

    with pytest.raises(UnreadableArticle) as raised:
        decode_article(data)
    assert "not a text file" in str(raised.value) and "UTF-8" not in str(raised.value)


def test_text_in_another_encoding_is_still_told_to_re_save_as_utf8():
    from tarjama.clients.runs.article_files import UnreadableArticle, decode_article

    cp1256 = "وقعت كازاخستان وباكستان اتفاقية شراكة استراتيجية.\n".encode("cp1256")
    with pytest.raises(UnreadableArticle, match="re-save it as UTF-8"):
        decode_article(cp1256 * 20)
