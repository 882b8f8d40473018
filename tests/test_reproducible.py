"""Same input, same bytes: two builds into different folders match file for file, and so do their zips.

And a build that fails half-way (a user's theme with a broken template)
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_bundle import EPOCH_2023, build_site, make_project, run_cli

from site_builder.bundle import make_bundle
from site_builder.linkcheck import read_folder


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


@pytest.mark.parametrize("epoch", [EPOCH_2023, None], ids=["source-date-epoch", "no-date"])
def test_two_builds_in_different_places_are_byte_identical(tmp_path: Path, epoch: int | None) -> None:
    first = build_site(make_project(tmp_path / "one"), tmp_path / "one" / "_site", epoch=epoch)
    second = build_site(make_project(tmp_path / "two" / "deeper"), tmp_path / "out-elsewhere", epoch=epoch)
    files_first, files_second = read_folder(first), read_folder(second)
    assert len(files_first) > 20
    assert differences(files_first, files_second) == []
    zip_first, zip_second = tmp_path / "one.zip", tmp_path / "two" / "one.zip"
    make_bundle(first, zip_first, source_date_epoch=epoch)
    make_bundle(second, zip_second, source_date_epoch=epoch)
    assert zip_first.read_bytes() == zip_second.read_bytes()


def test_the_build_date_comes_only_from_source_date_epoch(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    undated = read_folder(build_site(project, tmp_path / "a"))
    dated = read_folder(build_site(project, tmp_path / "b", epoch=EPOCH_2023))
    assert not any(b"2023-11-14" in data for data in undated.values())
    assert differences(undated, dated), "the date given by SOURCE_DATE_EPOCH shows somewhere"


def test_a_rebuild_keeps_unchanged_files_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    site = build_site(project, tmp_path / "_site", epoch=EPOCH_2023)
    times = {path: path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}
    build_site(project, site, epoch=EPOCH_2023)
    assert {path: path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()} == times


def test_a_build_failing_half_way_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    site = build_site(project, tmp_path / "_site")
    before = read_folder(site)
    # A user theme overriding one template with a syntax error: rendering stops part-way.
    templates = project / "my-theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text("{% extends 'base.html' %}{% block content %}{% if %}{% endblock %}")
    config = project / "site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\ntheme: my-theme\n", encoding="utf-8")
    proc = run_cli(project, "build", "--no-ingest", "--force", "--out", str(site))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert read_folder(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("_site")) == ["_site"]
    # Repaired, the next build goes through and replaces the site.
    shutil.rmtree(project / "my-theme")
    (templates.parent).mkdir()
    build_site(project, site)


def seeds_project(work: Path) -> Path:
    """A copy of the shipped project: its configuration and the five seed pages."""
    repo = Path(__file__).resolve().parents[1]
    work.mkdir(parents=True)
    shutil.copy(repo / "site.yml", work / "site.yml")
    shutil.copytree(repo / "seeds", work / "seeds")
    return work


def test_the_whole_pipeline_from_the_seeds_gives_the_same_records_site_and_zip(tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        project = seeds_project(tmp_path / name)
        proc = run_cli(project, "bundle", "--out", str(project / f"site-{name}"), epoch=EPOCH_2023)
        assert proc.returncode == 0, proc.stderr
        outputs.append((read_folder(project / "content"), read_folder(project / f"site-{name}"),
                        (project / "dist" / "site-offline.zip").read_bytes()))  # fmt: skip
    (records_a, site_a, zip_a), (records_b, site_b, zip_b) = outputs
    assert len(records_a) >= 5 and len(site_a) > 30
    assert differences(records_a, records_b) == []
    assert differences(site_a, site_b) == []
    assert zip_a == zip_b
