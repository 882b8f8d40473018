"""Dates mentioned in a body, and how a date written without a year is resolved."""

from __future__ import annotations

import datetime as dt

from site_builder.ingest.event_dates import find_event_dates

Found = tuple[str, str | None, str | None]


def _dates(text: str, language: str = "fr", publication: dt.date | None = None) -> list[Found]:
    return [(d.text, d.start, d.end) for d in find_event_dates(text, language, publication_date=publication)]


def test_weekday_picks_the_year_whose_calendar_agrees() -> None:
    # 10 October is a Friday in 2025 and a Thursday in 2024; the text supports both years.
    text = (
        "La commission s'est réunie vendredi 10 octobre à Rabat.\n\n"
        "Les échanges ont progressé au premier semestre 2025 par rapport à la même période de 2024."
    )
    assert _dates(text) == [("vendredi 10 octobre", "2025-10-10", None)]


def test_weekday_that_fits_no_supported_year_is_left_unresolved() -> None:
    # 10 October is a Tuesday in neither 2024 nor 2025.
    text = "La réunion a eu lieu mardi 10 octobre.\n\nEn 2024 et 2025, les échanges ont doublé."
    assert _dates(text) == [("mardi 10 octobre", None, None)]


def test_no_year_in_the_text_means_no_guess() -> None:
    assert _dates("Le sommet s'est tenu les 27 et 28 juillet à Saint-Pétersbourg.") == [
        ("27 et 28 juillet", None, None)
    ]


def test_several_years_far_from_the_date_do_not_settle_it() -> None:
    text = "Le sommet s'est tenu les 27 et 28 juillet.\n\nEntre 2021 et 2023, puis en 2030, les ventes changent."
    assert _dates(text) == [("27 et 28 juillet", None, None)]


def test_year_in_the_same_sentence_resolves_a_range() -> None:
    text = "Pour le GITEX Africa 2025, qui se tiendra à Marrakech du 14 au 16 avril, la délégation sera présente."
    assert _dates(text) == [("du 14 au 16 avril", "2025-04-14", "2025-04-16")]


def test_publication_date_resolves_to_the_nearest_year() -> None:
    text = "Le forum s'ouvrira le 5 janvier à Casablanca."
    assert _dates(text, publication=dt.date(2024, 12, 20)) == [("5 janvier", "2025-01-05", None)]


def test_explicit_years_and_ranges_across_months_and_years() -> None:
    text = "Il a signé le 3 mars 2024. Du 30 avril au 2 mai 2025, un salon. Du 28 décembre au 2 janvier 2026, la trêve."
    assert _dates(text) == [
        ("3 mars 2024", "2024-03-03", None),
        ("Du 30 avril au 2 mai 2025", "2025-04-30", "2025-05-02"),
        ("Du 28 décembre au 2 janvier 2026", "2025-12-28", "2026-01-02"),
    ]


def test_english_forms() -> None:
    text = "The summit was held July 27-28, 2023 in St. Petersburg. On Nov. 20 the company said it may grow."
    assert _dates(text, "en", publication=dt.date(2024, 11, 25)) == [
        ("July 27-28, 2023", "2023-07-27", "2023-07-28"),
        ("Nov. 20", "2024-11-20", None),
    ]


def test_quarters_halves_relative_times_and_bare_months_are_not_dates() -> None:
    text = "Résultats T2-2025 et S1 2025, publiés il y a 3 heures. En septembre dernier, 60 intervenants."
    assert _dates(text) == []


def test_each_date_keeps_its_sentence() -> None:
    text = "Premier point. Le salon ouvre le 14 avril 2025 à Marrakech. Dernier point."
    [found] = find_event_dates(text, "fr")
    assert found.sentence == "Le salon ouvre le 14 avril 2025 à Marrakech."


def test_numeric_dates_follow_the_language_order() -> None:
    assert _dates("La loi du 14/04/2025 et le décret du 03.05.2024, version 2.1.2025.") == [
        ("14/04/2025", "2025-04-14", None),
        ("03.05.2024", "2024-05-03", None),
    ]
    assert _dates("The orders of 4/14/2025 and 11/03/2024 apply.", "en") == [
        ("4/14/2025", "2025-04-14", None),
        ("11/03/2024", "2024-11-03", None),
    ]
