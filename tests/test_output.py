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
from site_builder.output import (
    OutputError,
    SiteWriter,
    Staged,
    journal_path,
    previous_dir,
    staging_dir,
    write_site,
)

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


# ---------------------------------------------------------------- in place: a few files of a large site

BIG_SITE = {f"articles/{n:03d}.html": f"<p>article {n}</p>".encode() for n in range(40)} | {"index.html": b"home"}


def test_a_small_change_updates_the_site_in_place_touching_only_changed_files(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(BIG_SITE, target)
    folder_inode = target.stat().st_ino
    untouched = {name: (target / name).stat() for name in BIG_SITE}
    changed = {"index.html": b"new home", "articles/new.html": b"<p>added</p>", "articles/001.html": BIG_SITE[
        "articles/001.html"]}  # the last one: rendered again, same bytes
    keep = [name for name in BIG_SITE if name not in changed and name != "articles/039.html"]
    stats = write_site(changed, target, keep=keep)
    expected = {**{name: BIG_SITE[name] for name in keep}, **changed}
    assert read_folder(target) == expected
    assert target.stat().st_ino == folder_inode  # updated in place, not swapped
    for name in [*keep, "articles/001.html"]:
        assert (target / name).stat().st_mtime_ns == untouched[name].st_mtime_ns
        assert (target / name).stat().st_ino == untouched[name].st_ino
    assert stats.written == 2 and stats.reused == len(keep) + 1 and stats.files == len(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]  # no staging folder, no journal


def test_stale_files_and_their_empty_folders_go_in_place(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    site = {**BIG_SITE, "other/2024-01.html": b"month"}
    write_site(site, target)
    write_site({"index.html": b"new"}, target, keep=[n for n in BIG_SITE if n != "index.html"])
    assert not (target / "other").exists()
    assert read_folder(target) == {**BIG_SITE, "index.html": b"new"}


def test_a_file_becoming_a_folder_falls_back_to_the_whole_site(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site({**BIG_SITE, "feeds": b"a file"}, target)
    keep = list(BIG_SITE)
    write_site({"feeds/atom.xml": b"<feed/>"}, target, keep=keep)
    assert read_folder(target) == {**BIG_SITE, "feeds/atom.xml": b"<feed/>"}


def test_an_in_place_write_that_fails_before_its_commit_leaves_the_site_whole(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(BIG_SITE, target)
    impossible = {"index.html": b"new", "x": b"a file", "x/y.html": b"under it"}
    with pytest.raises(OSError):
        write_site(impossible, target, keep=[n for n in BIG_SITE if n != "index.html"])
    assert read_folder(target) == BIG_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


KILLED_MID_COMMIT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from site_builder import output

    real_replace, calls = os.replace, []
    def replace(source, target):
        # The journal goes in first (the commit point), then one page; the process dies at the second page.
        calls.append(target)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(source, target)
    os.replace = replace
    new = {"index.html": b"new home", "articles/000.html": b"new 0", "articles/001.html": b"new 1"}
    output.write_site(new, Path(sys.argv[1]), keep=[f"articles/{n:03d}.html" for n in range(2, 40)])
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_build_killed_mid_commit_is_finished_by_the_next_one(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(BIG_SITE, target)
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_COMMIT, str(target)], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert journal_path(target.resolve()).is_file()  # the commit was cut short
    expected = {**BIG_SITE, "index.html": b"new home", "articles/000.html": b"new 0", "articles/001.html": b"new 1"}
    assert read_folder(target) != expected
    # The next build (here: nothing new) first finishes the commit, then writes its own outputs.
    stats = write_site({"index.html": b"new home"}, target, keep=[n for n in expected if n != "index.html"])
    assert stats.recovered
    assert read_folder(target) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_files_staged_as_they_are_made_give_the_site_a_single_write_gives(tmp_path: Path) -> None:
    target, single = tmp_path / "_site", tmp_path / "single"
    write_site(OLD_SITE, target)
    new_site = {**OLD_SITE, "index.html": b"<h1>new home</h1>", "articles/b.html": b"<p>b</p>"}
    del new_site["articles/gone.html"]
    with SiteWriter(target, planned=new_site) as writer:
        stage = writer.stage_file
        assert stage is not None
        made = {name: stage(name, new_site[name]) for name in ("articles/b.html", "index.html", "static/css/site.css")}
        assert made["static/css/site.css"] == Staged(len(OLD_SITE["static/css/site.css"]), linked=True)
        staged = read_folder(staging_dir(target.resolve()))
        assert staged == {n: new_site[n] for n in made}
        assert read_folder(target) == OLD_SITE  # nothing in place before the commit
        stats = writer.commit({**new_site, **made})
    write_site(new_site, single)
    assert read_folder(target) == read_folder(single) == new_site
    assert stats.files == len(new_site) and stats.reused == 2  # unchanged files linked, staged early or not


def test_a_build_stopped_after_some_files_were_staged_leaves_the_site_whole(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    write_site(OLD_SITE, target)
    with pytest.raises(KeyError), SiteWriter(target, planned=["index.html", "articles/b.html"]) as writer:
        stage = writer.stage_file
        assert stage is not None
        stage("index.html", b"half of a new site")
        raise KeyError("a maker failed")
    assert read_folder(target) == OLD_SITE
    assert not staging_dir(target.resolve()).exists()


def test_an_in_place_update_takes_the_bytes_at_its_commit(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    big = {**OLD_SITE, **{f"articles/{n}.html": f"<p>{n}</p>".encode() for n in range(20)}}
    write_site(big, target)
    keep = [name for name in big if name != "index.html"]
    with SiteWriter(target, keep=keep, planned=["index.html"]) as writer:
        assert writer.stage_file is None  # decided file by file against the current site, at commit
        writer.commit({"index.html": b"<h1>new home</h1>"})
    assert read_folder(target) == {**big, "index.html": b"<h1>new home</h1>"}
    assert not staging_dir(target.resolve()).exists()


def test_an_in_place_update_trusts_the_recorded_list_of_files(tmp_path: Path) -> None:
    target = tmp_path / "_site"
    big = {**OLD_SITE, **{f"articles/{n}.html": f"<p>{n}</p>".encode() for n in range(20)}}
    write_site(big, target)
    (target / "by-hand.txt").write_bytes(b"not written by a build")
    keep = [name for name in big if name not in ("index.html", "articles/gone.html")]
    with SiteWriter(target, keep=keep, planned=["index.html"], known=big) as writer:
        writer.commit({"index.html": b"<h1>new home</h1>"})
    expected = {name: data for name, data in big.items() if name != "articles/gone.html"}
    # The recorded stale file goes; one the record does not know of is not looked for.
    by_hand = {"by-hand.txt": b"not written by a build"}
    assert read_folder(target) == {**expected, "index.html": b"<h1>new home</h1>", **by_hand}
