"""The group stage: articles -> themed briefings, other news and actors.

A briefing's lead and key points are sentences lifted verbatim from its
articles (extractive, never rewritten): the sentences closest to the
briefing's centroid (TF-IDF over stems, each article weighing the same),
with redundancy removed by maximal marginal relevance, preferring sentences
that carry the theme's terms and sentences near the top of an article.
Everything here is pure and deterministic; centrality is computed within one
briefing over at most its newest `MAX_CANDIDATE_ARTICLES` articles, so the
cost grows linearly with the corpus. A briefing's selection is a function of
its theme and those articles' records alone, so the selections of the last
build are passed in and reused when their key is the same (most of the group
stage when nothing changed: the build keeps them between builds).
"""

from __future__ import annotations

import functools
import hashlib
import math
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .classify import Token, prose, stem_word, theme_term_weight, tokenize
from .config import SiteConfig, ThemeDef
from .ingest.lexicon import LEADING_ARTICLES, STOP_WORDS_EN, STOP_WORDS_FR, fold
from .ingest.sentences import split_sentences
from .models import Actor, Article, Briefing, Citation, Site, TimelineEntry
from .workers import run_tasks

RECENT_ARTICLES = 30  # articles a briefing or the other news lists in full; older ones by month
BRIEFING_ACTORS = 24  # "who is involved": the most named, not everyone a long briefing ever named
MAX_CANDIDATE_ARTICLES = 40  # newest articles whose sentences compete for the lead and key points
LEAD_PARAGRAPHS = 2  # lead sentences come from the opening paragraphs
KEY_POINT_SENTENCES = 12  # sentences per article considered for key points
MIN_WORDS, MAX_WORDS = 8, 60  # a quotable sentence: not a fragment, not a run-on
REDUNDANCY = 0.3  # MMR trade-off: share of the score given to novelty
NEAR_DUPLICATE = 0.6  # cosine above which a sentence repeats one already chosen
THEME_BONUS = 0.3
POSITION_BONUS = 0.1

_STOP_STEMS = frozenset(stem_word(w) for w in STOP_WORDS_FR | STOP_WORDS_EN)
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_NAME_PUNCTUATION = re.compile(r"[^\w]+")
_DOUBLED = re.compile(r"(\w)\1+")


# ---------------------------------------------------------------- entry point


def group(articles: list[Article], config: SiteConfig, known: Selections | None = None,
          workers: int | None = None) -> Site:  # fmt: skip
    """Briefings in configuration order, other news, and the corpus's actors.

    `known`: sentence selections of an earlier build (`Site.selections`),
    taken instead of selecting again where their key matches. The others are
    made across `workers` processes when there are several.
    """
    ordered = sort_articles(articles)
    members: dict[str, list[Article]] = {theme.id: [] for theme in config.themes}
    other_news: list[Article] = []
    for article in ordered:
        themes = [t for t in dict.fromkeys(article.themes) if t in members]
        for theme_id in themes:
            members[theme_id].append(article)
        if not themes:
            other_news.append(article)

    # The corpus's actors and the sentence selections to make do not depend on each other: made side by side,
    # across `workers` processes when there are selections to make (a few hundredths of a second each).
    known = known or {}
    keys = {theme.id: selection_key(members[theme.id], theme) for theme in config.themes}
    todo = [theme for theme in config.themes if members[theme.id] and keys[theme.id] not in known]
    actors, *made = run_tasks([functools.partial(corpus_actors, ordered, config.actor_min_articles),
                               *(functools.partial(select_sentences, members[theme.id], theme) for theme in todo)],
                              workers, costly=1 + len(todo))  # fmt: skip
    chosen, selections = theme_selections(config.themes, keys, dict(zip((t.id for t in todo), made, strict=True)),
                                          known)  # fmt: skip
    by_key = {actor_key(a.name): a for a in actors}
    briefings = [compose_briefing(theme, members[theme.id], by_key, config.language, chosen[theme.id])
                 for theme in config.themes]  # fmt: skip
    _set_related(briefings)
    return Site(config=config, articles=ordered, briefings=briefings, other_news=other_news, actors=actors,
                selections=selections)


def sort_articles(articles: Iterable[Article]) -> list[Article]:
    """Newest first, undated last, then by slug (so equal dates keep a stable order)."""
    return sorted(articles, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.slug))


def compose_briefing(
    theme: ThemeDef, articles: list[Article], actors_by_key: dict[str, Actor], ui_language: str, selection: Selection
) -> Briefing:
    """One theme's briefing, around its sentence selection (lead and key points)."""
    briefing = Briefing(
        theme=theme.id,
        title=theme.title(ui_language),
        description=theme.description(ui_language),
        articles=articles,
    )
    briefing.period = period_of(articles)
    briefing.sources = list(dict.fromkeys(a.source for a in articles if a.source))
    lead, key_points = selection
    briefing.lead, briefing.key_points, briefing.cited_slugs = number_citations(lead, key_points)
    briefing.actors = briefing_actors(articles, actors_by_key)
    briefing.timeline = timeline_of(articles[:RECENT_ARTICLES])  # what happened lately; older months have archives
    return briefing


# ---------------------------------------------------------------- dates


UNDATED = "undated"  # the archive "month" of articles without a date


@dataclass(frozen=True)
class MonthArchive:
    month: str  # "YYYY-MM", or UNDATED
    articles: list[Article]


def month_archives(articles: list[Article]) -> list[MonthArchive]:
    """Articles by month of publication, newest month first, undated last (articles keep their order)."""
    months: dict[str, list[Article]] = {}
    for article in articles:
        months.setdefault(article.date.strftime("%Y-%m") if article.date else UNDATED, []).append(article)
    order = sorted((m for m in months if m != UNDATED), reverse=True) + ([UNDATED] if UNDATED in months else [])
    return [MonthArchive(month, months[month]) for month in order]


def period_of(articles: Sequence[Article]) -> tuple[str, str] | None:
    """First and last known dates: publication dates and resolved event dates."""
    dates: list[str] = []
    for article in articles:
        if article.date:
            dates.append(article.date.isoformat())
        for event in article.event_dates:
            dates.extend(d for d in (event.start, event.end) if d)
    return (min(dates), max(dates)) if dates else None


def timeline_of(articles: Sequence[Article]) -> list[TimelineEntry]:
    """Publications and resolved event dates in date order; undated articles last, never given a date."""
    entries: list[TimelineEntry] = []
    seen: set[tuple[str | None, str, str, str]] = set()
    for article in articles:
        published = TimelineEntry(article.display_date, article.title, article.slug, "published")
        candidates = [published]
        for event in article.event_dates:
            if event.start:
                candidates.append(TimelineEntry(event.start, _event_label(event.text, event.sentence), article.slug,
                                                "event"))
        for entry in candidates:
            key = (entry.date, entry.label, entry.slug, entry.kind)
            if key not in seen:
                seen.add(key)
                entries.append(entry)
    order = {a.slug: i for i, a in enumerate(articles)}
    entries.sort(key=lambda e: (e.date is None, e.date or "", order[e.slug], e.kind != "published", e.label))
    return entries


def _event_label(text: str, sentence: str, limit: int = 220) -> str:
    """The sentence that states the event (cut at a word if long), or the date as written."""
    label = " ".join((sentence or text).split())
    if len(label) <= limit:
        return label
    return label[:limit].rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Candidate:
    text: str  # verbatim sentence of the article body
    slug: str
    article_index: int  # position of the article in the briefing (newest first)
    position: int  # sentence position in its article
    lead_zone: bool  # in the opening paragraphs
    vector: dict[str, float]
    theme_weight: float


def candidate_sentences(articles: Sequence[Article], theme: ThemeDef) -> list[Candidate]:
    """Quotable sentences of the newest articles, with TF-IDF vectors normalised to unit length."""
    raw: list[tuple[str, str, int, int, bool, list[Token]]] = []
    for index, article in enumerate(articles[:MAX_CANDIDATE_ARTICLES]):
        title_key = fold(" ".join(article.title.split()))
        paragraphs = [p for p in re.split(r"\n\s*\n", prose(article.body)) if p.strip()]
        position = 0
        for p_index, paragraph in enumerate(paragraphs):
            if position >= KEY_POINT_SENTENCES:
                break
            if paragraph.lstrip().startswith("#"):
                continue  # an intertitle is not a sentence of the story
            for sentence in split_sentences(paragraph, article.language)[: KEY_POINT_SENTENCES - position]:
                if _quotable(sentence, article.body, title_key):
                    raw.append((sentence, article.slug, index, position, p_index < LEAD_PARAGRAPHS, tokenize(sentence)))
                position += 1
    document_frequency: Counter[str] = Counter()
    bags = []
    for *_rest, tokens in raw:
        bag = Counter(t.stem for t in tokens if _content_stem(t.stem))
        bags.append(bag)
        document_frequency.update(bag.keys())
    total = len(raw) or 1
    candidates = []
    for (sentence, slug, index, position, lead_zone, tokens), bag in zip(raw, bags, strict=True):
        vector = {s: (1 + math.log(n)) * math.log(1 + total / document_frequency[s]) for s, n in bag.items()}
        candidates.append(
            Candidate(sentence, slug, index, position, lead_zone, _unit(vector), theme_term_weight(tokens, theme))
        )
    return candidates


def _quotable(sentence: str, body: str, title_key: str) -> bool:
    words = len(sentence.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        return False
    if sentence.rstrip().endswith(("?", ":")) or sentence[:1].islower():
        return False  # questions of an interview, list introductions, fragments
    if fold(" ".join(sentence.split())) == title_key:
        return False  # the headline repeated in the body
    return sentence in body  # verbatim, whatever Markdown surrounds it


def _content_stem(stem: str) -> bool:
    return len(stem) > 2 and not stem.isdigit() and stem not in _STOP_STEMS


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Only the shared stems, added in a's order: the same float as summing over all of a with zeros (adding
    # 0.0 changes nothing), without a product per stem of a that b lacks. Half the time of a sum() over a.
    total = 0.0
    for stem, weight in a.items():
        if stem in b:
            total += weight * b[stem]
    return total


def _centroid(candidates: Sequence[Candidate]) -> dict[str, float]:
    """Mean of the articles' own centroids, so a long article does not outweigh the others."""
    per_article: dict[int, Counter[str]] = {}
    for c in candidates:
        per_article.setdefault(c.article_index, Counter()).update(c.vector)
    total: Counter[str] = Counter()
    for vector in per_article.values():
        total.update(_unit(dict(vector)))
    return _unit(dict(total))


Selection = tuple[list[Candidate], list[Candidate]]  # lead, key points
Selections = dict[str, Selection]  # by selection_key


def selection_key(articles: Sequence[Article], theme: ThemeDef) -> str | None:
    """What a selection is made from: the theme and the records of the articles whose sentences compete.

    None when there is no article, or one has no record fingerprint (built
    in memory, not loaded by the content stage).
    """
    prints = [a.fingerprint for a in articles[:MAX_CANDIDATE_ARTICLES]]
    if not prints or not all(prints):
        return None
    return hashlib.blake2b(pickle.dumps((theme, prints), protocol=4), digest_size=16).hexdigest()


def theme_selections(
    themes: Sequence[ThemeDef], keys: Mapping[str, str | None], made: Mapping[str, Selection],
    known: Mapping[str, Selection],
) -> tuple[dict[str, Selection], Selections]:
    """Each theme's selection, by theme id, and the selections by key (what the next build may take again).

    `keys`: each theme's selection key; `made`: the selections made now, by
    theme; the others are taken from `known` under their key (or are empty:
    a theme without articles).
    """
    chosen = dict(made)
    for theme in themes:
        if theme.id not in chosen:
            key = keys[theme.id]
            chosen[theme.id] = known[key] if key is not None and key in known else ([], [])
    return chosen, {keys[theme.id]: chosen[theme.id] for theme in themes if keys[theme.id] is not None}


def select_sentences(articles: Sequence[Article], theme: ThemeDef) -> Selection:
    """Lead (2–3 sentences) and key points (3–7, one or two per article), most central first."""
    candidates = candidate_sentences(articles, theme)
    if not candidates:
        return [], []
    centroid = _centroid(candidates)
    top_weight = max(c.theme_weight for c in candidates) or 1.0
    relevance = {
        id(c): _cosine(c.vector, centroid)
        + THEME_BONUS * c.theme_weight / top_weight
        + POSITION_BONUS / (1 + c.position)
        for c in candidates
    }
    article_count = len({c.article_index for c in candidates})
    lead_size = 3 if article_count >= 3 else 2
    # The lead speaks of the theme: opening sentences carrying its terms, unless too few do.
    opening = [c for c in candidates if c.lead_zone]
    on_theme = [c for c in opening if c.theme_weight > 0]
    lead_pool = on_theme if len({c.article_index for c in on_theme}) >= min(lead_size, article_count) else opening
    lead = _mmr(lead_pool, relevance, lead_size, per_article=1 if article_count > 1 else 2)
    chosen = {id(c) for c in lead}
    per_article = 2 if article_count <= 3 else 1
    points_wanted = min(7, max(3, article_count))
    rest = [c for c in candidates if id(c) not in chosen]
    key_points = _mmr(rest, relevance, points_wanted, per_article, already=lead)
    key_points.sort(key=lambda c: (c.article_index, c.position))
    return lead, key_points


def _mmr(
    pool: list[Candidate],
    relevance: dict[int, float],
    size: int,
    per_article: int,
    already: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Greedy maximal marginal relevance with a cap of sentences per article; ties by article, then position."""
    chosen: list[Candidate] = []
    used: Counter[int] = Counter()
    remaining = sorted(pool, key=lambda c: (c.article_index, c.position))
    # Each candidate's greatest similarity to what is already chosen, updated as sentences are chosen.
    overlap = {id(c): max((_cosine(c.vector, s.vector) for s in already), default=0.0) for c in remaining}
    while remaining and len(chosen) < size:
        best: Candidate | None = None
        best_value = -math.inf
        for c in remaining:
            if used[c.article_index] >= per_article or overlap[id(c)] > NEAR_DUPLICATE:
                continue
            value = (1 - REDUNDANCY) * relevance[id(c)] - REDUNDANCY * overlap[id(c)]
            if value > best_value:
                best, best_value = c, value
        if best is None:
            break
        chosen.append(best)
        used[best.article_index] += 1
        remaining.remove(best)
        for c in remaining:
            overlap[id(c)] = max(overlap[id(c)], _cosine(c.vector, best.vector))
    return chosen


def number_citations(
    lead: Sequence[Candidate], key_points: Sequence[Candidate]
) -> tuple[list[Citation], list[Citation], list[str]]:
    """Citations numbered by article in order of first citation: cited_slugs[n - 1] is article n."""
    cited: list[str] = []

    def cite(c: Candidate) -> Citation:
        if c.slug not in cited:
            cited.append(c.slug)
        return Citation(c.text, c.slug, cited.index(c.slug) + 1)

    lead_citations = [cite(c) for c in lead]
    point_citations = [cite(c) for c in key_points]
    point_citations.sort(key=lambda c: c.number)  # stable: an article's points keep their order in the article
    return lead_citations, point_citations, cited


# ---------------------------------------------------------------- actors


@functools.lru_cache(maxsize=1 << 16)  # names recur across thousands of articles
def plain_name(name: str) -> str:
    """The name folded, without a leading article or punctuation: what slugs are made of."""
    words = _NAME_PUNCTUATION.sub(" ", fold(name).replace("'", "' ")).split()
    while len(words) > 1 and (words[0] in LEADING_ARTICLES or f"{words[0]}'" in LEADING_ARTICLES):
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=1 << 16)
def actor_key(name: str) -> str:
    """The name as compared across articles.

    Besides case, accents and articles, the usual spelling variants of names
    transliterated from Russian or Arabic meet: y/i ("Alexey", "Alexeï"),
    ou/u ("Garbousov", "Garbusov"), ei/e ("Andreïev", "Andreev") and doubled
    letters ("Mohammed", "Mohamed").
    """
    key = plain_name(name).replace("y", "i").replace("ou", "u").replace("ei", "e")
    return _DOUBLED.sub(r"\1", key)


def actor_slug(name: str) -> str:
    return _SLUG_CHARS.sub("-", plain_name(name))[:80].strip("-") or "actor"


def _count(counts: dict[str, int], value: str) -> None:
    counts[value] = counts.get(value, 0) + 1


def corpus_actors(articles: Sequence[Article], min_articles: int = 1) -> list[Actor]:
    """One actor per person or organisation across the corpus, merged by normalised name, sorted by slug.

    An actor named in at least `min_articles` articles gets a page (`has_page`).
    Slugs are unique and depend only on the set of names, not on article order.
    """
    # The innermost loop of grouping (every name of every article): each mention is one tuple appended to its
    # actor's list, and each distinct name's key and written form are worked out once. Most actors of a
    # large archive are named once; they need no counting at all.
    mentions: dict[str, list[tuple[str, str, str | None, str]]] = {}  # key -> (form, kind, role, article)
    seen: dict[str, tuple[str, str]] = {}  # name -> (actor key, form with single spaces)
    for article in articles:
        slug, roles = article.slug, article.roles
        for kind, names in (("people", article.entities.people), ("organizations", article.entities.organizations)):
            for name in names:
                known = seen.get(name)
                if known is None:
                    known = seen[name] = (actor_key(name), " ".join(name.split()))
                key, form = known
                if not key:
                    continue
                mention = (form, kind, roles.get(name), slug)
                listed = mentions.get(key)
                if listed is None:
                    mentions[key] = [mention]
                else:
                    listed.append(mention)
    taken: set[str] = set()
    actors: list[Actor] = []
    for key in sorted(mentions):
        listed = mentions[key]
        if len(listed) == 1:
            name, kind, role, slug = listed[0]
            slugs = [slug]
        else:
            forms: dict[str, int] = {}
            kinds: dict[str, int] = {}
            roles: dict[str, int] = {}
            slugs = []
            for form, kind, role, slug in listed:
                _count(forms, form)
                _count(kinds, kind)
                if role:
                    _count(roles, role)
                if not slugs or slugs[-1] != slug:  # an article's names come together
                    slugs.append(slug)
            name = _most_common(forms, prefer_long=True)
            kind = _most_common(kinds, prefer_long=False)
            role = _most_common(roles, prefer_long=True) if roles else None
        base = actor_slug(name)
        unique, n = base, 2
        while unique in taken:
            unique, n = f"{base}-{n}", n + 1
        taken.add(unique)
        actors.append(Actor(name, kind, unique, role or None, slugs, len(slugs) >= min_articles))
    actors.sort(key=lambda a: a.slug)
    return actors


def _most_common(counts: dict[str, int], prefer_long: bool) -> str:
    """Highest count; ties go to the longer (or shorter) form, then alphabetical order."""
    if len(counts) == 1:
        return next(iter(counts))
    sign = -1 if prefer_long else 1
    return min(counts, key=lambda v: (-counts[v], sign * len(v), v))


def briefing_actors(articles: Sequence[Article], actors_by_key: dict[str, Actor]) -> list[Actor]:
    """The actors most named in these articles, with the articles of this briefing and the role they hold here."""
    slugs: dict[str, list[str]] = {}
    roles: dict[str, dict[str, int]] = {}
    for article in articles:
        for name in [*article.entities.people, *article.entities.organizations]:
            key = actor_key(name)
            if key not in actors_by_key:
                continue
            named = slugs.setdefault(key, [])
            if not named or named[-1] != article.slug:  # an article's names come together
                named.append(article.slug)
            role = article.roles.get(name)
            if role:
                _count(roles.setdefault(key, {}), role)

    def rank(key: str) -> tuple[int, bool, str]:
        actor = actors_by_key[key]
        return -len(slugs[key]), actor.kind != "people", actor.name.casefold()

    # Only actors named at least as often as the last one kept can be among the first BRIEFING_ACTORS.
    counts = sorted((len(v) for v in slugs.values()), reverse=True)
    floor = counts[BRIEFING_ACTORS - 1] if len(counts) > BRIEFING_ACTORS else 0
    result = []
    for key in sorted((k for k, v in slugs.items() if len(v) >= floor), key=rank)[:BRIEFING_ACTORS]:
        actor = actors_by_key[key]
        role = _most_common(roles[key], prefer_long=True) if key in roles else actor.role
        result.append(Actor(actor.name, actor.kind, actor.slug, role, slugs[key], actor.has_page))
    return result


# ---------------------------------------------------------------- related


def _set_related(briefings: list[Briefing]) -> None:
    """Other themes sharing articles or actors, most shared first, then configuration order."""
    article_sets = {b.theme: {a.slug for a in b.articles} for b in briefings}
    actor_sets = {b.theme: {a.slug for a in b.actors} for b in briefings}
    order = {b.theme: i for i, b in enumerate(briefings)}
    for briefing in briefings:
        shared = {
            other.theme: len(article_sets[briefing.theme] & article_sets[other.theme])
            + len(actor_sets[briefing.theme] & actor_sets[other.theme])
            for other in briefings
            if other.theme != briefing.theme
        }
        briefing.related = sorted((t for t, n in shared.items() if n), key=lambda t: (-shared[t], order[t]))
