"""Atom feeds: one for the whole site, one per briefing.

With a `base_url` every id and link is absolute. Without one, links are
relative to the feed file itself (`../articles/<slug>.html`, resolved against
the feed's own URL as RFC 4287 allows, no `xml:base`), and ids are
`urn:uuid:` values derived from the site title and the page path, so they
stay the same from build to build.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from . import urls
from .models import Article, Briefing, Site

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
MAX_ENTRIES = 50  # newest articles in a feed: readers poll feeds, archives live on the site


def site_feed(site: Site) -> bytes:
    config = site.config
    return feed_xml(site, urls.SITE_FEED, config.title, config.description, urls.HOME, site.articles)


def briefing_feed(site: Site, briefing: Briefing) -> bytes:
    return feed_xml(
        site,
        urls.briefing_feed_path(briefing.theme),
        f"{site.config.title} – {briefing.title}",
        briefing.description,
        urls.briefing_path(briefing.theme),
        briefing.articles,
    )


def feed_xml(site: Site, feed_path: str, title: str, subtitle: str, page_path: str, articles: list[Article]) -> bytes:
    """A complete Atom document listing the first `MAX_ENTRIES` of `articles` (kept in the order given)."""
    articles = articles[:MAX_ENTRIES]
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_q("feed"))
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", site.config.language)
    _text(feed, "id", _id(site, feed_path))
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "updated", feed_updated(site, articles))
    _link(feed, _href(site, page_path, feed_path), "alternate", "text/html")
    _link(feed, _href(site, feed_path, feed_path), "self", "application/atom+xml")
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", site.config.title)
    _text(feed, "generator", "site_builder")
    fallback = feed_updated(site, articles)
    for article in articles:
        feed.append(_entry(site, article, feed_path, fallback))
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_updated(site: Site, articles: list[Article]) -> str:
    """The newest article date, else the build time when known, else the epoch (never 'now')."""
    dates = [a.date for a in articles if a.date]
    if dates:
        return _timestamp(max(dates))
    if site.generated:
        return _timestamp(site.generated)
    return EPOCH


def _entry(site: Site, article: Article, feed_path: str, fallback: str) -> ET.Element:
    page = urls.article_path(article.slug)
    entry = ET.Element(_q("entry"))
    _text(entry, "id", _id(site, page))
    _text(entry, "title", article.title)
    updated = _timestamp(article.date) if article.date else fallback
    _text(entry, "updated", updated)
    if article.date:
        _text(entry, "published", updated)
    _link(entry, _href(site, page, feed_path), "alternate", "text/html")
    author = ET.SubElement(entry, _q("author"))
    _text(author, "name", article.author or article.source or site.config.title)
    if article.summary:
        summary = _text(entry, "summary", article.summary)
        summary.set("type", "text")
    for theme in article.themes:
        category = ET.SubElement(entry, _q("category"))
        category.set("term", theme)
    return entry


def _timestamp(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.timezone.utc) if value.tzinfo else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"


def _id(site: Site, path: str) -> str:
    absolute = urls.absolute_url(site.config.base_url, path)
    if absolute:
        return absolute
    return uuid.uuid5(uuid.NAMESPACE_URL, f"site-builder:{site.config.title}/{path}").urn


def _href(site: Site, target: str, feed_path: str) -> str:
    return urls.absolute_url(site.config.base_url, target) or urls.relative_url(target, feed_path)


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    link = ET.SubElement(parent, _q("link"))
    link.set("href", href)
    link.set("rel", rel)
    link.set("type", media_type)
