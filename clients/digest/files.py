"""Writes a digest's files: digest.md, digest.json, digest.html and each article's summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tarjama.clients.digest.html_page import HTML_NAME, render_html
from tarjama.clients.digest.json_doc import JSON_NAME, digest_to_json
from tarjama.clients.digest.markdown_page import MARKDOWN_NAME, render_markdown
from tarjama.clients.digest.types import DigestArticle, DigestInfo
from tarjama.clients.runs.article_files import SUMMARY_SUFFIX, write_atomically
from tarjama.models.summarization.types import Summary, Synthesis


def write_digest(
    out_dir: Path,
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> tuple[Path, Path, Path]:
    """Write digest.md, digest.json, digest.html and each `<stem>.summary.txt`, atomically."""
    out_dir = Path(out_dir)
    for article in articles:
        if article.summary is not None:
            path = out_dir / f"{article.article_id}{SUMMARY_SUFFIX}"
            write_atomically(path, "".join(s.text + "\n" for s in article.summary.sentences))
    markdown_path = out_dir / MARKDOWN_NAME
    json_path = out_dir / JSON_NAME
    write_atomically(markdown_path, render_markdown(articles, collection, info, synthesis))
    payload = digest_to_json(articles, collection, info, synthesis)
    write_atomically(json_path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    html_path = out_dir / HTML_NAME
    write_atomically(html_path, render_html(payload))
    return markdown_path, json_path, html_path
