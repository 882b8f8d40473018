"""The build benchmark harness, run tiny: it measures real runs and writes well-formed JSON.

No timing is asserted here: figures belong to `benchmarks/`, not to tests.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from site_builder.models import Article

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
PELICAN = BENCH / "out" / "venv-pelican" / "bin" / "pelican"


def _load(name: str) -> ModuleType:
    # The benchmark scripts are not a package: import them from their folder.
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


bench = _load("bench_build")
others = _load("other_generators")
TinyRun = tuple[subprocess.CompletedProcess[str], dict]


def _articles() -> list[Article]:
    return [
        Article(slug="usine-kenitra", title="Une usine\nà Kénitra", body="Premier paragraphe.\n\n## Suite\n\nFin.",
                date=dt.date(2025, 4, 14), author="Jeanne Martin", summary="Une usine ouvre.\nDétails.",
                themes=["industry", "energy"], primary_theme="industry", keywords=["usine, automobile", "acier"]),
        Article(slug="grid-deal", title="A grid deal", body="Power lines.", language="en", themes=[],
                keywords=["grid"]),
    ]


# ---------------------------------------------------------------- the harness, end to end


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> TinyRun:
    if importlib.util.find_spec("corpus") is None and not (BENCH / "corpus.py").exists():
        pytest.skip("benchmarks/corpus.py (the article generator) is not in this checkout")
    base = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench_build.py"), "--sizes", "20", "--render-sizes", "20", "--runs", "1",
         "--tools", "site-builder", "--work", str(base / "work"), "--out", str(base / "out")],
        capture_output=True, text=True, timeout=900,
    )
    report_path = base / "out" / "latest.json"
    assert report_path.exists(), done.stderr[-2000:]
    return done, json.loads(report_path.read_text(encoding="utf-8"))


def test_tiny_run_succeeds_and_prints_a_table(tiny_run: TinyRun) -> None:
    done, report = tiny_run
    assert done.returncode == 0, f"problems: {report['problems']}\n{done.stderr[-2000:]}"
    assert report["problems"] == []
    assert "| render | site-builder | 20 |" in done.stdout
    assert "| pipeline | site-builder | 20 | cold |" in done.stdout


def test_report_describes_machine_settings_and_versions(tiny_run: TinyRun) -> None:
    _, report = tiny_run
    assert report["schema"] == 1
    assert report["machine"]["nproc"] >= 1
    assert report["machine"]["memory_gib"] > 0
    assert report["settings"]["sizes"] == [20]
    assert report["settings"]["runs"] == 1
    assert report["versions"]["site-builder"].startswith("site-builder")


def test_every_figure_has_one_measured_successful_run(tiny_run: TinyRun) -> None:
    _, report = tiny_run
    kinds = [(f["benchmark"], f["case"]) for f in report["figures"]]
    assert kinds == [("render", c) for c in bench.RENDER_CASES] + [("pipeline", "cold")] + [
        ("incremental", c) for c in bench.INCREMENTAL_CASES]
    for figure in report["figures"]:
        assert figure["error"] is None
        assert len(figure["runs"]) == 1
        run = figure["runs"][0]
        assert run["exit_code"] == 0
        assert run["wall_s"] > 0 and run["cpu_s"] > 0
        assert run["peak_mem_mib"] > 0 and run["max_process_rss_mib"] > 0
        assert figure["median"]["wall_s"] == run["wall_s"]


def test_render_and_pipeline_produce_a_page_per_article(tiny_run: TinyRun) -> None:
    _, report = tiny_run
    by_case = {(f["benchmark"], f["case"]): f for f in report["figures"]}
    assert by_case[("render", "cold")]["html_pages"] > 20
    assert by_case[("render", "warm caches")]["html_pages"] == by_case[("render", "cold")]["html_pages"]
    cold = by_case[("pipeline", "cold")]["html_pages"]
    assert cold > 1
    # The added page is a new article: the incremental build must show it.
    assert by_case[("incremental", "one input added")]["html_pages"] > cold


# ---------------------------------------------------------------- measuring


def test_run_measured_sees_the_memory_and_cpu_of_a_child(tmp_path: Path) -> None:
    # 200 MiB touched page by page, then held long enough for the sampler to see it.
    hog = ("import time\ndata = bytearray(200 * 1024 * 1024)\n"
           "for i in range(0, len(data), 4096): data[i] = 1\ntime.sleep(0.3)")
    run = bench.run_measured([sys.executable, "-c", hog], tmp_path, tmp_path / "hog.log", {}, timeout=120)
    assert run.exit_code == 0
    assert run.max_process_rss_mib >= 190
    assert run.peak_mem_mib >= 190
    assert run.cpu_s > 0


def test_run_measured_reports_a_failing_command(tmp_path: Path) -> None:
    run = bench.run_measured([sys.executable, "-c", "import sys; print('boom'); sys.exit(4)"], tmp_path,
                             tmp_path / "fail.log", {}, timeout=120)
    assert run.exit_code == 4
    assert bench.log_tail(run.log) == "boom"


def test_speedups_and_targets_from_medians() -> None:
    figures = [
        bench.Figure("render", "site-builder", 1000, "cold", median={"wall_s": 2.0}),
        bench.Figure("render", "pelican", 1000, "cold", median={"wall_s": 7.0}),
        bench.Figure("render", "hugo", 1000, "cold", median={"wall_s": 0.5}),
        bench.Figure("render", "site-builder", 1000, "warm caches", median={"wall_s": 1.0}),
        bench.Figure("render", "pelican", 1000, "warm caches", median={"wall_s": 2.5}),
        bench.Figure("pipeline", "site-builder", 10000, "cold", median={"wall_s": 400.0, "peak_mem_mib": 900.0}),
        bench.Figure("incremental", "site-builder", 10000, "one input added", median={"wall_s": 3.0}),
    ]
    ratios = bench.speedups(figures)
    assert ratios == [
        {"articles": 1000, "case": "cold", "pelican_wall_over_site_builder": 3.5, "hugo_wall_over_site_builder": 0.25},
        {"articles": 1000, "case": "warm caches", "pelican_wall_over_site_builder": 2.5,
         "hugo_wall_over_site_builder": None},
    ]
    met = {check["target"]: check["met"] for check in bench.target_checks(figures, ratios)}
    assert met == {
        "render 1000, cold: ≥3× faster than Pelican": True,
        "render 1000, warm caches: ≥3× faster than Pelican": False,
        "pipeline 10000: peak memory < 2 GB": True,
        "pipeline 10000: ≤5 min": False,
        "incremental 10000, one input added: ≤5 s": True,
    }


def test_command_line_rejects_bad_lists() -> None:
    for argv in (["--sizes", "ten"], ["--tools", "jekyll"], ["--only", "render,deploy"], ["--runs", "0"],
                 ["--cold-runs", "0"]):
        with pytest.raises(SystemExit):
            bench.parse_args(argv)
    quick = bench.parse_args(["--quick"])
    assert quick.runs == quick.cold_runs == 1 and quick.size_list == quick.render_size_list == [40]
    assert bench.parse_args(["--runs", "3"]).cold_runs == 3


# ---------------------------------------------------------------- the other generators' projects


def test_pelican_metadata_stays_on_one_line_per_key() -> None:
    text = others.pelican_markdown(_articles()[0])
    header, body = text.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    assert meta["Title"] == "Une usine à Kénitra"
    assert meta["Date"] == "2025-04-14"
    assert meta["Category"] == "industry"
    assert meta["Tags"].split(", ") == ["industry", "energy", "usine automobile", "acier"]
    assert meta["Summary"] == "Une usine ouvre. Détails."
    assert body.startswith("Premier paragraphe.")


def test_hugo_front_matter_is_yaml_hugo_can_read() -> None:
    text = others.hugo_markdown(_articles()[1])
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["title"] == "A grid deal"
    assert meta["categories"] == ["other"]
    assert "date" not in meta
    assert body.strip() == "Power lines."


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (Debian package 'hugo')")
def test_hugo_builds_the_written_project(tmp_path: Path) -> None:
    root = others.write_hugo_project(_articles(), tmp_path / "hugo")
    subprocess.run(["hugo", "--quiet", "--destination", "public"], cwd=root, check=True, timeout=120,
                   env={"PATH": "/usr/bin:/bin", "HUGO_CACHEDIR": str(tmp_path / "cache")})
    page = (root / "public" / "posts" / "usine-kenitra" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Une usine à Kénitra</h1>" in page
    assert "<h2" in page and "Premier paragraphe." in page
    assert (root / "public" / "tags" / "acier" / "index.html").exists()
    assert (root / "public" / "index.xml").exists()


@pytest.mark.skipif(not PELICAN.exists(), reason="Pelican not installed: run benchmarks/bench_build.py once")
def test_pelican_builds_the_written_project(tmp_path: Path) -> None:
    root = others.write_pelican_project(_articles(), tmp_path / "pelican")
    subprocess.run([str(PELICAN), "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd=root, check=True,
                   timeout=300)
    page = (root / "output" / "usine-kenitra.html").read_text(encoding="utf-8")
    assert "Une usine à Kénitra" in page and "Premier paragraphe." in page
    assert (root / "output" / "feeds" / "all.atom.xml").exists()
    assert (root / "output" / "category" / "industry.html").exists()


def test_runs_measure_the_default_install_unless_the_model_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder.ingest.ner_model import DISABLE_ENV

    monkeypatch.delenv(DISABLE_ENV, raising=False)
    assert bench.NER_MODEL_OFF == DISABLE_ENV
    assert bench.base_env(tmp_path)[DISABLE_ENV] == "1"
    assert not bench.ner_model_used(bench.base_env(tmp_path))
    assert DISABLE_ENV not in bench.base_env(tmp_path, ner_model=True)
