"""The content stage's cache: loaded records kept between builds, in buckets.

A record is read again only when its file's size or modification time
changed. The cache is split into buckets by a stable hash of the file name,
so a build that changed one record of 10,000 rewrites one bucket (about
1.5 MB) instead of the whole cache (about 90 MB, a third of a second).
Each bucket carries the stamp of what records depend on besides their file;
a bucket with another stamp is ignored, and rewritten.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import __version__, cache_file, markup

BUCKETS = 64
_VERSION = 4

# file name -> (size, mtime_ns, article or None, problems)
Entries = Mapping[str, tuple[Any, ...]]


def stamp() -> tuple[Any, ...]:
    """What cached records depend on besides their file: this format, the package, the body converters' code."""
    converters = hashlib.sha256()
    for module in (markup.__file__, Path(markup.__file__).with_name("markdown_converter.py")):
        converters.update(Path(module).read_bytes())
    return (_VERSION, __version__, converters.hexdigest())


def bucket_of(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % BUCKETS


def load(folder: Path | None) -> dict[str, tuple[Any, ...]]:
    """Every entry of every readable, current bucket."""
    entries: dict[str, tuple[Any, ...]] = {}
    if folder is None or not folder.is_dir():
        return entries
    current = stamp()
    for number in range(BUCKETS):
        bucket = cache_file.load(_bucket_path(folder, number), current)
        if isinstance(bucket, dict):
            entries.update(bucket)
    return entries


def save(folder: Path, entries: Entries, previous: Entries) -> int:
    """Rewrite the buckets whose files changed since `previous` was loaded; how many were written."""
    new = _split(entries)
    old = _split(previous)
    current = stamp()
    written = 0
    for number in range(BUCKETS):
        bucket, before = new.get(number, {}), old.get(number, {})
        if _stamps(bucket) == _stamps(before) and (bucket or not _bucket_path(folder, number).exists()):
            continue
        path = _bucket_path(folder, number)
        if bucket:
            cache_file.save(path, current, bucket)
        else:
            path.unlink(missing_ok=True)
        written += 1
    return written


def _split(entries: Entries) -> dict[int, dict[str, tuple[Any, ...]]]:
    buckets: dict[int, dict[str, tuple[Any, ...]]] = {}
    for name, entry in entries.items():
        buckets.setdefault(bucket_of(name), {})[name] = entry
    return buckets


def _stamps(bucket: Entries) -> dict[str, tuple[Any, ...]]:
    return {name: entry[:2] for name, entry in bucket.items()}


def _bucket_path(folder: Path, number: int) -> Path:
    return folder / f"{number:02d}.pickle"
