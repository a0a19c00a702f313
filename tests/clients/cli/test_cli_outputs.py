"""Output files: umask permissions, stale temp cleanup, --out checks, the JSON Schema, --server."""

from __future__ import annotations

import argparse
import json
import os
import time

import pytest

from tarjama.clients.cli import common
from tarjama.clients.cli.main import main
from tarjama.clients.runs import outputs
from tarjama.clients.runs.article_files import FORMAT_NAME, SCHEMA_FILE, translation_schema_text
from tarjama.clients.runs.outputs import (
    OutputError,
    prepare_output_dir,
    remove_stale_temp_files,
    write_atomically,
)
from tarjama.models.errors import InvalidInput
from tarjama.models.tempnames import host_tag
from tarjama.models.types import ParagraphKind, QualityFlag


@pytest.fixture
def umask():
    """Set the process umask for one test, then restore it."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda value: os.umask(value)
    os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_get_the_umask_permissions(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "sub" / "a.json"
    write_atomically(target, "{}\n")
    assert target.stat().st_mode & 0o777 == mode
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_write_errors_name_the_target_not_a_temp_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_atomically(blocker / "a.json", "{}")
    assert str(caught.value) == (
        f"cannot write {blocker / 'a.json'}: a part of its folder path is a file, not a folder"
    )
    assert isinstance(caught.value, OSError)


def temp_name(target: str, pid: int, host: str | None = None) -> str:
    return f".{target}.tarjama-{host or host_tag()}-{pid}-0123abcd.tmp"


def test_stale_temp_files_of_our_naming_are_removed_and_nothing_else(tmp_path, dead_pid):
    old = time.time() - outputs.STALE_AFTER_SECONDS - 60
    files = {
        # removed: the writer was killed on this machine, or the file is old
        temp_name(".tarjama-manifest.json", dead_pid()): False,
        temp_name("a.json", os.getppid(), host="abcdef"): False,  # old, any machine (below)
        "..tarjama-manifest.json.k3j4h5g6.tmp": False,  # the older mkstemp naming, old
        # kept: a live writer, another machine's recent file, fresh legacy, not ours
        temp_name("b.json", os.getppid()): True,
        temp_name("c.json", dead_pid(), host="abcdef"): True,
        ".d.en.txt.abcdefgh.tmp": True,
        ".editor-swap.tmp": True,
        "notes.tmp": True,
    }
    for name in files:
        (tmp_path / name).write_text("partial", encoding="utf-8")
    for name in (temp_name("a.json", os.getppid(), host="abcdef"),
                 "..tarjama-manifest.json.k3j4h5g6.tmp"):  # fmt: skip
        os.utime(tmp_path / name, (old, old))
    nested = tmp_path / "not-listed"
    nested.mkdir()
    (nested / temp_name("e.json", dead_pid())).write_text("partial", encoding="utf-8")

    assert remove_stale_temp_files([tmp_path]) == 3
    remaining = {p.name for p in tmp_path.iterdir() if p.is_file()}
    assert remaining == {name for name, kept in files.items() if kept}
    assert len(list(nested.iterdir())) == 1  # folders are not searched recursively


def test_prepare_output_dir_creates_checks_and_cleans(tmp_path, dead_pid):
    out = tmp_path / "a" / "b"
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / temp_name("x.json", dead_pid())
    stale.write_text("partial", encoding="utf-8")
    assert prepare_output_dir(out, subfolders=["sub", "missing"]) == out
    assert not stale.exists()
    assert list(out.iterdir()) == [out / "sub"]  # the write test left nothing behind
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is a file; give a folder"):
        prepare_output_dir(blocker)
    with pytest.raises(InvalidInput, match="a part of this path is a file"):
        prepare_output_dir(blocker / "x", option="--json")


def test_translate_removes_a_killed_runs_temp_files(
    tiny_marian_dir, tmp_path, capsys, dead_pid, tiny
):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.txt").write_text("وقعت كازاخستان اتفاقية.", encoding="utf-8")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    leftovers = [out / temp_name(".tarjama-manifest.json", dead_pid()),
                 out / "sub" / temp_name("a.json", dead_pid())]  # fmt: skip
    for path in leftovers:
        path.write_text("partial", encoding="utf-8")
    code = main(["translate", str(source), "--out", str(out), *tiny(tiny_marian_dir)])
    assert code == 0, capsys.readouterr().err
    assert not any(path.exists() for path in leftovers)
    assert not [p for p in out.rglob("*.tmp")]


# -- the JSON Schema of the .json output ----------------------------------------------------


@pytest.fixture(scope="module")
def schema():
    return json.loads(translation_schema_text())


def test_schema_documents_every_field_flag_and_kind(schema):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["format"]["const"] == FORMAT_NAME
    segment = schema["properties"]["segments"]["items"]
    flags = segment["properties"]["flags"]["items"]["oneOf"]
    undocumented = {flag.value for flag in QualityFlag} - {f["const"] for f in flags}
    assert not undocumented, f"document these flags in {SCHEMA_FILE}: {sorted(undocumented)}"
    assert all(f["description"] for f in flags)
    kinds = schema["properties"]["paragraphs"]["items"]["properties"]["kind"]
    assert set(kinds["enum"]) == {kind.value for kind in ParagraphKind}
    for kind in ParagraphKind:
        assert f"`{kind.value}`" in kinds["description"]

    def described(node: dict, where: str) -> None:
        for name, child in node.get("properties", {}).items():
            assert child.get("description"), f"{where}.{name} has no description"
            described(child, f"{where}.{name}")
            if "items" in child:
                described(child["items"], f"{where}.{name}[]")

    described(schema, "$")


def test_real_outputs_validate_against_the_schema(
    tiny_marian_dir, tmp_path, schema, capsys, seeds, tiny
):
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "out"
    two_seeds = seeds.paths[:2]
    code = main(["translate", *map(str, two_seeds), "--out", str(out), *tiny(tiny_marian_dir)])
    assert code == 0, capsys.readouterr().err
    validator = jsonschema.Draft202012Validator(schema)
    outputs_ = sorted(p for p in out.glob("*.json") if not p.name.startswith("."))
    assert len(outputs_) == 2
    for path in outputs_:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text("utf-8")))]
        assert not errors, f"{path.name}: {errors[:3]}"


def test_schema_command_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(translation_schema_text())


# -- --server, option bounds ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1:50051", "localhost:1", "my-host.example.com:443", "[::1]:50051",
     "[2001:db8::7]:65535", "[fe80::1%eth0]:50051", " 10.0.0.2:50051 "],
)  # fmt: skip
def test_server_addresses_accepted(address):
    assert common.server_address(address) == address.strip()


@pytest.mark.parametrize(
    "address",
    ["foo", "http://host:50051", "grpc://[::1]:50051", "::1:50051",
     "[::1]", "[not-ip]:1", "host:", ":1", "host:port", "ho st:1", "-host:1", ""],
)  # fmt: skip
def test_server_addresses_refused(address):
    with pytest.raises(argparse.ArgumentTypeError, match="expected host:port"):
        common.server_address(address)


@pytest.mark.parametrize("address", ["host:0", "host:65536"])
def test_ports_out_of_range_are_refused_with_the_range(address):
    with pytest.raises(argparse.ArgumentTypeError, match="out of range: a port is 1-65535"):
        common.server_address(address)


def test_option_bounds_match_the_engine():
    from tarjama.models.translation import translator

    assert common.MAX_BEAM_SIZE == translator.MAX_BEAM_SIZE
    assert common.MAX_OUTPUT_TOKENS == translator.MAX_OUTPUT_TOKENS
