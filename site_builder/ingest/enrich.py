"""Enrichment of a clean article: lead summary, entities and roles, event dates, keywords.

Runs after the text or HTML extractor on its `Extraction` and returns a copy
with the derived fields filled. Pure: the same extraction always gives the
same result (no clock, no network; the optional spaCy model is deterministic).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ..models import Extraction
from .entities import extract_entities
from .event_dates import find_event_dates
from .keywords import extract_keywords
from .roles import find_roles
from .sentences import split_sentences
from .summary import lead_summary

WORDS_PER_MINUTE = 230
DEFAULT_LANGUAGE = "fr"

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_WORD = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")


def enrich(extraction: Extraction, *, publication_year_hint: int | None = None) -> Extraction:
    """A copy of `extraction` with summary, entities, roles, event dates and keywords filled."""
    language = (extraction.language or DEFAULT_LANGUAGE).lower()[:2]
    text = plain_text(extraction.body)
    sentences = split_sentences(text, language)
    # The headline names things too ("... entre Rabat et Moscou"), unless it is in Title Case.
    headline = [extraction.title] if extraction.title and not _title_case(extraction.title) else []
    entities = extract_entities("\n\n".join([*headline, text]), language, headline + sentences)
    roles = find_roles(sentences, entities.people)
    publication = _parse_date(extraction.date)
    event_dates = find_event_dates(
        text, language, publication_date=publication, publication_year=publication_year_hint
    )
    keywords = extract_keywords(text, language, title=extraction.title, names=entities.all_names())
    # An extractor may already hold the page's own standfirst; otherwise the lead is the summary.
    summary = extraction.summary or lead_summary(text, language) or None
    return dataclasses.replace(
        extraction,
        summary=summary,
        entities=entities,
        roles=roles,
        event_dates=event_dates,
        keywords=keywords,
    )


def plain_text(body: str) -> str:
    """The body without inline Markdown (links, images, emphasis); block structure kept."""
    text = _MD_IMAGE.sub(lambda m: m.group(1), body)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _MD_EMPHASIS.sub(lambda m: m.group(2), text)


def word_count(body: str) -> int:
    """Words of the body as a reader counts them (Markdown markers and punctuation aside)."""
    return len(_WORD.findall(plain_text(body).replace("#", " ")))


def reading_time(words: int) -> int:
    """Minutes to read `words` at ~230 words a minute, at least 1."""
    return max(1, round(words / WORDS_PER_MINUTE))


def _title_case(title: str) -> bool:
    """'Mexico Says Steel Tariffs Are Illogical': every word capitalised, so capitals say nothing about names."""
    words = [w for w in title.split() if len(w) > 3 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) / len(words) > 0.6


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
