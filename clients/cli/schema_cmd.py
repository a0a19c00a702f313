"""`tarjama schema`: print the JSON Schema of the per-article `.json` output."""

from __future__ import annotations

import argparse

from tarjama.clients.runs.article_files import translation_schema_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the <name>.json translation output",
        description=(
            "Print the JSON Schema (draft 2020-12) that documents every field, flag and "
            "paragraph kind of the <name>.json files tarjama writes; validate outputs with any "
            "JSON Schema validator, e.g. `tarjama schema > translation.schema.json`."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(translation_schema_text(), end="")
    return 0
