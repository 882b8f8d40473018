"""The built site hosted under a sub-path (/digest/), and with a base URL for feeds, sitemap and share cards.

The server maps /digest/... to the output folder and answers 404 anywhere
else, and it does not turn a folder into its index.html: a link that only
works at a host's root, or only thanks to a folder index, fails here.
"""

from __future__ import annotations

import functools
import mimetypes
import posixpath
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from test_bundle import build_site, make_project

from site_builder.linkcheck import check_folder, css_links, html_links, read_folder

PREFIX = "/digest/"
BASE_URL = "https://example.org/digest"


class SubPathHandler(BaseHTTPRequestHandler):
    """Serves `root` under PREFIX only; files only, no folder indexes."""

    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        relative = posixpath.normpath(path[len(PREFIX):]) if path.startswith(PREFIX) else ""
        file = self.root / relative if relative and not relative.startswith("..") else None
        if file is None or not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("subpath")
    return build_site(make_project(work), work / "_site")


@pytest.fixture(scope="module")
def based_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("based")
    return build_site(make_project(work), work / "_site", base_url=BASE_URL)


@pytest.fixture(scope="module")
def server_root(site_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, root=site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every link of every page and stylesheet from `start`; return pages seen and problems."""
    origin = urlsplit(start).netloc
    seen: set[str] = set()
    problems: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        path = urlsplit(url).path
        if path.endswith(".html") and "/inputs/" not in path:
            links = html_links(body.decode("utf-8"))
        elif path.endswith(".css"):
            links = css_links(body.decode("utf-8"))
        else:
            continue
        for link in links:
            target = urljoin(url, link).split("#", 1)[0]
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue  # an outside address (source article, mailto:)
            if not parts.path.startswith(PREFIX):
                problems.append(f"{url}: '{link}' leaves {PREFIX}")
            elif target not in seen:
                queue.append(target)
    return seen, problems


def test_every_link_from_the_home_page_answers_under_the_sub_path(server_root: str, site_dir: Path) -> None:
    seen, problems = crawl(f"{server_root}{PREFIX}index.html")
    assert not problems, "\n".join(problems)
    visited = {urlsplit(url).path[len(PREFIX):] for url in seen}
    pages = {name for name in read_folder(site_dir) if name.endswith(".html") and name != "404.html"}
    assert pages - visited == set(), "pages no link leads to"
    assert any(name.startswith("static/") and name.endswith(".css") for name in visited)
    assert "feeds/atom.xml" in visited


def test_the_server_really_is_strict(server_root: str) -> None:
    assert fetch(f"{server_root}/index.html")[0] == 404  # the host's root is not the site
    assert fetch(f"{server_root}{PREFIX}actors/")[0] == 404  # no folder index
    assert fetch(f"{server_root}{PREFIX}actors/index.html")[0] == 200


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: bytes) -> list[tuple[str, dict[str, str]]]:
    collector = TagCollector()
    collector.feed(html.decode("utf-8"))
    return collector.tags


def in_site(url: str, files: dict[str, bytes]) -> bool:
    assert url.startswith(BASE_URL + "/"), url
    return unquote(urlsplit(url).path)[len(urlsplit(BASE_URL).path) + 1:] in files


def test_with_a_base_url_share_links_are_absolute_and_name_files_of_the_site(based_site: Path) -> None:
    files = read_folder(based_site)
    assert check_folder(based_site, base_url=BASE_URL) == []
    pages = [name for name in files if name.endswith(".html") and name != "404.html" and "inputs/" not in name]
    for name in pages:
        found = tags(files[name])
        canonical = [a["href"] for t, a in found if t == "link" and a.get("rel") == "canonical"]
        assert canonical == [f"{BASE_URL}/{name}"], name
        share = [a["content"] for t, a in found if t == "meta" and
                 (a.get("property", "") + a.get("name", "")).endswith((":url", ":image"))]  # fmt: skip
        assert all(url.startswith(BASE_URL + "/") and in_site(url, files) for url in share), (name, share)
        # Navigation stays relative, so the same pages also work from file:// and on a mirror.
        anchors = [a["href"] for t, a in found if t == "a" and "href" in a]
        assert not [href for href in anchors if href.startswith(BASE_URL)], name
    for name in [name for name in pages if name.startswith("articles/")]:
        og_urls = [a["content"] for t, a in tags(files[name]) if t == "meta" and a.get("property") == "og:url"]
        assert og_urls == [f"{BASE_URL}/{name}"], name


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_with_a_base_url_feeds_and_sitemap_point_into_the_site(based_site: Path) -> None:
    files = read_folder(based_site)
    feeds = [name for name in files if name.startswith("feeds/") and name.endswith(".xml")]
    assert "feeds/atom.xml" in feeds and len(feeds) > 1
    for name in feeds:
        feed = ET.fromstring(files[name])
        links = [link.get("href", "") for link in feed.iter(f"{ATOM}link")]
        ids = [element.text or "" for element in feed.iter(f"{ATOM}id")]
        assert links and all(in_site(url, files) for url in links), name
        assert all(url.startswith(BASE_URL + "/") for url in ids), name
    locations = [loc.text or "" for loc in ET.fromstring(files["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    assert locations and all(in_site(url, files) for url in locations)
    articles = {name for name in files if name.startswith("articles/") and name.endswith(".html")}
    assert {f"{BASE_URL}/{name}" for name in articles} <= set(locations)
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in files["robots.txt"].decode()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium")
def test_pages_styles_and_search_load_under_the_sub_path_in_a_browser(server_root: str, tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    requests: list[str] = []
    problems: list[str] = []
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context.on("request", lambda request: requests.append(request.url))
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
            page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.url}"))
            page.goto(f"{server_root}{PREFIX}briefings/energy.html")
            # The stylesheet applied: the skip link is taken out of the flow only by site.css.
            assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
            page.fill("#site-search-input", "énergie")
            with page.expect_navigation():
                page.press("#site-search-input", "Enter")
            page.wait_for_selector(".search-result h2 a", timeout=15000)
            first = page.eval_on_selector(".search-result h2 a", "a => a.href")
            page.goto(first)
        finally:
            context.close()
    assert not problems, "\n".join(problems)
    assert urlsplit(first).path.startswith(PREFIX)
    assert requests and all(urlsplit(url).path.startswith(PREFIX) for url in requests), requests
    assert any(url.endswith(".css") for url in requests) and any("/search/" in url for url in requests)
