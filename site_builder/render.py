"""The render stage: a grouped Site in, every page, feed and theme file out.

Pure functions from data to `{relative_path: bytes}`; the writer puts the
mapping on disk. One function per page kind, and `plan_pages` lists every
output with what it depends on, so a later incremental build can render a
subset. Themes are folders searched in order (a user's folder first), file
by file, for templates, static assets and UI strings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import yaml
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)
from markupsafe import Markup

from . import feeds, sitemap, urls
from .config import YAML_LOADER
from .group import RECENT_ARTICLES, actor_key, month_archives
from .markup import first_sentence, markdown_to_html
from .models import ENTITY_KINDS, Actor, Article, Briefing, InputRecord, Site
from .sources import input_copy_path

STATIC_DIR = "static"
TEMPLATES_DIR = "templates"
I18N_DIR = "i18n"
FALLBACK_LANGUAGE = "en"

MONTHS: dict[str, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def _href(path_of: Callable[[str], str]) -> Callable[[str], str]:
    return lambda key: quote(path_of(key), safe="/")


# The path helpers as templates use them: the same paths, percent-encoded for href
# (a hand-named content file "Mon article #2.md" still gets a working link).
TEMPLATE_URLS = SimpleNamespace(
    article_path=_href(urls.article_path),
    briefing_path=_href(urls.briefing_path),
    actor_path=_href(urls.actor_path),
    briefing_feed_path=_href(urls.briefing_feed_path),
    archive_path=lambda theme_id, month: quote(urls.archive_path(theme_id, month), safe="/"),
)


@dataclass(frozen=True)
class PagePlan:
    """One output file, the renderer that makes it, and what it depends on."""

    path: str
    # home | briefing | archive | article | other | actors | actor | search | not_found | feed | sitemap | robots
    kind: str
    key: str = ""  # the article slug, theme id or actor slug the page is about
    articles: tuple[str, ...] = ()  # slugs of the articles whose content shows on the output
    themes: tuple[str, ...] = ()  # ids of the briefings whose content shows on the output
    month: str = ""  # for an archive page: its month


# ---------------------------------------------------------------- theme lookup


def default_theme_dir() -> Path:
    """The theme shipped in the wheel (`site_builder/theme`), else the checkout's `theme/`."""
    packaged = Path(__file__).resolve().parent / "theme"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "theme"


def load_strings(theme_dirs: list[Path], language: str) -> dict[str, str]:
    """UI strings for `language`, key by key from the first theme folder that has them.

    English fills any key a translation lacks, so a partial override never breaks a page.
    """
    strings: dict[str, str] = {}
    for lang in dict.fromkeys([FALLBACK_LANGUAGE, language]):
        for folder in reversed(theme_dirs):
            path = folder / I18N_DIR / f"{lang}.yml"
            if path.is_file():
                loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
                if isinstance(loaded, dict):
                    strings.update({str(k): str(v) for k, v in loaded.items()})
    return strings


def static_files(theme_dirs: list[Path]) -> dict[str, bytes]:
    """Every file under the themes' `static/`, the first folder in the list winning."""
    files: dict[str, bytes] = {}
    for folder in reversed(theme_dirs):
        root = folder / STATIC_DIR
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                files[f"{STATIC_DIR}/{relative.as_posix()}"] = path.read_bytes()
    return dict(sorted(files.items()))


def make_environment(site: Site, theme_dirs: list[Path], cache_dir: Path | None = None) -> Environment:
    """A Jinja2 environment over the theme folders, with our filters and the UI strings.

    With `cache_dir`, compiled templates are kept there between builds (Jinja
    recompiles a template whose source changed).
    """
    loader = ChoiceLoader([FileSystemLoader(str(folder / TEMPLATES_DIR)) for folder in theme_dirs])
    env = Environment(
        loader=loader,
        bytecode_cache=_bytecode_cache(cache_dir) if cache_dir is not None else None,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build, its templates loaded once (warm_templates): no need to look at each
        # template's file again every time a page extends or imports it.
        auto_reload=False,
    )
    lang = site.config.language
    env.filters["fdate"] = lambda value: format_date(value, lang)
    env.filters["fmonth"] = lambda value: format_month(value, lang)
    env.filters["fnumber"] = lambda value: format_number(value, lang)
    env.filters["markdown"] = lambda text: Markup(markdown_to_html(text or ""))
    # The body the content stage converted (and cached); converted here for an article built by hand.
    env.filters["body_html"] = lambda article: Markup(article.body_html or markdown_to_html(article.body or ""))
    env.filters["first_sentence"] = first_sentence
    env.tests["web_url"] = is_web_url
    env.globals["t"] = load_strings(theme_dirs, lang)
    env.globals.update(site_globals(site))
    # Which briefings hold each article, for breadcrumbs; computed once, not per page.
    env.globals["briefings_of"] = _briefings_by_article(site)
    env.globals["actor_listing"] = _themes_listing_actors(site)
    return env


def warm_templates(env: Environment) -> None:
    """Load every template of the theme now (pages and what they extend and import), so forked workers inherit them."""
    for name in env.list_templates():
        if any(part.startswith(".") for part in name.split("/")):
            continue  # an editor's or a system's file
        try:
            env.get_template(name)
        except TemplateError:
            continue  # a broken template no page uses is no error; one a page uses fails when that page is made


def _bytecode_cache(cache_dir: Path) -> FileSystemBytecodeCache:
    # Jinja keys compiled code by template name and source (and rejects another Jinja's or Python's), not
    # by the environment's options: those are set in this module, so its code names the folder.
    options = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    folder = cache_dir / f"jinja-{options}"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


# ---------------------------------------------------------------- formatting


def format_date(value: dt.date | dt.datetime | str | None, lang: str) -> str:
    """'20 août 2025' / 'August 20, 2025'; text that is not a date is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    months = MONTHS.get(lang, MONTHS[FALLBACK_LANGUAGE])
    month = months[value.month - 1]
    if lang == "fr":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {month} {value.year}"
    return f"{month} {value.day}, {value.year}"


def format_month(month: str, lang: str) -> str:
    """'août 2025' / 'August 2025' for "2025-08"; anything else as it is."""
    try:
        year, number = (int(part) for part in month.split("-"))
        name = MONTHS.get(lang, MONTHS[FALLBACK_LANGUAGE])[number - 1]
    except (ValueError, IndexError):
        return month
    return f"{name} {year}"


def format_number(value: float, lang: str) -> str:
    """One decimal, with the language's decimal mark ("6,5" / "6.5")."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def summary_opens_body(summary: str, body: str) -> bool:
    """True when the body starts with the summary word for word (a lede used as summary): no need to print it twice."""
    words = _plain_words(summary, 80)
    return bool(words) and _plain_words(body, len(words)) == words


def _plain_words(text: str, count: int) -> list[str]:
    # The first `count` words; Markdown markers and punctuation around words do not count.
    return [w.strip("#*_>`\"'«»“”()[].,;:!?…-").casefold() for w in text.split(maxsplit=count)[:count]]


def is_web_url(value: object) -> bool:
    """Only http(s) URLs from content files become links (never javascript: and the like)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def json_for_script(data: Any) -> Markup:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close or confuse it.

    On one line: with an indent, the json module encodes in Python instead of C (a tenth of an article page).
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _theme_title(site: Site, theme_id: str) -> str:
    theme = site.config.theme(theme_id)
    return theme.title(site.config.language) if theme else theme_id


# ---------------------------------------------------------------- planning


def plan_pages(site: Site) -> list[PagePlan]:
    """Every page, feed and crawler file of the site, with what each depends on."""
    every_article = tuple(a.slug for a in site.articles)
    every_theme = tuple(b.theme for b in site.briefings)
    plans = [
        PagePlan(urls.HOME, "home", articles=every_article, themes=every_theme),
        PagePlan(urls.OTHER_NEWS, "other", articles=tuple(a.slug for a in site.other_news)),
        PagePlan(urls.ACTORS_INDEX, "actors"),  # made from the actors alone (see buildstate.actor_list)
        PagePlan(urls.SEARCH, "search"),
        PagePlan(urls.NOT_FOUND, "not_found"),
        PagePlan(urls.SITE_FEED, "feed", articles=every_article),
        PagePlan(urls.SITEMAP, "sitemap", articles=every_article, themes=every_theme),
        PagePlan(urls.ROBOTS, "robots"),
    ]
    for briefing in site.briefings:
        slugs = tuple(a.slug for a in briefing.articles)
        # Related briefings show as links titled from the configuration; which ones is part of this briefing.
        plans.append(PagePlan(urls.briefing_path(briefing.theme), "briefing", briefing.theme, slugs,
                              (briefing.theme,)))
        plans.append(PagePlan(urls.briefing_feed_path(briefing.theme), "feed", briefing.theme, slugs,
                              (briefing.theme,)))
        plans += _archive_plans(briefing.theme, briefing.articles)
    plans += _archive_plans("", site.other_news)
    for article in site.articles:
        plans.append(PagePlan(urls.article_path(article.slug), "article", article.slug, (article.slug,),
                              tuple(article.themes)))
    by_article = _briefings_by_article(site)
    listing = _themes_listing_actors(site)
    for actor in site.actors:
        if not actor.has_page:
            continue
        themes = tuple(b.theme for b in _briefings_naming(site, actor, by_article, listing))
        plans.append(PagePlan(urls.actor_path(actor.slug), "actor", actor.slug, tuple(actor.article_slugs), themes))
    return plans


def _archive_plans(theme_id: str, articles: list[Article]) -> list[PagePlan]:
    """One page per month of a long list; a month page shows only its own articles, so it depends on them alone."""
    if len(articles) <= RECENT_ARTICLES:
        return []
    return [PagePlan(urls.archive_path(theme_id, m.month), "archive", theme_id, tuple(a.slug for a in m.articles),
                     (theme_id,) if theme_id else (), month=m.month)
            for m in month_archives(articles)]  # fmt: skip


def archive_links(theme_id: str, articles: list[Article]) -> list[tuple[str, str, int]]:
    """(href, month, article count) of each month page of a list; none when the list fits on its page."""
    if len(articles) <= RECENT_ARTICLES:
        return []
    return [(TEMPLATE_URLS.archive_path(theme_id, m.month), m.month, len(m.articles)) for m in month_archives(articles)]


# ---------------------------------------------------------------- pages


def render_site(site: Site, *, theme_dirs: list[Path]) -> dict[str, bytes]:
    """Every output of the site except the search index and the search library."""
    env = make_environment(site, theme_dirs)
    files = static_files(theme_dirs)
    for plan in plan_pages(site):
        rendered = render_plan(site, plan, env)
        if rendered is not None:
            files[plan.path] = rendered
    return files


def render_plan(site: Site, plan: PagePlan, env: Environment) -> bytes | None:
    """Render one planned output; None when the theme has no template for it (e.g. no search page)."""
    renderers: dict[str, Callable[[], tuple[str, bytes]]] = {
        "home": lambda: render_home(site, env),
        "other": lambda: render_other_news(site, env),
        "actors": lambda: render_actors_index(site, env),
        "search": lambda: render_search(site, env),
        "not_found": lambda: render_not_found(site, env),
        "sitemap": lambda: (plan.path, sitemap.sitemap_xml(site)),
        "robots": lambda: (plan.path, sitemap.robots_txt(site)),
        "feed": lambda: _render_feed(site, plan),
        "briefing": lambda: render_briefing(site, env.globals["briefing_by_theme"][plan.key], env),
        "archive": lambda: render_archive(site, plan, env),
        "article": lambda: render_article(site, env.globals["article_by_slug"][plan.key], env),
        "actor": lambda: render_actor(site, env.globals["actor_by_slug"][plan.key], env),
    }
    try:
        return renderers[plan.kind]()[1]
    except TemplateNotFound:
        if plan.kind == "search":
            return None
        raise


def render_home(site: Site, env: Environment) -> tuple[str, bytes]:
    path = urls.HOME
    latest = site.articles[:10]
    return path, _render(env, "index.html", site, path, latest=latest)


def render_briefing(site: Site, briefing: Briefing, env: Environment) -> tuple[str, bytes]:
    path = urls.briefing_path(briefing.theme)
    sources = briefing.sources or sorted({a.source for a in briefing.articles if a.source})
    related = [b for b in site.briefings if b.theme in briefing.related]
    return path, _render(
        env, "briefing.html", site, path, briefing=briefing, sources=sources, related=related,
        feed_path=urls.briefing_feed_path(briefing.theme), recent=briefing.articles[:RECENT_ARTICLES],
        archives=archive_links(briefing.theme, briefing.articles),
    )  # fmt: skip


def render_archive(site: Site, plan: PagePlan, env: Environment) -> tuple[str, bytes]:
    """One month of a briefing's articles, or of the other news."""
    by_slug = env.globals["article_by_slug"]
    briefing = env.globals["briefing_by_theme"][plan.key] if plan.key else None
    return plan.path, _render(
        env, "archive.html", site, plan.path, briefing=briefing, month=plan.month,
        parent_path=urls.briefing_path(plan.key) if plan.key else urls.OTHER_NEWS,
        articles=[by_slug[slug] for slug in plan.articles],
    )  # fmt: skip


def render_article(site: Site, article: Article, env: Environment) -> tuple[str, bytes]:
    path = urls.article_path(article.slug)
    briefings = env.globals["briefings_of"].get(article.slug, [])
    inputs: list[InputRecord] = [r for r in [article.input, *article.other_inputs] if r]
    entity_groups = [(kind, names) for kind in ENTITY_KINDS if (names := getattr(article.entities, kind))]
    return path, _render(
        env, "article.html", site, path, article=article, briefings=briefings, inputs=inputs,
        entity_groups=entity_groups, json_ld=json_for_script(article_json_ld(site, article)),
        show_summary=bool(article.summary) and not summary_opens_body(article.summary, article.body),
    )  # fmt: skip


def render_other_news(site: Site, env: Environment) -> tuple[str, bytes]:
    return urls.OTHER_NEWS, _render(env, "other.html", site, urls.OTHER_NEWS,
                                    articles=site.other_news[:RECENT_ARTICLES], total=len(site.other_news),
                                    archives=archive_links("", site.other_news))


def render_actors_index(site: Site, env: Environment) -> tuple[str, bytes]:
    # Actors with a page of their own; the others are listed on their one article's page.
    groups = [(kind, [a for a in site.actors if a.kind == kind and a.has_page]) for kind in ("people", "organizations")]
    groups = [(kind, sorted(actors, key=_actor_sort_key)) for kind, actors in groups if actors]
    return urls.ACTORS_INDEX, _render(env, "actors.html", site, urls.ACTORS_INDEX, groups=groups)


def render_actor(site: Site, actor: Actor, env: Environment) -> tuple[str, bytes]:
    path = urls.actor_path(actor.slug)
    by_slug, order = env.globals["article_by_slug"], env.globals["article_order"]
    # In the site's order (newest first), without a pass over every article per actor.
    articles = [by_slug[slug] for slug in sorted(set(actor.article_slugs) & by_slug.keys(), key=order.__getitem__)]
    return path, _render(env, "actor.html", site, path, actor=actor, articles=articles,
                         briefings=_briefings_naming(site, actor, env.globals["briefings_of"],
                                                             env.globals["actor_listing"]))


def render_search(site: Site, env: Environment) -> tuple[str, bytes]:
    return urls.SEARCH, _render(env, "search.html", site, urls.SEARCH)


def render_not_found(site: Site, env: Environment) -> tuple[str, bytes]:
    # A 404 page is served at whatever depth the missing URL had, so relative links
    # cannot work everywhere: with a base_url they are absolute; without one they are
    # relative to the site root (right for a missing page at the top level only).
    root = f"{site.config.base_url}/" if site.config.base_url else ""
    return urls.NOT_FOUND, _render(env, "404.html", site, urls.NOT_FOUND, root_override=root, canonical=None)


def _render_feed(site: Site, plan: PagePlan) -> tuple[str, bytes]:
    if plan.key:
        return plan.path, feeds.briefing_feed(site, _briefing(site, plan.key))
    return plan.path, feeds.site_feed(site)


# ---------------------------------------------------------------- context


def _render(env: Environment, template: str, site: Site, path: str, root_override: str | None = None,
            **page: Any) -> bytes:
    context = page_context(site, path, root_override)
    context.update(page)
    html = env.get_template(template).render(context)
    return html.encode("utf-8")


def page_context(site: Site, path: str, root_override: str | None = None) -> dict[str, Any]:
    """What changes from page to page: where the page is, hence its links back to the root."""
    root = urls.root_prefix(path) if root_override is None else root_override
    return {
        "root": root,
        "page_path": path,
        "canonical": urls.absolute_url(site.config.base_url, path),
        "generated": site.generated,
    }


def site_globals(site: Site) -> dict[str, Any]:
    """What every template sees, computed once per site: the site and lookups for links."""
    config = site.config
    # Names are looked up the way the group stage merged them, so spelling variants find their actor.
    actor_by_name = {actor_key(a.name): a for a in site.actors}
    briefing_ids = {b.theme for b in site.briefings}
    return {
        "site": site,
        "config": config,
        "lang": config.language,
        "urls": TEMPLATE_URLS,
        "absolute": lambda target: urls.absolute_url(config.base_url, target),
        "article_by_slug": {a.slug: a for a in site.articles},
        "article_order": {a.slug: n for n, a in enumerate(site.articles)},
        "briefing_by_theme": {b.theme: b for b in site.briefings},
        "actor_by_slug": {a.slug: a for a in site.actors if a.has_page},
        # The actor page a name links to; None when the actor has no page.
        "actor_for": lambda name: actor if (actor := actor_by_name.get(actor_key(name))) and actor.has_page else None,
        "actor_href": actor_href,
        "has_briefing": lambda theme_id: theme_id in briefing_ids,
        "theme_title": lambda theme_id: _theme_title(site, theme_id),
        "input_copy_path": lambda slug, record: quote(input_copy_path(slug, record), safe="/"),
        "cached": fragment_cache(),
    }


def fragment_cache() -> Callable[..., str]:
    """The `cached` global: `{% call cached(key, ...) %}…{% endcall %}` renders its body once per key in a build.

    Hugo's partialCached: for a piece many pages repeat as it is (an article
    listed on every actor page naming it). The key must hold everything the
    body shows that is not the same for the whole site, `root` included.
    """
    made: dict[tuple[Hashable, ...], str] = {}

    def cached(*key: Hashable, caller: Callable[[], str]) -> str:
        text = made.get(key)
        if text is None:
            text = made[key] = caller()
        return text

    return cached


def actor_href(actor: Actor) -> str:
    """Where a listed actor links: their page, or the one article naming them when they have none."""
    if actor.has_page or not actor.article_slugs:
        return TEMPLATE_URLS.actor_path(actor.slug)
    return TEMPLATE_URLS.article_path(actor.article_slugs[0])


def article_json_ld(site: Site, article: Article) -> dict[str, Any]:
    """schema.org NewsArticle metadata for one article."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": article.language,
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.summary:
        data["description"] = article.summary
    if article.keywords:
        data["keywords"] = ", ".join(article.keywords)
    url = urls.absolute_url(site.config.base_url, urls.article_path(article.slug))
    if url:
        data["url"] = url
    if is_web_url(article.url):
        data["isBasedOn"] = article.url
    return data


# ---------------------------------------------------------------- lookups


def _briefings_by_article(site: Site) -> dict[str, list[Briefing]]:
    found: dict[str, list[Briefing]] = {}
    for briefing in site.briefings:
        for article in briefing.articles:
            found.setdefault(article.slug, []).append(briefing)
    return found


def _briefing(site: Site, theme_id: str) -> Briefing:
    return next(b for b in site.briefings if b.theme == theme_id)


def _briefings_naming(
    site: Site, actor: Actor, by_article: dict[str, list[Briefing]], listing: dict[str, set[str]]
) -> list[Briefing]:
    """Briefings listing the actor among those involved, or holding an article that names them."""
    themes = {b.theme for slug in actor.article_slugs for b in by_article.get(slug, [])}
    themes |= listing.get(actor.slug, set())
    return [b for b in site.briefings if b.theme in themes]


def _themes_listing_actors(site: Site) -> dict[str, set[str]]:
    """Actor slug -> themes whose briefing lists them (computed once per build, not once per actor)."""
    listing: dict[str, set[str]] = {}
    for briefing in site.briefings:
        for actor in briefing.actors:
            listing.setdefault(actor.slug, set()).add(briefing.theme)
    return listing


def _actor_sort_key(actor: Actor) -> tuple[int, str]:
    return (-len(actor.article_slugs), actor.name.casefold())

