"""The content stage: `content/articles/<slug>.md`, the reviewable record.

A content file is YAML front matter between `---` lines, then the article
body in Markdown. Any tool that reads YAML and Markdown can read and write it.

Corrections are kept by fingerprints: when ingest writes a field it also
records, under `fingerprints`, a short hash of the value it wrote. On the next
ingest a field whose value no longer matches its fingerprint was edited by a
person and is left as it is; the other fields take the new extraction. A field
listed under `locked` is never rewritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import pickle
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import content_cache
from .atomic import write_text_atomic
from .config import YAML_LOADER
from .markup import markdown_to_html
from .models import ENTITY_KINDS, Article, DateEstimate, Entities, EventDate, InputRecord, ThemeMatch
from .report import Reporter
from .workers import run_tasks

ARTICLES_DIR = "articles"

# Front-matter keys in the order they are written. Fields a person may edit
# are fingerprinted; bookkeeping keys are not.
FIELD_ORDER: tuple[str, ...] = (
    "title",
    "title_derived",
    "date",
    "date_estimate",
    "author",
    "source",
    "section",
    "language",
    "summary",
    "themes",
    "primary_theme",
    "theme_evidence",
    "entities",
    "roles",
    "event_dates",
    "keywords",
    "word_count",
    "reading_time",
    "url",
)
BOOKKEEPING = ("input", "other_inputs", "locked", "fingerprints")
BODY_KEY = "body"

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)


class ContentError(Exception):
    """A content file cannot be read; the message is one line."""


# ---------------------------------------------------------------- parsing


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a content file into its front matter mapping and its body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError("no front matter (the file must start with a '---' line)")
    try:
        meta = yaml.load(match.group(1) or "", Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise ContentError(f"malformed YAML front matter{where}") from None
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of keys to values")
    return meta, match.group(2).strip("\n")


def article_from_record(meta: dict[str, Any], body: str, slug: str) -> tuple[Article, list[str]]:
    """Build an Article from front matter, tolerating wrong types.

    Returns the article and a list of problems ("date: 'tomorrow' is not a
    date YYYY-MM-DD; ignored"). Raises ContentError only when nothing usable
    is left (no title and no body).
    """
    problems: list[str] = []

    def text(key: str) -> str | None:
        value = meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip() or None
        problems.append(f"{key}: expected text, got {type(value).__name__}; ignored")
        return None

    def str_list(key: str) -> list[str]:
        value = meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return [str(v) for v in value]
        problems.append(f"{key}: expected a list of text, got {_describe(value)}; ignored")
        return []

    title = text("title")
    if not title and not body.strip():
        raise ContentError("no title and no body")
    date = _parse_date(meta.get("date"), problems)
    themes = str_list("themes")
    entities = Entities()
    raw_entities = meta.get("entities")
    if isinstance(raw_entities, dict):
        for kind in ENTITY_KINDS:
            value = raw_entities.get(kind) or []
            if isinstance(value, list):
                setattr(entities, kind, [str(v) for v in value if isinstance(v, (str, int))])
            else:
                problems.append(f"entities.{kind}: expected a list; ignored")
    elif raw_entities is not None:
        problems.append(f"entities: expected a mapping, got {_describe(raw_entities)}; ignored")

    language = text("language") or "fr"
    words = len(body.split())
    article = Article(
        slug=slug,
        title=title or _first_words(body),
        title_derived=bool(meta.get("title_derived")) or not title,
        body=body,
        date=date,
        date_estimate=_parse_estimate(meta.get("date_estimate")),
        author=text("author"),
        source=text("source"),
        section=text("section"),
        language=language[:2].lower(),
        summary=text("summary") or "",
        themes=themes,
        primary_theme=text("primary_theme") or (themes[0] if themes else None),
        theme_matches=_parse_evidence(meta.get("theme_evidence"), themes),
        entities=entities,
        roles={str(k): str(v) for k, v in (meta.get("roles") or {}).items()}
        if isinstance(meta.get("roles"), dict)
        else {},
        event_dates=_parse_event_dates(meta.get("event_dates")),
        keywords=str_list("keywords"),
        word_count=words,
        reading_time=max(1, round(words / 230)),
        url=text("url"),
        input=_parse_input(meta.get("input")),
        other_inputs=[r for r in map(_parse_input, meta.get("other_inputs") or []) if r],
    )
    return article, problems


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:60]


def _parse_date(value: Any, problems: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    problems.append(f"date: {value!r} is not a date YYYY-MM-DD; ignored")
    return None


def _parse_estimate(value: Any) -> DateEstimate | None:
    if isinstance(value, dict) and value.get("value"):
        return DateEstimate(str(value["value"]), str(value.get("basis") or ""))
    return None


def _parse_evidence(value: Any, themes: list[str]) -> list[ThemeMatch]:
    if not isinstance(value, dict):
        return [ThemeMatch(t, 0.0, []) for t in themes]
    matches = []
    for theme in themes:
        item = value.get(theme) or {}
        score = item.get("score", 0.0) if isinstance(item, dict) else 0.0
        terms = item.get("terms", []) if isinstance(item, dict) else []
        matches.append(
            ThemeMatch(
                theme,
                float(score) if isinstance(score, (int, float)) else 0.0,
                [str(t) for t in terms] if isinstance(terms, list) else [],
            )
        )
    return matches


def _parse_event_dates(value: Any) -> list[EventDate]:
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, dict) and item.get("text"):
            out.append(
                EventDate(
                    text=str(item["text"]),
                    start=str(item["start"]) if item.get("start") else None,
                    end=str(item["end"]) if item.get("end") else None,
                    sentence=str(item.get("sentence") or ""),
                )
            )
    return out


def _parse_input(value: Any) -> InputRecord | None:
    if isinstance(value, dict) and value.get("path"):
        return InputRecord(str(value["path"]), str(value.get("sha256") or ""), str(value.get("format") or ""))
    return None


def _first_words(body: str, limit: int = 12) -> str:
    words = re.sub(r"[#*_>`-]+", " ", body).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def read_article(path: Path, content_dir: Path) -> tuple[Article, list[str]]:
    """Read one content file. Raises ContentError with a one-line reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("not UTF-8 text") from None
    meta, body = split_front_matter(text)
    article, problems = article_from_record(meta, body, slug=path.stem)
    article.source_file = path.relative_to(content_dir).as_posix()
    return article, problems


# ---------------------------------------------------------------- writing


def record_from_article(article: Article) -> dict[str, Any]:
    """The front matter of an article, in FIELD_ORDER, ready for YAML."""
    evidence = {m.theme: {"score": round(m.score, 2), "terms": m.evidence} for m in article.theme_matches}
    record: dict[str, Any] = {
        "title": article.title,
        "title_derived": article.title_derived,
        "date": article.date.isoformat() if article.date else None,
        "date_estimate": asdict(article.date_estimate) if article.date_estimate else None,
        "author": article.author,
        "source": article.source,
        "section": article.section,
        "language": article.language,
        "summary": article.summary,
        "themes": list(article.themes),
        "primary_theme": article.primary_theme,
        "theme_evidence": evidence,
        "entities": {kind: list(getattr(article.entities, kind)) for kind in ENTITY_KINDS},
        "roles": dict(article.roles),
        "event_dates": [asdict(e) for e in article.event_dates],
        "keywords": list(article.keywords),
        "word_count": article.word_count,
        "reading_time": article.reading_time,
        "url": article.url,
    }
    if article.input:
        record["input"] = asdict(article.input)
    if article.other_inputs:
        record["other_inputs"] = [asdict(r) for r in article.other_inputs]
    return record


def fingerprint(value: Any) -> str:
    """A short, stable hash of a field value as YAML would round-trip it."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def merge_corrections(
    fresh: dict[str, Any], fresh_body: str, existing: dict[str, Any] | None, existing_body: str | None
) -> tuple[dict[str, Any], str, list[str]]:
    """Combine a fresh extraction with the file a person may have edited.

    Returns the front matter to write (fingerprints included), the body, and
    the names of the fields kept as the person left them.
    """
    fresh_prints = {key: fingerprint(fresh.get(key)) for key in FIELD_ORDER}
    fresh_prints[BODY_KEY] = fingerprint(fresh_body.strip())
    if existing is None:
        return {**fresh, "locked": [], "fingerprints": fresh_prints}, fresh_body, []

    old_prints = existing.get("fingerprints") if isinstance(existing.get("fingerprints"), dict) else {}
    locked = existing.get("locked") if isinstance(existing.get("locked"), list) else []
    merged: dict[str, Any] = {}
    prints: dict[str, str] = {}
    kept: list[str] = []

    def edited(key: str, current: Any) -> bool:
        if key in locked:
            return True
        if key not in old_prints:
            # A field ingest never wrote but a person added counts as an edit.
            return key in existing and current is not None and current != fresh.get(key)
        return fingerprint(current) != old_prints[key]

    for key in FIELD_ORDER:
        current = _normalise_yaml_value(existing.get(key))
        if key in existing and edited(key, current):
            merged[key] = existing[key]
            prints[key] = old_prints.get(key, "")
            kept.append(key)
        else:
            merged[key] = fresh.get(key)
            prints[key] = fresh_prints[key]
    # Keys a person added that ingest does not know are carried over untouched.
    for key, value in existing.items():
        if key not in merged and key not in BOOKKEEPING:
            merged[key] = value
    body = fresh_body
    if existing_body is not None and edited(BODY_KEY, existing_body.strip()):
        body = existing_body
        prints[BODY_KEY] = old_prints.get(BODY_KEY, "")
        kept.append(BODY_KEY)
    else:
        prints[BODY_KEY] = fresh_prints[BODY_KEY]
    for key in ("input", "other_inputs"):
        if key in fresh:
            merged[key] = fresh[key]
    merged["locked"] = locked
    merged["fingerprints"] = prints
    return merged, body, kept


def _normalise_yaml_value(value: Any) -> Any:
    # YAML turns an unquoted 2025-08-20 into a date; ingest writes text.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


# libyaml's C dumper when PyYAML was built with it: ten times faster.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def render_content_file(front_matter: dict[str, Any], body: str) -> str:
    """Serialise front matter and body the way ingest writes them."""
    ordered = {k: front_matter[k] for k in (*FIELD_ORDER, *BOOKKEEPING) if k in front_matter}
    ordered.update({k: v for k, v in front_matter.items() if k not in ordered})
    meta = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{meta}---\n\n{body.strip()}\n"


def write_record(path: Path, front_matter: dict[str, Any], body: str) -> None:
    """Write a content file whole or not at all."""
    write_text_atomic(path, render_content_file(front_matter, body))


def load_articles(
    content_dir: Path, reporter: Reporter, cache_path: Path | None = None, workers: int | None = None
) -> list[Article]:
    """Read every content file, body converted to HTML; a bad one is reported and left out.

    With `cache_path`, loaded records are kept between builds and a file is
    read again only when its size or modification time changed. Files to
    read are parsed across worker processes when there are many.
    """
    loaded = read_articles(content_dir, reporter, cache_path, workers)
    loaded.save_cache()
    return loaded.articles


@dataclass
class LoadedArticles:
    """The articles read, and the content cache as it is to be kept (`save_cache`, when the build has time)."""

    articles: list[Article]
    cache_path: Path | None = None
    entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # file name -> the cache's entry now
    previous: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # the cache as it was read

    def save_cache(self) -> None:
        if self.cache_path is not None:
            content_cache.save(self.cache_path, self.entries, self.previous)


def read_articles(
    content_dir: Path, reporter: Reporter, cache_path: Path | None = None, workers: int | None = None
) -> LoadedArticles:
    """`load_articles`, the cache not written yet."""
    articles_dir = content_dir / ARTICLES_DIR
    if not articles_dir.is_dir():
        return LoadedArticles([])
    cache = content_cache.load(cache_path)
    stamps: dict[str, tuple[int, int]] = {}
    unreadable: dict[str, str] = {}
    paths = sorted(articles_dir.glob("*.md"))
    for path in paths:
        try:
            stat = path.stat()
            stamps[path.name] = (stat.st_size, stat.st_mtime_ns)
        except OSError as exc:
            unreadable[path.name] = exc.strerror or "error"
    todo = [p for p in paths if p.name in stamps and (cache.get(p.name) or (None, None))[:2] != stamps[p.name]]
    parsed = dict(zip((p.name for p in todo),
                      run_tasks([functools.partial(load_record, p, content_dir) for p in todo], workers),
                      strict=True))  # fmt: skip
    fresh: dict[str, tuple[Any, ...]] = {}
    articles: list[Article] = []
    for path in paths:
        name = f"{content_dir.name}/{ARTICLES_DIR}/{path.name}"
        if path.name in unreadable:
            reporter.warn(name, f"cannot read ({unreadable[path.name]})", "left out of the site")
            continue
        article, problems = parsed[path.name] if path.name in parsed else cache[path.name][2:]
        fresh[path.name] = (*stamps[path.name], article, problems)
        for problem in problems:
            what, _, action = problem.rpartition("; ")
            reporter.warn(name, what or action, action if what else "ignored")
        if article is not None:
            articles.append(article)
    return LoadedArticles(articles, cache_path, fresh, cache)


def load_record(path: Path, content_dir: Path) -> tuple[Article | None, list[str]]:
    """One content file as the site uses it: parsed, body converted, fingerprinted; or the problems."""
    try:
        article, problems = read_article(path, content_dir)
    except ContentError as exc:
        return None, [f"{exc}; left out of the site"]
    article.body_html = markdown_to_html(article.body)
    article.fingerprint = record_digest(article)
    return article, problems


def record_digest(article: Article) -> str:
    """A digest of everything loaded for an article; cached with it, so unchanged records are not hashed again."""
    return hashlib.blake2b(pickle.dumps(dataclasses.replace(article, fingerprint="", body_html=""), protocol=4),
                           digest_size=16).hexdigest()

