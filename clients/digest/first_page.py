"""What a digest shows first: themes, key figures and the timeline within a word budget.

A reader looks at the top of the page first, so it holds the synthesis at about
FIRST_PAGE_WORDS words: every theme with its statement, the figures whose value changed
over time (as progressions with dates), the figures most articles share, and the best-ranked
timeline events in date order. Everything else (every figure, every event, names, each
article's points, the articles) follows below with its citations. md, html and json use
this one choice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tarjama.models.summarization.figure_subjects import group_key
from tarjama.models.summarization.phrases import is_generic, stem
from tarjama.models.summarization.progressions import is_hedged
from tarjama.models.summarization.types import Figure, Synthesis, TimelineEvent

FIRST_PAGE_WORDS = 600
MAX_PROGRESSIONS = 3
MAX_PROGRESSION_STEPS = 6
MAX_KEY_FIGURES = 6
# Key figures of one group at most: the page shows several things, not one table's top.
MAX_KEY_FIGURES_PER_GROUP = 2
MIN_KEY_COUNT = 100  # a plain count below this is a detail, not a key figure
MIN_EVENTS = 3
WORDS_PER_CITATION = 1


@dataclass
class FirstPage:
    """Indices into the synthesis' themes, figures and timeline shown at the top."""

    themes: list[int] = field(default_factory=list)
    progressions: list[list[int]] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)
    timeline: list[int] = field(default_factory=list)
    words: int = 0


def _words(text: str, citations: int = 0) -> int:
    return len(text.split()) + WORDS_PER_CITATION * citations


def figure_words(figure: Figure) -> int:
    return _words(f"{figure.qualifier} {figure.surface} {figure.what} {figure.when}", 1)


def event_words(event: TimelineEvent) -> int:
    return _words(event.sentence.text, len(event.sentence.sources)) + 3


def first_page(synthesis: Synthesis, budget: int = FIRST_PAGE_WORDS) -> FirstPage:
    """The items shown first, taking at most about `budget` words in all."""
    page = FirstPage()
    for k, theme in enumerate(synthesis.themes):
        page.themes.append(k)
        page.words += _words(f"{theme.label} {theme.statement.text}", 1) + 2
    in_progression: set[int] = set()
    for steps in synthesis.progressions[:MAX_PROGRESSIONS]:
        shown = steps[:MAX_PROGRESSION_STEPS]
        page.progressions.append(list(shown))
        in_progression |= set(steps)
        figures = [synthesis.figures[k] for k in shown]
        page.words += sum(_words(f"{f.surface} {f.holds_at}", 1) for f in figures) + 2
    per_group: Counter = Counter()
    for k in key_figures(synthesis, in_progression):
        figure = synthesis.figures[k]
        if len(page.figures) >= MAX_KEY_FIGURES:
            break
        if per_group[group_key(figure.group)] >= MAX_KEY_FIGURES_PER_GROUP:
            continue
        if figure_words(figure) + page.words <= budget:
            page.figures.append(k)
            per_group[group_key(figure.group)] += 1
            page.words += figure_words(figure)
    ranked = sorted(range(len(synthesis.timeline)), key=lambda k: synthesis.timeline[k].rank)
    for k in ranked:
        cost = event_words(synthesis.timeline[k])
        if page.words + cost > budget and len(page.timeline) >= MIN_EVENTS:
            continue
        page.timeline.append(k)
        page.words += cost
    page.timeline.sort()
    return page


def key_figures(synthesis: Synthesis, in_progression: set[int]) -> list[int]:
    """Figures worth showing first, best first: reported (not a forecast: "could reach"),
    not already in a progression, in a group no progression shows, counting more than
    "people" or "countries", said by the most
    articles, amounts in a unit (money, shares) before plain counts, then in table order."""
    progressed = {group_key(synthesis.figures[k].group) for k in in_progression}
    candidates = [
        k
        for k, f in enumerate(synthesis.figures)
        if k not in in_progression
        and not is_hedged(f)
        and group_key(f.group) not in progressed
        and not (" " not in f.what and is_generic(f.what))  # "100,000 people" says little
        and (f.unit or f.scale or Decimal(f.value) >= MIN_KEY_COUNT)  # "3 votes to 2": detail
    ]

    def rank(k: int) -> tuple:
        figure = synthesis.figures[k]
        articles = len({ref.article_index for ref in figure.sources})
        return (-articles, not figure.unit, -len(figure.sources), k)

    return sorted(candidates, key=rank)


def progression_label(figures: list[Figure]) -> str:
    """What a progression counts, as its figures say it: the shortest subject naming the
    group ("death toll" for the group "death"), else the group."""
    root = {stem(word) for word in figures[0].group.split()}
    naming = [f.what for f in figures if root & {stem(word) for word in f.what.split()}]
    return min(naming, key=lambda w: (len(w.split()), w)) if naming else figures[0].group


def progression_steps(figures: list[Figure]) -> list[tuple[str, list[Figure]]]:
    """The progression's dates, each with the values reported for it (several sources may
    give several on one day)."""
    steps: list[tuple[str, list[Figure]]] = []
    for figure in figures:
        if steps and steps[-1][0] == figure.holds_at:
            steps[-1][1].append(figure)
        else:
            steps.append((figure.holds_at, [figure]))
    return steps


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def shown_date(iso: str, precision: str = "day") -> str:
    """ "2005-01-16" -> "16 Jan 2005"; "--03-12" -> "12 Mar"; a week -> "week of ..."."""
    year, month, day = _parts(iso)
    if month is None:
        return iso
    text = _MONTHS[month - 1] + (f" {year}" if year else "")
    if day is not None and precision != "month":
        text = f"{day} {text}"
    return f"week of {text}" if precision == "week" else text


def _parts(iso: str) -> tuple[int | None, int | None, int | None]:
    pieces = iso.split("-")
    try:
        if iso.startswith("--"):
            numbers = [int(p) for p in pieces[2:]]
            return None, numbers[0], numbers[1] if len(numbers) > 1 else None
        numbers = [int(p) for p in pieces]
    except ValueError:
        return None, None, None
    if len(numbers) == 1:
        return numbers[0], None, None
    if len(numbers) == 2:
        return numbers[0], numbers[1], None
    try:
        date(numbers[0], numbers[1], numbers[2])
    except ValueError:  # no such date: shown as given
        return None, None, None
    return numbers[0], numbers[1], numbers[2]
