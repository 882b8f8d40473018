"""Dates mentioned in a body ("du 14 au 16 avril", "vendredi 10 octobre", "July 27-28, 2023").

A date without a year is resolved only from evidence in the text, in this
order: a year in the same sentence, the publication date, a year in the same
paragraph, the only year the article mentions. A weekday ("vendredi 10
octobre") must agree with the year chosen; when several years are in play it
picks the one whose calendar agrees. Today's clock is never consulted: when
nothing in the text settles the year, `start` stays None.

Quarters and halves ("T2-2025", "S1 2025"), relative times ("il y a 3
heures") and bare months ("en septembre dernier") are not event dates here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import EventDate
from .sentences import split_sentences

_MONTHS: dict[str, int] = {
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "october": 10, "november": 11, "december": 12, "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}

# Longest names first so "sept" does not shadow "septembre".
_MONTH_ABBREVIATIONS = frozenset(
    {"janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "jan", "feb", "mar", "apr", "jun", "jul",
     "aug", "sep", "dec"}
)
_WEEKDAY_ABBREVIATIONS = frozenset({"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})


def _alternation(full: list[str], abbreviated: list[str]) -> str:
    """Full names, or abbreviations with an optional dot (a full name's dot ends the sentence)."""
    longest_first = sorted(full, key=len, reverse=True)
    abbreviations = sorted(abbreviated, key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, longest_first)) + "|(?:" + "|".join(map(re.escape, abbreviations)) + r")\.?)"


_MONTH = _alternation([m for m in _MONTHS if m not in _MONTH_ABBREVIATIONS], sorted(_MONTH_ABBREVIATIONS))
_WEEKDAY = _alternation([w for w in _WEEKDAYS if w not in _WEEKDAY_ABBREVIATIONS], sorted(_WEEKDAY_ABBREVIATIONS))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_LINK = r"(?:\s*[-–—]\s*|\s+(?:et|au|à|and|to|through|until)\s+(?:le\s+|the\s+)?)"

# "vendredi 10 octobre 2025", "du 14 au 16 avril", "27 et 28 juillet", "du 30 avril au 2 mai 2025", "14-16 avril"
_DAY_FIRST = re.compile(
    rf"(?<![\w-])(?:(?:du|les?|the)\s+)?(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?:le|the)\s+)?"
    rf"(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>{_YEAR}))?"
    rf"(?:{_LINK}(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<d2>{_DAY}))?"
    rf"\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?(?![\w-])",
    re.IGNORECASE,
)
# "July 27-28, 2023", "Nov. 20", "Monday, Nov. 20, 2024", "March 3 to April 2"
_MONTH_FIRST = re.compile(
    rf"(?<![\w-])(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})"
    rf"(?:{_LINK}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY}))?(?:,?\s+(?P<y>{_YEAR}))?(?![\w-]|\s*%)",
    re.IGNORECASE,
)
# "14/04/2025" (day first in French, month first in English unless the first number exceeds 12).
_NUMERIC = re.compile(rf"(?<![\w/.-])(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<y>{_YEAR})(?![\w/-]|\.\d)")
# "2025-04-14": ISO dates carry their own year.
_ISO = re.compile(rf"(?<![\w-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w-])")
# A year that names a quarter or half ("T2-2025", "S1 2025") is not a date but is evidence of the year in play.
_YEAR_MENTION = re.compile(rf"(?<![\d.,]){_YEAR}(?!\d|[.,]\d)")
# Every form above holds a day or a year written in digits; most sentences hold none and need no further look.
_DIGIT = re.compile(r"[0-9]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LEADING_ARTICLE = re.compile(r"(?:(?:le|les|the)\s+)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class _Found:
    text: str
    span: tuple[int, int]
    day: int
    month: int
    year: int | None
    end_day: int | None
    end_month: int | None
    weekday: int | None
    year_at_end: bool = True


@dataclass(frozen=True)
class YearEvidence:
    """What the text says about years, for resolving dates written without one."""

    publication: dt.date | None
    publication_year: int | None
    article_years: tuple[int, ...]


def find_event_dates(
    body: str, language: str, *, publication_date: dt.date | None = None, publication_year: int | None = None
) -> list[EventDate]:
    """Every dated mention in `body`, in text order, resolved where the text allows."""
    year_hint = publication_date.year if publication_date else publication_year
    evidence = YearEvidence(publication_date, year_hint, _years_in(body))
    results: list[EventDate] = []
    seen: set[tuple[str, str]] = set()
    for paragraph in _paragraphs(body):
        paragraph_years = _years_in(paragraph)
        for sentence in split_sentences(paragraph, language):
            for found in _dates_in(sentence, language):
                start, end = _resolve(found, _years_in(sentence), paragraph_years, evidence)
                key = (found.text, sentence)
                if key in seen:
                    continue
                seen.add(key)
                results.append(EventDate(text=found.text, start=start, end=end, sentence=sentence))
    return results


def _paragraphs(body: str) -> list[str]:
    return [p for p in _PARAGRAPH_BREAK.split(body) if p.strip()]


def _years_in(text: str) -> tuple[int, ...]:
    years: list[int] = []
    for match in _YEAR_MENTION.finditer(text):
        year = int(match.group(0))
        if year not in years:
            years.append(year)
    return tuple(years)


def _dates_in(sentence: str, language: str = "fr") -> list[_Found]:
    if not _DIGIT.search(sentence):
        return []
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for match in _DAY_FIRST.finditer(sentence):
        date = _from_day_first(match)
        if date and free(date.span):
            found.append(date)
            taken.append(date.span)
    for match in _MONTH_FIRST.finditer(sentence):
        date = _from_month_first(match)
        if date and free(date.span):
            found.append(date)
            taken.append(date.span)
    for match in _ISO.finditer(sentence):
        span = match.span()
        if free(span):
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            if _valid(year, month, day):
                found.append(_Found(match.group(0), span, day, month, year, None, None, None))
                taken.append(span)
    for match in _NUMERIC.finditer(sentence):
        span = match.span()
        if "." in match.group(0) and (len(match["a"]) < 2 or len(match["b"]) < 2):
            continue  # "2.1.2025" reads as a version number; dotted dates are written "03.05.2024"
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        month_first = (language or "").startswith("en") and a <= 12
        month, day = (a, b) if month_first else (b, a)
        if free(span) and _valid(year, month, day):
            found.append(_Found(match.group(0), span, day, month, year, None, None, None))
            taken.append(span)
    return sorted(found, key=lambda f: f.span)


def _day(text: str | None) -> int | None:
    return int(_NUMBER.match(text).group(0)) if text else None  # type: ignore[union-attr]


def _month(text: str | None) -> int | None:
    return _MONTHS.get(text.lower().rstrip(".")) if text else None


def _weekday(text: str | None) -> int | None:
    return _WEEKDAYS.get(text.lower().rstrip(".")) if text else None


def _clean_text(match: re.Match[str]) -> tuple[str, tuple[int, int]]:
    """The date as written, without a leading article ("le", "du", "the") that only introduces it."""
    text = match.group(0)
    lead = _LEADING_ARTICLE.match(text)
    start = match.start() + (lead.end() if lead else 0)
    return match.string[start : match.end()].strip(), (start, match.end())


def _from_day_first(match: re.Match[str]) -> _Found | None:
    first_day, second_day = _day(match["d1"]), _day(match["d2"])
    month_of_first, month_of_last = _month(match["m1"]), _month(match["m2"])
    year = int(match["y2"]) if match["y2"] else (int(match["y1"]) if match["y1"] else None)
    year_at_end = match["y2"] is not None
    if first_day is None or month_of_last is None:
        return None
    if second_day is None and month_of_first is not None:
        return None  # "10 octobre 15 novembre": two dates glued by the pattern; let the parts match alone
    text, span = _clean_text(match)
    if second_day is None:
        return _Found(text, span, first_day, month_of_last, year, None, None, _weekday(match["wd"]))
    start_month = month_of_first or month_of_last
    if month_of_first is None and second_day < first_day:
        return None  # "28 au 3 mai" is not a range
    return _Found(
        text, span, first_day, start_month, year, second_day, month_of_last, _weekday(match["wd"]), year_at_end
    )


def _from_month_first(match: re.Match[str]) -> _Found | None:
    month = _month(match["m1"])
    day = _day(match["d1"])
    if month is None or day is None:
        return None
    if match["m1"].lower().rstrip(".") == "may" and not match["m1"][0].isupper():
        return None  # the verb "may", not the month
    year = int(match["y"]) if match["y"] else None
    end_day = _day(match["d2"])
    end_month = _month(match["m2"]) if match["m2"] else (month if end_day else None)
    text, span = match.group(0).strip(), match.span()
    return _Found(text, span, day, month, year, end_day, end_month, _weekday(match["wd"]))


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _resolve(
    found: _Found, sentence_years: tuple[int, ...], paragraph_years: tuple[int, ...], evidence: YearEvidence
) -> tuple[str | None, str | None]:
    crosses_year = found.end_month is not None and found.end_month < found.month  # "du 28 décembre au 2 janvier"
    if found.year is not None:
        # A year written once at the end of a range belongs to its last day.
        year: int | None = found.year - 1 if crosses_year and found.year_at_end else found.year
    else:
        year = choose_year(found.month, found.day, found.weekday, sentence_years, paragraph_years, evidence)
    if year is None or not _valid(year, found.month, found.day):
        return None, None
    start = dt.date(year, found.month, found.day)
    if found.end_day is None or found.end_month is None:
        return start.isoformat(), None
    end_year = year + 1 if crosses_year else year
    if not _valid(end_year, found.end_month, found.end_day):
        return start.isoformat(), None
    return start.isoformat(), dt.date(end_year, found.end_month, found.end_day).isoformat()


def choose_year(
    month: int,
    day: int,
    weekday: int | None,
    sentence_years: tuple[int, ...],
    paragraph_years: tuple[int, ...],
    evidence: YearEvidence,
) -> int | None:
    """The year a day-and-month belongs to, or None when the text does not settle it."""
    if weekday is not None:
        return _year_by_weekday(month, day, weekday, sentence_years, paragraph_years, evidence)
    if len(sentence_years) == 1:
        return sentence_years[0]
    if evidence.publication is not None:
        return _nearest_year(month, day, evidence.publication)
    if evidence.publication_year is not None:
        return evidence.publication_year
    if len(paragraph_years) == 1:
        return paragraph_years[0]
    if len(evidence.article_years) == 1:
        return evidence.article_years[0]
    return None


def _year_by_weekday(
    month: int,
    day: int,
    weekday: int,
    sentence_years: tuple[int, ...],
    paragraph_years: tuple[int, ...],
    evidence: YearEvidence,
) -> int | None:
    """The supported year whose calendar puts this day on the weekday named, closest evidence first."""
    tiers: list[tuple[int, ...]] = [sentence_years]
    if evidence.publication is not None:
        pub = evidence.publication.year
        tiers.append((pub, pub + 1, pub - 1))
    elif evidence.publication_year is not None:
        tiers.append((evidence.publication_year,))
    tiers.extend([paragraph_years, evidence.article_years])
    for tier in tiers:
        matching = [y for y in tier if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
        if len(matching) == 1:
            return matching[0]
        if len(matching) > 1 and evidence.publication is not None:
            return min(matching, key=lambda y: abs((dt.date(y, month, day) - evidence.publication).days))
        if matching:
            return None  # two supported years fit the weekday: the text does not decide
    return None


def _nearest_year(month: int, day: int, publication: dt.date) -> int | None:
    """The year that puts a day-and-month nearest the publication date (news reports recent events)."""
    candidates = [y for y in (publication.year - 1, publication.year, publication.year + 1) if _valid(y, month, day)]
    if not candidates:
        return None
    return min(candidates, key=lambda y: abs((dt.date(y, month, day) - publication).days))
