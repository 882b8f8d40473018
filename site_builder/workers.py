"""Making the planned outputs, across processes when it pays.

Every page and search shard is a pure function of the grouped site, so
outputs can be made in any order, in any process, and come out the same:
the site does not depend on the number of workers. Workers are forked once
the site is grouped and the templates compiled; they inherit both, so
nothing is pickled on the way in and only each output's bytes come back.

Forking is used only where it is safe and worth it: on a platform that has
it, from a process running no other thread (a thread holding a lock at the
moment of the fork would leave it held forever in the child; `serve` runs a
watcher thread), and for enough outputs to repay starting the workers.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping

Maker = Callable[[], "bytes | None"]

MIN_PARALLEL_OUTPUTS = 300  # below this, starting workers costs more than it saves
CHUNK_OUTPUTS = 24  # outputs per task sent to a worker: small enough to balance, large enough to be cheap

# The makers of the current run, inherited by forked workers (nothing to pickle).
_MAKERS: list[Maker] = []


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_outputs(makers: Mapping[str, Maker], workers: int | None = None) -> dict[str, bytes]:
    """Run every maker; outputs whose maker returns None are left out. Keys keep the order of `makers`.

    Put the costliest makers first: tasks are handed out in order, so a long
    one started late would leave the other workers idle at the end.
    """
    names = list(makers)
    count = min(workers or default_workers(), max(1, len(names) // CHUNK_OUTPUTS))
    if count <= 1 or len(names) < MIN_PARALLEL_OUTPUTS or not _can_fork():
        made = {name: makers[name]() for name in names}
    else:
        made = _make_forked(names, [makers[name] for name in names], count)
    return {name: data for name in names if (data := made[name]) is not None}


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _make_forked(names: list[str], makers: list[Maker], count: int) -> dict[str, bytes | None]:
    global _MAKERS
    _MAKERS = makers
    made: dict[str, bytes | None] = {}
    failed: list[int] = []
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            starts = range(0, len(makers), CHUNK_OUTPUTS)
            for start, outputs in pool.imap_unordered(_make_chunk, starts):
                if isinstance(outputs, int):
                    failed.append(outputs)
                    continue
                for offset, data in enumerate(outputs):
                    made[names[start + offset]] = data
    finally:
        _MAKERS = []
    if failed:
        # Made again here, so the error is raised as itself (exceptions do not always survive pickling).
        first = min(failed)
        makers[first]()
        raise RuntimeError(f"{names[first]}: failed in a worker process only")
    return made


def _make_chunk(start: int) -> tuple[int, list[bytes | None] | int]:
    outputs: list[bytes | None] = []
    for index in range(start, min(start + CHUNK_OUTPUTS, len(_MAKERS))):
        try:
            outputs.append(_MAKERS[index]())
        except Exception:
            return start, index  # the parent makes it again to report the error
    return start, outputs
