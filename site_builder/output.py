"""The write stage: a fresh folder beside the target, swapped in at the end.

A build that fails or is interrupted before the swap leaves the previous
site whole: pages are written into `<target>.building`, then two renames
put it in place (`<target>` -> `<target>.previous`, `<target>.building` ->
`<target>`). The next build removes a staging folder left by an
interrupted one, and puts back a previous site left half-swapped.

Files whose bytes did not change are hard-linked from the previous site
instead of written again: their bytes and modification times stay as they
were, which keeps rebuilds of large sites cheap and lets rsync skip them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STAGING_SUFFIX = ".building"
PREVIOUS_SUFFIX = ".previous"
# A folder with entries but none of these is not a site we built: we refuse to replace it.
SITE_MARKERS = ("index.html",)


class OutputError(Exception):
    """The output folder cannot be written; the message is one line."""


@dataclass
class WriteStats:
    files: int = 0  # files in the new site
    written: int = 0  # files whose bytes were written
    reused: int = 0  # unchanged files hard-linked from the previous site
    bytes: int = 0  # total size of the new site
    recovered: bool = False  # a previous site left half-swapped was put back first


def staging_dir(target: Path) -> Path:
    return target.with_name(target.name + STAGING_SUFFIX)


def previous_dir(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def write_site(files: Mapping[str, bytes], target: Path, keep: Iterable[str] = ()) -> WriteStats:
    """Write `files` (relative POSIX path -> bytes) as the whole content of `target`.

    `keep` names files of the current site an incremental build knows did not
    change: they are carried over by hard link, never read.
    """
    target = target.resolve()
    relatives = {name: safe_relative(name) for name in files}  # reject bad names before touching the disk
    kept = {name: safe_relative(name) for name in keep if name not in files}
    stage, previous = staging_dir(target), previous_dir(target)
    stats = WriteStats(recovered=_recover(target, previous))
    _check_replaceable(target)
    _remove(stage)  # left over from an interrupted build
    try:
        stage.mkdir(parents=True)
        for name in sorted(files):
            _write_one(stage, target, relatives[name], files[name], stats)
        for name in sorted(kept):
            _carry_over(stage, target, kept[name], stats)
    except BaseException:
        _remove(stage)
        raise
    # The swap: the old site is moved aside only once the new one is complete.
    if target.exists():
        os.replace(target, previous)
    os.replace(stage, target)
    _remove(previous)
    return stats


def safe_relative(name: str) -> Path:
    """The path of `name` inside the site folder; never absolute, never above it."""
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
        raise OutputError(f"'{name}': an output path must stay inside the site folder")
    return Path(*pure.parts)


def _write_one(stage: Path, target: Path, relative: Path, data: bytes, stats: WriteStats) -> None:
    path = stage / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    old = target / relative
    stats.files += 1
    stats.bytes += len(data)
    if _same_bytes(old, data):
        try:
            os.link(old, path)
            stats.reused += 1
            return
        except OSError:
            pass  # no hard links on this file system: write the bytes
    path.write_bytes(data)
    stats.written += 1


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


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
