"""Running the ingest stage over an input folder: pages in, content records out.

Only new or changed inputs are read (a cache under `.site_builder/` remembers
what each input became); extraction runs across processes when there is
enough work; records are merged with a person's corrections and written
whole or not at all. The same article given twice (or as text and as HTML)
becomes one record that lists every input.

Pages are extracted, classified and signed for duplicate search in the
workers, in the order records are written (HTML first, then by name); the
main process writes each record as soon as its page is ready, while the
workers go on with the next pages. The order, and so every record, is the
same whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import __version__, collector
from ..atomic import write_text_atomic
from ..classify import classify, primary_theme
from ..config import SiteConfig, ThemeDef
from ..content import (
    ARTICLES_DIR,
    ContentError,
    article_from_record,
    merge_corrections,
    record_from_article,
    split_front_matter,
    write_record,
)
from ..models import Article, Extraction, InputRecord, ThemeMatch
from ..report import Reporter
from . import PageError, extract_page, input_format
from .dedupe import DuplicateIndex, body_signature
from .inputs import InputData, InputFile, discover_inputs, read_input
from .language import load_identifier
from .slugs import slugify, unique_slug

STATE_FILE = ".site_builder/ingest-state.json"
MODEL_CACHE_DIR = ".site_builder"  # derived models kept between runs (see language.py)
# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16
# Pages handed to a worker at a time: few enough that records are written while the workers go on,
# enough that messages between processes cost little.
MAX_CHUNK = 16


@dataclass
class IngestResult:
    inputs: int = 0
    extracted: int = 0
    written: int = 0
    unchanged: int = 0
    skipped: int = 0
    merged: int = 0
    kept_edits: int = 0
    slugs: list[str] = field(default_factory=list)  # records written this run


@dataclass
class _Extracted:
    data: InputData
    extraction: Extraction | None
    notes: list[str]
    error: str | None
    # Derived from the extraction alone, so computed in the worker: themes, word count, duplicate signature.
    matches: list[ThemeMatch] = field(default_factory=list)
    words: int = 0
    signature: list[int] = field(default_factory=list)


def ingest(config: SiteConfig, reporter: Reporter, *, workers: int | None = None, force: bool = False) -> IngestResult:
    """Turn every new or changed input into a content record."""
    input_dir = config.input_path
    articles_dir = config.content_path / ARTICLES_DIR
    result = IngestResult()
    if not input_dir.is_dir():
        reporter.warn(str(config.input_dir), "input folder not found", "nothing ingested")
        return result
    files = discover_inputs(input_dir, reporter)
    result.inputs = len(files)
    settings = _settings_key(config)
    with collector.paused():  # the state of 10,000 inputs: many small objects, all kept to the end of the run
        state = _load_state(config.root / STATE_FILE, settings)
        known = _known_records(articles_dir, state, reporter)
    slugs_in_use = {path.stem for path in articles_dir.glob("*.md")} if articles_dir.is_dir() else set()

    todo: list[InputFile] = []
    for file in files:
        entry = state["inputs"].get(file.name)
        if (
            not force
            and entry
            and entry.get("size") == file.size
            and entry.get("mtime_ns") == file.mtime_ns
            and (entry.get("slug") is None or (articles_dir / f"{entry['slug']}.md").exists())
        ):
            result.unchanged += 1
            continue
        todo.append(file)

    reporter.stage("ingest", f"{len(files)} inputs, {len(todo)} new or changed")
    # HTML first: when an article comes both ways, its metadata is richer.
    todo.sort(key=lambda f: (input_format(f.name) != "html", f.name))

    with collector.paused():
        duplicates = DuplicateIndex.from_state(state.get("signatures", {}))
    if any(input_format(f.name) != "markdown" for f in todo):
        load_identifier(config.root / MODEL_CACHE_DIR)  # here, once: forked extraction workers inherit it
    try:
        _write_records(todo, config, reporter, workers, state, duplicates, known, slugs_in_use, result)
    finally:
        # Whatever was written is recorded, even when a run stops part-way: a record is never written twice.
        with collector.paused():
            state["signatures"] = duplicates.to_state()
            _save_state(config.root / STATE_FILE, state)
    reporter.stage(
        "ingest",
        f"{result.written} written, {result.unchanged} unchanged, {result.merged} merged, {result.skipped} skipped",
    )
    return result


def _write_records(
    todo: list[InputFile],
    config: SiteConfig,
    reporter: Reporter,
    workers: int | None,
    state: dict,
    duplicates: DuplicateIndex,
    known: dict[str, str],
    slugs_in_use: set[str],
    result: IngestResult,
) -> None:
    """Extract the pages of `todo` and write their records, in the order of `todo`."""
    articles_dir = config.content_path / ARTICLES_DIR
    for item in _extract_all(todo, config.max_input_bytes, config.themes, workers):
        result.extracted += 1
        file = item.data.file
        for note in item.notes:
            problem, _, action = note.partition("; ")
            reporter.warn(file.name, problem, action or "read anyway")
        if item.data.truncated:
            reporter.warn(
                file.name,
                f"{file.size:,} bytes, over the cap of {config.max_input_bytes:,}",
                "read the first part only",
            )
        if item.error or item.extraction is None:
            reporter.warn(file.name, item.error or "no article", "skipped")
            state["inputs"][file.name] = {"size": file.size, "mtime_ns": file.mtime_ns, "slug": None}
            result.skipped += 1
            continue
        record = InputRecord(file.name, item.data.sha256, input_format(file.name))
        signature = item.signature
        slug = known.get(file.name)
        if slug is None:
            twin = duplicates.find(item.extraction.title, signature, exclude_input=file.name)
            if twin is not None:
                if _add_other_input(articles_dir / f"{twin}.md", record, reporter):
                    reporter.warn(file.name, f"same article as {twin}.md", "merged with it")
                    result.merged += 1
                    known[file.name] = twin
                    state["inputs"][file.name] = {"size": file.size, "mtime_ns": file.mtime_ns, "slug": twin}
                continue
            base = slugify(item.extraction.title or file.name)
            slug = unique_slug(base, slugs_in_use)
            slugs_in_use.add(slug)
        path = articles_dir / f"{slug}.md"
        status = _write_article(path, slug, item.extraction, record, config, reporter, item.matches, item.words)
        if status is None:
            result.skipped += 1
            continue
        result.written += 1
        result.kept_edits += status
        result.slugs.append(slug)
        known[file.name] = slug
        duplicates.add(slug, item.extraction.title, signature, file.name)
        state["inputs"][file.name] = {"size": file.size, "mtime_ns": file.mtime_ns, "slug": slug}


# ---------------------------------------------------------------- extraction


def _extract_one(data: InputData) -> _Extracted:
    try:
        if input_format(data.file.name) == "markdown":
            return _Extracted(data, _markdown_extraction(data.data), [], None)
        extraction, notes = extract_page(data.file.name, data.data)
    except PageError as exc:
        return _Extracted(data, None, [], str(exc))
    except (ValueError, LookupError, RecursionError) as exc:  # a page the readers choke on
        return _Extracted(data, None, [], f"cannot extract an article ({type(exc).__name__})")
    return _Extracted(data, extraction, notes, None)


def _read_and_extract(file: InputFile, max_bytes: int, themes: tuple[ThemeDef, ...]) -> _Extracted:
    from .enrich import word_count

    try:
        data = read_input(file, max_bytes)
    except OSError as exc:
        empty = InputData(file, b"", "", truncated=False)
        return _Extracted(empty, None, [], f"cannot read ({exc.strerror})")
    item = _extract_one(data)
    # The page's bytes stay in the worker: writing its record needs only its name, hash and whether it was cut.
    item.data = dataclasses.replace(data, data=b"")
    if item.extraction is not None:
        extraction = item.extraction
        item.matches = classify(extraction.title or "", extraction.body, extraction.language or "fr", themes)
        item.words = word_count(extraction.body)
        item.signature = body_signature(extraction.body)
    return item


def _extract_all(
    files: list[InputFile], max_bytes: int, themes: tuple[ThemeDef, ...], workers: int | None
) -> Iterator[_Extracted]:
    """Extract pages, in parallel when it pays; each result is yielded, in input order, as soon as it is ready."""
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    work = partial(_read_and_extract, max_bytes=max_bytes, themes=themes)
    if n_workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        yield from map(work, files)
        return
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        chunk = max(1, min(MAX_CHUNK, len(files) // (n_workers * 8)))
        # Leaving early (an error while writing) cancels the pages not yet started.
        yield from pool.map(work, files, chunksize=chunk)


def _markdown_extraction(data: bytes) -> Extraction:
    """A hand-written Markdown article passes through as it is."""
    try:
        meta, body = split_front_matter(data.decode("utf-8-sig"))
        article, _ = article_from_record(meta, body, slug="")
    except UnicodeDecodeError:
        raise PageError("hand-written Markdown is not UTF-8") from None
    except ContentError as exc:
        raise PageError(f"hand-written Markdown: {exc}") from None
    return Extraction(
        title=article.title,
        body=article.body,
        title_derived=article.title_derived,
        date=article.display_date,
        author=article.author,
        source=article.source,
        section=article.section,
        language=article.language,
        summary=article.summary,
        entities=article.entities,
        keywords=article.keywords,
        url=article.url,
    )


# ---------------------------------------------------------------- records


def article_from_extraction(
    slug: str,
    extraction: Extraction,
    record: InputRecord,
    config: SiteConfig,
    *,
    matches: list[ThemeMatch] | None = None,
    words: int | None = None,
) -> Article:
    """The article a fresh extraction describes, themes included (`matches` and `words` when already known)."""
    import datetime as dt

    from .enrich import reading_time, word_count

    if matches is None:
        matches = classify(extraction.title or "", extraction.body, extraction.language or "fr", config.themes)
    if words is None:
        words = word_count(extraction.body)
    return Article(
        slug=slug,
        title=extraction.title or slug,
        title_derived=extraction.title_derived,
        body=extraction.body,
        date=dt.date.fromisoformat(extraction.date) if extraction.date else None,
        date_estimate=extraction.date_estimate,
        author=extraction.author,
        source=extraction.source,
        section=extraction.section,
        language=extraction.language or "fr",
        summary=extraction.summary or "",
        themes=[m.theme for m in matches],
        primary_theme=primary_theme(matches),
        theme_matches=matches,
        entities=extraction.entities,
        roles=extraction.roles,
        event_dates=extraction.event_dates,
        keywords=extraction.keywords,
        word_count=words,
        reading_time=reading_time(words),
        url=extraction.url,
        input=record,
    )


def _write_article(
    path: Path,
    slug: str,
    extraction: Extraction,
    record: InputRecord,
    config: SiteConfig,
    reporter: Reporter,
    matches: list[ThemeMatch],
    words: int,
) -> int | None:
    """Write one record, keeping a person's edits. Returns how many fields were kept."""
    article = article_from_extraction(slug, extraction, record, config, matches=matches, words=words)
    fresh = record_from_article(article)
    existing_meta = existing_body = None
    if path.exists():
        try:
            existing_meta, existing_body = split_front_matter(path.read_text(encoding="utf-8-sig"))
        except (ContentError, UnicodeDecodeError, OSError) as exc:
            reporter.warn(f"{path.name}", f"existing record unreadable ({exc})", "left as it is; input not re-ingested")
            return None
        others = existing_meta.get("other_inputs")
        if isinstance(others, list):
            fresh["other_inputs"] = others
    merged, body, kept = merge_corrections(fresh, article.body, existing_meta, existing_body)
    if kept:
        reporter.info(f"{path.name}: kept your edits to {', '.join(kept)}")
    write_record(path, merged, body)
    return len(kept)


def _add_other_input(path: Path, record: InputRecord, reporter: Reporter) -> bool:
    """Record one more input of an article already written."""
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
    except (ContentError, UnicodeDecodeError, OSError) as exc:
        reporter.warn(path.name, f"existing record unreadable ({exc})", "duplicate input not recorded")
        return False
    others = [o for o in (meta.get("other_inputs") or []) if isinstance(o, dict) and o.get("path") != record.path]
    if isinstance(meta.get("input"), dict) and meta["input"].get("path") == record.path:
        return True
    others.append({"path": record.path, "sha256": record.sha256, "format": record.format})
    meta["other_inputs"] = sorted(others, key=lambda o: str(o.get("path")))
    write_record(path, meta, body)
    return True


# ---------------------------------------------------------------- state


def _settings_key(config: SiteConfig) -> str:
    """What, besides an input, decides its record: the code and the themes."""
    themes = repr([(t.id, t.terms, t.rules, t.min_score) for t in config.themes])
    return hashlib.sha256(f"{__version__}|{themes}".encode()).hexdigest()[:16]


def _load_state(path: Path, settings: str) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if not isinstance(state, dict) or state.get("settings") != settings:
        # Other code or other themes: every input is read again.
        return {"settings": settings, "inputs": {}, "signatures": {}}
    state.setdefault("inputs", {})
    state.setdefault("signatures", {})
    return state


def _save_state(path: Path, state: dict) -> None:
    write_text_atomic(path, json.dumps(state, ensure_ascii=False, sort_keys=True))


def _known_records(articles_dir: Path, state: dict, reporter: Reporter) -> dict[str, str]:
    """Input name -> slug of the record it became, from the records themselves."""
    known = {name: e["slug"] for name, e in state["inputs"].items() if e.get("slug")}
    if known or not articles_dir.is_dir():
        return known
    for path in sorted(articles_dir.glob("*.md")):
        try:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8-sig"))
        except (ContentError, UnicodeDecodeError, OSError):
            continue
        for entry in [meta.get("input"), *(meta.get("other_inputs") or [])]:
            if isinstance(entry, dict) and entry.get("path"):
                known[str(entry["path"])] = path.stem
    return known
