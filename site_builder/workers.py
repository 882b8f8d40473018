"""Running independent tasks across processes when it pays: content records parsed, outputs made.

Every record parsed and every page and search shard made is a pure function
of its inputs, so tasks can run in any order, in any process, and give the
same results: the site does not depend on the number of workers. Workers
are forked when the tasks are ready (for pages: once the site is grouped and
the templates compiled); they inherit everything, so nothing is pickled on
the way in and only each task's result comes back. This process works beside
them rather than waiting for them.

Forking is used only where it is safe and worth it: on a platform that has
it, from a process running no other thread (a thread holding a lock at the
moment of the fork would leave it held forever in the child; `serve` runs a
watcher thread), and for enough outputs to repay starting the workers.
"""

from __future__ import annotations

import contextlib
import functools
import mmap
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from . import collector

Maker = Callable[[], "bytes | None"]
T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL_TASKS = 300  # below this, starting workers costs more than it saves
CHUNK_TASKS = 24  # tasks sent to a worker at a time: small enough to balance, large enough to be cheap

# The tasks of the current run, and what their workers send back besides results, inherited by forked
# workers (nothing to pickle).
_TASKS: list[Callable[[], Any]] = []
_CARRY: Carry | None = None


@dataclass(frozen=True)
class Carry:
    """What tasks add to their process's state (a cache) that this process wants back from forked workers."""

    take: Callable[[], Any]  # in a worker, after each batch of tasks: what was added since the last take
    give: Callable[[Any], object]  # here: add it to this process's state


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_outputs(
    makers: Mapping[str, Maker],
    workers: int | None = None,
    costly: int = 0,
    finish: Callable[[str, bytes], R] | None = None,
    carry: Carry | None = None,
) -> dict[str, bytes | R]:
    """Run every maker; outputs whose maker returns None are left out. Keys keep the order of `makers`.

    Put the costliest makers first: tasks are handed out in order, so a long
    one started late would leave the other workers idle at the end; `costly`
    says how many of them take a good part of a second each (search shards),
    worth workers even when there are few tasks in all.
    `finish(name, data)` is applied to each output in the process that made
    it, as soon as it is made, and its result comes back instead of the
    bytes: workers write their own files (see output.SiteWriter.stage_file).
    `carry` brings back what the makers added to a cache in the workers.
    """
    names = list(makers)
    tasks: list[Callable[[], bytes | R | None]] = [
        makers[name] if finish is None else functools.partial(_finished, makers[name], name, finish) for name in names
    ]
    made = run_tasks(tasks, workers, costly=costly, carry=carry)
    return {name: data for name, data in zip(names, made, strict=True) if data is not None}


def _finished(maker: Maker, name: str, finish: Callable[[str, bytes], R]) -> R | None:
    data = maker()
    return None if data is None else finish(name, data)


def run_tasks(
    tasks: Sequence[Callable[[], T]], workers: int | None = None, costly: int = 0, carry: Carry | None = None
) -> list[T]:
    """The result of every task, in order; across forked workers when there are enough of them.

    Enough: `MIN_PARALLEL_TASKS` tasks, or at least two `costly` ones. The
    first `costly` tasks are handed out one by one, so that they spread over
    the workers instead of queueing in one worker's first chunk; the others go
    `CHUNK_TASKS` at a time. With `carry`, what the tasks added to their
    worker's state comes back into this process's (run here, they add it
    here).
    """
    many = len(tasks) >= MIN_PARALLEL_TASKS
    costly = min(costly, len(tasks))
    batches = [(start, 1) for start in range(costly)]
    chunk = CHUNK_TASKS if many else 1
    batches += [(start, chunk) for start in range(costly, len(tasks), chunk)]
    count = min(workers or default_workers(), len(batches))
    with collector.paused():  # garbage collected between batches instead (collector.collect_young)
        if count <= 1 or not (many or costly >= 2) or not _can_fork():
            return _run_here(tasks, batches)
        return _run_forked(list(tasks), count, batches, carry)


def _run_here(tasks: Sequence[Callable[[], T]], batches: list[tuple[int, int]]) -> list[T]:
    results: list[T] = []
    for start, size in batches:
        results += [task() for task in tasks[start : start + size]]
        collector.collect_young()
    return results


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


_MISSING: Any = object()  # a result not (yet) come back


def _run_forked(
    tasks: list[Callable[[], T]], count: int, batches: list[tuple[int, int]], carry: Carry | None
) -> list[T]:
    """This process and `count - 1` forked workers take batches in turn, in order, until none is left.

    The next batch is a counter in shared memory: whoever is free takes it,
    so the work balances itself, and this process works too instead of
    waiting (on two cores, one worker beside it rather than two: no results
    of its share pickled and sent back). A worker sends back what it made
    when it runs out of batches. Whatever did not come back (a worker that
    failed or died) is made here again, so an error is raised as itself.
    """
    global _TASKS, _CARRY
    _TASKS, _CARRY = tasks, carry
    if carry is not None:
        carry.take()  # what this process added itself is here already; workers start from nothing new
    results: list[Any] = [_MISSING] * len(tasks)
    shared = _Batches(batches)
    workers: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for _ in range(count - 1):
            workers.append(_fork_worker(shared))
        for start, outputs in shared.run_all():
            results[start : start + len(outputs)] = outputs
        for pid, pipe in workers:
            for start, outputs in _collect(pid, pipe, carry):
                results[start : start + len(outputs)] = outputs
        workers.clear()
    finally:
        _TASKS, _CARRY = [], None
        for pid, pipe in workers:  # left early (an error here): no worker goes on behind our back
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.close(pipe)
                os.waitpid(pid, 0)
        shared.close()
    # Made here, in order: what a worker failed at raises as itself, the rest is made as anywhere else.
    return [task() if result is _MISSING else result for task, result in zip(tasks, results, strict=True)]


class _Batches:
    """Batches handed out in order, to whichever process asks first.

    The number of the next batch lives in memory shared with the forked
    workers; a pipe holding one byte is the lock around it (whoever reads the
    byte holds it, and writes it back). Plain system calls: the
    multiprocessing package would add a hundredth of a second of imports to
    every build.
    """

    def __init__(self, batches: list[tuple[int, int]]) -> None:
        self.batches = batches
        self.next = mmap.mmap(-1, 8)  # anonymous and shared: forked processes see one counter
        self.lock_read, self.lock_write = os.pipe()
        os.write(self.lock_write, b"\0")

    def take(self) -> tuple[int, int] | None:
        os.read(self.lock_read, 1)
        try:
            number = int.from_bytes(self.next[:8], "little")
            self.next[:8] = (number + 1).to_bytes(8, "little")
        finally:
            os.write(self.lock_write, b"\0")
        return self.batches[number] if number < len(self.batches) else None

    def close(self) -> None:
        os.close(self.lock_read)
        os.close(self.lock_write)
        self.next.close()

    def run_all(self) -> Iterator[tuple[int, list[Any]]]:
        """Run batches until none is left; stops at the first task that fails (made again by the parent)."""
        while (batch := self.take()) is not None:
            start, size = batch
            try:
                outputs = [_TASKS[index]() for index in range(start, min(start + size, len(_TASKS)))]
            except Exception:
                return
            collector.collect_young()
            yield start, outputs


def _fork_worker(shared: _Batches) -> tuple[int, int]:
    return _fork(lambda: (list(shared.run_all()), _CARRY.take() if _CARRY is not None else None))


def _collect(pid: int, pipe: int, carry: Carry | None) -> list[tuple[int, list[Any]]]:
    """What a worker made (nothing when it died before sending it); the worker reaped."""
    sent, (done, carried) = _receive(pid, pipe, default=([], None))
    if sent and carry is not None and carried is not None:
        carry.give(carried)
    return done


def _fork(work: Callable[[], object]) -> tuple[int, int]:
    """A forked process that runs `work` and sends its result back, pickled: its pid and its pipe's read end."""
    read_end, write_end = os.pipe()
    _flush_std_streams()  # or the process would write again what this one has buffered
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 1
    try:  # the forked process: never returns, whatever happens
        os.close(read_end)
        payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        _flush_std_streams()
        os._exit(status)


def _receive(pid: int, pipe: int, default: Any) -> tuple[bool, Any]:
    """What a forked process sent back, once it has ended: (True, it), or (False, `default`) if it died first."""
    with os.fdopen(pipe, "rb") as reader:
        payload = reader.read()
    os.waitpid(pid, 0)
    try:
        return True, pickle.loads(payload)
    except Exception:  # ended before sending it all
        return False, default


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.flush()


class Background:
    """Tasks running in a forked process while this one goes on (`start_in_background`); a context manager
    that finishes them on the way out."""

    def __init__(self, pid: int | None = None, pipe: int = -1, stop: mmap.mmap | None = None,
                 carry: Carry | None = None) -> None:  # fmt: skip
        self.pid, self.pipe, self.stop, self.carry = pid, pipe, stop, carry

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.finish()

    def finish(self) -> None:
        """Stop the process after the task it is on and wait for it; what `carry` takes comes back."""
        self.wait(stop=True)

    def wait(self, stop: bool = False) -> None:
        """Wait for the process to run every task (or, with `stop`, the one it is on); `carry` comes back."""
        if self.pid is None:
            return
        assert self.stop is not None
        if stop:
            self.stop[0] = 1
        sent, carried = _receive(self.pid, self.pipe, default=None)
        self.stop.close()
        self.pid = None
        if sent and self.carry is not None and carried is not None:
            self.carry.give(carried)


def start_in_background(tasks: Sequence[Callable[[], object]], carry: Carry | None = None) -> Background:
    """Run `tasks`, in order, in a forked process while this one goes on, until done or `finish()`ed.

    For work this process can hand over rather than wait for: the tasks'
    results do not come back (they keep what they make themselves, in a
    cache), only what `carry` takes. The process runs at a lower priority, so
    it takes what this one and its workers leave of the cores. Nothing starts
    when there is no task or this process cannot fork; a task that fails
    ends the process (what it would have kept is made later, as if it had
    never started).
    """
    if not tasks or not _can_fork():
        return Background()
    if carry is not None:
        carry.take()  # what this process added itself is here already
    stop = mmap.mmap(-1, 1)  # shared: set here, read there between two tasks

    def work() -> object:
        os.nice(10)
        with contextlib.suppress(Exception):
            for task in tasks:
                if stop[0]:
                    break
                task()
                collector.collect_young()
        return carry.take() if carry is not None else None

    pid, pipe = _fork(work)
    return Background(pid, pipe, stop, carry)
