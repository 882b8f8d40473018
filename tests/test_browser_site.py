"""The built fixture site in headless Chromium, over http:// and from file://.

From the home page every internal link is followed (briefings, articles,
actors, other news...); no link may be broken, no console error, failed
request or CSP violation may occur, and the stylesheet must apply.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_render_sites import FIXTURE_SITE

from site_builder.config import load_config
from site_builder.report import QUIET, Reporter

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def build_fixture_site(work: Path) -> Path:
    """Build the fixture site the way users do (no base_url), into `work/_site`."""
    build = pytest.importorskip("site_builder.build", reason="the build pipeline is not importable yet")
    project = work / "project"
    shutil.copytree(FIXTURE_SITE, project)
    config = dataclasses.replace(load_config(project / "site.yml"), base_url="")
    out = work / "_site"
    build.build(config, Reporter(level=QUIET, stream=io.StringIO()), out_dir=out, ingest_inputs=False, force=True)
    return out


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def http_root(site_dir: Path) -> Iterator[str]:
    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield context
        finally:
            context.close()


def local_path(url: str, root: str, site_dir: Path) -> Path | None:
    """The output file a URL of the site points to, or None when it leaves the site."""
    if not url.startswith(root):
        return None
    relative = unquote(urlsplit(url[len(root):]).path)
    return site_dir / relative


def crawl(context: object, root: str, site_dir: Path) -> tuple[set[str], list[str]]:
    """Visit every internal HTML page reachable from the home page; return pages seen and problems."""
    page = context.new_page()  # type: ignore[attr-defined]
    problems: list[str] = []
    current = {"url": ""}
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"{current['url']}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{current['url']}: failed request {r.url}"))
    seen: set[str] = set()
    queue = [root + "index.html"]
    while queue:
        url = queue.pop(0).split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        current["url"] = url
        response = page.goto(url)
        if url.startswith("http"):
            assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        # The stylesheet applied, so the CSP let it load from this scheme.
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute", url
        for href in page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)"):
            target = local_path(href, root, site_dir)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{url}: broken link {href}")
            elif target.suffix == ".html" and "/inputs/" not in href:
                queue.append(href)
    page.close()
    return seen, problems


def expected_pages(site_dir: Path) -> set[str]:
    names = ["index.html", "other.html", "actors/index.html", "search.html"]
    names += [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.glob("briefings/*.html"))]
    names += [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.glob("articles/*.html"))]
    return set(names)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_every_page_reachable_without_errors(
    scheme: str, site_dir: Path, http_root: str, browser_context: object
) -> None:
    root = http_root if scheme == "http" else site_dir.as_uri() + "/"
    seen, problems = crawl(browser_context, root, site_dir)
    assert not problems, "\n".join(problems)
    visited = {u[len(root):] for u in seen}
    missing = expected_pages(site_dir) - visited
    assert not missing, f"pages not reachable from home: {sorted(missing)}"


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_header_search_form_submits_to_the_search_page(
    scheme: str, site_dir: Path, http_root: str, browser_context: object
) -> None:
    root = http_root if scheme == "http" else site_dir.as_uri() + "/"
    page = browser_context.new_page()  # type: ignore[attr-defined]
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.goto(root + "articles/grid-ransomware.html")
    page.fill("#site-search-input", "énergie")
    with page.expect_navigation():
        page.press("#site-search-input", "Enter")
    assert urlsplit(page.url).path.endswith("/search.html")
    assert "q=" in urlsplit(page.url).query
    assert not blocked, blocked
    page.close()
