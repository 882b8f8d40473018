"""The write stage: the new site staged beside the target, then put in place at once.

A build that fails or is interrupted before the last step leaves the
previous site whole. Two ways, by the size of the change:

- whole site: pages are written into `<target>.building`, then two renames
  put it in place (`<target>` -> `<target>.previous`, `<target>.building` ->
  `<target>`). Files whose bytes did not change are hard-linked from the
  previous site rather than written again.
- a few files (an incremental build keeping most of the site): only the
  changed files are written into `<target>.building`; a journal naming the
  files to move in and the stale ones to remove is written (the commit
  point), then the moves and removals are made. The thousands of files kept
  are not touched at all.

The next build removes a staging folder left by an interrupted one, puts
back a previous site left half-swapped, and finishes a journalled commit
that was cut short (roll forward). Unchanged files keep their bytes and
modification times, so rsync and browsers' caches skip them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .listing import files_under

T = TypeVar("T")

STAGING_SUFFIX = ".building"
PREVIOUS_SUFFIX = ".previous"
JOURNAL_SUFFIX = ".commit"
IN_PLACE_SHARE = 0.25  # at most this share of the site's files changed: update in place
# A folder with entries but none of these is not a site we built: we refuse to replace it.
SITE_MARKERS = ("index.html",)


class OutputError(Exception):
    """The output folder cannot be written; the message is one line."""


@dataclass
class WriteStats:
    files: int = 0  # files in the new site
    written: int = 0  # files whose bytes were written
    reused: int = 0  # unchanged files hard-linked from the previous site
    bytes: int = 0  # total size of the files given to write (kept files are not read, not counted)
    recovered: bool = False  # a previous site left half-swapped was put back first


def staging_dir(target: Path) -> Path:
    return target.with_name(target.name + STAGING_SUFFIX)


def previous_dir(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def journal_path(target: Path) -> Path:
    return target.with_name(target.name + JOURNAL_SUFFIX)


def write_site(files: Mapping[str, bytes], target: Path, keep: Iterable[str] = ()) -> WriteStats:
    """Write `files` (relative POSIX path -> bytes) as the whole content of `target`.

    `keep` names files of the current site an incremental build knows did not
    change: they are carried over by hard link, never read.
    """
    for name in files:
        safe_relative(name)  # reject bad names before touching the disk
    with SiteWriter(target, keep=keep, planned=files) as writer:
        return writer.commit(files)


@dataclass(frozen=True)
class Staged:
    """A file already written into the staging folder, by whichever process made it."""

    size: int
    linked: bool  # the same bytes as the current site's file: hard-linked, not written


class SiteWriter:
    """One build's write: files staged as they are made, put in place by `commit`, or dropped by `abort`.

    A whole-site write stages each file as soon as it is made, in the process
    that made it (`stage_file`, None otherwise), so worker processes write
    their own pages while others are being made. An in-place update (few
    files changed) decides per file against the current site, so it takes
    the bytes at `commit`.
    """

    def __init__(
        self, target: Path, keep: Iterable[str] = (), planned: Iterable[str] = (), known: Iterable[str] | None = None
    ) -> None:
        """`known`: the files of the current site as the build that wrote it recorded them, for an in-place
        update (at 10,000 articles, listing them from the disk is the slowest part of a small rebuild); listed
        from the disk when not given. A file put into the site by hand then stays until a whole-site write."""
        self.target = target.resolve()
        self.known = set(known) if known is not None else None
        planned_names = set(planned)
        self.kept = [checked_name(name) for name in keep if name not in planned_names]
        self.stage, previous = staging_dir(self.target), previous_dir(self.target)
        self.stats = WriteStats(recovered=_finish_commit(self.target, self.stage) or _recover(self.target, previous))
        _check_replaceable(self.target)
        _remove(self.stage)  # left over from an interrupted build
        self.in_place = (
            bool(self.kept)
            and self.target.is_dir()
            and len(planned_names) <= IN_PLACE_SHARE * (len(planned_names) + len(self.kept))
        )

    @property
    def stage_file(self) -> Callable[[str, bytes], Staged] | None:
        """What stages one file now, in any process (forked workers included); None for an in-place update."""
        if self.in_place:
            return None
        return functools.partial(_stage_file, self.stage, self.target)

    def commit(self, files: Mapping[str, bytes | Staged]) -> WriteStats:
        """Make `files` (bytes, or files staged already) and the kept files the content of the target."""
        relatives = {name: safe_relative(name) for name in files}
        kept = [name for name in self.kept if name not in files]
        if self.in_place:
            unstaged = {name: data for name, data in files.items() if isinstance(data, bytes)}
            if len(unstaged) != len(files):
                raise ValueError("an in-place update takes the files' bytes, not staged files")
            existing = self.known if self.known is not None else files_under(self.target)
            updated = _update_in_place(unstaged, relatives, kept, existing, self.target, self.stage, self.stats)
            if updated is not None:
                return updated
            self.stats = WriteStats(recovered=self.stats.recovered)  # a file turns into a folder, or back
            self.in_place = False
        self.stage.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            made = files[name]
            staged = made if isinstance(made, Staged) else _stage_file(self.stage, self.target, name, made)
            self.stats.files += 1
            self.stats.bytes += staged.size
            if staged.linked:
                self.stats.reused += 1
            else:
                self.stats.written += 1
        for name in sorted(kept):
            _carry_over(self.stage, self.target, Path(name), self.stats)
        # The swap: the old site is moved aside only once the new one is complete.
        previous = previous_dir(self.target)
        if self.target.exists():
            os.replace(self.target, previous)
        os.replace(self.stage, self.target)
        _remove(previous)
        return self.stats

    def abort(self) -> None:
        """Drop whatever was staged; the current site stays as it was."""
        _remove(self.stage)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if kind is not None:
            self.abort()


def _update_in_place(
    files: Mapping[str, bytes], relatives: dict[str, Path], kept: list[str], existing: set[str], target: Path,
    stage: Path, stats: WriteStats,
) -> WriteStats | None:
    """Stage the changed files, journal the commit, then move them in; None when the site must be swapped whole."""
    missing = sorted(name for name in kept if name not in existing)
    if missing:
        # Deleted by hand since the last build: the caller's record of the site is stale.
        raise OutputError(f"{missing[0]}: missing from {target.name}; rebuild with --force")
    moves: list[str] = []
    try:
        for name in sorted(files):
            relative, data = relatives[name], files[name]
            stats.files += 1
            stats.bytes += len(data)
            if name in existing and _same_bytes(target / relative, data):
                stats.reused += 1
                continue
            if _blocked(target, relative):
                _remove(stage)
                return None
            path = stage / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            moves.append(name)
            stats.written += 1
        stale = sorted(existing - files.keys() - set(kept))
        stage.mkdir(parents=True, exist_ok=True)
        # The commit point: from here on an interrupted build is finished by the next one.
        _write_journal(journal_path(target), {"moves": moves, "remove": stale})
    except BaseException:
        _remove(stage)
        raise
    stats.files += len(kept)
    stats.reused += len(kept)
    _finish_commit(target, stage)
    return stats


def _finish_commit(target: Path, stage: Path) -> bool:
    """Carry out a journalled in-place commit (again: every step may already be done). True when there was one."""
    journal = journal_path(target)
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    for name in entries.get("moves", []):
        relative = safe_relative(name)
        source = stage / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target / relative)
    for name in entries.get("remove", []):
        relative = safe_relative(name)
        path = target / relative
        if path.is_file() or path.is_symlink():
            path.unlink()
        _prune_empty_folders(target, relative.parent)
    journal.unlink()
    _remove(stage)
    return True


def _write_journal(path: Path, entries: dict[str, list[str]]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(entries, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _blocked(target: Path, relative: Path) -> bool:
    """A folder stands where the file goes, or a file where one of its folders goes."""
    if (target / relative).is_dir():
        return True
    parent = target
    for part in relative.parts[:-1]:
        parent = parent / part
        if parent.exists() and not parent.is_dir():
            return True
    return False


def _prune_empty_folders(target: Path, relative: Path) -> None:
    while relative.parts:
        folder = target / relative
        try:
            folder.rmdir()  # only when empty
        except OSError:
            return
        relative = relative.parent


def checked_name(name: str) -> str:
    """`name` when safe_relative would accept it; a string test first, as thousands of kept names are checked."""
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "" in parts or "." in parts:
        safe_relative(name)  # raises, or accepts an odd but safe spelling
    return name


def safe_relative(name: str) -> Path:
    """The path of `name` inside the site folder; never absolute, never above it."""
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
        raise OutputError(f"'{name}': an output path must stay inside the site folder")
    return Path(*pure.parts)


def _stage_file(stage: Path, target: Path, name: str, data: bytes) -> Staged:
    """Stage one file: a hard link to the current one when the bytes are the same, else the bytes.

    On path strings, and a folder made only when a file cannot be created
    without it: this runs for every file of a new site (pathlib's own work
    was as much as the system's).
    """
    relative = checked_name(name)
    path, old = os.path.join(stage, relative), os.path.join(target, relative)
    if _same_bytes(old, data):
        try:
            _link_new(old, path)
            return Staged(len(data), linked=True)
        except OSError:
            pass  # no hard links on this file system: write the bytes
    _write_new(path, data)
    return Staged(len(data), linked=False)


def _link_new(source: str, path: str) -> None:
    _in_its_folder(path, lambda: os.link(source, path))  # the source gone: this fails again, as it should


def _write_new(path: str, data: bytes) -> None:
    with _in_its_folder(path, lambda: open(path, "wb")) as handle:
        handle.write(data)


def _in_its_folder(path: str, create: Callable[[], T]) -> T:
    """`create()` of the file at `path`, its folder made first if it is missing (tried only then)."""
    try:
        return create()
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return create()


def _carry_over(stage: Path, target: Path, relative: Path, stats: WriteStats) -> None:
    path = stage / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    source = target / relative
    if not source.is_file():
        # Deleted by hand since the last build: the caller's record of the site is stale.
        raise OutputError(f"{relative.as_posix()}: missing from {target.name}; rebuild with --force")
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)
    stats.files += 1
    stats.reused += 1


def _recover(target: Path, previous: Path) -> bool:
    """Put back a site moved aside by a build that stopped between its two renames."""
    if previous.is_dir() and not target.exists():
        os.replace(previous, target)
        return True
    _remove(previous)
    return False


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"{target.name}: exists and is not a folder")
    entries = list(target.iterdir())
    if entries and not any((target / marker).is_file() for marker in SITE_MARKERS):
        # Guards against "--out ." or a typo wiping a folder of other files.
        raise OutputError(f"{target.name}: folder is not empty and holds no site (no index.html); not replacing it")


def _same_bytes(path: str | Path, data: bytes) -> bool:
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
