"""digest.md: the digest for people, every citation quoted at the end."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from tarjama.clients.digest.display import progression_steps, shown_date
from tarjama.clients.digest.types import DigestArticle, DigestInfo, citation, label
from tarjama.models.errors import counted
from tarjama.models.summarization.types import FirstPage, SentenceRef, Summary, Synthesis

MARKDOWN_NAME = "digest.md"

# Underscores are left alone: inside words (file names) CommonMark never reads them as
# emphasis, and escaping them makes the raw file hard to read.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>])")


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _sentence_lines(summary: Summary) -> list[str]:
    lines = []
    for sentence in summary.sentences:
        line = f"- {escape(sentence.text)} {citation(sentence.sources)}".rstrip()
        if not sentence.sources:
            line += " ⚠ *no source sentence found for this sentence*"
        if sentence.unsupported_numbers:
            numbers = ", ".join(sentence.unsupported_numbers)
            line += f" ⚠ *numbers not found in the cited sentences: {escape(numbers)}*"
        lines.append(line)
    return lines


def _notes(notes: Sequence[str], shown: set[str] = frozenset()) -> list[str]:
    fresh = [note for note in notes if note not in shown]
    return ["", *(f"> Note: {escape(note)}" for note in fresh)] if fresh else []


def _common_notes(articles: Sequence[DigestArticle], collection: Summary | None) -> list[str]:
    """Notes every summary carries (e.g. why summaries are extractive): said once, on top."""
    summaries = [a.summary for a in articles if a.summary] + ([collection] if collection else [])
    if not summaries:
        return []
    return [note for note in summaries[0].notes if all(note in s.notes for s in summaries[1:])]


def render_markdown(
    articles: Sequence[DigestArticle],
    collection: Summary | None,
    info: DigestInfo,
    synthesis: Synthesis | None = None,
) -> str:
    summarized = sum(1 for a in articles if a.summary is not None)
    failed = [a for a in articles if a.error is not None]
    method = collection.method.value if collection else info.method
    common = _common_notes(articles, collection)
    lines = [
        "# News digest",
        "",
        f"{counted(len(articles), 'article')} · {summarized} summarized · {len(failed)} failed · "
        f"{method} summaries · generated {info.generated_at}"
        + (f" by tarjama {info.tarjama_version}" if info.tarjama_version else ""),
        "",
        "Citations like [2:14] point to article 2, sentence 14 of its translation (both "
        "counted from 1); every cited sentence is quoted under *Cited sentences* at the end.",
        *_notes([*common, *info.notes]),
        "",
        "## What the articles say together",
        "",
    ]
    if collection is not None and collection.sentences:
        lines += _sentence_lines(collection)
        lines += _notes(collection.notes, set(common))
    else:
        lines.append("*No cross-article summary: no article could be summarized.*")
    if synthesis is not None:
        lines += _first_page_lines(synthesis, synthesis.first_page)
        lines += _synthesis_lines(synthesis, articles)
    lines += ["", "## Articles", ""]
    for article in articles:
        lines += _article_section(article, set(common))
    lines += _cited_sentences(articles, collection, synthesis)
    return "\n".join(lines).rstrip() + "\n"


def _first_page_lines(synthesis: Synthesis, page: FirstPage) -> list[str]:
    """Themes, key figures and the timeline: what a reader sees first, within its budget."""
    lines = ["", "## Shared themes", ""]
    if not synthesis.themes:
        lines.append("*No theme is shared by two or more articles.*")
    for k in page.themes:
        theme = synthesis.themes[k]
        numbers = ", ".join(str(a + 1) for a in theme.articles)
        lines.append(
            f"- **{escape(theme.label)}** (articles {numbers}): {escape(theme.statement.text)} "
            f"{citation(theme.statement.sources)}"
        )
    lines += ["", "## Key figures", ""]
    labels = synthesis.progression_labels
    for number, steps in enumerate(page.progressions):
        figures = [synthesis.figures[k] for k in steps]
        shown = " → ".join(
            ", ".join(f"{escape(_amount(f))} {citation(f.sources[:1])}" for f in same_day)
            + f" ({escape(_figure_when(same_day[0]))})"
            for _, same_day in progression_steps(figures)
        )
        counts = labels[number] if number < len(labels) else figures[0].group
        lines.append(f"- **{escape(counts)}** over time: {shown}")
    for k in page.figures:
        figure = synthesis.figures[k]
        # The period its clause names ("by 2027-2028"), else the day it was reported.
        said = figure.when or (shown_date(figure.reported) if figure.reported else "")
        when = f", {escape(said)}" if said else ""
        lines.append(
            f"- **{escape(_amount(figure))}** {escape(figure.what)}{when} "
            f"{citation(figure.sources[:3])}"
        )
    if not synthesis.figures:
        lines.append("*No figures.*")
    lines += ["", "## Timeline", ""]
    for k in page.timeline:
        event = synthesis.timeline[k]
        lines.append(
            f"- **{shown_date(event.date, event.precision)}**: {escape(event.sentence.text)} "
            f"{citation(event.sentence.sources)}"
        )
    if not synthesis.timeline:
        lines.append("*No dated events: no article has a date or says when things happened.*")
    undated = [d.article_index + 1 for d in synthesis.article_dates if not d.date]
    if undated:
        shown = ", ".join(map(str, undated))
        lines += ["", f"*Undated: article {shown} (no dateline or page date).*"]
    return lines


def _amount(figure) -> str:
    return " ".join(x for x in (figure.qualifier, figure.surface) if x)


def _figure_when(figure) -> str:
    when = figure.holds_at
    return shown_date(when) if "-" in when else when


def _synthesis_lines(synthesis: Synthesis, articles: Sequence[DigestArticle]) -> list[str]:
    """Everything below the first page: all figures, all events, names, own points."""
    lines = ["", "## All figures", ""]
    if synthesis.figures:
        lines += [
            "| what | figure | counts | when | reported | where |",
            "|---|---|---|---|---|---|",
        ]
        previous = None
        for figure in synthesis.figures:
            group = escape(figure.group) if figure.group != previous else ""
            previous = figure.group
            reported = shown_date(figure.reported) if figure.reported else ""
            lines.append(
                f"| {group} | {escape(_amount(figure))} | {escape(figure.what)} | "
                f"{escape(figure.when)} | {reported} | {citation(figure.sources)} |"
            )
    else:
        lines.append("*No figures.*")
    if synthesis.timeline:
        lines += ["", "## Every dated event", ""]
        for event in synthesis.timeline:
            written = f" ({escape(event.written)})" if event.written else " (article's date)"
            lines.append(
                f"- {shown_date(event.date, event.precision)}{written}: "
                f"{escape(event.sentence.text)} {citation(event.sentence.sources)}"
            )
    lines += ["", "## Who and where", ""]
    for kind, title in _ENTITY_KINDS:
        named = [e for e in synthesis.entities if e.kind == kind]
        if named:
            lines.append(
                f"- **{title}:** "
                + "; ".join(
                    f"{escape(e.name)} ({counted(e.mentions, 'sentence')}, articles "
                    f"{', '.join(str(a + 1) for a in e.articles)}) {citation(e.sources)}"
                    for e in named
                )
            )
    if not synthesis.entities:
        lines.append("*No name appears in two or more articles.*")
    if synthesis.themes:
        lines += ["", "## Where each theme is said", ""]
        for theme in synthesis.themes:
            lines.append(f"- **{escape(theme.label)}**: {citation(theme.sources)}")
    lines += ["", "## Each article's own points", ""]
    by_index = {a.index: a for a in articles}
    for point in synthesis.distinct_points:
        article = by_index.get(point.article_index)
        name = escape(article.title) if article else str(point.article_index + 1)
        lines.append(
            f"- *{point.article_index + 1}. {name}:* {escape(point.sentence.text)} "
            f"{citation(point.sentence.sources)}"
        )
    lines += _notes(synthesis.notes)
    return lines


_ENTITY_KINDS = (
    ("person", "People"),
    ("place", "Places"),
    ("organization", "Organizations"),
    ("name", "Other names"),
)


def synthesis_refs(synthesis: Synthesis | None) -> set[SentenceRef]:
    if synthesis is None:
        return set()
    refs = {r for t in synthesis.themes for r in (*t.sources, *t.statement.sources)}
    refs |= {r for f in synthesis.figures for r in f.sources}
    refs |= {r for e in synthesis.entities for r in e.sources}
    refs |= {r for e in synthesis.timeline for r in e.sentence.sources}
    return refs | {r for d in synthesis.distinct_points for r in d.sentence.sources}


def _article_section(article: DigestArticle, shown_notes: set[str]) -> list[str]:
    heading = f"### {article.number}. {escape(article.title)}"
    if article.error is not None:
        return [heading, "", f"`{article.article_id}` — **failed:** {escape(article.error)}", ""]
    details = [f"`{article.article_id}`"]
    if article.translation is not None:
        details.append(counted(len(article.translation.segments), "sentence"))
    if article.text_file:
        details.append(f"[full translation]({quote(article.text_file)})")
    lines = [heading, "", " · ".join(details), ""]
    if article.summary is not None:
        lines += _sentence_lines(article.summary)
        lines += _notes(article.summary.notes, shown_notes)
    lines.append("")
    return lines


def _cited_sentences(
    articles: Sequence[DigestArticle], collection: Summary | None, synthesis: Synthesis | None
) -> list[str]:
    summaries = [a.summary for a in articles if a.summary] + ([collection] if collection else [])
    refs = sorted(
        {ref for summary in summaries for sentence in summary.sentences for ref in sentence.sources}
        | synthesis_refs(synthesis),
        key=lambda ref: (ref.article_index, ref.sentence_index),
    )
    by_index = {article.index: article for article in articles}
    lines = ["## Cited sentences", ""]
    for ref in refs:
        article = by_index.get(ref.article_index)
        if article is None or article.translation is None:
            continue
        segments = article.translation.segments
        if 0 <= ref.sentence_index < len(segments):
            text = segments[ref.sentence_index].translation
            lines.append(f"- **[{label(ref)}]** {escape(text)}")
    return lines if len(lines) > 2 else []
