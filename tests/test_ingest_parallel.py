"""Ingest across processes: records are written while pages are still being extracted, the same whatever
the number of workers, and a run stopped part-way leaves a state that knows what it wrote."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

import pytest

import site_builder.ingest.run as run
from site_builder.config import load_config
from site_builder.report import Reporter

REPO = Path(__file__).resolve().parents[1]


def _write_raw_pages(n: int, seed: int, folder: Path) -> None:
    # The benchmark's page generator is not a package: import it from its folder.
    if str(REPO / "benchmarks") not in sys.path:
        sys.path.insert(0, str(REPO / "benchmarks"))
    importlib.import_module("corpus").write_raw_pages(n, seed, folder)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More pages than the parallel threshold: seeds, generated dumps, and one page given twice."""
    root = tmp_path_factory.mktemp("inputs")
    seeds = root / "seeds"
    _write_raw_pages(run.PARALLEL_THRESHOLD + 8, 3, seeds)
    for page in sorted((REPO / "seeds").glob("*.txt")):
        shutil.copy2(page, seeds / page.name)
    first = sorted(seeds.glob("0*.txt"))[0]
    shutil.copy2(first, seeds / f"zz-copy-of-{first.name}")
    shutil.copy2(REPO / "site.yml", root / "site.yml")
    return root


def _project(inputs: Path, where: Path) -> Path:
    # copy2 keeps modification times: the ingest states of two copies can be compared whole.
    shutil.copytree(inputs, where, copy_function=shutil.copy2)
    return where


def _ingest(project: Path, workers: int) -> run.IngestResult:
    return run.ingest(load_config(project / "site.yml"), Reporter(level=0), workers=workers)


def _records(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "content" / "articles").glob("*.md"))}


def test_records_and_state_do_not_depend_on_the_number_of_workers(inputs: Path, tmp_path: Path) -> None:
    results = {}
    for workers in (1, 2, 3):
        project = _project(inputs, tmp_path / f"workers-{workers}")
        results[workers] = (_ingest(project, workers), _records(project), (project / run.STATE_FILE).read_bytes())
    one, two, three = results[1], results[2], results[3]
    assert one[0].merged == 1 and one[0].written == len(one[1]) == run.PARALLEL_THRESHOLD + 8 + 5
    assert one[1] == two[1] == three[1]
    assert one[2] == two[2] == three[2]
    assert one[0].slugs == two[0].slugs == three[0].slugs


def test_a_run_stopped_part_way_records_what_it_wrote(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(inputs, tmp_path / "stopped")
    write_article = run._write_article
    calls = 0

    def failing_write(*args: object, **kwargs: object) -> int | None:
        nonlocal calls
        calls += 1
        if calls > 5:
            raise OSError(28, "No space left on device")
        return write_article(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "_write_article", failing_write)
    with pytest.raises(OSError):
        _ingest(project, 2)
    state = json.loads((project / run.STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(f"{e['slug']}.md" for e in state["inputs"].values()) == sorted(_records(project))
    assert len(_records(project)) == 5

    monkeypatch.setattr(run, "_write_article", write_article)
    again = _ingest(project, 2)
    assert again.unchanged == 5
    # Every page has one record: none of the five written before the stop was written a second time.
    assert _records(project).keys() == _records(_ingest_fresh(inputs, tmp_path / "whole")).keys()


def _ingest_fresh(inputs: Path, where: Path) -> Path:
    project = _project(inputs, where)
    _ingest(project, 1)
    return project
