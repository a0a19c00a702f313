"""How the digest pages write dates ("16 Jan 2005") and a progression's dates."""

from __future__ import annotations

from datetime import date

from tarjama.models.summarization.types import Figure


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
