"""Written dates, French and English, and the strings that are not publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.ingest.dates import (
    MAX_DATE_CHARS,
    MONTHS,
    WEEKDAYS,
    find_year_less_dateline,
    parse_date,
    parse_dateline,
    resolve_weekday_date,
    years_mentioned,
)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Publié le 02/11/23 à 16h33", "2023-11-02"),
        ("Publié dans L'opinion le 01 - 04 - 2025", "2025-04-01"),
        ("Rédigé par A. B. Mercredi 20 Août 2025", "2025-08-20"),
        ("Publié le 2 nov. 2023 à 16:00Mis à jour le 2 nov. 2023 à 16:16", "2023-11-02"),
        ("Publié le 1er novembre 2023", "2023-11-01"),
        ("15 Mai 2019 à 06h00", "2019-05-15"),
        ("Publié le 30/04/2024 - 16:00", "2024-04-30"),
        ("• Aug. 16, 2020", "2020-08-16"),
        ("Updated 1:39 am EST, Wednesday, November 20, 2019", "2019-11-20"),
        ("July 30, 2019 1:16 pm", "2019-07-30"),
        ("20 November 2019", "2019-11-20"),
        ("2024-03-05T10:00:00+01:00", "2024-03-05"),
        ("le 31.12.2021", "2021-12-31"),
        ("2025/10/14 09:12", "2025-10-14"),
    ],
)
def test_written_forms(written: str, iso: str) -> None:
    found = parse_date(written)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(
    "text",
    [
        "il y a 3 heures",
        "Une croissance soutenue au T2-2025",
        "les résultats du S1 2025",
        "vendredi 10 octobre",
        "Updated 2 hours ago",
        "le 31/02/2024",  # no such day
        "Lundi 20 Août 2025",  # 20 August 2025 is a Wednesday: a wrong weekday is no evidence
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_ambiguous_numeric_dates_follow_the_page_convention() -> None:
    assert parse_date("04/01/2025").iso == "2025-01-04"  # type: ignore[union-attr]
    assert parse_date("04/01/2025", month_first=True).iso == "2025-04-01"  # type: ignore[union-attr]
    assert parse_date("25/12/2025", month_first=True).iso == "2025-12-25"  # type: ignore[union-attr]


def test_year_less_dateline_resolved_only_by_weekday_agreement() -> None:
    sentence = "La commission s'est réunie, vendredi 10 octobre, pour examiner les résultats du premier semestre 2025."
    weekday, day, month = find_year_less_dateline(sentence) or (None, None, None)
    assert (weekday, day, month) == (4, 10, 10)
    years = years_mentioned(sentence)
    assert years == {2025}
    assert resolve_weekday_date(4, 10, 10, years) == "2025-10-10"
    assert resolve_weekday_date(4, 10, 10, {2024}) is None  # 10 Oct 2024 was a Thursday
    assert resolve_weekday_date(4, 10, 10, {2014, 2025}) is None  # two years agree: undecided


def test_dated_weekday_is_not_a_year_less_dateline() -> None:
    assert find_year_less_dateline("vendredi 10 octobre 2025") is None


@pytest.mark.parametrize(
    ("paragraph", "date", "agency"),
    [
        ("RABAT, 12 mars 2024 (MAP) – Le ministre a annoncé un plan.", "2024-03-12", "MAP"),
        ("PARIS (AFP), 3 mars 2024 - Le gouvernement a présenté son budget.", "2024-03-03", "AFP"),
        ("WASHINGTON, Friday, Oct. 10 (Reuters) — The bank said it would act in 2025.", "2025-10-10", "Reuters"),
        ("WASHINGTON, Friday, Oct. 10 (Reuters) — The bank said it would act.", None, "Reuters"),
    ],
)
def test_datelines(paragraph: str, date: str | None, agency: str) -> None:
    found = parse_dateline(paragraph, years=years_mentioned(paragraph))
    assert found is not None and found.date == date and found.agency == agency


@pytest.mark.parametrize(
    "paragraph",
    ["Le ministre, 12 mars 2024 - a dit non.", "PARIS, France - Le gouvernement a parlé.", "LINDI: IT'S around 8pm"],
)
def test_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


def test_the_longest_written_date_fits_max_date_chars() -> None:
    # Text dumps skip the date patterns on lines with more non-space characters than this bound allows:
    # the longest weekday and month names, a two-digit day with a suffix, every optional comma and dot.
    weekday, month = max(WEEKDAYS, key=len), max(MONTHS, key=len)
    day = next(d for d in range(10, 29) if dt.date(2024, MONTHS[month], d).weekday() == WEEKDAYS[weekday])
    written = f"{weekday}, {day}th {month}., 2024"
    found = parse_date(f"Publié le {written} à 10h")
    assert found is not None and found.written == written
    assert len("".join(written.split())) <= MAX_DATE_CHARS
