"""The benchmark's articles as a Pelican project and as a Hugo project.

The render benchmark builds the same articles with site-builder, Pelican and
Hugo. This module only writes project folders (content files, a minimal
configuration, and for Hugo a trivial layout); `bench_build.py` runs the
builds. Each project is self-contained: build it from its own folder.

Pelican: default theme, feeds on (all, per category, per language), category,
tag, author and archive pages, no pagination (Pelican's default).
Hugo: no theme; four small layout files written here (base, single, list,
home), Hugo's built-in RSS template, taxonomies for categories, tags and
authors.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

# The benchmark runs from a checkout; make `site_builder` importable without an install.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.models import Article

SITE_URL = "https://example.org"

PELICAN_CONF = f'''# Written by benchmarks/other_generators.py: a minimal Pelican site.
AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = "{SITE_URL}"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "fr"
RELATIVE_URLS = False
# Feeds on, as a published site has them (Pelican's own defaults, spelled out).
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{{lang}}.atom.xml"
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
'''

# The same site with Pelican's content cache on: readers' output kept between runs.
PELICAN_CACHED_CONF = '''# Written by benchmarks/other_generators.py: the same site, content cache on.
import sys
sys.path.insert(0, ".")
from pelicanconf import *  # noqa: F403
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
'''

HUGO_CONFIG = f'''# Written by benchmarks/other_generators.py: a minimal Hugo site, no theme.
baseURL = "{SITE_URL}/"
languageCode = "fr"
title = "Benchmark"
enableRobotsTXT = true
disableHugoGeneratorInject = true

[taxonomies]
category = "categories"
tag = "tags"
author = "authors"
'''

# A trivial layout: every page kind gets a heading, a list or a body, and a feed link.
HUGO_LAYOUTS: dict[str, str] = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.authors }} · {{ delimit . ", " }}{{ end }}</p>
{{ with .GetTerms "tags" }}<ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
</ul>{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}
<p>{{ .Summary }}</p></li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}
</ul>
{{ end }}
""",
}


def write_pelican_project(articles: Iterable[Article], root: Path) -> Path:
    """Write `root/pelicanconf.py` and `root/content/<slug>.md`; return `root`."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    (root / "pelicanconf-cached.py").write_text(PELICAN_CACHED_CONF, encoding="utf-8")
    for article in articles:
        (content / f"{article.slug}.md").write_text(pelican_markdown(article), encoding="utf-8")
    return root


def pelican_markdown(article: Article) -> str:
    """One article in Pelican's Markdown metadata format (`Key: value` lines, blank line, body)."""
    meta: list[tuple[str, str]] = [("Title", article.title), ("Slug", article.slug), ("Lang", article.language)]
    if article.date:
        meta.append(("Date", article.date.isoformat()))
    meta.append(("Category", article.primary_theme or "other"))
    tags = _tags(article)
    if tags:
        meta.append(("Tags", ", ".join(tags)))
    if article.author:
        meta.append(("Authors", article.author))
    if article.summary:
        meta.append(("Summary", article.summary))
    # Metadata values are single lines: a stray newline would end the header.
    header = "\n".join(f"{key}: {_one_line(value)}" for key, value in meta)
    return f"{header}\n\n{article.body.strip()}\n"


def write_hugo_project(articles: Iterable[Article], root: Path) -> Path:
    """Write `root/hugo.toml`, the layout and `root/content/posts/<slug>.md`; return `root`."""
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for article in articles:
        (posts / f"{article.slug}.md").write_text(hugo_markdown(article), encoding="utf-8")
    return root


def hugo_markdown(article: Article) -> str:
    """One article with YAML front matter as Hugo reads it."""
    meta: dict[str, object] = {"title": _one_line(article.title), "slug": article.slug}
    if article.date:
        meta["date"] = article.date.isoformat()
    meta["categories"] = [article.primary_theme or "other"]
    meta["tags"] = _tags(article)
    if article.author:
        meta["authors"] = [article.author]
    if article.summary:
        meta["summary"] = article.summary
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def _tags(article: Article) -> list[str]:
    # Themes and keywords are what a blog would tag an article with.
    seen: dict[str, None] = {}
    for tag in [*article.themes, *article.keywords[:5]]:
        clean = _one_line(tag.replace(",", " "))
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def _one_line(text: str) -> str:
    return " ".join(text.split())
