"""sitemap.xml and robots.txt.

The sitemaps protocol wants absolute URLs, so pages are listed only when the
configuration gives a `base_url`; without one the sitemap is a valid, empty
`urlset` (with a comment saying why) and robots.txt names no sitemap.
"""

from __future__ import annotations

import datetime as dt
import html

from . import urls
from .group import RECENT_ARTICLES, month_archives
from .models import Article, Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_pages(site: Site) -> list[tuple[str, str | None]]:
    """(page path, last modification date) of every page worth indexing."""
    pages: list[tuple[str, str | None]] = [(urls.HOME, _newest([a.date for a in site.articles]))]
    for briefing in site.briefings:
        pages.append((urls.briefing_path(briefing.theme), _newest([a.date for a in briefing.articles])))
        pages += _archive_pages(briefing.theme, briefing.articles)
    for article in site.articles:
        pages.append((urls.article_path(article.slug), article.date.isoformat() if article.date else None))
    if site.other_news:
        pages.append((urls.OTHER_NEWS, _newest([a.date for a in site.other_news])))
        pages += _archive_pages("", site.other_news)
    pages.append((urls.ACTORS_INDEX, None))
    pages.extend((urls.actor_path(a.slug), None) for a in site.actors if a.has_page)
    return pages


def _archive_pages(theme_id: str, articles: list[Article]) -> list[tuple[str, str | None]]:
    if len(articles) <= RECENT_ARTICLES:
        return []
    return [(urls.archive_path(theme_id, m.month), _newest([a.date for a in m.articles]))
            for m in month_archives(articles)]  # fmt: skip


def sitemap_xml(site: Site) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    if not site.config.base_url:
        lines.append("  <!-- No base_url in the configuration: a sitemap needs absolute URLs, so none are listed. -->")
    else:
        for path, lastmod in sitemap_pages(site):
            lines.append("  <url>")
            url = urls.absolute_url(site.config.base_url, path) or ""
            lines.append(f"    <loc>{html.escape(url, quote=False)}</loc>")
            if lastmod:
                lines.append(f"    <lastmod>{lastmod}</lastmod>")
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    sitemap_url = urls.absolute_url(site.config.base_url, urls.SITEMAP)
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _newest(dates: list[dt.date | None]) -> str | None:
    known = [d for d in dates if d]
    return max(known).isoformat() if known else None
