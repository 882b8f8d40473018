"""The build, top to bottom: ingest → content → group → render → index → write.

Each stage is one module; data flows one way. This function is the only
place that knows the order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector
from .buildstate import (
    BuildState,
    SiteFingerprints,
    article_source_prints,
    build_key,
    load_state,
    plan_fingerprint,
    save_state,
    shell_fingerprint,
    site_fingerprints,
    source_prints,
)
from .config import SiteConfig
from .content import ARTICLES_DIR, read_articles
from .group import group, sort_articles
from .models import Article, Site
from .output import SiteWriter
from .render import (
    PagePlan,
    default_theme_dir,
    make_environment,
    plan_pages,
    render_plan,
    static_files,
    warm_templates,
)
from .report import Reporter
from .search_cache import SEARCH_CACHE, SearchCache
from .search_index import is_index_shard, is_shard, site_article_shards, site_search_outputs
from .selection_store import load_selections, save_selections
from .sources import collect_input_copies
from .term_store import kept_search_terms, terms_carry
from .workers import Background, Maker, default_workers, make_outputs, start_in_background

if TYPE_CHECKING:
    from .ingest.run import IngestResult

CONTENT_CACHE = ".site_builder/content-cache"
TEMPLATE_CACHE = ".site_builder/templates"
# Fewer shards than this (a small rebuild's: the one holding a new article) are not worth a background
# process: this one, going on with the whole site in memory, would pay for copying the pages it writes to.
MIN_BACKGROUND_SHARDS = 2


class BuildError(Exception):
    """Nothing could be built; the message is one line."""


@dataclass
class BuildResult:
    out_dir: Path
    pages: int = 0
    articles: int = 0
    briefings: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    ingest: IngestResult | None = None
    warnings: list[str] = field(default_factory=list)


def build(
    config: SiteConfig,
    reporter: Reporter,
    *,
    out_dir: Path | None = None,
    base_url: str | None = None,
    ingest_inputs: bool = True,
    workers: int | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the site described by `config` into `out_dir`."""
    started = time.perf_counter()
    collector.release_frozen()  # what an earlier build in this process kept (serve) can be freed now
    if base_url is not None:
        config = dataclasses.replace(config, base_url=base_url.rstrip("/"))
    out = out_dir or config.output_path
    result = BuildResult(out_dir=out)

    # 1. ingest: input pages -> content records (only what is new or changed)
    if ingest_inputs:
        from .ingest import run as ingest_run  # imported only to ingest: a fifth of the imports of a build

        result.ingest = ingest_run.ingest(config, reporter, workers=workers, force=force)

    # Nothing changed since the last build into the same folder: no work twice.
    dirs = theme_dirs(config)
    previous = BuildState() if force else load_state(config.root, out)
    state = BuildState(key=build_key(config, dirs))
    if previous.key == state.key and out.is_dir():
        reporter.stage("build", f"up to date ({out})")
        result.up_to_date = True
        result.seconds = time.perf_counter() - started
        return result

    # 2. content: records -> articles
    with collector.paused():  # tens of thousands of records that all live to the end: nothing to collect
        loaded = read_articles(config.content_path, reporter, cache_path=config.root / CONTENT_CACHE,
                               workers=workers)
        articles = loaded.articles
        collector.freeze_long_lived()  # and no later collection needs to walk them
    reporter.stage("content", f"{len(articles)} articles")
    if not articles:
        raise BuildError(f"{config.content_dir}/{ARTICLES_DIR}: no article to build a site from")

    # (5, started early) index: the search shards that hold articles only do not depend on grouping; those
    #    not in the site or the search cache already are made into the cache by a background process while
    #    this one groups and plans (what it has no time for is made in step 6, with the rest)
    search_cache = SearchCache(config.root / SEARCH_CACHE)
    with start_article_shards(config, articles, previous, out, search_cache, workers):
        # 3. group: articles -> briefings, other news, actors (sentence selections made from the same articles
        #    by the last build taken as they are)
        known_selections = load_selections(config.root)
        site = group(articles, config, known_selections, workers)
        save_selections(config.root, site.selections, known_selections)
        site.generated = source_date()
        reporter.stage("group", f"{len(site.briefings)} briefings, {len(site.other_news)} other articles")

        # 4. render: site -> the pages, feeds and sitemap whose sources changed (planned, made in step 6)
        rendered = plan_render(site, dirs, out, previous)
        makers, keep, state.outputs = rendered.makers, rendered.keep, rendered.outputs
        copies = collect_input_copies(site, config.input_path, reporter, previous=previous, out=out)
        keep += copies.keep
        state.outputs.update(copies.outputs)
        reporter.stage("render", f"{len(makers)} outputs to render, {len(keep)} unchanged")
        # Kept for the next build now, not before grouping: the background process is finishing the shard it
        # is on, and this one would only wait for it.
        loaded.save_cache()

    # 5. index: site -> the search index shards whose documents changed (or, for a new folder, those an earlier
    #    build or the background process made from the same documents, kept in the search cache), and the
    #    search library
    indexed = plan_index(site, rendered.prints, previous, out, search_cache)
    keep += indexed.keep
    state.outputs.update(indexed.outputs)
    reporter.stage("index", f"{len(site.articles) + len(site.briefings)} documents, "
                            f"{len(indexed.makers)} search files to make, {len(indexed.files)} from the search cache")

    # 6. make: every planned output, across processes (index shards first, handed out one at a time: they
    #    take longest), the words of earlier builds' indexes stemmed already and the words stemmed now kept
    #    for the next; a whole new site is staged file by file by the processes that make them
    shards = {path: make for path, make in indexed.makers.items() if is_index_shard(path)}
    all_makers = {**shards, **indexed.makers, **makers}
    planned = [*all_makers, *rendered.files, *indexed.files, *copies.files]
    with SiteWriter(out, keep=keep, planned=planned, known=previous.outputs if keep else None) as writer:
        with kept_search_terms(config.root, needed=bool(shards)) as new_terms:
            made = make_outputs(all_makers, workers, costly=len(shards), finish=writer.stage_file, carry=new_terms)
        files = {**made, **rendered.files, **indexed.files, **copies.files}
        reporter.stage("make", f"{len(makers) + len(indexed.makers)} outputs made")

        # 7. write: the staged site swapped in whole, or the few changed files committed in place
        writer.commit(files)
    save_state(config.root, out, state)
    search_cache.prune((path, print_) for path, print_ in indexed.outputs.items() if is_shard(path))

    result.pages = sum(1 for name in [*files, *keep] if name.endswith(".html"))
    result.articles = len(site.articles)
    result.briefings = len(site.briefings)
    result.seconds = time.perf_counter() - started
    result.warnings = list(reporter.warnings)
    reporter.stage("write", f"{len(files) + len(keep)} files to {out} in {result.seconds:.2f} s")
    return result


@dataclass
class Rendered:
    files: dict[str, bytes]  # outputs already in hand (theme assets)
    makers: dict[str, Maker]  # outputs to make, each by a call
    keep: list[str]  # outputs carried over from the previous site
    outputs: dict[str, str]  # every output -> the fingerprint of its sources
    prints: SiteFingerprints


def plan_render(site: Site, dirs: list[Path], out: Path, previous: BuildState) -> Rendered:
    """Plan the outputs whose fingerprint changed; list the others to keep."""
    env = make_environment(site, dirs, cache_dir=site.config.root / TEMPLATE_CACHE)
    warm_templates(env)  # loaded once here, not once per worker
    actor_for = env.globals["actor_for"]
    prints = site_fingerprints(site, shell_fingerprint(site.config, dirs, site.generated),
                               lambda name: getattr(actor_for(name), "slug", None))
    result = Rendered(static_files(dirs), {}, [], {}, prints)
    # Static files are written every time (a few, compared byte for byte); recorded so that the state lists
    # every file of the site.
    result.outputs.update({path: "static" for path in result.files})
    plans: list[PagePlan] = plan_pages(site)
    for plan in plans:
        fingerprint = plan_fingerprint(plan, prints)
        result.outputs[plan.path] = fingerprint
        if previous.unchanged(out, plan.path, fingerprint):
            result.keep.append(plan.path)
        else:
            result.makers[plan.path] = functools.partial(render_plan, site, plan, env)
    return result


@dataclass
class Indexed:
    files: dict[str, bytes]  # shards found in the search cache
    makers: dict[str, Maker]  # search files to make, each by a call (shards kept in the cache as made)
    keep: list[str]  # search files carried over from the previous site
    outputs: dict[str, str]  # every search file -> the fingerprint of its sources


def plan_index(
    site: Site, prints: SiteFingerprints, previous: BuildState, out: Path, cache: SearchCache
) -> Indexed:
    """Plan the search files whose fingerprint changed; take those the cache has, list the others to keep."""
    result = Indexed({}, {}, [], {})
    for output in site_search_outputs(site, source_prints(prints)):
        result.outputs[output.path] = output.fingerprint
        if previous.unchanged(out, output.path, output.fingerprint):
            result.keep.append(output.path)
        elif not is_shard(output.path):
            result.makers[output.path] = output.make
        elif (data := cache.get(output.path, output.fingerprint)) is not None:
            result.files[output.path] = data
        else:
            result.makers[output.path] = cache.keeping(output.path, output.fingerprint, output.make)
    return result


def start_article_shards(
    config: SiteConfig, articles: list[Article], previous: BuildState, out: Path, cache: SearchCache,
    workers: int | None,
) -> Background:
    """The index shards of articles alone that are to be made, made into the search cache in the background."""
    if (workers or default_workers()) < 2:
        return Background()
    ordered = sort_articles(articles)
    planned = site_article_shards(config, ordered, article_source_prints(config, ordered))
    todo = [cache.keeping(o.path, o.fingerprint, o.make) for o in planned
            if is_index_shard(o.path) and not previous.unchanged(out, o.path, o.fingerprint)
            and not cache.has(o.path, o.fingerprint)]  # fmt: skip
    if len(todo) < MIN_BACKGROUND_SHARDS:
        return Background()
    return start_in_background(todo, carry=terms_carry())


def theme_dirs(config: SiteConfig) -> list[Path]:
    """The user's theme folder first (file by file overrides), then ours."""
    dirs = [default_theme_dir()]
    if config.theme_dir:
        user = config.root / config.theme_dir
        if not user.is_dir():
            raise BuildError(f"theme: folder '{config.theme_dir}' not found")
        dirs.insert(0, user)
    return dirs


def source_date() -> dt.datetime | None:
    """The build time to print, only when SOURCE_DATE_EPOCH sets it."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise BuildError(f"SOURCE_DATE_EPOCH: '{value}' is not a number of seconds") from None
