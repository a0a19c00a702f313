"""`tarjama eval segmentation`: sentence-boundary precision/recall/F1 of the splitter."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tarjama.clients.cli.eval_output import add_output_flags, out_dir
from tarjama.clients.evaluation.segmentation import (
    DEFAULT_EXAMPLES,
    DEFAULT_WINDOW,
    find_document_ids,
    find_line_files,
    score_dataset,
    total,
)
from tarjama.clients.runs.article_files import write_atomically
from tarjama.models.errors import InvalidInput

KIND = "segmentation"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        KIND,
        help="score the sentence splitter on sentence-per-line test sets (boundary P/R/F1)",
        description=(
            "Joins runs of --window consecutive lines of each test set into pseudo-documents, "
            "splits them as tarjama splits paragraphs, and scores the boundaries: every line "
            "join is a boundary (a folder with document_ids.tsv, such as NTREX-128, is read as "
            "one text per article instead: the headline alone, the rest joined); every line "
            "inside a line, the English reference (eng.txt beside ara.txt) "
            "says how many sentences the line holds. Splits at ؛ are counted apart. "
            "A plain regex splitter is scored beside it. "
            "--baseline compares with an earlier result.json (e.g. before a splitter change)."
        ),
    )
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        required=True,
        help="test-set folders (ara.txt, optional eng.txt) or sentence-per-line files",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=DEFAULT_WINDOW,
        help=f"lines per pseudo-document (default {DEFAULT_WINDOW})",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        help=f"missed and extra boundaries shown per test set (default {DEFAULT_EXAMPLES})",
    )
    parser.add_argument("--baseline", type=Path, help="an earlier segmentation result.json")
    add_output_flags(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tarjama.clients.evaluation.corpora import describe_inputs  # numpy
    from tarjama.clients.evaluation.evaluate import envelope  # sacrebleu

    if args.examples < 0:
        raise InvalidInput("--examples must be 0 or more")
    baseline = _read_baseline(args.baseline) if args.baseline else None
    scores = []
    for data in args.data:
        source, reference = find_line_files(data)
        scores.append(
            score_dataset(
                source,
                reference,
                window=args.window,
                examples=args.examples,
                document_ids=find_document_ids(source),
            )
        )
    body = {
        "window": args.window,
        "datasets": [s.to_json() for s in scores],
        "total": total(scores).to_json(),
    }
    if baseline is not None:
        body["baseline"] = {"path": str(args.baseline), "datasets": baseline["datasets"]}
    result = envelope(KIND, body, inputs=describe_inputs(data=list(args.data)), command=sys.argv)
    lines = render(result)
    print("\n".join(lines))
    out = out_dir(args)
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / "result.json", json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    write_atomically(out / "report.md", _markdown(result, lines))
    print(f"wrote {out / 'result.json'}, {out / 'report.md'}")
    return 0


def _read_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InvalidInput(f"--baseline {path}: cannot read it ({error})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise InvalidInput(f"--baseline {path} is not a `tarjama eval segmentation` result.json")
    return data


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def render(result: dict[str, Any]) -> list[str]:
    """The score table (and the comparison with a baseline) as text lines."""
    rows = [*result["datasets"]]
    if len(rows) > 1:
        rows.append(result["total"])
    header = (
        f"{'test set':<20} {'docs':>9} {'lines':>6} {'gold':>6} {'found':>6} {'right':>6}"
        f" {'P':>7} {'R':>7} {'F1':>7}  {'join R':>7} {'punct R':>7} {'؛ splits':>8}"
        f" {'P with ؛':>8}  {'regex P':>7} {'regex R':>7} {'regex F1':>8}"
    )
    lines = [
        f"sentence boundaries, pseudo-documents of {result['window']} lines or one per article "
        "(docs 'art.'); P/R/F1 leave ؛ clause splits out, 'P with ؛' counts them as false; "
        "'regex' is a plain splitter after . ! ? ؟ …",
        header,
    ]
    for row in rows:
        b = row["boundaries"]
        regex = row.get("regex_baseline") or {}
        docs = f"{row['documents']}{' art.' if row.get('articles') else ''}"
        lines.append(
            f"{row['name'][:20]:<20} {docs:>9} {row['lines']:>6} {b['gold']:>6}"
            f" {b['predicted']:>6} {b['correct']:>6} {_score(b['precision']):>7}"
            f" {_score(b['recall']):>7} {_score(b['f1']):>7}  {_score(row['joins']['recall']):>7}"
            f" {_score(row['punctuated_joins']['recall']):>7} {row['clause_splits']:>8}"
            f" {_score(row['with_clause_splits']['precision']):>8}"
            f"  {_score(regex.get('precision')):>7} {_score(regex.get('recall')):>7}"
            f" {_score(regex.get('f1')):>8}"
        )
    baseline = result.get("baseline")
    if baseline:
        lines += ["", f"compared with {baseline['path']}:"]
        before = {d["name"]: d for d in baseline["datasets"]}
        for row in result["datasets"]:
            old = before.get(row["name"])
            if old is None:
                lines.append(f"{row['name']}: not in the baseline")
                continue
            changes = []
            for metric in ("precision", "recall", "f1"):
                was, now = old["boundaries"][metric], row["boundaries"][metric]
                changes.append(f"{metric} {_score(was)} -> {_score(now)}")
            lines.append(f"{row['name']}: " + ", ".join(changes))
    for row in result["datasets"]:
        for kind, title in (("missed_examples", "missed"), ("extra_examples", "extra")):
            for example in row[kind]:
                lines.append(f"{row['name']} {title}: …{example['left']} ‖ {example['right']}…")
    return lines


def _markdown(result: dict[str, Any], lines: list[str]) -> str:
    versions = result["versions"]
    command = " ".join(result.get("command") or [])
    return "\n".join(
        [
            "# tarjama evaluation: segmentation",
            "",
            f"- Date: {result['created']}",
            f"- Versions: tarjama {versions['tarjama']}, Python {versions['python']}",
            f"- Command: `{command}`",
            "",
            "```text",
            *lines,
            "```",
            "",
        ]
    )
