"""Calendar dates written in English or Arabic news text, and datelines (a line that dates
its article: "Saturday, January 8, 2005", "December 29, 2004", "2005/01/08",
"الأربعاء 12 مارس 2025", "عمان 12 آذار (بترا) -", "الرياض، الأحد 3 آب/أغسطس 2013 (واس)").

Dates are found by rules, not a model: a month name (English, Arabic, the Levantine names:
كانون الثاني، شباط ..., the Maghreb's: جانفي، جويلية ...) with a day and/or a year, or a
numeric date (year first, or day first as Arabic writes it: "3/8/2013"). A weekday alone is
not a date here (resolving "on Saturday" needs the article's own date: see
models/summarization/timeline.py). Digits may be Arabic-Indic.

This is the one dateline reader: ``find_dateline`` dates a prepared article
(models/text/prepare.py: text articles and the text of web pages, where it refines the page's
own date, models/text/publication_date.py) and ``read_dateline`` reads English articles too
(models/summarization/english.py).
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date

ENGLISH_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
ENGLISH_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
# Arabic month names after normalize_arabic (أ/إ/آ folded to ا, ى to ي, ة kept).
ARABIC_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # The Maghreb's names (from the French).
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "اوت": 8,
}  # fmt: skip
ARABIC_WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4,
    "السبت": 5, "الاحد": 6,
}  # fmt: skip
# Digits to ASCII and hamza-carrying alefs to bare alef, one character for one, so match
# offsets stay offsets into the text as written.
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹أإآىة", "01234567890123456789اااية")


def _alternation(names) -> str:
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


_EN_MONTH = rf"(?P<month>{_alternation(ENGLISH_MONTHS)})\.?"
_EN_WEEKDAY = rf"(?:(?P<weekday>{_alternation(ENGLISH_WEEKDAYS)})\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
_ENGLISH_PATTERNS = (
    # Saturday, January 8, 2005 / Jan. 10 / December 29th 2004
    re.compile(rf"\b{_EN_WEEKDAY}{_EN_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?", re.IGNORECASE),
    # Sunday 16 January 2005 / 26 December
    re.compile(rf"\b{_EN_WEEKDAY}{_DAY}\s+(?:of\s+)?{_EN_MONTH}\b(?:,?\s+{_YEAR})?", re.I),
    # 2005/01/08, 2005-01-08
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[/.-](?P<mnum>[01]?\d)[/.-](?P<day>[0-3]?\d)(?!\d)"),
    # December 2004
    re.compile(rf"\b{_EN_MONTH}\s+(?:of\s+)?{_YEAR}", re.IGNORECASE),
)
_AR_MONTH = rf"(?P<month>{_alternation(ARABIC_MONTHS)})"
# A second name of the same month, as papers write both: "3 آب/أغسطس 2013", "آب (أغسطس)".
_AR_OTHER_NAME = rf"(?:\s*[/(]\s*(?P<other>{_alternation(ARABIC_MONTHS)})(?!\w)\s*\)?)?"
_AR_WEEKDAY = rf"(?:(?P<weekday>{_alternation(ARABIC_WEEKDAYS)})\s*[،,]?\s*)?"
_AR_PATTERNS = (
    # الأربعاء 12 مارس 2025 / 12 آذار / (ال)خميس، 3 كانون الثاني 2025م
    re.compile(
        rf"(?<!\w){_AR_WEEKDAY}(?:(?P<day>[0-3]?\d)\s*(?:من\s+)?)?{_AR_MONTH}(?!\w)"
        rf"{_AR_OTHER_NAME}"
        rf"(?:\s*[،,]?\s*(?:عام\s+|سنة\s+)?(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?)?"
    ),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[/.-](?P<mnum>[01]?\d)[/.-](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>[0-3]?\d)[/.-](?P<mnum>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)(?!\d)"),
)
# Between a dateline's date and the body: a dash, a colon, a place or an agency in brackets.
_DATELINE_REST = re.compile(r"^\s*[-–—:|]?\s*(?:\([^()]{1,40}\)\s*[-–—:]?)?\s*")


@dataclass(frozen=True)
class DateMention:
    """A date written in text; fields the text leaves out are None."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    weekday: int | None  # 0 = Monday, as written ("Saturday, January 8")

    def resolved(self, reference: date | None) -> date | None:
        """The date, its year taken from `reference` when unwritten (the nearest such date,
        so "December 29" in a January article is the December before); None if unknown."""
        year = self.year
        if year is None:
            if reference is None:
                return None
            candidates = [reference.year - 1, reference.year, reference.year + 1]
            year = min(candidates, key=lambda y: abs(_safe(y, self.month, self.day or 1)
                                                     - reference).days)  # fmt: skip
        return _safe(year, self.month, self.day or 1)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month"


def _safe(year: int, month: int, day: int) -> date:
    for d in (day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 1)


def _digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


def find_dates(text: str) -> list[DateMention]:
    """The calendar dates in a sentence, left to right, overlaps resolved to the longest."""
    text = _digits(text)
    arabic = bool(re.search(r"[\u0600-\u06ff]", text))
    patterns = _AR_PATTERNS if arabic else ()
    candidates: list[DateMention] = []
    for pattern in (*_ENGLISH_PATTERNS, *patterns):
        for match in pattern.finditer(text):
            mention = _mention(match)
            if mention is not None:
                candidates.append(mention)
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    found: list[DateMention] = []
    for mention in candidates:
        if found and mention.start < found[-1].end:
            continue
        found.append(mention)
    return found


def _mention(match: re.Match) -> DateMention | None:
    groups = match.groupdict()
    if groups.get("mnum"):
        month = int(groups["mnum"])
    else:
        name = groups["month"].lower().rstrip(".")
        month = ENGLISH_MONTHS.get(name) or ARABIC_MONTHS.get(name, 0)
        if name == "may" and not groups.get("day"):
            return None  # "may" the verb, unless a day goes with it
        if groups.get("other") and ARABIC_MONTHS[groups["other"]] != month:
            return None  # "مارس/أبريل": two months, no one date
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if day is None and year is None:
        return None  # a month name alone ("March") is not a date
    weekday_name = (groups.get("weekday") or "").lower().rstrip(".")
    weekday = ENGLISH_WEEKDAYS.get(weekday_name, ARABIC_WEEKDAYS.get(weekday_name))
    return DateMention(match.start(), match.end(), match.group(0), year, month, day, weekday)


@dataclass(frozen=True)
class Dateline:
    """A date that opens a line, and the text after it ("" when the line is only the date)."""

    date: date  # in PLACEHOLDER_YEAR when the line gives no year; day 1 for a month
    year_known: bool
    text: str  # the dateline as written
    rest: str
    precision: str = "day"  # or "month": "أغسطس 2013" says no more

    @property
    def iso(self) -> str:
        """YYYY-MM-DD, YYYY-MM, or --MM-DD (ISO 8601's form for a date without a year)."""
        if not self.year_known:
            return self.date.strftime("--%m-%d")
        return self.date.strftime("%Y-%m") if self.precision == "month" else self.date.isoformat()


PLACEHOLDER_YEAR = 2000  # a leap year, so 29 February survives until a real year is known
DATELINE_LINES = 5  # first non-empty lines of an article searched for its dateline
DATELINE_CHARS = 160  # the opening of a line where its dateline sits (place, weekday, date)
_PARENTHESES = re.compile(r"\([^()]{0,40}\)")  # "(أ.ش.أ)", "(بترا)": an agency, not a sentence
_LEAD_IN = re.compile(r"(?:[-–—:،,|]|\bفي)$")  # "القاهرة -", "نشر في": what leads into a date


def read_dateline(line: str, max_prefix_words: int = 3) -> Dateline | None:
    """The dated opening of a line: a date at its start (in Arabic after at most
    `max_prefix_words` words of place: "عمان 12 آذار (بترا) -"), and the rest of the line,
    so a dateline glued to the first sentence ("Tuesday, January 18, 2005Through a
    telethon") comes apart. A date without a year ("الأربعاء 12 مارس") is a dateline only
    when it is the whole line or follows a place as "place date -"; its year is then
    unknown. A month and year ("نشر في أغسطس 2013") is a dateline only as the whole line,
    after nothing or a lead-in ("القاهرة -", "في"), so "حصاد أغسطس 2013" stays a headline.
    A day that the month does not have ("31 فبراير 2013") is a misreading, not a date."""
    original = line.strip()
    folded = _digits(original)
    mentions = find_dates(folded[:DATELINE_CHARS])
    if not mentions:
        return None
    first = mentions[0]
    before = folded[: first.start].strip(" ,،-–—")
    words = [word for word in _PARENTHESES.sub(" ", before).split() if _has_alnum(word)]
    if len(words) > max_prefix_words or re.search(r"[.!?؟]", _PARENTHESES.sub(" ", before)):
        return None
    if before and not re.search(r"[\u0600-\u06ff]", before):
        return None  # English datelines open with the date itself
    rest_match = _DATELINE_REST.match(folded[first.end :])
    rest_start = first.end + (rest_match.end() if rest_match else 0)
    rest = original[rest_start:].strip()
    if first.day is None:
        lead_in = folded[: first.start].rstrip()
        if rest or (before and not _LEAD_IN.search(lead_in)):
            return None  # "Dec. 2004 Sumatra quake ...": a headline about a month
    separator = folded[first.end : rest_start]
    if first.year is None and rest and not (before and re.search(r"[-–—(:]", separator)):
        return None  # a yearless date opens a line as a dateline only as "place date - "
    if rest and not before and not re.match(r"[\W\d]*[A-Z\u0600-\u06ff]", rest):
        return None  # "December 26, 2004 was ...": a sentence that opens with a date
    try:
        when = date(first.year or PLACEHOLDER_YEAR, first.month, first.day or 1)
    except ValueError:
        return None
    return Dateline(
        when, first.year is not None, original[:rest_start].strip(), rest, first.precision
    )


def _has_alnum(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


def find_dateline(lines: Sequence[str], skip: Container[int] = ()) -> tuple[int, Dateline] | None:
    """The first dateline among an article's first `DATELINE_LINES` non-empty lines (normalized,
    models/text/normalize.py), with its line's index; lines in `skip` are passed over
    uncounted (boilerplate that is no dateline). Only where a dateline sits is read, so a
    date mentioned in the story never dates the article."""
    searched = 0
    for index, line in enumerate(lines):
        if not line.strip() or index in skip:
            continue
        dateline = read_dateline(line)
        if dateline is not None:
            return index, dateline
        searched += 1
        if searched >= DATELINE_LINES:
            break
    return None


def parse_iso(text: str) -> tuple[date, bool] | None:
    """A YYYY-MM-DD (or an ISO timestamp's date part, or --MM-DD without a year) as (date,
    year known); None when it is neither."""
    match = re.match(r"\s*(\d{4}|-)-(\d{1,2})-(\d{1,2})", text or "")
    if not match:
        return None
    known = match.group(1) != "-"
    year = int(match.group(1)) if known else PLACEHOLDER_YEAR
    try:
        return date(year, int(match.group(2)), int(match.group(3))), known
    except ValueError:
        return None
