"""Where each page lives and how pages link to each other.

Every internal link is relative and points to a file (never a folder), so
the site works from file://, under any sub-path and on any static host.
Absolute URLs exist only when the configuration gives a `base_url`.
"""

from __future__ import annotations

from urllib.parse import quote

HOME = "index.html"
OTHER_NEWS = "other.html"
ACTORS_INDEX = "actors/index.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
SITE_FEED = "feeds/atom.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def article_path(slug: str) -> str:
    return f"articles/{slug}.html"


def briefing_path(theme_id: str) -> str:
    return f"briefings/{theme_id}.html"


def actor_path(actor_slug: str) -> str:
    return f"actors/{actor_slug}.html"


def archive_path(theme_id: str | None, month: str) -> str:
    """A month of a briefing's articles (`month` is "YYYY-MM" or "undated"); other news when no theme."""
    return f"briefings/{theme_id}/{month}.html" if theme_id else f"other/{month}.html"


def briefing_feed_path(theme_id: str) -> str:
    return f"feeds/{theme_id}.xml"


def root_prefix(page_path: str) -> str:
    """The relative prefix from a page back to the site root: "" or "../"."""
    return "../" * page_path.count("/")


def relative_url(target: str, from_page: str) -> str:
    """A link from one output file to another, both relative to the site root."""
    return root_prefix(from_page) + quote(target, safe="/#?=&.-_~")


def absolute_url(base_url: str, path: str) -> str | None:
    """The public URL of an output file, or None when the host is unknown."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/{quote(path, safe='/#?=&.-_~')}"
