"""Extraction targets, measured by the `eval` scorer on the reference pages (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.evaluate import FIELDS, format_report, score, theme_f1

REPO_ROOT = Path(__file__).resolve().parents[1]
TEXT_FIELDS = [f for f in FIELDS if f != "themes"]


def test_seeds_every_field_right(shared_dir: Path) -> None:
    report = score(shared_dir / "gold" / "seeds.json", REPO_ROOT / "seeds", formats=("txt",))
    result = report.by_format("txt")
    assert result is not None, format_report(report)
    assert not result.failures, format_report(report)
    for name in TEXT_FIELDS:
        assert result.share(name) == 1.0, format_report(report)


def test_devset_text_dumps_at_least_90_percent(shared_dir: Path) -> None:
    report = score(shared_dir / "devset" / "gold.json", shared_dir / "devset", formats=("txt",))
    result = report.by_format("txt")
    assert result is not None and result.pages == 12, format_report(report)
    for name in TEXT_FIELDS:
        assert result.share(name) >= 0.9, format_report(report)


def test_report_lists_misses_and_time(shared_dir: Path) -> None:
    report = score(shared_dir / "devset" / "gold.json", shared_dir / "devset", formats=("txt",))
    text = format_report(report)
    assert "format txt: 12 pages" in text and "ms per page" in text
    for name in TEXT_FIELDS:
        assert name in text


def test_theme_f1_counts_optional_themes_on_neither_side() -> None:
    assert theme_f1(["gitex", "cyber"], ["gitex"], ["cyber"]) == 1.0
    assert theme_f1([], [], []) == 1.0
    assert theme_f1(["energy"], [], []) == 0.0
    assert theme_f1(["energy", "cyber"], ["energy"], []) == pytest.approx(2 / 3)


def test_scorer_reads_a_gold_file_of_its_own(tmp_path: Path) -> None:
    page = (
        "Accueil\nLa ville ouvre une nouvelle ligne de tramway\nPar Jeanne Martin\nPublié le 3 mars 2024\n\n"
        + "\n".join(
            f"Le conseil municipal a voté la construction de la ligne numéro {i}, qui reliera la gare au port "
            "en moins de vingt minutes dès l'année prochaine."
            for i in range(1, 5)
        )
        + "\n© 2024 Le Petit Courrier\n"
    )
    (tmp_path / "p1.txt").write_text(page, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(
        '{"p1": {"title": "La ville ouvre une nouvelle ligne de tramway", "date": "2024-03-04",'
        ' "author": "jeanne martin", "source": null, "language": "fr", "themes": [],'
        ' "body_start": "Le conseil municipal a voté la construction de la ligne numéro 1",'
        ' "body_end": "dès l\'année prochaine."}}',
        encoding="utf-8",
    )
    result = score(gold, tmp_path, formats=("txt",)).by_format("txt")
    assert result is not None
    assert result.share("title") == 1.0 and result.share("author") == 1.0
    assert result.share("date") == 0.0  # the page says 3 March; the gold's 4 March must be reported as a miss
    assert result.share("source") == 0.0  # a name where the gold says none is wrong
    assert {m.field for m in result.misses} >= {"date", "source"}


def test_themes_column_uses_the_themes_given(shared_dir: Path) -> None:
    from site_builder.config import load_config

    gold = shared_dir / "gold" / "seeds.json"
    without = score(gold, REPO_ROOT / "seeds", formats=("txt",), themes=()).by_format("txt")
    assert without is not None and "themes" in without.skipped_fields
    themes = load_config(REPO_ROOT / "site.yml").themes
    with_themes = score(gold, REPO_ROOT / "seeds", formats=("txt",), themes=themes).by_format("txt")
    assert with_themes is not None and "themes" not in with_themes.skipped_fields
    assert with_themes.share("themes") > 0.5


def test_devset_dumps_wrapped_at_80_columns_score_the_same(shared_dir: Path, tmp_path: Path) -> None:
    """Text browsers wrap at 80 columns by default: the same pages, hard-wrapped, must still be read."""
    import shutil
    import textwrap

    devset = shared_dir / "devset"
    for page in devset.glob("*.txt"):
        lines = page.read_text(encoding="utf-8").split("\n")
        wrapped = [textwrap.fill(line, width=79, break_long_words=False) if line.strip() else line for line in lines]
        (tmp_path / page.name).write_text("\n".join(wrapped), encoding="utf-8")
    shutil.copy(devset / "gold.json", tmp_path / "gold.json")
    report = score(tmp_path / "gold.json", tmp_path, formats=("txt",))
    result = report.by_format("txt")
    assert result is not None and result.pages == 12, format_report(report)
    for name in TEXT_FIELDS:
        assert result.share(name) >= 0.9, format_report(report)
