"""The write stage: a fresh folder beside the target, swapped in at the end.

A build that fails or is interrupted before the swap leaves the previous
site whole. Files whose bytes did not change are hard-linked from the
previous site instead of written again, which keeps rebuilds of large sites
cheap and leaves their modification times alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STAGING_SUFFIX = ".building"
PREVIOUS_SUFFIX = ".previous"


class OutputError(Exception):
    """The output folder cannot be written; the message is one line."""


@dataclass
class WriteStats:
    files: int = 0
    written: int = 0
    reused: int = 0
    bytes: int = 0


def staging_dir(target: Path) -> Path:
    return target.with_name(target.name + STAGING_SUFFIX)


def write_site(files: dict[str, bytes], target: Path, keep: Iterable[str] = ()) -> WriteStats:
    """Write `files` (relative POSIX path -> bytes) as the whole content of `target`.

    `keep` names files of the current site that did not change (an incremental
    build knows which): they are carried over by hard link, never read.
    """
    target = target.resolve()
    stage = staging_dir(target)
    previous = target.with_name(target.name + PREVIOUS_SUFFIX)
    _remove(stage)  # left over from an interrupted build
    _remove(previous)
    stats = WriteStats()
    try:
        stage.mkdir(parents=True)
        for name in sorted(files):
            data = files[name]
            relative = _safe_relative(name)
            path = stage / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            old = target / relative
            if _same_bytes(old, data):
                try:
                    os.link(old, path)
                    stats.reused += 1
                except OSError:
                    path.write_bytes(data)
                    stats.written += 1
            else:
                path.write_bytes(data)
                stats.written += 1
            stats.files += 1
            stats.bytes += len(data)
        for name in sorted(set(keep) - files.keys()):
            relative = _safe_relative(name)
            path = stage / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            old = target / relative
            try:
                os.link(old, path)
            except OSError:
                shutil.copyfile(old, path)
            stats.reused += 1
            stats.files += 1
    except BaseException:
        _remove(stage)
        raise
    # The swap: two renames; the old site is gone only once the new one is in place.
    if target.exists():
        os.replace(target, previous)
    os.replace(stage, target)
    _remove(previous)
    return stats


def _safe_relative(name: str) -> Path:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise OutputError(f"{name}: an output path must stay inside the site folder")
    return Path(*pure.parts)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
