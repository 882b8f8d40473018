"""The offline bundle: the built site as one reproducible zip.

Inside the zip every file sits under one top-level folder named after the
zip (`site-offline.zip` holds `site-offline/index.html`, ...), so unpacking
it never scatters files. Unpack anywhere and open `index.html`: every link
is relative, so pages, styles and search work from file://.

Two bundles of the same site are byte-identical: entries sorted by name,
one timestamp for all (SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00
UTC, the earliest a zip can record), fixed permissions (rw-r--r--), Unix as
the creating system, and deflate at level 9 (same bytes for the same zlib).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .linkcheck import LinkProblem, check_folder

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z: zip dates cannot go earlier
ZIP_LAST = 4354819199  # 2107-12-31T23:59:59Z: nor later
FILE_MODE = 0o100644  # regular file, rw-r--r--
UNIX = 3  # "made by" system in the zip header; the host's value would vary
COMPRESS_LEVEL = 9


class BundleError(Exception):
    """The bundle cannot be made; the message is one line."""


@dataclass
class BundleStats:
    files: int = 0
    size: int = 0  # bytes of the zip
    folder: str = ""  # the top-level folder inside the zip
    link_problems: list[LinkProblem] = field(default_factory=list)  # links that would fail offline


def make_bundle(site_dir: Path, zip_path: Path, *, source_date_epoch: int | None,
                folder: str | None = None) -> BundleStats:
    """Zip the site in `site_dir` into `zip_path` (written whole or not at all).

    Files are streamed one at a time, so a large site is never held in memory.
    """
    if not (site_dir / "index.html").is_file():
        raise BundleError(f"{site_dir.name}: no index.html; build the site first")
    names = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file())
    top = folder or bundle_folder_name(zip_path)
    date_time = zip_timestamp(source_date_epoch)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{zip_path.name}.", suffix=".tmp", dir=zip_path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write_zip(stream, ((name, (site_dir / name).read_bytes()) for name in names), top, date_time)
        os.chmod(temporary, 0o644)  # mkstemp made it private; a bundle is for sharing
        os.replace(temporary, zip_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BundleStats(files=len(names), size=zip_path.stat().st_size, folder=top,
                       link_problems=check_folder(site_dir))  # fmt: skip


def bundle_folder_name(zip_path: Path) -> str:
    """`dist/site-offline.zip` -> `site-offline`."""
    name = zip_path.name
    stem = name[:-4] if name.lower().endswith(".zip") else zip_path.stem
    return stem or "site"


def zip_timestamp(source_date_epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The one date every entry carries, clamped to what a zip can hold."""
    seconds = ZIP_EPOCH if source_date_epoch is None else min(max(source_date_epoch, ZIP_EPOCH), ZIP_LAST)
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def zip_bytes(files: Mapping[str, bytes], folder: str,
              date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip of `files` under `folder/`, the same bytes for the same input."""
    buffer = io.BytesIO()
    write_zip(buffer, sorted(files.items()), folder, date_time)
    return buffer.getvalue()


def write_zip(stream: BinaryIO, entries: Iterable[tuple[str, bytes]], folder: str,
              date_time: tuple[int, int, int, int, int, int]) -> None:
    """Write entries (relative name, bytes), given in name order, under `folder/` with fixed metadata.

    Entries are consumed one at a time: a generator keeps one file in memory.
    """
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=date_time)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
