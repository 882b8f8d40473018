"""How long the render stage takes for a large synthetic site.

    python benchmarks/render_bench.py [ARTICLES]

Builds a Site of ARTICLES generated articles (default 1,000) in five themes,
renders every page, feed and the sitemap, and prints the time and the output
size. Numbers go in the README, never in tests.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.config import ThemeDef, ThemeTerm, default_config
from site_builder.models import Actor, Article, Briefing, Citation, Entities, Site, ThemeMatch
from site_builder.render import default_theme_dir, render_site

THEMES = ("energy", "cyber", "gitex", "industry", "us-outreach")
WORDS = [
    "énergie", "réseau", "coopération", "industrie", "délégation", "sécurité", "ministre", "accord",
    "projet", "usine", "salon", "électricité", "gaz", "investissement", "partenariat", "données",
]  # fmt: skip


def synthetic_site(count: int) -> Site:
    config = default_config(Path("."))
    config = type(config)(
        root=config.root,
        title="Benchmark",
        themes=tuple(ThemeDef(t, {"fr": t.title()}, {"fr": ""}, (ThemeTerm(t),)) for t in THEMES),
    )
    articles = []
    start = dt.date(2025, 1, 1)
    for n in range(count):
        themes = [THEMES[n % 5], THEMES[(n * 7) % 5]] if n % 3 else [THEMES[n % 5]]
        body = "\n\n".join(
            " ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(60)).capitalize() + "." for i in range(10)
        )
        articles.append(
            Article(
                slug=f"article-{n:05d}",
                title=f"Article {n} : {WORDS[n % len(WORDS)]} et {WORDS[(n * 3) % len(WORDS)]}",
                body=body,
                date=start + dt.timedelta(days=n % 300) if n % 10 else None,
                source=f"Source {n % 40}",
                summary=body[:200],
                themes=sorted(set(themes)),
                theme_matches=[ThemeMatch(t, 4.0, [t]) for t in sorted(set(themes))],
                entities=Entities(people=[f"Personne {n % 300}"], organizations=[f"Organisation {n % 120}"]),
                word_count=600,
                reading_time=3,
            )
        )
    articles.sort(key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.slug))
    actors: dict[str, Actor] = {}
    for a in articles:
        for kind in ("people", "organizations"):
            for name in getattr(a.entities, kind):
                slug = name.lower().replace(" ", "-")
                actors.setdefault(name, Actor(name, kind, slug, None, [])).article_slugs.append(a.slug)
    briefings = []
    for theme in THEMES:
        members = [a for a in articles if theme in a.themes]
        cites = [Citation(a.summary, a.slug, i + 1) for i, a in enumerate(members[:6])]
        briefings.append(Briefing(theme, theme.title(), "", members, lead=cites[:2], key_points=cites[2:],
                                  cited_slugs=[c.slug for c in cites], actors=list(actors.values())[:12]))
    return Site(config, articles, briefings, [], sorted(actors.values(), key=lambda a: a.slug))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    site = synthetic_site(count)
    started = time.perf_counter()
    files = render_site(site, theme_dirs=[default_theme_dir()])
    seconds = time.perf_counter() - started
    size = sum(len(v) for v in files.values())
    print(f"{count} articles: {len(files)} files, {size / 1e6:.1f} MB rendered in {seconds:.2f} s")


if __name__ == "__main__":
    main()
