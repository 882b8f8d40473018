"""Search in headless Chromium, over http:// and from file://, on the site built from the seeds."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from test_search_site import fixture_site, input_of, vendor_dir

from site_builder.models import Site
from site_builder.render import default_theme_dir, render_site
from site_builder.search_index import FIELDS, build_search_files, index_fields, search_files, site_documents
from site_builder.textpipeline import default_pipeline

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def write_site(out: Path, shard_size: int | None = None) -> Site:
    site = fixture_site(out)
    files = render_site(site, theme_dirs=[default_theme_dir()])
    if shard_size is None:
        files.update(build_search_files(site))
    else:
        files.update(search_files(site, default_pipeline(vendor_dir()), vendor_dir(), shard_size=shard_size))
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    vendor_dir()
    out = tmp_path_factory.mktemp("site")
    return write_site(out), out


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """The same site with an index in shards of two documents."""
    vendor_dir()
    out = tmp_path_factory.mktemp("sharded")
    return write_site(out, shard_size=2), out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_root(built_site: tuple[Site, Path]) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site[1]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
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
def site_root(request: pytest.FixtureRequest, built_site: tuple[Site, Path]) -> str:
    if request.param == "http":
        return request.getfixturevalue("http_root")
    return built_site[1].as_uri() + "/"


@pytest.fixture
def page(browser_context: object) -> Iterator[object]:
    page = browser_context.new_page()
    page.errors = []
    page.dialogs = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog: object) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close()


# Settled: the status names the query (a count or "no result"), not an earlier keystroke's.
SETTLED = """(query) => {
  const status = document.getElementById('search-status').textContent;
  return /\\d|Aucun|No result/.test(status) && status.includes(query);
}"""


def result_urls(page: object, query: str) -> list[str]:
    page.wait_for_function(SETTLED, arg=query)
    return page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.getAttribute('href'))")


def search_from_url(page: object, root: str, query: str, theme: str = "") -> list[str]:
    url = f"{root}search.html?q={quote(query)}" + (f"&theme={quote(theme)}" if theme else "")
    page.goto(url)
    return result_urls(page, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cybersécurité", {"000", "001", "004"}),
        ("cybersecurite", {"000", "001", "004"}),
        ("énergie", {"000"}),
        ("energies", {"000"}),
        ("énergétiques", {"000"}),
        ("GITEX", {"002"}),
        ("Washington", {"004"}),
        ("Marshavin", {"000"}),
        ("joint-venture", {"001"}),
        ("Maroc Telecom", {"001"}),
        ("Washingon", {"004"}),
        ("Marshavn", {"000"}),
    ],
)
def test_queries_find_the_seed_articles(
    page: object, site_root: str, built_site: tuple[Site, Path], query: str, expected: set[str]
) -> None:
    urls = search_from_url(page, site_root, query)
    assert expected <= {input_of(built_site[0], u) for u in urls}
    assert not page.errors


def test_typo_ranks_below_nothing_but_finds_exact_first(
    page: object, site_root: str, built_site: tuple[Site, Path]
) -> None:
    urls = search_from_url(page, site_root, "Marshavin")
    assert input_of(built_site[0], urls[0]) == "000"


def test_hyphenated_query_requires_both_parts(page: object, site_root: str, built_site: tuple[Site, Path]) -> None:
    # "joint" alone appears elsewhere (the English article); the hyphenated form needs both parts.
    found = {input_of(built_site[0], u) for u in search_from_url(page, site_root, "joint-venture")}
    assert "grid-operators" not in found
    assert "grid-operators" in {input_of(built_site[0], u) for u in search_from_url(page, site_root, "joint")}


def test_typing_loads_the_index_and_updates_the_url(page: object, site_root: str) -> None:
    page.goto(f"{site_root}search.html")
    assert page.evaluate("typeof window.lunr") == "undefined"  # nothing loaded before the box is used
    page.press("body", "/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("gitex")
    urls = result_urls(page, "gitex")
    assert urls and all(not u.startswith(("http", "/")) for u in urls)
    assert page.evaluate("location.search") == "?q=gitex"  # replaceState works from file:// too
    marks = page.eval_on_selector_all(".search-result mark", "ms => ms.map(m => m.textContent)")
    assert any(m.lower() == "gitex" for m in marks)
    status = page.text_content("#search-status")
    assert str(len(urls)) in status and page.get_attribute("#search-status", "aria-live") == "polite"


def test_pages_without_search_do_not_load_the_index(page: object, site_root: str) -> None:
    page.goto(f"{site_root}index.html")
    assert page.evaluate("typeof window.SITE_SEARCH_PARTS") == "undefined"
    assert page.evaluate("typeof window.lunr") == "undefined"


def test_theme_filter(page: object, site_root: str, built_site: tuple[Site, Path]) -> None:
    everything = {input_of(built_site[0], u) for u in search_from_url(page, site_root, "cybersécurité")}
    energy = {input_of(built_site[0], u) for u in search_from_url(page, site_root, "cybersécurité", theme="energy")}
    assert "000" in energy and energy < everything
    assert page.input_value("#search-theme") == "energy"


def test_keyboard_moves_through_results_and_enter_opens(page: object, site_root: str) -> None:
    urls = search_from_url(page, site_root, "cybersécurité")
    page.focus("#search-input")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == urls[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == urls[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{urls[0]}")


def test_no_hit_suggests_a_word(page: object, site_root: str) -> None:
    assert search_from_url(page, site_root, "Marchavim") == []
    assert "Marchavim" in page.text_content("#search-status")
    suggestion = page.text_content("#search-suggestion")
    assert "Marshavin" in suggestion


def test_no_hit_in_a_theme_suggests_dropping_the_filter(page: object, site_root: str) -> None:
    assert search_from_url(page, site_root, "GITEX", theme="energy") == []
    page.click("#search-suggestion a")
    assert page.input_value("#search-theme") == ""
    assert result_urls(page, "GITEX")


HOSTILE = ["<img src=x onerror=alert(1)>", '"><script>alert(1)</script>']


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_in_url_creates_nothing(page: object, site_root: str, query: str) -> None:
    search_from_url(page, site_root, query)
    assert page.evaluate("document.querySelectorAll('img, main script').length") == 0
    assert not page.dialogs
    assert query in page.text_content("#search-status")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_typed_creates_nothing(page: object, site_root: str, query: str) -> None:
    page.goto(f"{site_root}search.html")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function(SETTLED, arg=query)
    assert page.evaluate("document.querySelectorAll('img, main script').length") == 0
    assert not page.dialogs


def test_hostile_title_is_shown_as_text(page: object, site_root: str) -> None:
    urls = search_from_url(page, site_root, "piégé")
    assert urls == ["articles/hostile.html"]
    title = page.text_content(".search-result h2 a")
    assert "</script>" in title and "<img" in title
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert not page.dialogs and not page.errors


# Text that trips tokenizers: elisions with three apostrophes, Unicode spaces, hyphens, ligatures,
# capitals with accents, digits, punctuation glued to words, an emoji.
AWKWARD = (
    "L’Œuvre d'aujourd'hui quʼil a lue\u202fà Paris\u00a0: «\u2009ÉTÉ 2025-2030\u2009» — naïve Noël, Ærø, "
    "c'est-à-dire (co-entreprise), 3,5 % ; ÇA VA… İstanbul, straße, ﬁn, ½, x², 🙂, e-mail, U.S.A., ‘quoted’"
)


def test_python_and_browser_pipelines_give_identical_terms(
    page: object, http_root: str, built_site: tuple[Site, Path]
) -> None:
    """lunr.js indexes the same field texts with lunr-languages; its terms equal lunr.py's."""
    from lunr.index import Index

    site = built_site[0]
    records = [d.fields(100_000) for d in site_documents(site)] + [{"t": AWKWARD, "b": AWKWARD.upper()}]
    pipeline = default_pipeline(vendor_dir())
    pipeline.register()  # so that lunr.py's Index.load finds the functions
    python_terms = sorted(Index.load(index_fields(records, pipeline)).inverted_index)
    page.goto(f"{http_root}search.html")
    page.focus("#search-input")  # loads the library and sets the separators as the search page does
    page.wait_for_function("() => window.SITE_SEARCH_MANIFEST && window.lunr && window.lunr.fr")
    browser_terms = page.evaluate(
        """([records, fields]) => {
          const idx = lunr(function () {
            this.ref('id');
            fields.forEach((name) => this.field(name));
            this.pipeline.reset();
            this.pipeline.add(lunr.fr.trimmer, lunr.fr.stopWordFilter, lunr.fr.accentFold, lunr.fr.stemmer);
            records.forEach((r, n) => this.add(Object.assign({id: String(n)}, r)));
          });
          return Object.keys(idx.invertedIndex).sort();
        }""",
        [records, list(FIELDS)],
    )
    assert len(python_terms) > 500
    assert browser_terms == python_terms


def test_query_terms_match_between_python_and_browser(page: object, http_root: str) -> None:
    """The search pipeline the index carries gives the same terms to a query word on both sides."""
    # The last five are stemmed otherwise by Snowball 3 (française, palais, mauvais) or by NLTK's port (yakira).
    words = [*AWKWARD.split(), "cybersécurité", "Énergétiques", "GITEX", "joint-venture", "l'énergie",
             "française", "Palais", "mauvais", "islandaises", "yakira"]  # fmt: skip
    pipeline = default_pipeline(vendor_dir())
    page.goto(f"{http_root}search.html")
    page.focus("#search-input")
    page.wait_for_function("() => document.getElementById('search-app').dataset.loaded === 'all'")
    browser_terms = page.evaluate(
        """(words) => words.map((w) => lunr.tokenizer(w).map((t) => String(
             lunr.Pipeline.load(['trimmer-fr', 'accentFold-fr', 'stemmer-fr']).run([t])[0] ?? '')))""",
        words,
    )
    python_terms = [pipeline.search_terms(word) for word in words]
    assert [[t for t in terms if t] for terms in browser_terms] == python_terms


def test_header_box_on_any_page_opens_the_results(page: object, site_root: str, built_site: tuple[Site, Path]) -> None:
    page.goto(f"{site_root}articles/article-0.html")
    page.fill("#site-search-input", "Marshavin")
    page.press("#site-search-input", "Enter")
    urls = result_urls(page, "Marshavin")
    assert input_of(built_site[0], urls[0]) == "000"
    page.click(".search-result h2 a")
    assert page.url.endswith(f"/{urls[0]}")


def test_content_security_policy_is_enforced_and_search_still_works(page: object, site_root: str) -> None:
    """The page's CSP (script-src 'self') lets our scripts run, over http:// and file://, and blocks inline code."""
    assert search_from_url(page, site_root, "gitex")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.INLINE_RAN = 1';"
        " document.head.appendChild(s); }"
    )
    assert page.evaluate("window.INLINE_RAN === undefined")
    assert any("Content Security Policy" in message for message in page.errors)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_sharded_index_finds_documents_of_every_shard(
    page: object, sharded_site: tuple[Site, Path], scheme: str, request: pytest.FixtureRequest
) -> None:
    site, out = sharded_site
    root = out.as_uri() + "/"
    if scheme == "http":
        handler = functools.partial(_QuietHandler, directory=str(out))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        request.addfinalizer(lambda: (server.shutdown(), server.server_close()))
        root = f"http://127.0.0.1:{server.server_address[1]}/"
    page.goto(f"{root}search.html?q=cybers%C3%A9curit%C3%A9")
    page.wait_for_function("() => document.getElementById('search-app').dataset.loaded === 'all'")
    urls = result_urls(page, "cybersécurité")
    assert {"000", "001", "004"} <= {input_of(site, u) for u in urls}
    assert "briefings/cyber.html" in urls
    assert "…" not in page.text_content("#search-status")  # no "still searching" note once all shards are in
    for query, expected in (("Marshavn", "000"), ("GITEX", "002"), ("joint-venture", "001")):
        page.fill("#search-input", query)
        assert expected in {input_of(site, u) for u in result_urls(page, query)}
    assert not page.errors
