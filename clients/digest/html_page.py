"""digest.html: one self-contained page (no network, no CDN) to read a digest and check it.

Every citation is a link; clicking it shows the cited English sentence beside its Arabic
source (right to left) and marks it in the article's side-by-side translation, where
flagged segments are highlighted. Built from digest.json's payload, which the page also
embeds for its script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from tarjama.clients.digest.display import shown_date
from tarjama.models.errors import counted

HTML_NAME = "digest.html"

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 2rem;color:#222;
overflow-wrap:anywhere}
h1,h2,h3{line-height:1.2}a.cite{font-size:.8em;text-decoration:none;color:#0645ad;margin-left:.2em}
a.cite:hover{text-decoration:underline}.muted{color:#666}.failed{color:#a00}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3em .5em;
vertical-align:top;text-align:left}[dir=rtl]{text-align:right;font-size:1.05em}
#viewer{position:sticky;top:0;background:#fffbe6;border:1px solid #e0c97f;padding:.6em 1em;
margin:1em 0;display:none}#viewer.open{display:grid;gap:1em;max-height:50vh;overflow-y:auto;
grid-template-columns:auto minmax(0,1fr) minmax(0,1fr)}
tr.flagged td{background:#fde8e8}tr.current td{outline:2px solid #e0a800}.flag{color:#a00;
font-size:.8em}details{margin:.5em 0}summary{cursor:pointer}#viewer .ar:empty{display:none}
table.sbs{table-layout:fixed}table.sbs td:first-child{width:3em}
"""

_SCRIPT = """
const DATA = JSON.parse(document.getElementById('digest-data').textContent);
function show(a, s) {
  const article = DATA.articles[a];
  const viewer = document.getElementById('viewer');
  viewer.querySelector('.label').textContent = (a + 1) + ':' + (s + 1);
  viewer.querySelector('.en').textContent = article.sentences[s];
  // English input has no source of its own: the sentence is shown once.
  viewer.querySelector('.ar').textContent = article.translated ? (article.sources[s] || '') : '';
  viewer.classList.add('open');
  document.querySelectorAll('tr.current').forEach(row => row.classList.remove('current'));
  const row = document.getElementById('s-' + a + '-' + s);
  if (row) { row.classList.add('current'); row.closest('details').open = true; }
}
document.addEventListener('click', event => {
  const link = event.target.closest('a.cite');
  if (!link) return;
  event.preventDefault();
  show(Number(link.dataset.a), Number(link.dataset.s));
});
"""


def render_html(payload: dict[str, Any]) -> str:
    """The page for one digest.json payload."""
    articles = payload["articles"]
    collection = payload.get("collection_summary")
    synthesis = payload.get("synthesis") or {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>News digest</title><style>{_STYLE}</style></head><body>",
        "<h1>News digest</h1>",
        f'<p class="muted">{counted(payload["counts"]["articles"], "article")} · '
        f"{payload['counts']['summarized']} summarized · {payload['counts']['failed']} failed · "
        f"generated {escape(payload['generated_at'])}. Citations [article:sentence] count "
        "from 1; click one to see the sentence and its source.</p>",
        _method(payload),
        '<div id="viewer" role="region" aria-live="polite"><b class="label"></b>'
        '<div class="en" lang="en"></div><div class="ar" dir="rtl" lang="ar"></div></div>',
        "<h2>What the articles say together</h2>",
        _sentences(collection["sentences"]) if collection else "<p>No summary.</p>",
        *_synthesis(synthesis, articles),
        "<h2>Articles</h2>",
        *(_article(article) for article in articles),
        '<script type="application/json" id="digest-data">',
        json.dumps(payload, ensure_ascii=False).replace("</", "<\\/"),
        f"</script><script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


# What each summary method means to a reader of the page.
_METHODS = {
    "extractive": "extractive: whole translated sentences, chosen by how central they are "
    "(no summarization model)",
    "abstractive": "abstractive: written by the summarization model {model}",
}


def _method(payload: dict[str, Any]) -> str:
    """Which method made the summaries on this page, and the notes that say why."""
    summaries = [payload.get("collection_summary")]
    summaries += [article.get("summary") for article in payload["articles"]]
    used: dict[str, str] = {}
    for summary in filter(None, summaries):
        model = (summary.get("model") or {}).get("id") or "?"
        template = _METHODS.get(summary["method"], summary["method"])
        used.setdefault(summary["method"], template.format(model=model))
    if not used:
        return '<p class="muted">No summaries were made.</p>'
    notes = "".join(f"<li>{escape(note)}</li>" for note in payload.get("notes") or [])
    return (
        f'<p class="method">Summary method: {escape("; ".join(used.values()))} (asked for: '
        f"{escape(str(payload.get('method_requested') or 'auto'))}).</p>"
        + (f'<ul class="muted">{notes}</ul>' if notes else "")
    )


def _table(head: list[str], rows: list[str], empty: str) -> str:
    """A table, or a sentence saying there is nothing to show: never an empty table."""
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    header = "".join(f"<th>{escape(cell)}</th>" for cell in head)
    return f"<table><tr>{header}</tr>{''.join(rows)}</table>"


def _cite(refs: Iterable[dict[str, Any]]) -> str:
    return "".join(
        f'<a class="cite" href="#s-{r["article_index"]}-{r["sentence_index"]}" '
        f'data-a="{r["article_index"]}" data-s="{r["sentence_index"]}">[{r["label"]}]</a>'
        for r in refs
    )


def _sentences(sentences: list[dict[str, Any]]) -> str:
    items = []
    for sentence in sentences:
        warning = ""
        if sentence.get("unsupported_numbers"):
            numbers = ", ".join(sentence["unsupported_numbers"])
            warning = f' <span class="flag">numbers not in the sources: {escape(numbers)}</span>'
        items.append(f"<li>{escape(sentence['text'])}{_cite(sentence['sources'])}{warning}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _synthesis(synthesis: dict[str, Any], articles: list[dict[str, Any]]) -> list[str]:
    if not synthesis:
        return []
    page = synthesis.get("first_page") or {}
    themes, figures, events = synthesis["themes"], synthesis["figures"], synthesis["timeline"]
    parts = ["<h2>Shared themes</h2>"]
    if not themes:
        parts.append('<p class="muted">No theme is shared by two or more articles.</p>')
    parts.append("<ul>")
    for k in page.get("themes", range(len(themes))):
        theme = themes[k]
        numbers = ", ".join(str(a + 1) for a in theme["articles"])
        parts.append(
            f"<li><b>{escape(theme['label'])}</b> <span class='muted'>(articles {numbers})</span>"
            f": {escape(theme['statement']['text'])}{_cite(theme['statement']['sources'])}</li>"
        )
    parts.append("</ul><h2>Key figures</h2>")
    if not figures:
        parts.append('<p class="muted">No figures were found in the articles.</p>')
    parts.append("<ul>")
    labels = synthesis.get("progression_labels", [])
    # The page shows the first progressions, in the synthesis' order, each maybe shortened.
    for number, steps in enumerate(page.get("progressions", [])):
        days: list[list[int]] = []  # values reported for one date share it
        for k in steps:
            if days and _when(figures[days[-1][0]]) == _when(figures[k]):
                days[-1].append(k)
            else:
                days.append([k])
        shown = " → ".join(
            ", ".join(
                f"{escape(_amount(figures[k]))}{_cite(figures[k]['sources'][:1])}" for k in day
            )
            + f" ({escape(_when(figures[day[0]]))})"
            for day in days
        )
        label = labels[number] if number < len(labels) else figures[steps[0]]["group"]
        parts.append(f"<li><b>{escape(label)}</b> over time: {shown}</li>")
    for k in page.get("figures", []):
        figure = figures[k]
        reported = figure.get("reported", "")
        said = figure["when"] or (shown_date(reported) if reported else "")
        when = f", {escape(said)}" if said else ""
        parts.append(
            f"<li><b>{escape(_amount(figure))}</b> {escape(figure['what'])}{when}"
            f"{_cite(figure['sources'][:3])}</li>"
        )
    parts.append("</ul><h2>Timeline</h2><ul>")
    for k in page.get("timeline", []):
        event = events[k]
        parts.append(
            f"<li><b>{escape(event['shown_date'])}</b>: {escape(event['text'])}"
            f"{_cite(event['sources'])}</li>"
        )
    parts.append("</ul>")
    if not events:
        parts.append("<p class='muted'>No dated events.</p>")
    undated = [str(d["article_index"] + 1) for d in synthesis["article_dates"] if not d["date"]]
    if undated:
        parts.append(f"<p class='muted'>Undated: article {', '.join(undated)}.</p>")
    rows: list[str] = []
    previous = None
    for figure in figures:
        group = figure["group"] if figure["group"] != previous else ""  # one name per group
        previous = figure["group"]
        rows.append(
            f"<tr><td>{escape(group)}</td><td>{escape(_amount(figure))}</td>"
            f"<td>{escape(figure['what'])}</td><td>{escape(figure['when'])}</td>"
            f"<td>{escape(figure.get('reported', ''))}</td><td>{_cite(figure['sources'])}</td></tr>"
        )
    if rows:
        head = ["what", "figure", "counts", "when", "reported", "where"]
        table = _table(head, rows, "")
        parts.append(f"<details><summary>All figures</summary>{table}</details>")
    if events:
        parts.append("<details><summary>Every dated event</summary><ul>")
        for event in events:
            written = f" ({escape(event['written'])})" if event["written"] else ""
            parts.append(
                f"<li>{escape(event['shown_date'])}{written}: {escape(event['text'])}"
                f"{_cite(event['sources'])}</li>"
            )
        parts.append("</ul></details>")
    parts.append("<h2>Who and where</h2>")
    rows = []
    for entity in synthesis["entities"]:
        numbers = ", ".join(str(a + 1) for a in entity["articles"])
        rows.append(
            f"<tr><td>{escape(entity['name'])}</td><td>{escape(entity['kind'])}</td>"
            f"<td>{entity['mentions']}</td><td>{numbers}</td>"
            f"<td>{_cite(entity['sources'])}</td></tr>"
        )
    head = ["name", "kind", "sentences", "articles", "where"]
    parts.append(_table(head, rows, "No name appears in two or more articles."))
    if themes:
        parts.append("<h2>Where each theme is said</h2><ul>")
        for theme in themes:
            parts.append(f"<li><b>{escape(theme['label'])}</b>: {_cite(theme['sources'])}</li>")
        parts.append("</ul>")
    parts.append("<h2>Each article's own points</h2><ul>")
    titles = {article["index"]: article["title"] for article in articles}
    for point in synthesis["distinct_points"]:
        title = titles.get(point["article_index"], "")
        parts.append(
            f"<li><i>{point['article_index'] + 1}. {escape(title)}:</i> {escape(point['text'])}"
            f"{_cite(point['sources'])}</li>"
        )
    return [*parts, "</ul>"]


def _amount(figure: dict[str, Any]) -> str:
    return " ".join(x for x in (figure["qualifier"], figure["surface"]) if x)


def _when(figure: dict[str, Any]) -> str:
    year = re.search(r"(?:19|20)\d\d", figure["when"])
    reported = figure.get("reported", "")
    if year and not reported.startswith(year.group(0)):
        return year.group(0)
    return shown_date(reported) if reported else figure["when"]


def _article(article: dict[str, Any]) -> str:
    title = f"{article['number']}. {escape(article['title'])}"
    if article["status"] == "failed":
        return f"<h3>{title}</h3><p class='failed'>failed: {escape(article['error'] or '')}</p>"
    summary = _sentences(article["summary"]["sentences"]) if article.get("summary") else ""
    flags = article.get("flags") or [[] for _ in article["sentences"]]
    translated = article.get("translated", True)
    rows = []
    for index, (english, source) in enumerate(zip(article["sentences"], article["sources"],
                                                  strict=True)):  # fmt: skip
        flagged = flags[index] if index < len(flags) else []
        mark = f' <span class="flag">{escape(", ".join(flagged))}</span>' if flagged else ""
        arabic = f'<td dir="rtl" lang="ar">{escape(source)}</td>' if translated else ""
        rows.append(
            f'<tr id="s-{article["index"]}-{index}"{" class=flagged" if flagged else ""}>'
            f"<td>{index + 1}</td><td>{escape(english)}{mark}</td>{arabic}</tr>"
        )
    what = "full translation, side by side" if translated else "full text (English input)"
    if not rows:
        return f"<h3>{title}</h3>{summary}<p class='muted'>No sentences.</p>"
    return (
        f"<h3>{title}</h3>{summary}<details><summary>{what} "
        f"({counted(len(rows), 'sentence')})</summary>"
        f"<table class=sbs>{''.join(rows)}</table></details>"
    )
