"""Search shards kept between builds, by fingerprint, whatever folder the site goes to.

A search shard's fingerprint covers everything it is made from (code,
configuration, the records of its documents; see buildstate.source_prints),
so the bytes a build made for a fingerprint are the bytes any later build
would make for it. The build state only spares work for the folder it was
built into; this cache spares it for a new folder too: a forced build, a
build into another `--out`, a CI run that restores `.site_builder/`.
Index shards are the costliest outputs of a site, and the build's only
output a theme never changes, so they are worth keeping beside it.

Each build prunes the shards it did not use, so the cache holds one site's
shards (a few megabytes per thousand articles).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .atomic import write_bytes_atomic

SEARCH_CACHE = ".site_builder/search-shards"
_SUFFIX = ".js"


class SearchCache:
    """Files of search shards named by their path in the site and their fingerprint.

    The path counts: a shard's number is in its bytes, and an index shard
    and its display shard share one fingerprint.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, path: str, fingerprint: str) -> bytes | None:
        """The shard made earlier for this path and fingerprint, if kept."""
        try:
            return self._file(path, fingerprint).read_bytes()
        except OSError:
            return None

    def has(self, path: str, fingerprint: str) -> bool:
        return os.path.isfile(self._file(path, fingerprint))

    def keeping(self, path: str, fingerprint: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
        """`make`, whose result is also kept (in whichever process calls it)."""
        return functools.partial(_make_and_keep, make, self._file(path, fingerprint))

    def prune(self, used: Iterable[tuple[str, str]]) -> int:
        """Delete the kept shards but those of the `(path, fingerprint)` pairs used; how many went."""
        names = {self._file(path, fingerprint).name for path, fingerprint in used}
        try:
            present = os.listdir(self.folder)
        except OSError:
            return 0
        removed = 0
        for name in present:
            if name.endswith(_SUFFIX) and name not in names:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
                    removed += 1
        return removed

    def _file(self, path: str, fingerprint: str) -> Path:
        key = hashlib.blake2b(f"{path}\0{fingerprint}".encode(), digest_size=16).hexdigest()
        return self.folder / f"{key}{_SUFFIX}"


def _make_and_keep(make: Callable[[], bytes], path: Path) -> bytes:
    data = make()
    with contextlib.suppress(OSError):  # a cache that cannot be written only makes the next build slower
        write_bytes_atomic(path, data)
    return data
