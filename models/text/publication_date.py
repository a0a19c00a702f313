"""Publication dates at the precision actually known: from a page's markup, its URL, or a
dateline in the text.

A date is written as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: what the source says, never
padded (a page whose only clue is "2013" is dated ``2013``, not ``2013-01-01``); a dateline
that gives no year is ``--MM-DD`` (ISO 8601's form) until a page's year fills it in.  Each finder
returns a ``FoundDate`` saying where the date came from (``metadata``, ``url``, ``text``).

* ``markup_date``: the page's explicit publication-date fields only: ``<meta>`` tags such as
  ``article:published_time``, ``datePublished``, ``pubdate``, ``DC.date.issued``; JSON-LD
  ``datePublished`` (at any depth, ``@graph`` included); ``<time>`` or any element marked
  ``itemprop="datePublished"`` or ``pubdate``.  A modification date is not a publication date.
* ``url_date``: ``/2013/08/03/``, ``/2013/8/3/``, ``/20130803/``, ``2013-08-03``, a year with
  section names before the month and day (``/2013/middle_east/8/3/``), ``/2013/08/``, or a
  year segment before the slug (``/2013/slug``, year precision).
* ``dateline_date``: the dateline at the start of one of the first lines of an article
  ("القاهرة - 3 أغسطس 2013", "الرياض، الأحد 3 آب/أغسطس 2013 (واس)", "دمشق في 2013/8/3 -"),
  read by the one dateline reader, ``models.text.dates.find_dateline`` (the month names of
  Egypt and the Gulf, the Levant and the Maghreb; ``--MM-DD`` when it gives no year).  It
  reads only where a dateline sits, so a date mentioned in the story is not taken for the
  publication date.  A prepared article already carries its dateline's date
  (``prepare_article``), so ``prepare_page`` refines the page's date with that one rather than
  reading the text twice.

``publication_date`` takes the first of these that finds a date, and ``refine`` lets a later
source refine it when they agree and the later one says more (a URL's ``2013`` and a
dateline's ``2013-08-03``, or the dateline's ``--08-03`` read in the URL's year); a later
source never contradicts an earlier one.

Years outside ``MIN_YEAR``..``MAX_YEAR`` are ignored (Hijri years, phone numbers, ids).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tarjama.models.text.dates import DATELINE_LINES, Dateline, find_dateline, find_dates
from tarjama.models.text.normalize import normalize_arabic

METADATA = "metadata"
URL = "url"
TEXT = "text"
MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_JSON_LD_CHARS = 200_000  # a script bigger than this is not page metadata
MAX_WRITTEN_VALUE_CHARS = 200  # a markup value longer than this is no date

# ISO-like values in markup: "2013-08-03T10:00:00Z", "2013-08", "2013", "2013/08/03".
_MARKUP_VALUE = re.compile(r"^\s*(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?=$|[T\s+Z]|\d{2}:)")
_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_URL_DASHED = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_](\d{1,2})[-_](\d{1,2})(?!\d)")
_URL_YEAR_SEGMENT = re.compile(r"^(?:19|20)\d{2}$")
_URL_SMALL_NUMBER = re.compile(r"^\d{1,2}$")
_MAX_SECTION_SEGMENTS = 2  # section names between the year and the month: /2013/middle_east/8/

_META_KEYS = frozenset(
    key.lower()
    for key in (
        "article:published_time",
        "og:published_time",
        "article:published",
        "datePublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_time",
        "publication_date",
        "original-publish-date",
        "DC.date.issued",
        "DC.date",
        "dc.date.created",
        "dcterms.created",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
        "cXenseParse:recs:publishtime",
    )
)
_JSON_LD_KEYS = ("datePublished", "dateCreated")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class FoundDate:
    """A date as precise as its source (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or ``--MM-DD``
    from a dateline without its year) and where it came from (``metadata``, ``url``,
    ``text``)."""

    value: str
    source: str

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year`` (``--MM-DD`` is a day of an unknown year)."""
        if self.value.startswith("--"):
            return "day"
        return {10: "day", 7: "month"}.get(len(self.value), "year")


def format_date(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The date at the given precision, or None when it is not a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_markup_date(value: str) -> str | None:
    """A date from a markup value ("2013-08-03T10:00:00+03:00", "2013-08", "Sat, 03 Aug 2013
    10:00:00 GMT", "الأحد 3 أغسطس 2013"), at the precision it states; the date as written, in
    its own time zone."""
    value = value.strip()
    match = _MARKUP_VALUE.match(value)
    if match:
        year, _, month, day = match.groups()
        return format_date(int(year), int(month) if month else None, int(day) if day else None)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return format_date(parsed.year, parsed.month, parsed.day)
    # The text of a <time> or itemprop element: "الأحد 3 أغسطس 2013", "August 3, 2013".
    return find_written_date(value) if len(value) <= MAX_WRITTEN_VALUE_CHARS else None


def markup_date(html: str) -> FoundDate | None:
    """The publication date a page states in its markup, or None."""
    from lxml import etree  # lxml comes with trafilatura
    from lxml import html as lxml_html  # as etree: not in a bare client install

    try:  # lxml refuses a str that still declares its bytes' encoding (XHTML pages)
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None
    for value in _markup_values(tree):
        date = parse_markup_date(value)
        if date is not None:
            return FoundDate(date, METADATA)
    return None


def _markup_values(tree) -> Iterator[str]:
    """Candidate publication-date values, the most explicit first."""
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.strip().lower() in _META_KEYS and meta.get("content"):
            yield meta.get("content")
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            yield from _json_ld_dates(script.text or "")
    for element in tree.xpath('//*[@itemprop="datePublished" or @pubdate]'):
        value = element.get("datetime") or element.get("content") or element.text_content()
        if value:
            yield value


def _json_ld_dates(source: str) -> Iterator[str]:
    if len(source) > MAX_JSON_LD_CHARS:
        return
    try:
        data = json.loads(source)
    except ValueError:
        return
    stack = [data]
    while stack:  # iterative: page JSON can nest deeply
        item = stack.pop()
        if isinstance(item, dict):
            for key in _JSON_LD_KEYS:
                if isinstance(item.get(key), str):
                    yield item[key]
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def url_date(url: str) -> FoundDate | None:
    """The date a page's URL carries in its path, or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?")[0]
    path = path.split("#")[0]
    for pattern in (_URL_DASHED, _URL_COMPACT):
        for match in pattern.finditer(path):
            date = format_date(*(int(part) for part in match.groups()))
            if date is not None:
                return FoundDate(date, URL)
    segments = [segment for segment in path.split("/") if segment]
    for index, segment in enumerate(segments):
        if _URL_YEAR_SEGMENT.match(segment):
            date = _date_after_year(int(segment), segments[index + 1 :])
            if date is not None:
                return FoundDate(date, URL)
    return None


def _date_after_year(year: int, following: Sequence[str]) -> str | None:
    """Month and day segments after a year segment, skipping a few section names."""
    numbers: list[int] = []
    skipped = 0
    for segment in following:
        if _URL_SMALL_NUMBER.match(segment):
            numbers.append(int(segment))
            if len(numbers) == 2:
                break
        elif numbers or skipped >= _MAX_SECTION_SEGMENTS:
            break
        else:
            skipped += 1
    if len(numbers) == 2:
        return format_date(year, *numbers) or format_date(year, numbers[0])
    if len(numbers) == 1 and skipped == 0:
        return format_date(year, numbers[0])
    # A year alone ("/2013/some-slug") dates the page to the year; a trailing one ("/2013/")
    # is more likely an archive page than an article.
    return format_date(year) if following else None


def dateline_date(lines: Iterable[str]) -> FoundDate | None:
    """The date of an article's dateline (one paragraph per line, normalized or not)."""
    found = find_dateline([normalize_arabic(line) for line in _first_lines(lines)])
    return found_in_dateline(found[1]) if found is not None else None


def _first_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines where a dateline can sit, so a long article is not normalized whole."""
    seen = 0
    for line in lines:
        yield line
        seen += bool(line.strip())
        if seen >= DATELINE_LINES:
            return


def found_in_dateline(dateline: Dateline) -> FoundDate | None:
    """A dateline's date as a text-sourced ``FoundDate``; None for a year out of range."""
    if dateline.year_known and not MIN_YEAR <= dateline.date.year <= MAX_YEAR:
        return None
    return FoundDate(dateline.iso, TEXT)


def find_written_date(text: str) -> str | None:
    """The first date with a year written in ``text`` ("3 أغسطس 2013", "آب 2013",
    "3/8/2013", "August 3, 2013"), at its precision, or None."""
    for mention in find_dates(normalize_arabic(text)):
        if mention.year is not None:
            date = format_date(mention.year, mention.month, mention.day)
            if date is not None:
                return date
    return None


def refine(found: FoundDate | None, later: FoundDate | None) -> FoundDate | None:
    """``found`` refined by a later source that agrees with it and says more (``2013`` and
    ``2013-08-03``; ``2013`` or ``2013-08`` and a yearless ``--08-03``); else ``found``."""
    if later is None:
        return found
    if found is None:
        return later
    if later.value.startswith(found.value) and len(later.value) > len(found.value):
        return later
    if later.value.startswith("--") and found.precision != "day":
        month, day = (int(part) for part in later.value[2:].split("-"))
        year, *known_month = (int(part) for part in found.value.split("-"))
        if known_month in ([], [month]):
            date = format_date(year, month, day)
            if date is not None:
                return FoundDate(date, later.source)
    return found


def publication_date(html: str, url: str, text_lines: Iterable[str] = ()) -> FoundDate | None:
    """A page's date: its markup, else its URL, else the article's dateline, each refining
    the one before when they agree (``refine``), never contradicting it."""
    found: FoundDate | None = None
    for finder in (
        lambda: markup_date(html),
        lambda: url_date(url),
        lambda: dateline_date(text_lines),
    ):
        if found is not None and found.precision == "day":
            break
        found = refine(found, finder())
    return found
