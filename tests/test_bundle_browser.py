"""The offline zip in headless Chromium: unpacked anywhere, opened at index.html, it needs nothing outside its folder.

Every request the browser makes is recorded while pages are followed and a
search is run; none may leave the bundle folder (no http(s), no file://
elsewhere on the disk). The same unpacked folder is also served over
http:// on 127.0.0.1, where no request may leave that server.
"""

from __future__ import annotations

import functools
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_bundle import build_site, make_project, run_cli

from site_builder.bundle import make_bundle

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SEARCH_QUERY = "énergie"  # the fixture has energy articles in French

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def seeds_project(work: Path) -> Path:
    """A copy of the shipped project: its configuration and the five seed pages."""
    repo = Path(__file__).resolve().parents[1]
    project = work / "seeds-project"
    project.mkdir()
    shutil.copy(repo / "site.yml", project / "site.yml")
    shutil.copytree(repo / "seeds", project / "seeds")
    return project


@pytest.fixture(scope="module", params=["fixture", "seeds"])
def bundle_root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle unpacked in a folder of its own, next to nothing else of ours.

    "fixture": the small test project, built from its records; "seeds": the
    shipped project, from its five seed pages through `site-builder bundle`.
    """
    work = tmp_path_factory.mktemp("offline")
    if request.param == "fixture":
        site = build_site(make_project(work), work / "_site")
        zip_path = work / "dist" / "veille.zip"
        stats = make_bundle(site, zip_path, source_date_epoch=None)
        print(f"\nfixture bundle: {stats.files} files, {stats.size} bytes")
    else:
        project = seeds_project(work)
        proc = run_cli(project, "bundle", "--zip", str(work / "dist" / "veille.zip"))
        assert proc.returncode == 0, proc.stderr
        zip_path = work / "dist" / "veille.zip"
        print(f"\nseeds bundle: {zip_path.stat().st_size} bytes")
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unpacked)
    return unpacked / "veille"


@pytest.fixture(scope="module")
def http_root(bundle_root: Path) -> Iterator[str]:
    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(bundle_root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        browser_context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser_context
        finally:
            browser_context.close()


def visit_everything(context: object, root: str) -> tuple[list[str], list[str], int]:
    """Follow every link from index.html, then search; return all requested URLs, problems, pages seen."""
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    page = context.new_page()  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    # A request cut short by the next navigation (net::ERR_ABORTED) is not a missing file.
    page.on("requestfailed", lambda request: "ERR_ABORTED" not in (request.failure or "")
            and problems.append(f"failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: "
                                                                                     f"{response.url}"))
    seen: set[str] = set()
    queue = [root + "index.html"]
    while queue:
        url = queue.pop(0).split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            path = urlsplit(href).path
            if href.startswith(root) and path.endswith(".html") and "/inputs/" not in path:
                queue.append(href)
    # The search runs from the bundle too: index scripts and lunr load from the folder.
    page.goto(root + "search.html")
    page.fill("#search-input", SEARCH_QUERY)
    page.wait_for_selector(".search-result h2 a", timeout=15000)
    results = page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.href)")
    if not results:
        problems.append("the search found nothing")
    page.goto(results[0])
    page.close()
    return requests, problems, len(seen)


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_the_unpacked_bundle_needs_nothing_outside_its_folder(
    scheme: str, bundle_root: Path, http_root: str, context: object
) -> None:
    root = bundle_root.as_uri() + "/" if scheme == "file" else http_root
    requests, problems, pages = visit_everything(context, root)
    assert not problems, "\n".join(problems)
    outside = sorted({url for url in requests if not url.startswith(root) and not url.startswith("data:")})
    assert not outside, f"requests outside the bundle: {outside}"
    print(f"{scheme}: {pages} pages followed, {len(requests)} requests, all inside the bundle")
    assert pages >= 10
    assert any(url.endswith(".css") for url in requests)
    assert any("/search/" in url and url.endswith(".js") for url in requests)  # the prebuilt index loaded
    assert any("lunr" in url for url in requests)
