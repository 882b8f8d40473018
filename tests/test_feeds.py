"""Atom feeds: valid XML in the Atom namespace, stable ids, links that resolve."""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET

from test_render_sites import fixture_articles, fixture_config, hostile_site, simple_site

from site_builder import feeds, render

NS = {"a": "http://www.w3.org/2005/Atom"}


def parse_feed(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root


def test_every_feed_is_atom_with_required_elements() -> None:
    site = simple_site(fixture_articles(), fixture_config())
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    feed_paths = ["feeds/atom.xml", *(f"feeds/{b.theme}.xml" for b in site.briefings)]
    for path in feed_paths:
        feed = parse_feed(files[path])
        for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
            assert feed.find(required, NS) is not None, f"{path}: no {required}"
        for entry in feed.findall("a:entry", NS):
            for required in ("a:id", "a:title", "a:updated", "a:link[@rel='alternate']", "a:author/a:name"):
                assert entry.find(required, NS) is not None, f"{path}: entry without {required}"
    site_feed = parse_feed(files["feeds/atom.xml"])
    assert len(site_feed.findall("a:entry", NS)) == len(site.articles)
    for briefing in site.briefings:
        entries = parse_feed(files[f"feeds/{briefing.theme}.xml"]).findall("a:entry", NS)
        links = [e.find("a:link", NS).get("href") for e in entries]  # type: ignore[union-attr]
        assert links == [f"https://example.org/veille/articles/{a.slug}.html" for a in briefing.articles]


def test_updated_is_the_newest_article_date() -> None:
    site = simple_site(fixture_articles(), fixture_config())
    feed = parse_feed(feeds.site_feed(site))
    newest = max(a.date for a in site.articles if a.date)
    assert feed.findtext("a:updated", namespaces=NS) == f"{newest.isoformat()}T00:00:00Z"
    undated = next(e for e in feed.findall("a:entry", NS) if e.find("a:published", NS) is None)
    assert undated.findtext("a:updated", namespaces=NS) == f"{newest.isoformat()}T00:00:00Z"


def test_without_dates_updated_comes_from_the_build_time_never_the_clock() -> None:
    articles = [a for a in fixture_articles() if a.date is None]
    config = fixture_config(base_url="")
    bare = parse_feed(feeds.site_feed(simple_site(articles, config)))
    assert bare.findtext("a:updated", namespaces=NS) == feeds.EPOCH
    stamp = dt.datetime(2025, 9, 3, 8, 30, tzinfo=dt.timezone.utc)
    stamped = parse_feed(feeds.site_feed(simple_site(articles, config, generated=stamp)))
    assert stamped.findtext("a:updated", namespaces=NS) == "2025-09-03T08:30:00Z"


def test_without_base_url_links_are_relative_to_the_feed_and_ids_are_stable_urns() -> None:
    site = simple_site(fixture_articles(), fixture_config(base_url=""))
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    for path in [p for p in files if p.startswith("feeds/")]:
        feed = parse_feed(files[path])
        assert "{http://www.w3.org/XML/1998/namespace}base" not in feed.attrib
        ids = [feed.findtext("a:id", namespaces=NS)] + [
            e.findtext("a:id", namespaces=NS) for e in feed.findall("a:entry", NS)
        ]
        assert all(i and i.startswith("urn:uuid:") for i in ids)
        assert len(set(ids)) == len(ids)
        for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
            href = link.get("href") or ""
            assert "://" not in href
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            assert target in files, f"{path}: {href} does not resolve"
    again = render.render_site(simple_site(fixture_articles(), fixture_config(base_url="")),
                               theme_dirs=[render.default_theme_dir()])
    assert again["feeds/atom.xml"] == files["feeds/atom.xml"]


def test_hostile_text_stays_text_in_feeds() -> None:
    site = hostile_site(fixture_config())
    feed = parse_feed(feeds.site_feed(site))
    titles = [e.findtext("a:title", namespaces=NS) for e in feed.findall("a:entry", NS)]
    assert any(t and "<script>" in t for t in titles)  # parsed back as text, so it was escaped
    assert b"<script>" not in feeds.site_feed(site)


def test_a_feed_lists_only_the_newest_articles() -> None:
    import dataclasses

    from site_builder.feeds import MAX_ENTRIES, feed_xml

    site = simple_site(fixture_articles(), fixture_config())
    many = [dataclasses.replace(site.articles[0], slug=f"a{n:03d}", title=f"Article {n}") for n in range(80)]
    root = ET.fromstring(feed_xml(site, "feeds/atom.xml", "T", "", "index.html", many))
    entries = root.findall("a:entry", NS)
    assert len(entries) == MAX_ENTRIES
    assert entries[0].findtext("a:title", namespaces=NS) == "Article 0"
