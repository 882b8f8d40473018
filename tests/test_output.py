"""Writing the site: the whole folder swapped in at the end, never half a site.

Failures are real ones (a file where a folder must go, a process killed
while writing), not mocks of the writer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder.linkcheck import read_folder
from site_builder.output import OutputError, previous_dir, staging_dir, write_site

OLD_SITE = {
    "index.html": b"<h1>old home</h1>",
    "articles/a.html": b"<p>article a</p>",
    "articles/gone.html": b"<p>dropped in the next build</p>",
    "static/css/site.css": b"body{}",
}


def test_the_folder_holds_exactly_the_mapping(tmp_path: Path) -> None:
    stats = write_site(OLD_SITE, tmp_path / "_site")
    assert read_folder(tmp_path / "_site") == OLD_SITE
    assert stats.files == len(OLD_SITE) == stats.written
    assert stats.bytes == sum(len(data) for data in OLD_SITE.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]  # no staging folder left beside it


def test_a_rebuild_drops_stale_files_and_leaves_unchanged_ones_alone(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    os.utime(target / "static/css/site.css", ns=(1_000_000_000, 1_000_000_000))
    new_site = {name: data for name, data in OLD_SITE.items() if name != "articles/gone.html"}
    new_site["index.html"] = b"<h1>new home</h1>"
    stats = write_site(new_site, target)
    assert read_folder(target) == new_site
    assert not (target / "articles/gone.html").exists()
    # rsync and browsers see an unchanged file as unchanged: same bytes, same time.
    assert (target / "static/css/site.css").stat().st_mtime_ns == 1_000_000_000
    assert stats.written == 1 and stats.reused == len(new_site) - 1


def test_a_failed_write_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    # "articles" is a file and then a folder: the file system refuses the second.
    impossible = {"index.html": b"new", "articles": b"a file", "articles/b.html": b"under it"}
    with pytest.raises(OSError):
        write_site(impossible, target)
    assert read_folder(target) == OLD_SITE
    assert not staging_dir(target.resolve()).exists()


def test_a_path_leaving_the_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    for bad in ("../outside.html", "/etc/x.html", "a/../../b.html", ""):
        with pytest.raises(OutputError):
            write_site({"index.html": b"new", bad: b"x"}, target)
    assert read_folder(target) == OLD_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_folder_of_other_files_is_not_replaced(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.odt").write_bytes(b"years of work")
    with pytest.raises(OutputError, match="no site"):
        write_site(OLD_SITE, documents)
    assert (documents / "thesis.odt").read_bytes() == b"years of work"
    (tmp_path / "a-file").write_bytes(b"x")
    with pytest.raises(OutputError, match="not a folder"):
        write_site(OLD_SITE, tmp_path / "a-file")


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "_site").mkdir()
    write_site(OLD_SITE, tmp_path / "_site")
    assert read_folder(tmp_path / "_site") == OLD_SITE


def test_leftovers_of_an_interrupted_build_are_cleared(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    stage = staging_dir(target.resolve())
    (stage / "articles").mkdir(parents=True)
    (stage / "articles" / "half.html").write_bytes(b"<p>half writ")
    write_site({"index.html": b"new"}, target)
    assert read_folder(target) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_site_moved_aside_by_a_stopped_swap_is_put_back_first(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    os.replace(target, previous_dir(target.resolve()))  # stopped between the two renames
    stats = write_site(OLD_SITE, target)
    assert stats.recovered and stats.reused == len(OLD_SITE)
    assert read_folder(target) == OLD_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


KILLED_MID_WRITE = textwrap.dedent("""
    import os, signal, sys
    from collections.abc import Mapping
    from pathlib import Path
    from site_builder.output import write_site

    class DiesHalfWay(Mapping):
        # The page mapping of a build that is killed after a few files.
        def __init__(self, count): self.names = [f"articles/{i:03d}.html" for i in range(count)]
        def __len__(self): return len(self.names)
        def __iter__(self): return iter(self.names)
        def __getitem__(self, name):
            if name == self.names[len(self.names) // 2]:
                os.kill(os.getpid(), signal.SIGKILL)
            return b"<p>new</p>" * 100

    write_site(DiesHalfWay(40), Path(sys.argv[1]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_build_killed_while_writing_leaves_the_previous_site_then_the_next_build_recovers(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(target)], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert read_folder(target) == OLD_SITE
    assert staging_dir(target.resolve()).is_dir()  # the half-written new site is there, beside it
    write_site({"index.html": b"next"}, target)
    assert read_folder(target) == {"index.html": b"next"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_files_an_incremental_build_keeps_are_carried_over_unread(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    before = (target / "articles/a.html").stat()
    stats = write_site({"index.html": b"<h1>new home</h1>"}, target, keep=["articles/a.html", "static/css/site.css"])
    assert read_folder(target) == {
        "index.html": b"<h1>new home</h1>",
        "articles/a.html": OLD_SITE["articles/a.html"],
        "static/css/site.css": OLD_SITE["static/css/site.css"],
    }
    assert (target / "articles/a.html").stat().st_mtime_ns == before.st_mtime_ns
    assert stats.files == 3 and stats.written == 1 and stats.reused == 2


def test_a_kept_file_deleted_by_hand_stops_the_build_with_the_site_whole(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    (target / "articles/gone.html").unlink()
    before = read_folder(target)
    with pytest.raises(OutputError, match="--force"):
        write_site({"index.html": b"new"}, target, keep=["articles/gone.html"])
    assert read_folder(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
