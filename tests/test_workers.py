"""Outputs made across processes: the same bytes whatever the number of workers; errors raised as themselves."""

from __future__ import annotations

import functools
import os
import shutil
import time
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config
from site_builder.report import QUIET, Reporter
from site_builder.workers import MIN_PARALLEL_TASKS, Carry, make_outputs, start_in_background

REPO = Path(__file__).resolve().parents[1]


def _page(n: int) -> bytes | None:
    # The pid shows which process made it; the test strips it to compare contents.
    return None if n % 7 == 0 else f"{n}:{os.getpid()}".encode()


def _timed_page(n: int) -> bytes | None:
    time.sleep(0.001)  # long enough that every process gets batches (a page takes about that)
    return _page(n)


def test_forked_workers_make_the_same_outputs_in_the_same_order() -> None:
    makers = {f"p{n}.html": functools.partial(_timed_page, n) for n in range(MIN_PARALLEL_TASKS + 50)}
    alone = make_outputs(makers, workers=1)
    forked = make_outputs(makers, workers=2)
    assert list(forked) == list(alone) == [name for n, name in enumerate(makers) if n % 7]
    strip = {name: data.split(b":")[0] for name, data in forked.items()}
    assert strip == {name: data.split(b":")[0] for name, data in alone.items()}
    pids = {data.split(b":")[1] for data in forked.values()}
    assert str(os.getpid()).encode() in pids and len(pids) == 2  # this process and one worker, both at work


@pytest.mark.parametrize("workers", [1, 2])
def test_each_output_is_finished_once_in_the_process_that_made_it(workers: int) -> None:
    makers = {f"p{n}.html": functools.partial(_timed_page, n) for n in range(MIN_PARALLEL_TASKS + 50)}
    plain = make_outputs(makers, workers=1)
    finished = make_outputs(makers, workers=workers, finish=_where)
    assert list(finished) == list(plain)  # None results left out, order kept
    for name, (finished_name, number, maker_pid, finisher_pid) in finished.items():
        assert (finished_name, number) == (name, plain[name].split(b":")[0])
        assert maker_pid == finisher_pid  # finished where made: a worker writes its own files
    assert len({pid for *_, pid in finished.values()}) == workers


def _where(name: str, data: bytes) -> tuple[str, bytes, str, str]:
    number, maker_pid = data.split(b":")
    return name, number, maker_pid.decode(), str(os.getpid())


def test_a_few_costly_tasks_are_shared_between_workers() -> None:
    makers = {f"p{n}.html": functools.partial(_page, n + 1) for n in range(5)}
    alone = make_outputs(makers, workers=1, costly=2)
    assert {os.getpid()} == {int(data.split(b":")[1]) for data in alone.values()}  # one worker: no process started
    few = make_outputs(makers, workers=2)
    assert {os.getpid()} == {int(data.split(b":")[1]) for data in few.values()}  # few cheap tasks: none either
    makers = {f"shard{n}": functools.partial(_slow_page, n) for n in range(2)} | makers
    alone = make_outputs(makers, workers=1, costly=2)
    forked = make_outputs(makers, workers=2, costly=2)
    assert list(forked) == list(alone)
    assert {name: data.split(b":")[0] for name, data in forked.items()} == {
        name: data.split(b":")[0] for name, data in alone.items()
    }
    assert forked["shard0"].split(b":")[1] != forked["shard1"].split(b":")[1]  # side by side, not one after the other


def _slow_page(n: int) -> bytes:
    time.sleep(0.3)  # long enough for the other worker to take the next task
    return f"{n}:{os.getpid()}".encode()


def test_costly_tasks_among_many_go_to_different_workers() -> None:
    """Two search shards before hundreds of pages: each shard goes to its own worker, not both in one chunk."""
    makers = {f"shard{n}": functools.partial(_slow_page, n) for n in range(2)}
    makers |= {f"p{n}.html": functools.partial(_page, n) for n in range(1, MIN_PARALLEL_TASKS + 50)}
    made = make_outputs(makers, workers=2, costly=2)
    assert list(made) == [name for name in makers if name.startswith("shard") or int(name[1:-5]) % 7]
    assert made["shard0"].split(b":")[1] != made["shard1"].split(b":")[1]


def _fails(n: int) -> bytes:
    if n == 333:
        raise KeyError(f"maker {n}")
    return b"ok"


def test_an_error_in_a_worker_is_raised_as_itself() -> None:
    makers = {f"p{n}.html": functools.partial(_fails, n) for n in range(MIN_PARALLEL_TASKS + 100)}
    with pytest.raises(KeyError, match="maker 333"):
        make_outputs(makers, workers=2)


_PARENT = os.getpid()


def _dies_in_a_worker(n: int) -> bytes | None:
    if os.getpid() != _PARENT:
        os._exit(3)  # as a worker killed by the system would: no result, no exception
    return _timed_page(n)


def test_what_a_dead_worker_did_not_send_is_made_here() -> None:
    makers = {f"p{n}.html": functools.partial(_dies_in_a_worker, n) for n in range(MIN_PARALLEL_TASKS + 50)}
    assert make_outputs(makers, workers=2) == make_outputs(makers, workers=1)


def test_site_is_identical_with_one_or_two_render_workers(tmp_path: Path) -> None:
    """The seeds' records repeated under other names: enough pages for the workers to start."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "site.yml", project / "site.yml")
    articles = project / "content" / "articles"
    for record in sorted(articles.glob("*.md")):
        for n in range(70):
            shutil.copy(record, articles / f"{record.stem}-{n}.md")
    config = load_config(project / "site.yml")
    sites = {}
    for workers in (1, 2):
        out = tmp_path / f"site-{workers}"
        result = build(config, Reporter(level=QUIET), out_dir=out, ingest_inputs=False, workers=workers)
        assert result.pages > MIN_PARALLEL_TASKS
        sites[workers] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert sites[1] == sites[2]


# ---------------------------------------------------------------- work handed to a background process


def _mark(folder: Path, n: int) -> None:
    (folder / f"{n}.txt").write_text(str(os.getpid()), encoding="utf-8")


def _fail() -> None:
    raise KeyError("a task that fails")


def test_background_tasks_run_in_another_process_and_bring_back_what_they_carry(tmp_path: Path) -> None:
    carried: list[object] = []
    computed: list[int] = []

    def task(n: int) -> None:
        _mark(tmp_path, n)
        computed.append(n)  # in the background process's own memory: comes back only through the carry

    carry = Carry(take=lambda: list(computed), give=carried.append)
    with start_in_background([functools.partial(task, n) for n in range(5)], carry) as background:
        background.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.txt" for n in range(5)]
    assert {p.read_text() for p in tmp_path.iterdir()} != {str(os.getpid())}
    assert carried == [[0, 1, 2, 3, 4]] and computed == []


def test_a_finished_background_stops_between_two_tasks_and_a_failing_task_ends_it_quietly(tmp_path: Path) -> None:
    def slow_mark(n: int) -> None:
        _slow_page(n)
        _mark(tmp_path, n)

    slow = [functools.partial(slow_mark, n) for n in range(1, 21)]  # 6 s in all, if nothing stopped them
    with start_in_background([functools.partial(_mark, tmp_path, 0), *slow]):
        while not (tmp_path / "0.txt").exists():
            time.sleep(0.01)
    # Stopped after the task it was on: the first slow one, or the second if the stop came between them.
    assert {p.name for p in tmp_path.iterdir()} <= {"0.txt", "1.txt", "2.txt"}
    failing = start_in_background([_fail, functools.partial(_mark, tmp_path, 99)])
    failing.wait()  # no error here
    assert not (tmp_path / "99.txt").exists()
