"""A cache file: a pickled value with the stamp of what it was derived from.

The build's caches (records, stemmed terms, the language model) are files
of this one format. One that is missing, damaged, written by other code or
for another stamp reads as nothing, and the caller makes the value afresh.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic

# What reading a damaged file, or one pickled by other code, can raise.
_UNREADABLE = (OSError, EOFError, zlib.error, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
               ImportError)  # fmt: skip


def save(path: Path, stamp: Any, value: Any, *, compress: bool = False) -> None:
    """Write `value` with `stamp`, whole or not at all; `compress` for large, repetitive values (zlib, fastest)."""
    data = pickle.dumps((stamp, value), protocol=pickle.HIGHEST_PROTOCOL)
    write_bytes_atomic(path, zlib.compress(data, 1) if compress else data)


def load(path: Path, stamp: Any, *, compressed: bool = False) -> Any | None:
    """The value saved at `path` with this `stamp`; None when there is none."""
    try:
        data = path.read_bytes()
        saved_stamp, value = pickle.loads(zlib.decompress(data) if compressed else data)
    except _UNREADABLE:
        return None
    return value if saved_stamp == stamp else None
