"""Finding and reading input pages, treating each as untrusted.

Inputs are never modified. A symbolic link that leaves the input folder is
refused, and no page is read past the configured byte cap.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..report import Reporter

# Files an operating system or an editor leaves behind; never news pages.
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".gitignore"}
_IGNORED_SUFFIXES = (".swp", ".tmp", "~", ".part", ".crdownload")


@dataclass(frozen=True)
class InputFile:
    path: Path
    name: str  # relative to the input folder, POSIX separators
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class InputData:
    file: InputFile
    data: bytes
    sha256: str
    truncated: bool


def discover_inputs(input_dir: Path, reporter: Reporter) -> list[InputFile]:
    """Every readable file below `input_dir`, sorted by name."""
    # Strings and os calls rather than pathlib: this runs on every input at every build (10,000 and more).
    root = input_dir.resolve()
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(input_dir, followlinks=False):
        dirnames.sort()
        prefix = os.path.relpath(dirpath, input_dir).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for link in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            dirnames.remove(link)
            reporter.warn(prefix + link, "symbolic link to a folder", "skipped")
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            name = prefix + filename
            if filename in _IGNORED_NAMES or filename.endswith(_IGNORED_SUFFIXES):
                reporter.info(f"{name}: not a page, ignored")
                continue
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode):
                    if not Path(path).resolve().is_relative_to(root):
                        reporter.warn(name, "symbolic link pointing outside the input folder", "skipped")
                        continue
                    info = os.stat(path)
            except OSError as exc:
                reporter.warn(name, f"cannot read ({exc.strerror})", "skipped")
                continue
            if not stat.S_ISREG(info.st_mode):
                reporter.warn(name, "not a regular file", "skipped")
                continue
            found.append(InputFile(Path(path), name, info.st_size, info.st_mtime_ns))
    return sorted(found, key=lambda f: f.name)


def read_input(file: InputFile, max_bytes: int) -> InputData:
    """Read at most `max_bytes` of an input; the hash covers the whole file."""
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    kept = 0
    with file.path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            if kept < max_bytes:
                chunks.append(chunk[: max_bytes - kept])
                kept += len(chunks[-1])
    data = b"".join(chunks)
    return InputData(file, data, digest.hexdigest(), truncated=file.size > max_bytes)
