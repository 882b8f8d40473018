"""Long lists: a briefing and the other news list their newest articles, the rest month by month."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from test_render_sites import fixture_articles, fixture_config

from site_builder import render
from site_builder.group import RECENT_ARTICLES, group
from site_builder.models import Article


def many_articles(count: int, theme: str | None) -> list[Article]:
    """`count` copies of a fixture article spread over months (one undated), in a theme or in none."""
    model = next(a for a in fixture_articles() if a.slug == "rabat-moscou-energie")
    articles = []
    for n in range(count):
        date = None if n == count - 1 else dt.date(2024, 1, 1) + dt.timedelta(days=9 * n)
        articles.append(dataclasses.replace(
            model, slug=f"{theme or 'other'}-{n:03d}", title=f"Article {n} of {theme or 'other'}", date=date,
            themes=[theme] if theme else [], primary_theme=theme, theme_matches=[] if theme is None else
            model.theme_matches, event_dates=[],
        ))  # fmt: skip
    return articles


def links(html: bytes, pattern: str, root: str = "../") -> list[str]:
    return re.findall(rf'href="{re.escape(root)}({pattern})"', html.decode())


def test_briefing_lists_the_newest_and_links_every_month() -> None:
    articles = many_articles(RECENT_ARTICLES + 25, "energy") + many_articles(RECENT_ARTICLES + 5, None)
    site = group(articles, fixture_config(base_url="https://example.org/veille"))
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    energy = next(b for b in site.briefings if b.theme == "energy")

    page = files["briefings/energy.html"]
    listed = re.findall(r'class="article-item-title"><a href="\.\./articles/([^"]+)\.html"', page.decode())
    assert listed == [a.slug for a in energy.articles[:RECENT_ARTICLES]]
    months = links(page, r"briefings/energy/[^\"]+\.html")
    expected = sorted({a.date.strftime("%Y-%m") for a in energy.articles if a.date}, reverse=True)
    assert months == [f"briefings/energy/{m}.html" for m in [*expected, "undated"]]

    # Every article is on exactly one month page, and that page is its month.
    seen: list[str] = []
    for month_page in months:
        month = month_page.rsplit("/", 1)[1].removesuffix(".html")
        on_page = re.findall(r'href="\.\./\.\./articles/([^"]+)\.html"', files[month_page].decode())
        by_slug = {a.slug: a for a in energy.articles}
        assert on_page and all((by_slug[s].date.strftime("%Y-%m") if by_slug[s].date else "undated") == month
                               for s in on_page)  # fmt: skip
        assert 'href="../../briefings/energy.html"' in files[month_page].decode()  # back to the briefing
        seen += on_page
    assert sorted(seen) == sorted(a.slug for a in energy.articles)

    # The other news works the same way, and the sitemap lists the month pages.
    other_months = links(files["other.html"], r"other/[^\"]+\.html", root="")
    assert other_months and all(name in files for name in other_months)
    sitemap = files["sitemap.xml"].decode()
    assert all(f"https://example.org/veille/{name}</loc>" in sitemap for name in [*months, *other_months])
    # The timeline covers the newest articles only.
    assert {e.slug for e in energy.timeline} <= {a.slug for a in energy.articles[:RECENT_ARTICLES]}


def test_short_lists_have_no_month_pages() -> None:
    site = group(fixture_articles(), fixture_config(base_url=""))
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    assert not [name for name in files if name.startswith(("other/", "briefings/")) and name.count("/") > 1]
    assert not [name for name in files if name.startswith("other/")]
    assert "archives-heading" not in files["briefings/energy.html"].decode()
