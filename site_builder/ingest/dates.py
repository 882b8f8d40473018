"""Written dates, French and English, parsed from a located string.

Publication dates are read only from places that state them (bylines,
"Publié le …", "Updated …", a date line under the headline): the caller
locates the line, these functions parse it. Nothing here reads the clock:
a date without a year is resolved only by weekday agreement with years the
text itself supports (`resolve_weekday_date`). Relative dates ("il y a 3
heures"), quarters and halves ("T2-2025", "S1 2025") are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1,
    "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "août": 8, "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "september": 9, "sep": 9,
    "octobre": 10, "october": 10, "oct": 10,
    "novembre": 11, "november": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

# Characters other than spaces a date found by `parse_date` holds at most: a weekday and comma, a day and
# suffix ("12th"), a month, dot and comma, a year ("Wednesday, 12th September., 2024"); numeric forms are
# shorter. A longer line cannot be "a date and little else", whatever its spacing.
MAX_DATE_CHARS = max(map(len, WEEKDAYS)) + 1 + 4 + max(map(len, MONTHS)) + 2 + 4

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})([/.-])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?![\d/.-])"),
    re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})\s*([/.-])\s*(?P<b>\d{1,2})\s*\2\s*(?P<y>(?:19|20)?\d{2})(?![\d/.-])"),
    re.compile(_WEEKDAY + r"(?<!\d)(?P<day>\d{1,2})(?:er|e|st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR, re.I),
)
_HAS_YEAR_OR_NUMBERS = re.compile(r"\d\d")
_NO_YEAR_DAY_FIRST = re.compile(
    r"(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?P<day>\d{1,2})(?:er|e)?\s+" + _MONTH + r"(?!,?\s+\d)", re.I
)
_NO_YEAR_MONTH_FIRST = re.compile(
    r"(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d|,?\s+\d)",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    """A date found in a string: ISO value, the text as written, its offset."""

    iso: str
    written: str
    start: int


def parse_date(text: str, *, month_first: bool = False) -> FoundDate | None:
    """The first complete date (day, month, year) written in `text`, or None.

    `month_first` reads ambiguous numeric dates as M/D/Y (US English pages);
    a first number above 12 is always a day.
    """
    if not _HAS_YEAR_OR_NUMBERS.search(text):
        return None  # most lines of a page hold no two-digit number: skip the costly patterns
    found = [f for f in (_match(p, text, month_first) for p in _PATTERNS) if f is not None]
    return min(found, key=lambda f: f.start) if found else None


def _match(pattern: re.Pattern[str], text: str, month_first: bool) -> FoundDate | None:
    for m in pattern.finditer(text):
        parts = m.groupdict()
        if parts.get("a"):
            first, second, year = int(parts["a"]), int(parts["b"]), int(parts["y"])
            year = year + 2000 if year < 100 else year
            day, month = (second, first) if month_first and first <= 12 else (first, second)
        elif parts.get("m"):
            year, month, day = int(parts["year"]), int(parts["m"]), int(parts["d"])
        else:
            year, month, day = int(parts["year"]), MONTHS[parts["month"].lower()], int(parts["day"])
        try:
            value = dt.date(year, month, day)
        except ValueError:
            continue
        weekday = parts.get("weekday")
        if weekday and WEEKDAYS[weekday.lower()] != value.weekday():
            continue  # "vendredi 10 octobre 2024" that is not a Friday: not a reliable date
        return FoundDate(value.isoformat(), m.group(0), m.start())
    return None


def find_year_less_dateline(text: str) -> tuple[int, int, int] | None:
    """A 'vendredi 10 octobre' with no year: (weekday, day, month), or None."""
    m = _NO_YEAR_DAY_FIRST.search(text) or _NO_YEAR_MONTH_FIRST.search(text)
    if not m:
        return None
    return WEEKDAYS[m.group("weekday").lower()], int(m.group("day")), MONTHS[m.group("month").lower()]


def resolve_weekday_date(weekday: int, day: int, month: int, years: set[int]) -> str | None:
    """The one date among `years` where day/month falls on `weekday`; None if zero or several agree."""
    hits = []
    for year in sorted(years):
        try:
            value = dt.date(year, month, day)
        except ValueError:
            continue
        if value.weekday() == weekday:
            hits.append(value)
    return hits[0].isoformat() if len(hits) == 1 else None


def years_mentioned(text: str) -> set[int]:
    """Four-digit years written in a text ('2025', 'S1 2025', 'T2-2025' all say 2025)."""
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}


_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ'’ .-]{1,40}?)\s*(?:\((?P<agency_first>[A-Z][A-Za-z]{1,12})\))?\s*,\s*"
    r"(?P<date>[^–—()-]{4,40}?)\s*"
    r"(?:\((?P<agency>[A-Z][A-Za-z]{1,12})\))?\s*[–—-]\s+\S"
)


@dataclass(frozen=True)
class Dateline:
    """'RABAT, 12 mars 2024 (MAP) – …' at the head of a news agency story."""

    place: str
    date: str | None  # ISO, when the dateline states a full date (or a weekday that only one year fits)
    agency: str | None


def parse_dateline(paragraph: str, *, month_first: bool = False, years: set[int] | None = None) -> Dateline | None:
    """The dateline opening a first paragraph, or None. The place must be written in capitals."""
    m = _DATELINE.match(paragraph)
    if not m or not m.group("place").strip(" .-").isupper():
        return None
    written = m.group("date")
    found = parse_date(written, month_first=month_first)
    iso = found.iso if found else None
    if iso is None and years:
        year_less = find_year_less_dateline(written)
        iso = resolve_weekday_date(*year_less, years) if year_less else None
    if iso is None and not re.search(r"\d", written):
        return None  # "PARIS, France – …" is no dateline we can use
    return Dateline(m.group("place").strip(), iso, m.group("agency") or m.group("agency_first"))
