"""The command line as a person uses it: help, build from the seeds, no work twice, corrections kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli

REPO = Path(__file__).resolve().parents[1]
THEMES = ["energy", "cyber", "gitex", "industry", "us-outreach"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args], cwd=root, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project: configuration and the five seeds."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


@pytest.mark.parametrize("command", ["ingest", "build", "serve", "bundle", "eval"])
def test_every_command_explains_itself(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    # The first line of help is a sentence a newcomer can read.
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary.split()) >= 5


def test_build_from_the_seeds_gives_the_digest(project: Path) -> None:
    proc = run(project, "build")
    assert proc.returncode == 0, proc.stderr
    out = project / "_site"
    articles = sorted((project / "content" / "articles").glob("*.md"))
    assert len(articles) == 5
    assert len(list((out / "articles").glob("*.html"))) == 5
    for theme in THEMES:
        assert (out / "briefings" / f"{theme}.html").is_file()
        assert (out / "feeds" / f"{theme}.xml").is_file()
    for page in [
        "index.html",
        "search.html",
        "other.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feeds/atom.xml",
        "actors/index.html",
    ]:
        assert (out / page).is_file(), page
    # Progress is shown per stage, with counts.
    for stage in ["ingest", "content", "group", "render", "index", "write"]:
        assert any(line.startswith(stage) for line in proc.stderr.splitlines()), stage


def test_second_build_with_nothing_changed_does_nothing(project: Path) -> None:
    run(project, "build")
    before = {p: p.stat().st_mtime_ns for p in (project / "_site").rglob("*") if p.is_file()}
    proc = run(project, "build")
    assert proc.returncode == 0
    assert "0 new or changed" in proc.stderr
    assert "up to date" in proc.stderr
    after = {p: p.stat().st_mtime_ns for p in (project / "_site").rglob("*") if p.is_file()}
    assert before == after


def test_a_correction_survives_a_forced_reingest(project: Path) -> None:
    run(project, "build")
    record = next(p for p in (project / "content" / "articles").glob("*.md") if "Marshavin" in p.read_text("utf-8"))
    text = record.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    record.write_text(text.replace(title_line, "title: Titre revu par la rédaction", 1), encoding="utf-8")
    proc = run(project, "ingest", "--force")
    assert proc.returncode == 0, proc.stderr
    assert "title: Titre revu par la rédaction" in record.read_text(encoding="utf-8")
    proc = run(project, "build")
    assert proc.returncode == 0
    assert any(
        "Titre revu par la rédaction" in p.read_text("utf-8") for p in (project / "_site" / "articles").glob("*.html")
    )


def test_ingest_takes_an_input_folder_and_a_content_folder(project: Path, tmp_path: Path) -> None:
    proc = run(project, "ingest", str(project / "seeds"), "--content", str(tmp_path / "elsewhere"))
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "elsewhere" / "articles").glob("*.md"))) == 5


def test_quiet_prints_nothing_on_success(project: Path) -> None:
    proc = run(project, "--quiet", "build", "--out", str(project / "_quiet"))
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_missing_input_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("title: T\n", encoding="utf-8")
    proc = run(tmp_path, "build")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ")


def test_bad_base_url_is_a_usage_error(project: Path) -> None:
    proc = run(project, "build", "--base-url", "example.org")
    assert proc.returncode == 2
    assert "--base-url" in proc.stderr
