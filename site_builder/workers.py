"""Running independent tasks across processes when it pays: content records parsed, outputs made.

Every record parsed and every page and search shard made is a pure function
of its inputs, so tasks can run in any order, in any process, and give the
same results: the site does not depend on the number of workers. Workers
are forked when the tasks are ready (for pages: once the site is grouped and
the templates compiled); they inherit everything, so nothing is pickled on
the way in and only each task's result comes back.

Forking is used only where it is safe and worth it: on a platform that has
it, from a process running no other thread (a thread holding a lock at the
moment of the fork would leave it held forever in the child; `serve` runs a
watcher thread), and for enough outputs to repay starting the workers.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

Maker = Callable[[], "bytes | None"]
T = TypeVar("T")

MIN_PARALLEL_TASKS = 300  # below this, starting workers costs more than it saves
CHUNK_TASKS = 24  # tasks sent to a worker at a time: small enough to balance, large enough to be cheap

# The tasks of the current run, inherited by forked workers (nothing to pickle).
_TASKS: list[Callable[[], Any]] = []


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_outputs(
    makers: Mapping[str, Maker],
    workers: int | None = None,
    on_made: Callable[[str, bytes], None] | None = None,
    costly: int = 0,
) -> dict[str, bytes]:
    """Run every maker; outputs whose maker returns None are left out. Keys keep the order of `makers`.

    Put the costliest makers first: tasks are handed out in order, so a long
    one started late would leave the other workers idle at the end; `costly`
    says how many of them take a good part of a second each (search shards),
    worth workers even when there are few tasks in all.
    `on_made` receives each output as soon as it is made (in no set order),
    so that it can be written while the others are being made.
    """
    names = list(makers)

    def made_one(index: int, data: bytes | None) -> None:
        if on_made is not None and data is not None:
            on_made(names[index], data)

    made = run_tasks([makers[name] for name in names], workers, on_result=made_one, costly=costly)
    return {name: data for name, data in zip(names, made, strict=True) if data is not None}


def run_tasks(
    tasks: Sequence[Callable[[], T]],
    workers: int | None = None,
    on_result: Callable[[int, T], None] | None = None,
    costly: int = 0,
) -> list[T]:
    """The result of every task, in order; across forked workers when there are enough of them.

    Enough: `MIN_PARALLEL_TASKS` tasks, or at least two `costly` ones (then
    handed out one by one, so that two costly tasks go to two workers).
    `on_result(index, result)` is called in this process for each result as it arrives.
    """
    many = len(tasks) >= MIN_PARALLEL_TASKS
    chunk = CHUNK_TASKS if many else 1
    count = min(workers or default_workers(), max(1, len(tasks) // chunk))
    if count <= 1 or not (many or costly >= 2) or not _can_fork():
        results = []
        for index, task in enumerate(tasks):
            results.append(task())
            if on_result is not None:
                on_result(index, results[-1])
        return results
    return _run_forked(list(tasks), count, on_result, chunk)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_forked(
    tasks: list[Callable[[], T]], count: int, on_result: Callable[[int, T], None] | None, chunk: int
) -> list[T]:
    global _TASKS
    _TASKS = tasks
    results: list[Any] = [None] * len(tasks)
    failed: list[int] = []
    try:
        # Workers collect garbage as usual, even when forked from a stage that paused collection (see collector).
        with multiprocessing.get_context("fork").Pool(count, initializer=gc.enable) as pool:
            run_chunk = functools.partial(_run_chunk, size=chunk)
            for start, outputs in pool.imap_unordered(run_chunk, range(0, len(tasks), chunk)):
                if isinstance(outputs, int):
                    failed.append(outputs)
                    continue
                results[start : start + len(outputs)] = outputs
                if on_result is not None:
                    for offset, output in enumerate(outputs):
                        on_result(start + offset, output)
    finally:
        _TASKS = []
    if failed:
        # Run again here, so the error is raised as itself (exceptions do not always survive pickling).
        first = min(failed)
        tasks[first]()
        raise RuntimeError(f"task {first} failed in a worker process only")
    return results


def _run_chunk(start: int, size: int) -> tuple[int, list[Any] | int]:
    outputs: list[Any] = []
    for index in range(start, min(start + size, len(_TASKS))):
        try:
            outputs.append(_TASKS[index]())
        except Exception:
            return start, index  # the parent runs it again to report the error
    return start, outputs
