"""Keeping Python's cyclic garbage collector off the build's large, long-lived structures.

A build holds tens of thousands of articles, each made of many small
objects, from the content stage to the end. Every full collection walks all
of them, and allocating many objects (unpickling the content cache, tallying
actors, building an index) sets off full collections again and again; at
10,000 articles that was a third of a small rebuild. None of these
structures needs the collector: they hold no reference cycles to free.
Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (switched back on only if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def collect_young() -> None:
    """Collect the young generations now, whether collection is paused or not.

    Between batches of pages: rendering a page through Jinja leaves reference
    cycles (about forty-five objects: its context, blocks and macros), all
    young. Collected here, they cost a few microseconds; left to the
    collector's own schedule, its collections ran every few hundred
    allocations, in the middle of pages, and took a twentieth of a build.
    """
    gc.collect(1)


def freeze_long_lived() -> None:
    """Move every object alive now out of reach of later collections, until `release_frozen`."""
    gc.freeze()


def release_frozen() -> None:
    """Hand frozen objects back to the collector (a process that builds again, like serve, frees the old ones)."""
    gc.unfreeze()
