"""Score extraction against a gold file: the `site-builder eval` command.

Every page named in the gold file is read from the input folder and ingested
in memory (nothing is written). Two gold formats are read:

- seeds format: `body_first_words` / `body_last_words`, `themes` (required)
  and `optional_themes`;
- devset format: `body_start` / `body_end`, `title_alt`, `standfirst_start`;
  a folder holding NAME.txt and NAME.html is scored once per format.

Matching rules (the same for every page; all comparisons are made after
Unicode NFC, collapsing runs of whitespace including NBSP to one space, and
reading typographic quotes and apostrophes as straight ones):

- title: case-insensitive equality with `title` or any `title_alt`. When the
  gold title is null (the page has no headline), a title marked
  `title_derived` is right and any other title is wrong.
- date: exact `YYYY-MM-DD` equality; null gold wants no date.
- author: the same set of names (split on ",", " et ", " and ", "&"),
  case-insensitive; null gold wants no author.
- source: case-insensitive equality, or one name is the other plus one
  trailing edition word ("Le Monde.fr", "L'Opinion Maroc"); null gold wants
  no source.
- language: equality of the ISO 639-1 code.
- body_start: the extracted body, Markdown marks removed, starts with the
  gold start, or with `standfirst_start` when the gold gives one.
- body_end: the extracted body ends with the gold end.
- themes: F1 between the extracted themes and the required ones, optional
  themes removed from both sides first (neither required nor wrong); a page
  scores 1.0 when both sides are empty. The share reported is the mean F1.
  The column is skipped with a note when the classifier is not importable.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import SiteConfig, ThemeDef
from .models import Extraction

FIELDS: tuple[str, ...] = ("title", "date", "author", "source", "language", "body_start", "body_end", "themes")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


@dataclass
class Miss:
    page: str
    field: str
    expected: str
    got: str


@dataclass
class FormatScore:
    """Scores of one input format over all pages of the gold file."""

    format: str
    pages: int = 0
    right: dict[str, float] = field(default_factory=dict)  # field -> number of pages right (F1 sum for themes)
    misses: list[Miss] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (page, reason) for pages that did not ingest
    seconds: list[float] = field(default_factory=list)  # ingest time per page
    skipped_fields: dict[str, str] = field(default_factory=dict)  # field -> why it is not scored

    def share(self, name: str) -> float:
        return self.right.get(name, 0.0) / self.pages if self.pages else 0.0


@dataclass
class EvalReport:
    gold: str
    formats: list[FormatScore]
    notes: list[str] = field(default_factory=list)

    def by_format(self, fmt: str) -> FormatScore | None:
        return next((f for f in self.formats if f.format == fmt), None)


def score(
    gold_path: Path,
    input_dir: Path,
    *,
    formats: Iterable[str] = ("txt", "html"),
    themes: tuple[ThemeDef, ...] | None = None,
) -> EvalReport:
    """Ingest every page named in `gold_path` from `input_dir` and score each field, per input format.

    `themes` are the site's theme definitions; when not given they are read from the nearest `site.yml`
    (working folder, then the input folder and its parents).
    """
    gold: dict[str, dict[str, Any]] = json.loads(gold_path.read_text(encoding="utf-8"))
    if themes is None:
        themes = _config_for(input_dir).themes
    themer, theme_note = _themer(themes)
    report = EvalReport(gold=str(gold_path), formats=[])
    if theme_note:
        report.notes.append(theme_note)
    for fmt in formats:
        paths = {name: input_dir / f"{name}.{fmt}" for name in gold}
        present = {name: path for name, path in paths.items() if path.is_file()}
        if not present:
            continue
        result = FormatScore(format=fmt)
        missing_reader = ""
        if themer is None:
            result.skipped_fields["themes"] = theme_note or "no classifier"
        for name, expected in gold.items():
            path = present.get(name)
            result.pages += 1
            if path is None:
                result.failures.append((name, f"{name}.{fmt} not found"))
                continue
            started = time.perf_counter()
            try:
                extraction = ingest(path.name, path.read_bytes())
            except ImportError as exc:
                missing_reader = str(exc)
                break
            except ValueError as exc:
                result.failures.append((name, str(exc)))
                continue
            finally:
                result.seconds.append(time.perf_counter() - started)
            themes = themer(extraction) if themer else None
            _score_page(result, name, expected, extraction, themes)
        if missing_reader:
            report.notes.append(f"format {fmt} not scored: its reader is not available ({missing_reader})")
            continue
        report.formats.append(result)
    if not report.formats:
        report.notes.append(f"no input named in the gold file was found in {input_dir}")
    return report


def ingest(name: str, data: bytes) -> Extraction:
    """One page through the ingest stage, in memory."""
    try:
        from .ingest import extract_page

        return extract_page(name, data)[0]
    except ImportError:
        pass  # the HTML reader or enrichment is not there yet: read what we can directly
    from .ingest.decode import decode_bytes
    from .ingest.textdump import extract_text_dump

    text, _note = decode_bytes(data)
    if name.lower().endswith((".html", ".htm")):
        from .ingest.html import extract_html  # raises ImportError when absent: reported as a failure

        return extract_html(text, name=name)
    return extract_text_dump(text, name=name)


def _config_for(input_dir: Path) -> SiteConfig:
    from .config import default_config, load_config

    for folder in (Path.cwd(), input_dir, *input_dir.parents):
        if (folder / "site.yml").is_file():
            return load_config(folder / "site.yml")
    return default_config(Path.cwd())


def _themer(themes: tuple[ThemeDef, ...]) -> tuple[Callable[[Extraction], list[str]] | None, str | None]:
    try:
        from .classify import classify
    except ImportError as exc:
        return None, f"themes not scored: the classifier is not importable ({exc})"
    if not themes:
        return None, "themes not scored: no themes in site.yml"

    def themes_of(extraction: Extraction) -> list[str]:
        matches = classify(extraction.title or "", extraction.body, extraction.language or "fr", themes)
        return [m.theme for m in matches]

    return themes_of, None


def _score_page(
    result: FormatScore, name: str, gold: dict[str, Any], got: Extraction, themes: list[str] | None
) -> None:
    body = _plain_body(got.body)
    checks: dict[str, tuple[bool, str, str]] = {
        "title": _check_title(gold, got),
        "date": (got.date == gold.get("date"), str(gold.get("date")), str(got.date)),
        "author": (_names(got.author) == _names(gold.get("author")), str(gold.get("author")), str(got.author)),
        "source": (_same_source(gold.get("source"), got.source), str(gold.get("source")), str(got.source)),
        "language": (got.language == gold.get("language"), str(gold.get("language")), str(got.language)),
        "body_start": _check_start(gold, body),
        "body_end": _check_end(gold, body),
    }
    for key, (ok, expected, found) in checks.items():
        result.right[key] = result.right.get(key, 0.0) + (1.0 if ok else 0.0)
        if not ok:
            result.misses.append(Miss(name, key, expected, found))
    if themes is not None:
        f1 = theme_f1(themes, gold.get("themes") or [], gold.get("optional_themes") or [])
        result.right["themes"] = result.right.get("themes", 0.0) + f1
        if f1 < 1.0:
            result.misses.append(Miss(name, "themes", ", ".join(gold.get("themes") or []), ", ".join(themes)))


def theme_f1(got: list[str], required: list[str], optional: list[str]) -> float:
    """F1 of extracted themes against required ones; optional themes count on neither side."""
    found = set(got) - set(optional)
    wanted = set(required) - set(optional)
    if not found and not wanted:
        return 1.0
    hits = len(found & wanted)
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(wanted)
    return 2 * precision * recall / (precision + recall)


def normalise(text: str | None) -> str:
    """NFC, typographic quotes as straight ones, whitespace (incl. NBSP) collapsed, case folded."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"[\s\u00a0\u202f\u2007\u2009]+", " ", text).strip().casefold()


def _plain_body(body: str) -> str:
    """The body's text without Markdown heading and list marks."""
    lines = [re.sub(r"^(?:#{1,6}\s+|[-*]\s+)", "", line) for line in body.split("\n")]
    return normalise(" ".join(lines))


def _check_title(gold: dict[str, Any], got: Extraction) -> tuple[bool, str, str]:
    expected = gold.get("title")
    shown = f"{got.title}{' (derived)' if got.title_derived else ''}"
    if expected is None:
        return got.title is None or got.title_derived, "None (or a derived title)", shown
    accepted = {normalise(expected), *(normalise(t) for t in gold.get("title_alt") or [])}
    return normalise(got.title) in accepted and not got.title_derived, str(expected), shown


def _check_start(gold: dict[str, Any], body: str) -> tuple[bool, str, str]:
    starts = [gold.get("body_start") or gold.get("body_first_words"), gold.get("standfirst_start")]
    wanted = [normalise(s) for s in starts if s]
    return any(body.startswith(s) for s in wanted), " | ".join(wanted), body[:80]


def _check_end(gold: dict[str, Any], body: str) -> tuple[bool, str, str]:
    wanted = normalise(gold.get("body_end") or gold.get("body_last_words"))
    return bool(wanted) and body.endswith(wanted), wanted, body[-80:]


def _names(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(normalise(n) for n in re.split(r",|\s+et\s+|\s+and\s+|&", value) if n.strip())


def _same_source(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    a, b = normalise(expected), normalise(got)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    rest = long[len(short) :]
    # One trailing edition word: "le monde.fr", "l'opinion maroc".
    return long.startswith(short) and re.fullmatch(r"(?:\.[a-z]{2,4}|\s\S+)", rest) is not None


def format_report(report: EvalReport) -> str:
    """A plain-text table of shares per field and format, then the misses."""
    out = [f"gold: {report.gold}"]
    out += [f"note: {note}" for note in report.notes]
    for result in report.formats:
        seconds = result.seconds
        mean_ms = 1000 * sum(seconds) / len(seconds) if seconds else 0.0
        out.append("")
        median_ms = 1000 * statistics.median(seconds) if seconds else 0.0
        # The median leaves out one-off model loading, which the first page pays.
        out.append(
            f"format {result.format}: {result.pages} pages, ingest {mean_ms:.0f} ms per page (mean), "
            f"{median_ms:.0f} ms (median)"
        )
        for name in FIELDS:
            if name in result.skipped_fields:
                out.append(f"  {name:<11} skipped: {result.skipped_fields[name]}")
                continue
            right = result.right.get(name, 0.0)
            label = "mean F1" if name == "themes" else f"{right:g}/{result.pages}"
            out.append(f"  {name:<11} {100 * result.share(name):5.1f}%  {label}")
        for page, reason in result.failures:
            out.append(f"  FAILED {page}: {reason}")
        if result.misses:
            out.append("  misses:")
        for miss in result.misses:
            out.append(f"    {miss.page} {miss.field}: expected {miss.expected!r} got {miss.got!r}")
    return "\n".join(out)
