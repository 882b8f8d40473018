"""Search benchmark: index build time, index size, and search speed in headless Chromium.

For each corpus size (synthetic French/English ~600-word articles from
benchmarks/corpus.py) and each body-word limit:
- build: seconds to build the index and display scripts with lunr.py;
- size: index and display shards, raw and gzipped, and what the browser downloads
  before the first result (library + manifest + shard 0);
- first result: from typing the first query in the search page's box (focused
  just before, which starts loading) to the first result in the page, cold cache,
  over http://127.0.0.1 and from file://; then until every shard is loaded;
- later queries: typing a new query to its results in the page, median and worst
  (includes the page's 40 ms typing debounce); timed inside the page;
- the JavaScript heap once the index is loaded.

Usage:  .venv/bin/python benchmarks/search_bench.py [--sizes 1000,10000] [--body-words 60,0]
        [--shard-sizes 2500,100000] [--seed N]      (--body-words 0 = whole body)
Prints a Markdown table; writes JSON to benchmarks/out/search_bench.json.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from corpus import make_articles  # noqa: E402

from site_builder.config import default_config  # noqa: E402
from site_builder.models import Site  # noqa: E402
from site_builder.render import default_theme_dir, make_environment, render_search, static_files  # noqa: E402
from site_builder.search_index import MANIFEST_SCRIPT, SHARD_SIZE, search_files, vendor_outputs  # noqa: E402
from site_builder.textpipeline import default_pipeline  # noqa: E402
from site_builder.vendor import ensure_vendor  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
FIRST_QUERY = "energie"
LATER_QUERIES = ["cybersécurité", "Washington", "joint-venture", "partenariat stratégique", "rançongiciels",
                 "hydrogene vert", "Marrakech", "sidérurgie", "Washingon", "délégation américaine"]  # fmt: skip

# Type a query (one input event, as a paste or the last keystroke) and resolve with the milliseconds
# until the page has put its results in the list and named the query in its status line.
TYPE_AND_TIME_JS = """async (query) => {
  const input = document.getElementById('search-input');
  const status = document.getElementById('search-status');
  const settled = () => /\\d|Aucun|No result/.test(status.textContent) && status.textContent.includes(query);
  return await new Promise((resolve) => {
    const started = performance.now();
    window.benchStarted = window.benchStarted || started;
    const observer = new MutationObserver(() => {
      if (settled()) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(status, {childList: true, characterData: true, subtree: true});
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}"""


def corpus_site(size: int, seed: int) -> Site:
    articles = make_articles(size, seed)
    config = default_config(Path("."))
    return Site(config=config, articles=articles, briefings=[], other_news=articles, actors=[])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def write_search_site(site: Site, files: dict[str, bytes], out: Path) -> None:
    """The search page, theme assets, index scripts and library: all a search needs."""
    theme = [default_theme_dir()]
    env = make_environment(site, theme)
    everything = {**static_files(theme), **files, **vendor_outputs(ensure_vendor())}
    everything[render_search(site, env)[0]] = render_search(site, env)[1]
    for name, data in everything.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def time_in_browser(playwright: Any, root: str) -> dict[str, Any]:
    """Cold profile: first keystroke to first result, then the later queries."""
    with tempfile.TemporaryDirectory(prefix="search-bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = context.new_page()
        page.goto(f"{root}search.html")
        page.focus("#search-input")  # starts loading the library and the index, as a user's click does
        first = page.evaluate(TYPE_AND_TIME_JS, FIRST_QUERY) / 1000
        hits = page.eval_on_selector_all(".search-result", "items => items.length")
        page.wait_for_function("() => document.getElementById('search-app').dataset.loaded === 'all'", timeout=300_000)
        all_loaded = page.evaluate("performance.now() - window.benchStarted") / 1000
        later = [page.evaluate(TYPE_AND_TIME_JS, query) / 1000 for query in LATER_QUERIES]
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : null")
        context.close()
    return {
        "first_result_s": round(first, 3),
        "first_query_hits": hits,
        "all_shards_s": round(all_loaded, 3),
        "later_median_ms": round(statistics.median(later) * 1000, 1),
        "later_max_ms": round(max(later) * 1000, 1),
        "later_ms": [round(t * 1000, 1) for t in later],
        "js_heap_mb": round(heap / 1e6, 1) if heap else None,
    }


def mb(files: dict[str, bytes], prefix: str, compressed: bool) -> float:
    return round(sum(gz(v) if compressed else len(v) for k, v in files.items() if k.startswith(prefix)) / 1e6, 2)


def run_one(size: int, body_words: int, seed: int, playwright: Any, shard_size: int) -> dict[str, Any]:
    site = corpus_site(size, seed)
    pipeline = default_pipeline(ensure_vendor())
    started = time.perf_counter()
    files = search_files(site, pipeline, None, body_words=body_words or 10**9, shard_size=shard_size)
    build = time.perf_counter() - started
    library = vendor_outputs(ensure_vendor())
    library_scripts = {k: v for k, v in library.items() if k.endswith(".js")}
    library_gz = sum(gz(v) for v in library_scripts.values()) / 1e6
    first_shard = gz(files[MANIFEST_SCRIPT]) + gz(files["search/index-0.js"]) + gz(files["search/docs-0.js"])
    result: dict[str, Any] = {
        "articles": size,
        "body_words": body_words or "all",
        "shard_size": shard_size,
        "shards": sum(1 for k in files if k.startswith("search/index-")),
        "build_s": round(build, 2),
        "index_raw_mb": mb(files, "search/index-", False),
        "index_gz_mb": mb(files, "search/index-", True),
        "docs_raw_mb": mb(files, "search/docs-", False),
        "docs_gz_mb": mb(files, "search/docs-", True),
        "library_gz_mb": round(library_gz, 3),
        "first_download_gz_mb": round(first_shard / 1e6 + library_gz, 2),
    }
    with tempfile.TemporaryDirectory(prefix="search-bench-site-") as tmp:
        out = Path(tmp)
        write_search_site(site, files, out)
        server, root = serve(out)
        try:
            result["http"] = time_in_browser(playwright, root)
        finally:
            server.shutdown()
            server.server_close()
        result["file"] = time_in_browser(playwright, out.as_uri() + "/")
    return result


def table(results: list[dict[str, Any]]) -> str:
    head = ("| articles | body words | shards | build s | index raw / gz MB | docs raw / gz MB "
            "| gz MB before 1st result | 1st result http / file s | all shards in s "
            "| later queries median / max ms | JS heap MB |")  # fmt: skip
    lines = [head, "|" + "---|" * 11]
    for r in results:
        h, f = r["http"], r["file"]
        lines.append(
            f"| {r['articles']:,} | {r['body_words']} | {r['shards']} | {r['build_s']} "
            f"| {r['index_raw_mb']} / {r['index_gz_mb']} | {r['docs_raw_mb']} / {r['docs_gz_mb']} "
            f"| {r['first_download_gz_mb']} | {h['first_result_s']} / {f['first_result_s']} | {h['all_shards_s']} "
            f"| {h['later_median_ms']} / {h['later_max_ms']} "
            f"| {h['js_heap_mb']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--body-words", default="120", help="comma-separated; 0 = whole body")
    parser.add_argument("--seed", type=int, default=20250414)
    parser.add_argument("--shard-sizes", default=str(SHARD_SIZE), help="comma-separated documents per shard")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        for size in (int(s) for s in args.sizes.split(",")):
            for body_words in (int(b) for b in args.body_words.split(",")):
                for shard_size in (int(n) for n in args.shard_sizes.split(",")):
                    note = f"… {size} articles, body words {body_words or 'all'}, shards of {shard_size}"
                    print(note, file=sys.stderr, flush=True)
                    results.append(run_one(size, body_words, args.seed, playwright, shard_size))
    print(table(results))
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"seed": args.seed, "first_query": FIRST_QUERY, "later_queries": LATER_QUERIES, "results": results}
    (args.out / "search_bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
