"""Configuration: the shipped file loads; bad files give one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_configuration_defines_the_five_briefings() -> None:
    config = load_config(ROOT / "site.yml")
    assert [t.id for t in config.themes] == ["energy", "cyber", "gitex", "industry", "us-outreach"]
    assert config.language == "fr"
    assert all(t.terms for t in config.themes)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yml"
    path.write_text(text, encoding="utf-8")
    return path


THEME = "themes:\n  - id: energy\n    title: Énergie\n    terms: [énergie]\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("titel: Oops\n", "unknown key 'titel'"),
        ("title: [1, 2]\n", "title: expected text"),
        ("language: de\n", "language: 'de' is not one of fr, en"),
        ("base_url: example.org\n", "base_url: must start with http"),
        ("max_input_bytes: 10\n", "max_input_bytes: must be at least 1024"),
        ("actor_min_articles: 0\n", "actor_min_articles: must be at least 1"),
        ("actor_min_articles: two\n", "actor_min_articles: expected"),
        ("themes:\n  - id: energy\n    title: É\n    terms: []\n", "(energy).terms: a theme needs at least one term"),
        ("themes:\n  - id: energy\n    title: Énergie\n", "(energy).terms: a theme needs at least one term"),
        ("themes:\n  - title: Énergie\n    terms: [x]\n", "themes[0].id: a theme needs a text id"),
        ("themes:\n  - id: a b\n    title: T\n    terms: [x]\n", "themes[0].id: 'a b' may hold only"),
        (THEME + "  - id: energy\n    title: Bis\n    terms: [x]\n", "the id 'energy' is used twice"),
        ("themes:\n  - id: e\n    title: T\n    terms: [x]\n    colour: red\n", "themes[0]: unknown key 'colour'"),
        ("themes:\n  - id: e\n    title: T\n    terms: [{term: x, weight: high}]\n", "weight: expected a number"),
        (
            "themes:\n  - id: e\n    title: T\n    terms: [x]\n    rules: [{name: r, all_of: x}]\n",
            "rules[0].all_of: expected a list of term lists",
        ),
        ("title: 'unclosed\n", "invalid YAML"),
        ("- just\n- a list\n", "the top level must be a mapping"),
    ],
)
def test_invalid_configuration_names_key_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    assert expected in message
    assert message.startswith("site.yml: ")
    assert "\n" not in message


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"site\.yml: file not found"):
        load_config(tmp_path / "site.yml")


def test_titles_per_language(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "themes:\n  - id: e\n    title: {fr: Énergie, en: Energy}\n    terms: [x]\n"))
    assert config.themes[0].title("en") == "Energy"
    assert config.themes[0].title("fr") == "Énergie"
