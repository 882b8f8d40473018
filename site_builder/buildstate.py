"""Build state: what each output was made from, so a rebuild renders only what changed.

In the spirit of Lektor's build state: every output records a fingerprint of
its sources — the site shell (configuration, theme files, the package's code),
the articles and briefings the render plan says it depends on, and for actor
pages the actor. A rebuild renders an output again only when its fingerprint
changed or the file is missing; the rest is carried over from the previous
site untouched. The state is a JSON file per output folder under
`.site_builder/`; it also holds a key of everything the site depends on, so a
build with nothing changed stops before any work.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, urls
from .atomic import write_text_atomic
from .config import SiteConfig
from .content import ARTICLES_DIR
from .models import Article, Briefing, Site
from .render import PagePlan

STATE_DIR = ".site_builder/outputs"


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=4)


def code_fingerprint() -> str:
    """The package's own code: a changed module (a developer's edit, an upgrade) invalidates every output."""
    package = Path(__file__).resolve().parent
    stamps = [
        f"{path.relative_to(package)}|{path.stat().st_size}|{path.stat().st_mtime_ns}"
        for path in sorted(package.rglob("*.py"))
    ]
    return _digest(__version__, *stamps)


def shell_fingerprint(config: SiteConfig, theme_dirs: list[Path], generated: Any) -> str:
    """What every page shares: code, configuration, theme files, build date."""
    parts: list[bytes | str] = [code_fingerprint(), _pickled((config.title, config.description,
                                config.language, config.base_url, config.themes)), repr(generated)]
    for root in theme_dirs:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            parts.append(f"{path.relative_to(root)}")
            parts.append(path.read_bytes())
    return _digest(*parts)


def data_fingerprint(config: SiteConfig) -> str:
    """Code and configuration, without theme files, build date or base URL: what search files depend on.

    No base URL: search files hold URLs relative to the site root, so the
    offline bundle and the hosted site, built one after the other, share them.
    """
    return _digest(code_fingerprint(), _pickled((config.title, config.description, config.language, config.themes)))


@dataclass
class SiteFingerprints:
    shell: str
    data: str = ""  # code and configuration as search files use them (data_fingerprint)
    records: dict[str, str] = field(default_factory=dict)  # article -> its record alone
    articles: dict[str, str] = field(default_factory=dict)  # article -> its page's sources (record, actor links)
    briefings: dict[str, str] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)  # actors with a page of their own
    actor_list: str = ""  # the actors as the actors index lists them


def site_fingerprints(site: Site, shell: str, actor_slug_for: Any) -> SiteFingerprints:
    """Fingerprints of every article, briefing and actor of the site."""
    prints = SiteFingerprints(shell, data_fingerprint(site.config))
    for article in site.articles:
        # An article page links its entities to actor pages: their slugs are part of what it shows.
        names = article.entities.people + article.entities.organizations
        prints.records[article.slug] = record = record_print(article)
        prints.articles[article.slug] = _digest(record, "|".join(str(actor_slug_for(n)) for n in names))
    for briefing in site.briefings:
        prints.briefings[briefing.theme] = _briefing_print(briefing, prints.articles)
    listed = []
    for actor in site.actors:
        if actor.has_page:
            prints.actors[actor.slug] = _digest(_pickled(actor))
            listed.append((actor.slug, actor.name, actor.kind, actor.role, len(actor.article_slugs)))
    prints.actor_list = _digest(_pickled(listed))
    return prints


def record_print(article: Article) -> str:
    """An article's record alone: the content stage's digest of it (pickled only for an article built by hand)."""
    return _digest(article.fingerprint or _pickled(article))


def _briefing_print(briefing: Briefing, article_prints: dict[str, str]) -> str:
    own = (briefing.title, briefing.description, briefing.lead, briefing.key_points, briefing.cited_slugs,
           briefing.actors, briefing.timeline, briefing.period, briefing.sources, briefing.related)
    return _digest(_pickled(own), *(article_prints[a.slug] for a in briefing.articles))


def plan_fingerprint(plan: PagePlan, prints: SiteFingerprints) -> str:
    parts: list[str] = [prints.shell, plan.kind, plan.path, str(plan.key)]
    parts += (prints.articles.get(slug, "-") for slug in plan.articles)
    if plan.kind in ("article", "actor", "archive"):
        # These pages name their briefings (titles come from the shell), nothing more of them.
        parts += plan.themes
    else:
        parts += (prints.briefings.get(theme, "-") for theme in plan.themes)
    if plan.kind == "actor":
        parts.append(prints.actors.get(str(plan.key), "-"))
    if plan.kind == "actors":
        parts.append(prints.actor_list)
    return _digest(*parts)


def source_prints(prints: SiteFingerprints) -> dict[str, str]:
    """Page URL -> what its search document is made from besides its own fields, for the search shards.

    Code and configuration, not the theme: no search document shows a
    template. For an article, its record too, and nothing else: its page
    also depends on which of its names have actor pages, which a new article
    elsewhere can change, but its search document does not, so its shard is
    not made again for that. A briefing's document is a few
    fields of its own, cheap to make, so the search stage fingerprints it from
    those rather than from its thousands of articles (see search_index).
    """
    by_url = {urls.article_path(slug): prints.data + value for slug, value in prints.records.items()}
    by_url.update({urls.briefing_path(theme): prints.data for theme in prints.briefings})
    return by_url


def article_source_prints(config: SiteConfig, articles: Iterable[Article]) -> dict[str, str]:
    """`source_prints` of the articles alone, the same values, from the records before the site is grouped."""
    data = data_fingerprint(config)
    return {urls.article_path(article.slug): data + record_print(article) for article in articles}


def build_key(config: SiteConfig, theme_dirs: list[Path]) -> str:
    """A digest of everything a site depends on: when it is the last build's, there is nothing to do."""
    digest = hashlib.sha256()
    digest.update(f"{code_fingerprint()}|{config.base_url}|{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    digest.update(repr(dataclasses.replace(config, root=Path("."))).encode())
    for root in [config.content_path / ARTICLES_DIR, config.input_path, *theme_dirs]:
        for name, size, mtime in sorted(_file_stamps(str(root))):
            digest.update(f"{name}|{size}|{mtime}\n".encode())
    return digest.hexdigest()


def _file_stamps(root: str, prefix: str = "") -> list[tuple[str, int, int]]:
    """(relative path, size, modification time) of every file below `root`; links to folders not followed."""
    stamps: list[tuple[str, int, int]] = []
    try:
        entries = list(os.scandir(root))
    except OSError:  # missing, or not a folder
        return stamps
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                stamps += _file_stamps(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                stat = entry.stat()
                stamps.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            continue  # vanished while listed
    return stamps


@dataclass
class BuildState:
    """What the last build into one output folder recorded."""

    key: str | None = None  # build_key() of that build
    outputs: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint of its sources

    def unchanged(self, out: Path, path: str, fingerprint: str) -> bool:
        """The output is still in the site and was made from the same sources."""
        # os.path on a string: called for every output, pathlib's own work would cost more than the stat.
        return self.outputs.get(path) == fingerprint and os.path.isfile(os.path.join(out, path))


def _state_path(root: Path, out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return root / STATE_DIR / f"{key}.json"


def load_state(root: Path, out: Path) -> BuildState:
    """What the last build into `out` recorded; empty when there was none."""
    try:
        data = json.loads(_state_path(root, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if not isinstance(data, dict) or data.get("out") != str(out.resolve()):
        return BuildState()
    outputs = data.get("outputs")
    key = data.get("key")
    return BuildState(key if isinstance(key, str) else None, outputs if isinstance(outputs, dict) else {})


def save_state(root: Path, out: Path, state: BuildState) -> None:
    data = {"out": str(out.resolve()), "key": state.key, "outputs": dict(sorted(state.outputs.items()))}
    write_text_atomic(_state_path(root, out), json.dumps(data, ensure_ascii=False, indent=0))
