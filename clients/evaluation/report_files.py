"""Writes an evaluation's files: result.json, report.md and, on request, report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tarjama.clients.evaluation.report import render_markdown
from tarjama.clients.runs.outputs import write_atomically

RESULT_NAME = "result.json"
MARKDOWN_NAME = "report.md"
HTML_NAME = "report.html"


def write_reports(result: dict[str, Any], out_dir: Path, *, html: bool = False) -> list[Path]:
    """result.json and report.md (and report.html) in `out_dir`; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / RESULT_NAME, out_dir / MARKDOWN_NAME]
    write_atomically(paths[0], json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    write_atomically(paths[1], render_markdown(result))
    if html:
        # Lazy: the HTML report imports matplotlib, which takes seconds.
        from tarjama.clients.evaluation.html_report import render_html

        paths.append(out_dir / HTML_NAME)
        write_atomically(paths[2], render_html(result))
    return paths
