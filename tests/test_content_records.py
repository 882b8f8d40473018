"""Content records: front matter round trip and corrections kept on re-ingest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from site_builder.content import (
    ContentError,
    article_from_record,
    merge_corrections,
    render_content_file,
    split_front_matter,
)


def fresh_record(**overrides: object) -> dict:
    record = {
        "title": "Titre extrait",
        "title_derived": False,
        "date": "2025-08-20",
        "author": "Mohamed Elkorri",
        "source": "L'Opinion",
        "language": "fr",
        "summary": "Premier résumé.",
        "themes": ["energy"],
        "keywords": ["énergie"],
        "input": {"path": "a.txt", "sha256": "0" * 64, "format": "text"},
    }
    record.update(overrides)
    return record


def write_then_read(front: dict, body: str) -> tuple[dict, str]:
    return split_front_matter(render_content_file(front, body))


def test_untouched_record_takes_the_new_extraction() -> None:
    first, body = merge_corrections(fresh_record(), "Corps.", None, None)[:2]
    on_disk, disk_body = write_then_read(first, body)
    merged, new_body, kept = merge_corrections(
        fresh_record(summary="Second résumé."), "Corps révisé.", on_disk, disk_body
    )
    assert kept == []
    assert merged["summary"] == "Second résumé."
    assert new_body == "Corps révisé."


def test_a_persons_edits_survive_reingest() -> None:
    first, body = merge_corrections(fresh_record(), "Corps.", None, None)[:2]
    text = render_content_file(first, body)
    # A person fixes the title, the date and one word of the body in an editor.
    text = text.replace("title: Titre extrait", "title: Titre corrigé")
    text = text.replace("date: '2025-08-20'", "date: 2025-08-21")
    text = text.replace("Corps.", "Corps corrigé.")
    on_disk, disk_body = split_front_matter(text)
    merged, new_body, kept = merge_corrections(
        fresh_record(summary="Second résumé."), "Corps.", on_disk, disk_body
    )
    assert merged["title"] == "Titre corrigé"
    assert merged["date"] == dt.date(2025, 8, 21)
    assert new_body == "Corps corrigé."
    assert merged["summary"] == "Second résumé."  # other fields still update
    assert set(kept) == {"title", "date", "body"}
    # And the edit is still recognised as one on the next ingest.
    again, again_body, _ = merge_corrections(
        fresh_record(summary="Troisième."), "Corps.", *split_front_matter(render_content_file(merged, new_body))
    )
    assert again["title"] == "Titre corrigé"
    assert again_body == "Corps corrigé."
    assert again["summary"] == "Troisième."


def test_locked_fields_are_never_rewritten() -> None:
    first, body = merge_corrections(fresh_record(), "Corps.", None, None)[:2]
    first["locked"] = ["author"]
    on_disk, disk_body = write_then_read(first, body)
    merged, _, kept = merge_corrections(fresh_record(author="Quelqu'un d'autre"), "Corps.", on_disk, disk_body)
    assert merged["author"] == "Mohamed Elkorri"
    assert kept == ["author"]


def test_keys_a_person_adds_are_carried_over() -> None:
    first, body = merge_corrections(fresh_record(), "Corps.", None, None)[:2]
    first["reviewed_by"] = "A. B."
    on_disk, disk_body = write_then_read(first, body)
    merged, _, _ = merge_corrections(fresh_record(), "Corps.", on_disk, disk_body)
    assert merged["reviewed_by"] == "A. B."


def test_written_file_is_plain_yaml_and_markdown(tmp_path: Path) -> None:
    front, body, _ = merge_corrections(fresh_record(summary="Ligne un\nligne deux"), "## Titre\n\nTexte.", None, None)
    text = render_content_file(front, body)
    assert text.startswith("---\n")
    head, _, rest = text[4:].partition("\n---\n")
    loaded = yaml.safe_load(head)  # any YAML reader can read it
    assert loaded["summary"] == "Ligne un\nligne deux"
    assert rest.strip() == "## Titre\n\nTexte."


def test_wrong_types_are_reported_not_fatal() -> None:
    meta = {"title": "T", "date": "tomorrow", "themes": 3, "entities": "x"}
    article, problems = article_from_record(meta, "Body text.", slug="t")
    assert article.date is None and article.themes == []
    assert any(p.startswith("date:") for p in problems)
    assert any(p.startswith("themes:") for p in problems)
    assert any(p.startswith("entities:") for p in problems)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter here", "no front matter"),
        ("---\ntitle: [unclosed\n---\nbody", "malformed YAML"),
        ("---\n- a list\n---\nbody", "must be a mapping"),
    ],
)
def test_unreadable_front_matter_gives_one_line(text: str, reason: str) -> None:
    with pytest.raises(ContentError) as info:
        split_front_matter(text)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)
