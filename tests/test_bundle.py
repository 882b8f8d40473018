"""The offline zip: one top folder, sorted entries, fixed dates and modes, same bytes twice, links that work offline.

Also home of the small helpers the other shipping tests share: build the
fixture project the way a user does (the command line, in a subprocess)
and read a built folder back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from site_builder.bundle import BundleError, make_bundle, zip_timestamp
from site_builder.linkcheck import check_folder, html_links, read_folder

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "golden_site"
EPOCH_2023 = 1700000000  # 2023-11-14 22:13:20 UTC


def make_project(work: Path, name: str = "project") -> Path:
    """A private copy of the fixture project (configuration, content records, input pages)."""
    project = work / name
    shutil.copytree(FIXTURE_SITE, project)
    return project


def run_cli(project: Path, *args: str, epoch: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def build_site(project: Path, out: Path, *, base_url: str = "", epoch: int | None = None) -> Path:
    """`site-builder build` from the project's content records (no re-ingest: the records are the fixture)."""
    proc = run_cli(project, "build", "--no-ingest", "--force", "--base-url", base_url, "--out", str(out), epoch=epoch)
    assert proc.returncode == 0, proc.stderr
    assert (out / "index.html").is_file()
    return out


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    return build_site(make_project(work), work / "_site")


def test_every_file_sits_under_one_folder_in_name_order(site_dir: Path, tmp_path: Path) -> None:
    stats = make_bundle(site_dir, tmp_path / "veille-hors-ligne.zip", source_date_epoch=None)
    site = read_folder(site_dir)
    with zipfile.ZipFile(tmp_path / "veille-hors-ligne.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == [f"veille-hors-ligne/{name}" for name in sorted(site)]
        for name in site:
            assert archive.read(f"veille-hors-ligne/{name}") == site[name], name
    assert stats.files == len(site) and stats.folder == "veille-hors-ligne"
    assert stats.size == (tmp_path / "veille-hors-ligne.zip").stat().st_size


def test_entries_carry_fixed_dates_modes_and_compression(site_dir: Path, tmp_path: Path) -> None:
    make_bundle(site_dir, tmp_path / "site.zip", source_date_epoch=None)
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        infos = archive.infolist()
    assert infos
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
        assert info.external_attr >> 16 == 0o100644, info.filename
        assert info.create_system == 3, info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename


def test_source_date_epoch_dates_every_entry(site_dir: Path, tmp_path: Path) -> None:
    make_bundle(site_dir, tmp_path / "site.zip", source_date_epoch=EPOCH_2023)
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert dates == {(2023, 11, 14, 22, 13, 20)}


def test_dates_outside_what_a_zip_holds_are_clamped() -> None:
    assert zip_timestamp(0) == (1980, 1, 1, 0, 0, 0)
    assert zip_timestamp(-5) == (1980, 1, 1, 0, 0, 0)
    assert zip_timestamp(2**40) == (2107, 12, 31, 23, 59, 59)


def test_the_same_site_gives_the_same_bytes_wherever_it_lies(site_dir: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(site_dir, moved)
    os.utime(moved / "index.html", (1, 1))  # file times on disk must not leak into the zip
    make_bundle(site_dir, tmp_path / "a" / "site.zip", source_date_epoch=EPOCH_2023)
    make_bundle(moved, tmp_path / "b" / "site.zip", source_date_epoch=EPOCH_2023)
    assert (tmp_path / "a" / "site.zip").read_bytes() == (tmp_path / "b" / "site.zip").read_bytes()


def test_the_unpacked_bundle_links_only_to_its_own_files(site_dir: Path, tmp_path: Path) -> None:
    stats = make_bundle(site_dir, tmp_path / "site.zip", source_date_epoch=None)
    assert stats.link_problems == []
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / "site"
    assert (root / "index.html").is_file()
    assert check_folder(root) == []
    # Every page points into the bundle at all: stylesheet, navigation, search.
    home = html_links((root / "index.html").read_text(encoding="utf-8"))
    assert any(link.endswith(".css") for link in home)
    assert any(link.startswith("briefings/") for link in home)
    assert "search.html" in home


def test_a_broken_link_in_the_site_is_reported(site_dir: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(site_dir, damaged)
    (damaged / "other.html").unlink()
    stats = make_bundle(damaged, tmp_path / "site.zip", source_date_epoch=None)
    assert stats.link_problems, "a page links to other.html, which is gone"
    assert {problem.kind for problem in stats.link_problems} == {"broken"}
    assert all(problem.link.endswith("other.html") for problem in stats.link_problems)


def test_a_folder_without_a_site_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BundleError, match=r"index\.html"):
        make_bundle(tmp_path / "empty", tmp_path / "site.zip", source_date_epoch=None)
    assert not (tmp_path / "site.zip").exists()


def test_a_new_bundle_replaces_the_old_one_whole(site_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "site.zip"
    target.write_bytes(b"an older bundle, longer than nothing")
    make_bundle(site_dir, target, source_date_epoch=None)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
    assert [p.name for p in tmp_path.iterdir()] == ["site.zip"]  # no temporary file left beside it


def test_entries_follow_name_order_not_folder_walk_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("index.html", "a/b.html", "a-c.html", "a.html", "B.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    make_bundle(site, tmp_path / "s.zip", source_date_epoch=None)
    with zipfile.ZipFile(tmp_path / "s.zip") as archive:
        names = [name.removeprefix("s/") for name in archive.namelist()]
    assert names == ["B.html", "a-c.html", "a.html", "a/b.html", "index.html"]
