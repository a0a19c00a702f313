"""Regenerates the committed Python code (_pb2.py, .pyi, _pb2_grpc.py) from v1/*.proto."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

PROTO_DIR = Path(__file__).resolve().parent / "v1"
# The .proto files are compiled as if they lived at tarjama/protos/v1/ so that generated
# imports read `from tarjama.protos.v1 import ...`, matching the installed namespace.
IMPORT_PATH = Path("tarjama") / "protos" / "v1"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")


def generate(out_dir: Path) -> list[Path]:
    """Compile every proto into out_dir; return the generated files."""
    from grpc_tools import protoc  # dev dependency, imported here so the module stays light

    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / IMPORT_PATH
        staged.mkdir(parents=True)
        protos = sorted(PROTO_DIR.glob("*.proto"))
        for proto in protos:
            shutil.copy(proto, staged / proto.name)
        well_known = Path(protoc.__file__).parent / "_proto"
        args = [
            "protoc",
            f"-I{tmp}",
            f"-I{well_known}",
            f"--python_out={tmp}",
            f"--pyi_out={tmp}",
            f"--grpc_python_out={tmp}",
            *[str(IMPORT_PATH / p.name) for p in protos],
        ]
        if protoc.main(args) != 0:
            raise SystemExit("protoc failed")
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for produced in sorted(staged.iterdir()):
            if produced.name.endswith(GENERATED_SUFFIXES):
                target = out_dir / produced.name
                shutil.copy(produced, target)
                written.append(target)
        return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=PROTO_DIR, help="where to write (default: protos/v1)"
    )
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
