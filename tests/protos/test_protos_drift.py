"""Fails when the committed generated gRPC code no longer matches the .proto files."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_generated_code_matches_protos(tmp_path: Path, repo_root: Path) -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools is a dev dependency")
    from tarjama.protos import generate as generator

    fresh = {p.name: p.read_bytes() for p in generator.generate(tmp_path)}
    committed = {
        p.name: p.read_bytes()
        for p in (repo_root / "protos" / "v1").iterdir()
        if p.name.endswith(generator.GENERATED_SUFFIXES)
    }
    assert sorted(fresh) == sorted(committed), (
        "generated file set differs: run python -m tarjama.protos.generate"
    )
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale generated code {stale}: run `python -m tarjama.protos.generate`"


def test_every_proto_field_is_documented(repo_root: Path) -> None:
    for proto in (repo_root / "protos" / "v1").glob("*.proto"):
        lines = proto.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            stripped = line.strip()
            is_declaration = stripped.startswith(
                ("message ", "enum ", "service ", "rpc ", "oneof ")
            )
            is_field = (
                "=" in stripped
                and stripped.endswith(";")
                and not stripped.startswith(("syntax", "package", "option", "//"))
            )
            if is_declaration or is_field:
                previous = lines[number - 1].strip() if number else ""
                assert previous.startswith("//"), (
                    f"{proto.name}:{number + 1} undocumented: {stripped}"
                )
