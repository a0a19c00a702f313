"""Outputs record where a source was relative to what was given, never a path on this machine
unless asked; a moved input folder still resumes by content digest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tarjama.clients.cli.main import main
from tarjama.clients.runs.inputs import SourceFile, discover_files
from tarjama.clients.runs.manifest import MANIFEST_NAME

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))[:2]


def make_folder(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    shutil.copy(SEEDS / f"{STEMS[0]}.txt", root / f"{STEMS[0]}.txt")
    shutil.copy(SEEDS / f"{STEMS[1]}.txt", root / "sub" / f"{STEMS[1]}.txt")
    return root


def translate(model_dir: Path, out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> int:
    return main(
        ["translate", *map(str, inputs), "--out", str(out), "--model", str(model_dir)]
        + ["--offline", "--beam", "1", "--max-output-tokens", "16", *extra]
    )


def test_discover_records_paths_relative_to_what_was_given(tmp_path):
    folder = make_folder(tmp_path / "in")
    single = SEEDS / f"{STEMS[0]}.txt"
    jobs = {file.relative_stem: file for file in discover_files([folder])}
    assert jobs[f"sub/{STEMS[1]}"].recorded_path == f"sub/{STEMS[1]}.txt"
    assert discover_files([single])[0].recorded_path == single.name
    absolute = discover_files([folder], record_absolute_paths=True)
    assert all(Path(file.recorded_path).is_absolute() for file in absolute)
    assert (
        SourceFile(single, "x").recorded_path == single.name
    )  # a file made by hand: the name only


def test_outputs_hold_no_local_path_and_a_moved_folder_resumes(tiny_marian_dir, tmp_path, capsys):
    folder = make_folder(tmp_path / "in")
    out = tmp_path / "out"
    assert translate(tiny_marian_dir, out, folder) == 0
    data = json.loads((out / "sub" / f"{STEMS[1]}.json").read_text(encoding="utf-8"))
    assert data["source_path"] == f"sub/{STEMS[1]}.txt"
    for path in out.rglob("*.json"):
        assert str(tmp_path) not in path.read_text(encoding="utf-8"), path
    capsys.readouterr()

    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(folder, moved)
    shutil.rmtree(folder)
    assert translate(tiny_marian_dir, out, moved) == 0
    assert "0 articles translated, 2 skipped" in capsys.readouterr().out
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["articles"]
    assert {entry["source"] for entry in manifest.values()} == {
        f"{STEMS[0]}.txt",
        f"sub/{STEMS[1]}.txt",
    }


def test_record_absolute_paths_when_asked(tiny_marian_dir, tmp_path):
    single = tmp_path / f"{STEMS[0]}.txt"
    shutil.copy(SEEDS / single.name, single)
    out = tmp_path / "out"
    assert translate(tiny_marian_dir, out, single) == 0
    assert json.loads((out / f"{STEMS[0]}.json").read_text("utf-8"))["source_path"] == single.name
    absolute_out = tmp_path / "absolute"
    assert translate(tiny_marian_dir, absolute_out, single, extra=("--record-absolute-paths",)) == 0
    data = json.loads((absolute_out / f"{STEMS[0]}.json").read_text("utf-8"))
    assert data["source_path"] == str(single.resolve())


def test_jsonl_outputs_name_the_corpus_not_its_path(tiny_marian_dir, tmp_path):
    corpus = tmp_path / "deep" / "corpus.jsonl"
    corpus.parent.mkdir()
    text = (SEEDS / f"{STEMS[0]}.txt").read_text(encoding="utf-8")
    corpus.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    assert translate(tiny_marian_dir, out, corpus, extra=("--out-format", "jsonl")) == 0
    record = json.loads((out / "translations.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["source_path"] == "corpus.jsonl:1"
