"""The things that travel between stages: extracted pages, articles, briefings.

Every stage takes and returns these dataclasses; none of them does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .config import SiteConfig

# Front-matter keys of the entity groups, in display order.
ENTITY_KINDS: tuple[str, ...] = ("people", "organizations", "places", "events")


@dataclass(frozen=True)
class InputRecord:
    """Provenance of one input page: where it came from and what it was."""

    path: str  # file name relative to the input folder
    sha256: str
    format: str  # "text" | "html" | "markdown"


@dataclass
class DateEstimate:
    """A date the page does not state as its publication date, with its basis."""

    value: str  # YYYY-MM-DD
    basis: str  # human-readable reason, e.g. "latest event date in the body"


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def all_names(self) -> list[str]:
        return [*self.people, *self.organizations, *self.places, *self.events]


@dataclass
class Extraction:
    """What ingest recovers from one input page, before any theming.

    `body` is Markdown: paragraphs separated by blank lines, intertitles as
    `## ` headings, list items as `- `.
    """

    title: str | None
    body: str
    title_derived: bool = False
    date: str | None = None  # publication date YYYY-MM-DD, only when stated
    date_estimate: DateEstimate | None = None
    author: str | None = None
    source: str | None = None
    section: str | None = None
    language: str | None = None  # ISO 639-1
    summary: str | None = None
    entities: Entities = field(default_factory=Entities)
    roles: dict[str, str] = field(default_factory=dict)  # name -> role in text
    event_dates: list[EventDate] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    url: str | None = None  # canonical URL of the original, when the page gives it


@dataclass
class EventDate:
    """A date mentioned in a body ("du 14 au 16 avril"), resolved when possible."""

    text: str  # as written
    start: str | None  # YYYY-MM-DD, None when the year cannot be established
    end: str | None = None
    sentence: str = ""


@dataclass
class ThemeMatch:
    """Why an article belongs to a theme."""

    theme: str
    score: float
    evidence: list[str]  # the terms (or rule names) that fired, as found
    title_score: float = 0.0  # weight of the theme's words in the headline (for the primary theme; not stored)


@dataclass
class Article:
    """An article as stored in content/articles/<slug>.md and rendered."""

    slug: str
    title: str
    body: str  # Markdown
    title_derived: bool = False
    date: dt.date | None = None
    date_estimate: DateEstimate | None = None
    author: str | None = None
    source: str | None = None
    section: str | None = None
    language: str = "fr"
    summary: str = ""
    themes: list[str] = field(default_factory=list)
    primary_theme: str | None = None
    theme_matches: list[ThemeMatch] = field(default_factory=list)
    entities: Entities = field(default_factory=Entities)
    roles: dict[str, str] = field(default_factory=dict)
    event_dates: list[EventDate] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    word_count: int = 0
    reading_time: int = 0  # minutes
    url: str | None = None
    input: InputRecord | None = None
    other_inputs: list[InputRecord] = field(default_factory=list)
    source_file: str = ""  # content file path relative to the content folder
    # Set by the content stage: the body as sanitised HTML, and a digest of the loaded record
    # (what build-state fingerprints start from).
    body_html: str = field(default="", compare=False, repr=False)
    fingerprint: str = field(default="", compare=False)

    @property
    def display_date(self) -> str | None:
        return self.date.isoformat() if self.date else None


@dataclass
class Citation:
    """A sentence lifted from an article, with the article it cites."""

    text: str
    slug: str
    number: int  # 1-based citation number within the briefing


@dataclass
class Actor:
    """A person or organisation named in a set of articles."""

    name: str
    kind: str  # "people" | "organizations"
    slug: str
    role: str | None
    article_slugs: list[str]
    has_page: bool = True  # named in enough articles for a page of their own


@dataclass
class TimelineEntry:
    date: str | None  # YYYY-MM-DD, None for undated articles
    label: str
    slug: str
    kind: str  # "published" | "event"


@dataclass
class Briefing:
    """A themed brief composed from the articles of one theme."""

    theme: str  # theme id
    title: str
    description: str
    articles: list[Article]  # newest first; undated last
    lead: list[Citation] = field(default_factory=list)
    key_points: list[Citation] = field(default_factory=list)
    cited_slugs: list[str] = field(default_factory=list)  # citation n -> slug
    actors: list[Actor] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    period: tuple[str, str] | None = None  # first and last known dates
    sources: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # other theme ids


@dataclass
class Site:
    """Everything the render and index stages need, after grouping."""

    config: SiteConfig
    articles: list[Article]  # newest first, undated last, then by slug
    briefings: list[Briefing]  # in configuration order
    other_news: list[Article]  # articles in no briefing
    actors: list[Actor]  # people and organisations across the corpus
    generated: dt.datetime | None = None  # from SOURCE_DATE_EPOCH; None: no timestamp in output
    # The briefings' sentence selections by what they were chosen from (group.Selections), for the next build.
    selections: dict[str, Any] = field(default_factory=dict)

    def article(self, slug: str) -> Article | None:
        return next((a for a in self.articles if a.slug == slug), None)
