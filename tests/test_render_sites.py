"""Sites built by hand for the render tests (no test functions here).

The render stage takes a grouped `Site`; these helpers build one directly
from articles with a plain grouping, so the render tests do not depend on
how the group stage picks leads and key points.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_builder.config import SiteConfig, load_config
from site_builder.content import read_article
from site_builder.models import Actor, Article, Briefing, Citation, Entities, Site, ThemeMatch, TimelineEntry

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "golden_site"


def fixture_config(**overrides: object) -> SiteConfig:
    import dataclasses

    return dataclasses.replace(load_config(FIXTURE_SITE / "site.yml"), **overrides)  # type: ignore[arg-type]


def fixture_articles() -> list[Article]:
    content = FIXTURE_SITE / "content"
    return [read_article(path, content)[0] for path in sorted((content / "articles").glob("*.md"))]


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.slug))


def simple_site(articles: list[Article], config: SiteConfig, generated: dt.datetime | None = None) -> Site:
    """Group articles the plain way: one briefing per configured theme that has articles."""
    ordered = newest_first(articles)
    actors = _actors(ordered)
    briefings = []
    for theme in config.themes:
        members = [a for a in ordered if theme.id in a.themes]
        if not members:
            continue
        citations = [Citation(a.summary or a.title, a.slug, n) for n, a in enumerate(members, start=1)]
        dates = sorted(a.date.isoformat() for a in members if a.date)
        member_slugs = {a.slug for a in members}
        timeline = [
            TimelineEntry(a.date.isoformat() if a.date else None, a.title, a.slug, "published") for a in members
        ] + [TimelineEntry(e.start, e.text, a.slug, "event") for a in members for e in a.event_dates if e.start]
        timeline.sort(key=lambda e: (e.date is None, e.date or "", e.slug))
        related = [t.id for t in config.themes if t.id != theme.id and any(t.id in a.themes for a in members)]
        briefings.append(
            Briefing(
                theme=theme.id,
                title=theme.title(config.language),
                description=theme.description(config.language),
                articles=members,
                lead=citations[:1],
                key_points=citations,
                cited_slugs=[c.slug for c in citations],
                actors=[a for a in actors if member_slugs & set(a.article_slugs)],
                timeline=timeline,
                period=(dates[0], dates[-1]) if dates else None,
                sources=sorted({a.source for a in members if a.source}),
                related=related,
            )
        )
    grouped = {a.slug for b in briefings for a in b.articles}
    other = [a for a in ordered if a.slug not in grouped]
    return Site(config, ordered, briefings, other, actors, generated=generated)


def _actors(articles: list[Article]) -> list[Actor]:
    found: dict[str, Actor] = {}
    for article in articles:
        for kind in ("people", "organizations"):
            for name in getattr(article.entities, kind):
                actor = found.setdefault(name, Actor(name, kind, slug_of(name), article.roles.get(name), []))
                actor.article_slugs.append(article.slug)
    return sorted(found.values(), key=lambda a: a.slug)


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>'


def hostile_site(config: SiteConfig) -> Site:
    """Articles whose every text field tries to inject markup or script."""
    body = (
        "Intro <script>alert(1)</script> text.\n\n"
        "[click](javascript:alert(2)) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        '<img src="x" onerror="alert(3)"> <iframe src="https://evil.example/"></iframe>\n\n'
        '<p style="position:fixed" onclick="alert(4)">styled</p> <a href="JaVaScRiPt:alert(5)">caps</a>\n\n'
        "<object data=x></object><svg onload=alert(6)></svg><style>body{display:none}</style>\n\n"
        '<form action="https://evil.example"><input name=q></form><base href="https://evil.example/">'
    )
    theme = config.themes[0].id
    articles = [
        Article(
            slug="hostile",
            title=f"Title {HOSTILE} </script><script>alert(7)</script>",
            body=body,
            date=dt.date(2025, 8, 20),
            author=f"Author {HOSTILE}",
            source=f"Source {HOSTILE}",
            section=f"Section {HOSTILE}",
            language="fr",
            summary=f"Summary {HOSTILE}",
            themes=[theme],
            primary_theme=theme,
            theme_matches=[ThemeMatch(theme, 5.0, [f"term {HOSTILE}"])],
            entities=Entities(people=[f"Person {HOSTILE}"], organizations=["Org & Co"], places=[HOSTILE]),
            roles={f"Person {HOSTILE}": f"role {HOSTILE}"},
            keywords=[HOSTILE],
            url="javascript:alert(8)",
        ),
        Article(
            slug="odd name #2?&x=1 é",  # a hand-named content file
            title="An article with an odd file name",
            body="Body.",
            date=dt.date(2025, 8, 21),
            language="en",
            themes=[theme],
            entities=Entities(people=["Person #1?"]),
        ),
        Article(
            slug="plain",
            title="A plain article",
            body="Nothing to see.",
            language="en",
            summary="Nothing.",
            url="https://news.example.net/plain",
        ),
    ]
    return simple_site(articles, config)
