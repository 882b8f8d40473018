"""The render stage: safe markup, working relative links, themes, i18n, metadata."""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_render_sites import FIXTURE_SITE, fixture_articles, fixture_config, hostile_site, simple_site

from site_builder import render
from site_builder.report import Reporter
from site_builder.sources import input_copies

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
LIVE_TAGS = {"script", "iframe", "object", "embed", "style", "svg", "base", "frame", "math"}


class PageParser(HTMLParser):
    """Collects every start tag with its attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(html: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(html.decode("utf-8"))
    return parser


def theme_dirs_with_search(tmp_path: Path) -> list[Path]:
    """The default theme, plus a stand-in search page when the search stage's template is not there yet."""
    default = render.default_theme_dir()
    if (default / "templates" / "search.html").is_file():
        return [default]
    user = tmp_path / "user-theme"
    (user / "templates").mkdir(parents=True)
    (user / "templates" / "search.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ t.search }}</h1>{% endblock %}', encoding="utf-8"
    )
    return [user, default]


def html_pages(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.endswith(".html")}


# ---------------------------------------------------------------- safety


@pytest.fixture
def hostile_files(tmp_path: Path) -> dict[str, bytes]:
    site = hostile_site(fixture_config())
    return render.render_site(site, theme_dirs=theme_dirs_with_search(tmp_path))


def test_hostile_text_never_becomes_live_markup(hostile_files: dict[str, bytes]) -> None:
    pages = html_pages(hostile_files)
    assert "articles/hostile.html" in pages
    for path, html in pages.items():
        parsed = parse(html)
        for tag, attrs in parsed.tags:
            if tag == "script":
                assert attrs.get("type") == "application/ld+json" or (attrs.get("src") and not parsed.scripts), path
            else:
                assert tag not in LIVE_TAGS, f"{path}: <{tag}> reached the page"
            assert not [name for name in attrs if name.startswith("on")], f"{path}: event handler on <{tag}>"
            assert "style" not in attrs, f"{path}: style= on <{tag}>"
            for name in ("href", "src", "action", "data", "formaction"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{path}: {name}={value}"
            if tag == "form":
                assert "evil.example" not in (attrs.get("action") or ""), path


def test_hostile_title_is_text_in_the_page(hostile_files: dict[str, bytes]) -> None:
    html = hostile_files["articles/hostile.html"].decode()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert "<script>alert" not in html


def test_json_ld_is_escaped_and_valid(hostile_files: dict[str, bytes]) -> None:
    parsed = parse(hostile_files["articles/hostile.html"])
    [block] = parsed.scripts
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Title <script>")  # the text survives, as data
    assert data["datePublished"] == "2025-08-20"
    assert data["url"] == "https://example.org/veille/articles/hostile.html"
    assert "isBasedOn" not in data  # a javascript: URL is not passed on


def test_javascript_url_of_original_is_not_linked(hostile_files: dict[str, bytes]) -> None:
    html = hostile_files["articles/hostile.html"].decode()
    assert "alert(8)" not in html
    plain = hostile_files["articles/plain.html"].decode()
    assert 'href="https://news.example.net/plain"' in plain


# ---------------------------------------------------------------- links


@pytest.fixture
def fixture_files(tmp_path: Path) -> dict[str, bytes]:
    config = fixture_config(base_url="")
    site = simple_site(fixture_articles(), config)
    files = render.render_site(site, theme_dirs=theme_dirs_with_search(tmp_path))
    files.update(input_copies(site, FIXTURE_SITE / "seeds", Reporter(stream=io.StringIO())))
    return files


def internal_links(page: str, html: bytes) -> list[str]:
    """Every href/src of a page that points inside the site, resolved from the site root."""
    found = []
    for _tag, attrs in parse(html).tags:
        for name in ("href", "src", "action"):
            value = attrs.get(name)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "//")):
                continue
            found.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))))
    return found


def test_every_relative_link_points_to_an_output_file(fixture_files: dict[str, bytes]) -> None:
    checked = 0
    for page, html in html_pages(fixture_files).items():
        if page == "404.html":
            continue  # its links are relative to the site root by design, checked below
        for target in internal_links(page, html):
            assert not target.startswith(".."), f"{page}: link leaves the site: {target}"
            assert target in fixture_files, f"{page}: broken link to {target}"
            checked += 1
    assert checked > 100


def test_odd_file_names_still_link(hostile_files: dict[str, bytes]) -> None:
    assert "articles/odd name #2?&x=1 é.html" in hostile_files
    for page, html in html_pages(hostile_files).items():
        if page != "404.html":
            for target in internal_links(page, html):
                assert target in hostile_files, f"{page}: broken link to {target}"


def test_links_point_to_files_never_folders(fixture_files: dict[str, bytes]) -> None:
    for page, html in html_pages(fixture_files).items():
        for _tag, attrs in parse(html).tags:
            href = attrs.get("href") or ""
            if href and not urlsplit(href).scheme and not href.startswith("#"):
                assert not urlsplit(href).path.endswith("/"), f"{page}: folder link {href}"


def test_expected_pages_exist(fixture_files: dict[str, bytes]) -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    expected = {"index.html", "other.html", "actors/index.html", "404.html", "search.html", "feeds/atom.xml",
                "sitemap.xml", "robots.txt", "static/css/site.css", "static/css/print.css"}
    expected |= {f"briefings/{b.theme}.html" for b in site.briefings}
    expected |= {f"feeds/{b.theme}.xml" for b in site.briefings}
    expected |= {f"articles/{a.slug}.html" for a in site.articles}
    expected |= {f"actors/{a.slug}.html" for a in site.actors}
    assert expected <= set(fixture_files)
    # An HTML input is published as text, never as a page of the site.
    assert "inputs/local-club-cup/football.html.txt" in fixture_files


def test_not_found_page_uses_root_relative_links_or_absolute(tmp_path: Path) -> None:
    dirs = theme_dirs_with_search(tmp_path)
    relative = render.render_site(simple_site(fixture_articles(), fixture_config(base_url="")), theme_dirs=dirs)
    for target in internal_links("404.html", relative["404.html"]):
        assert target in relative
    absolute = render.render_site(simple_site(fixture_articles(), fixture_config()), theme_dirs=dirs)
    hrefs = [a.get("href") or "" for t, a in parse(absolute["404.html"]).tags if t in {"a", "link"}]
    hrefs = [h for h in hrefs if not h.startswith("#")]
    assert hrefs and all(h.startswith("https://example.org/veille/") for h in hrefs)


# ---------------------------------------------------------------- page structure


def test_every_page_has_csp_landmarks_and_one_h1(fixture_files: dict[str, bytes]) -> None:
    for page, html in html_pages(fixture_files).items():
        if page.startswith("inputs/"):
            continue
        parsed = parse(html)
        metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert [m.get("content") for m in metas] == [CSP], page
        tags = [t for t, _ in parsed.tags]
        assert tags.count("h1") == 1, page
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, f"{page}: no <{landmark}>"
        assert any(a.get("id") == "main" for t, a in parsed.tags if t == "main"), page
        assert any(a.get("role") == "search" and a.get("action", "").endswith("search.html")
                   for t, a in parsed.tags if t == "form"), page
        assert ("html", {"lang": "fr"}) in parsed.tags, page


def test_article_page_shows_metadata_and_marks_derived_titles(fixture_files: dict[str, bytes]) -> None:
    derived = fixture_files["articles/alerte-hameconnage.html"].decode()
    assert "titre déduit" in derived
    assert "date non indiquée" in derived
    assert "10 juin 2025" in derived  # the estimate, with its basis
    assert "dernière date d&#39;événement" in derived
    dated = fixture_files["articles/rabat-moscou-energie.html"].decode()
    assert "titre déduit" not in dated
    assert '<time datetime="2025-08-20">20 août 2025</time>' in dated
    assert 'href="../actors/igor-volkov.html"' in dated
    assert 'href="../inputs/rabat-moscou-energie/rabat-moscou.txt"' in dated
    assert 'href="../briefings/energy.html"' in dated  # breadcrumb and theme list


def test_briefing_citations_link_to_cited_articles(fixture_files: dict[str, bytes]) -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    for briefing in site.briefings:
        html = fixture_files[f"briefings/{briefing.theme}.html"].decode()
        cites = [a for t, a in parse(html.encode()).tags if t == "a" and a.get("class") == "cite"]
        assert len(cites) == len(briefing.lead) + len(briefing.key_points)
        for citation in briefing.key_points:
            assert f'href="../articles/{citation.slug}.html"' in html
            assert f"[{citation.number}]" in html


def test_no_base_url_means_no_absolute_metadata(fixture_files: dict[str, bytes]) -> None:
    for page, html in html_pages(fixture_files).items():
        text = html.decode()
        assert 'rel="canonical"' not in text, page
        assert "og:url" not in text, page
    sitemap = ET.fromstring(fixture_files["sitemap.xml"])
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(sitemap) == 0
    assert b"Sitemap:" not in fixture_files["robots.txt"]


def test_base_url_gives_canonical_open_graph_and_sitemap(tmp_path: Path) -> None:
    site = simple_site(fixture_articles(), fixture_config())
    files = render.render_site(site, theme_dirs=theme_dirs_with_search(tmp_path))
    article = files["articles/gitex-delegation.html"].decode()
    url = "https://example.org/veille/articles/gitex-delegation.html"
    assert f'<link rel="canonical" href="{url}">' in article
    assert f'<meta property="og:url" content="{url}">' in article
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.fromstring(files["sitemap.xml"]).findall("s:url/s:loc", ns)}
    assert url in locs and "https://example.org/veille/index.html" in locs
    assert not any(loc and loc.endswith(("404.html", "search.html")) for loc in locs)
    assert b"Sitemap: https://example.org/veille/sitemap.xml" in files["robots.txt"]


# ---------------------------------------------------------------- themes, languages, reproducibility


def test_user_theme_overrides_file_by_file(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    (user / "templates").mkdir(parents=True)
    (user / "static" / "css").mkdir(parents=True)
    (user / "i18n").mkdir()
    (user / "templates" / "other.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Mine</h1>{% endblock %}', encoding="utf-8"
    )
    (user / "static" / "css" / "site.css").write_text("body { color: red; }\n", encoding="utf-8")
    (user / "static" / "extra.txt").write_text("extra\n", encoding="utf-8")
    (user / "i18n" / "fr.yml").write_text('home: "Maison"\n', encoding="utf-8")
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    files = render.render_site(site, theme_dirs=[user, *theme_dirs_with_search(tmp_path)])
    assert b"<h1>Mine</h1>" in files["other.html"]
    assert files["static/css/site.css"] == b"body { color: red; }\n"
    assert files["static/extra.txt"] == b"extra\n"
    assert files["static/css/print.css"] == (render.default_theme_dir() / "static/css/print.css").read_bytes()
    assert b">Maison</a>" in files["index.html"]
    assert "Nouveautés" in files["index.html"].decode()  # strings the override does not name stay


def test_english_site_uses_english_strings_and_dates(tmp_path: Path) -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url="", language="en"))
    files = render.render_site(site, theme_dirs=theme_dirs_with_search(tmp_path))
    home = files["index.html"].decode()
    assert '<html lang="en">' in home
    assert "What is new" in home and "Nouveautés" not in home
    assert "August 20, 2025" in files["articles/rabat-moscou-energie.html"].decode()
    assert "Energy" in home  # the theme's English title from site.yml


def test_output_is_reproducible_and_has_no_clock(tmp_path: Path) -> None:
    dirs = theme_dirs_with_search(tmp_path)
    first = render.render_site(simple_site(fixture_articles(), fixture_config()), theme_dirs=dirs)
    second = render.render_site(simple_site(fixture_articles(), fixture_config()), theme_dirs=dirs)
    assert first == second
    today = dt.date.today()
    for data in first.values():
        assert today.isoformat().encode() not in data
    assert b"<updated>" in first["feeds/atom.xml"]
    stamped = simple_site(fixture_articles(), fixture_config(), dt.datetime(2025, 9, 3, 8, tzinfo=dt.timezone.utc))
    footer = render.render_site(stamped, theme_dirs=dirs)["index.html"].decode()
    assert '<time datetime="2025-09-03T08:00:00Z">3 septembre 2025</time>' in footer


def test_plan_lists_every_rendered_page(fixture_files: dict[str, bytes]) -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    planned = {p.path for p in render.plan_pages(site)}
    rendered = {p for p in fixture_files if not p.startswith(("static/", "inputs/"))}
    assert planned == rendered
    article_plan = next(p for p in render.plan_pages(site) if p.path == "articles/grid-ransomware.html")
    assert article_plan.articles == ("grid-ransomware",) and set(article_plan.themes) == {"cyber", "energy"}


def test_render_one_article_alone_matches_the_full_render(fixture_files: dict[str, bytes]) -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    dirs = [render.default_theme_dir()]
    env = render.make_environment(site, dirs)
    article = site.articles[0]
    path, data = render.render_article(site, article, env)
    assert fixture_files[path] == data


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2025-08-20", "fr", "20 août 2025"),
        ("2025-08-20", "en", "August 20, 2025"),
        (dt.date(2025, 7, 1), "fr", "1er juillet 2025"),
        (dt.date(2025, 12, 1), "en", "December 1, 2025"),
        ("not a date", "fr", "not a date"),
        (None, "fr", ""),
    ],
)
def test_format_date(value: object, lang: str, expected: str) -> None:
    assert render.format_date(value, lang) == expected  # type: ignore[arg-type]


def test_default_theme_dir_holds_the_theme() -> None:
    theme = render.default_theme_dir()
    assert (theme / "templates" / "base.html").is_file()
    assert (theme / "i18n" / "fr.yml").is_file() and (theme / "i18n" / "en.yml").is_file()
    fr = render.load_strings([theme], "fr")
    en = render.load_strings([theme], "en")
    assert set(fr) == set(en), "every UI string needs both languages"


def test_site_without_themes_renders_every_article_as_other_news(tmp_path: Path) -> None:
    config = fixture_config(base_url="", themes=())
    site = simple_site(fixture_articles(), config)
    files = render.render_site(site, theme_dirs=theme_dirs_with_search(tmp_path))
    files.update(input_copies(site, FIXTURE_SITE / "seeds", Reporter(stream=io.StringIO())))
    assert not [p for p in files if p.startswith(("briefings/", "feeds/")) and p != "feeds/atom.xml"]
    other = files["other.html"].decode()
    assert all(f'href="articles/{a.slug}.html"' in other for a in site.articles)
    for page, html in html_pages(files).items():
        if page != "404.html":
            assert all(target in files for target in internal_links(page, html)), page


def test_summary_box_only_when_it_adds_to_the_body(fixture_files: dict[str, bytes]) -> None:
    # This summary is a rewrite: shown. The other repeats the body's first sentence: not printed twice.
    assert 'class="summary-box"' in fixture_files["articles/rabat-moscou-energie.html"].decode()
    assert 'class="summary-box"' not in fixture_files["articles/alerte-hameconnage.html"].decode()
    assert render.summary_opens_body("Le *groupe* se réunit.", "Le groupe se réunit. Ensuite, autre chose.")
    assert not render.summary_opens_body("Un résumé réécrit.", "Le groupe se réunit.")


# ---------------------------------------------------------------- actor pages


def test_actors_named_once_have_no_page_and_link_to_their_article() -> None:
    from site_builder.group import group

    site = group(fixture_articles(), fixture_config(base_url=""))
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    twice = "actors/direction-generale-de-la-securite-des-systemes-d-information.html"
    assert twice in files  # named in two articles
    assert "actors/nadia-tazi.html" not in files  # named in one
    assert not [name for name in files if name.startswith("actors/") and name not in {twice, "actors/index.html"}]
    index = files["actors/index.html"].decode()
    assert "Nadia Tazi" not in index  # listed on her article's page, not in the index
    assert f'<a href="../{twice}">' in index
    assert "au moins 2 articles" in index
    article = files["articles/gitex-delegation.html"].decode()
    assert "<li>Nadia Tazi <span" in article  # no link back to the page itself
    assert f'href="../{twice}"' in article
    briefing = files["briefings/gitex.html"].decode()
    assert '<a href="../articles/gitex-delegation.html">Nadia Tazi</a>' in briefing
    assert "actors/nadia-tazi.html" not in files["sitemap.xml"].decode()


def test_actor_min_articles_one_gives_every_actor_a_page() -> None:
    from site_builder.group import group

    site = group(fixture_articles(), fixture_config(base_url="", actor_min_articles=1))
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    assert site.actors and all(f"actors/{a.slug}.html" in files for a in site.actors)
    assert 'href="../actors/nadia-tazi.html"' in files["articles/gitex-delegation.html"].decode()


def test_cached_fragment_is_rendered_once_per_key_and_per_build() -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    env = render.make_environment(site, [render.default_theme_dir()])
    made: list[str] = []
    env.globals["note"] = lambda slug: made.append(slug) or slug
    page = env.from_string(
        '{% for a in site.articles %}{% call cached("item", a.slug, root) %}'
        '<a href="{{ root }}{{ note(a.slug) }}">{% endcall %}{% endfor %}'
    )
    slugs = [a.slug for a in site.articles]
    top, nested = page.render(root=""), page.render(root="../")
    again = page.render(root="../")
    assert top == "".join(f'<a href="{s}">' for s in slugs)
    assert nested == again == "".join(f'<a href="../{s}">' for s in slugs)
    assert made == slugs * 2  # once per (slug, root); the third page took them all from the cache
    # A new build starts with nothing cached.
    fresh = render.make_environment(site, [render.default_theme_dir()])
    fresh.globals["note"] = env.globals["note"]
    assert fresh.from_string('{% call cached("item", "a", "") %}{{ note("again") }}{% endcall %}').render() == "again"
    assert made[-1] == "again"
