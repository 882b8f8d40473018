"""Plain-text page dumps (a browser's or w3m's visible text) -> Extraction.

A dump has no markup, so the article is found from line shapes (see
`lines`): the body is the largest run of sentence-like lines, allowing
short gaps (intertitles, captions, a "read also" link) but not share
widgets, bylines or the start of comments. Headline, byline and dates are
then looked for in the lines just above the body (the page's header zone),
an author credit also just below it. Nothing here knows any outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Extraction
from . import byline as by
from . import lines as ln
from .dates import (
    MAX_DATE_CHARS,
    find_year_less_dateline,
    parse_date,
    parse_dateline,
    resolve_weekday_date,
    years_mentioned,
)
from .language import detect_language
from .titles import complete_truncated, derive_title, first_sentence, looks_like_title

_MAX_GAP_LINES = 8  # non-prose lines a body may hold between two paragraphs
_MAX_GAP_CHARS = 700
_MAX_LINE = 20_000  # characters; longer lines are skipped
_HEADER_ZONE = 60  # lines above the body searched for headline, byline and date
# Interface words that recur in any page's chrome and are never a publication's name.
_UI_WORDS = frozenset(
    {
        "logo", "contact", "contacts", "search", "rechercher", "recherche", "menu", "accueil", "home",
        "newsletter", "newsletters", "services", "facebook", "twitter", "instagram", "youtube", "linkedin",
    }
)  # fmt: skip
_URL = re.compile(r"https?://[^\s\]\[<>\"]+")
_NON_WORD = re.compile(r"\W+")
_DATE_LINE_EXTRA = 22  # characters a date-only line may hold besides the date ("Publié le", a time)


class NoArticleError(ValueError):
    """The dump holds no article (navigation only, empty); the message says why."""


@dataclass(frozen=True)
class _Line:
    index: int
    raw: str
    text: str  # placeholders removed, whitespace collapsed
    bullet: bool
    ticker: bool
    prose: bool
    separator: bool  # ends a body: share widgets, bylines, comments, paywall
    caption: bool = False  # printed twice, once with a credit


def extract_text_dump(text: str, *, name: str = "") -> Extraction:
    """Extract the article of a plain-text page dump. Raises NoArticleError when there is none."""
    raw_lines = ln.unwrap(text.split("\n"))
    lines = _mark_captions([_classify(i, raw) for i, raw in enumerate(raw_lines)])
    block = _best_block(lines)
    if block is None:
        what = "empty page" if not any(line.text for line in lines) else "no run of sentence-like lines"
        raise NoArticleError(f"{what}{' in ' + name if name else ''}: no article found")
    start, end = block
    header = _header_zone(lines, start)
    block_text = " ".join(line.text for line in lines[start : end + 1] if line.prose)
    language = detect_language(block_text)
    # Ambiguous numeric dates (04/01/2025) read month first only on English pages.
    month_first = language == "en"
    meta = _header_meta(header, month_first=month_first, body_years=years_mentioned(block_text))
    meta.date = meta.date or _published_after(lines, end, month_first=month_first)
    page_title, page_site = _page_title(lines)
    title, derived, section = _title(lines, start, header, meta, page_title)
    paragraphs = _body(lines, start, end, title)
    if not paragraphs:
        raise NoArticleError("no article body found")
    body = "\n\n".join(paragraphs)
    if title is None:
        title, derived = derive_title(_first_paragraph(paragraphs)), True
    dateline = parse_dateline(_first_paragraph(paragraphs), month_first=month_first, years=years_mentioned(body))
    if dateline and not meta.date:
        meta.date = dateline.date
    # An agency story credits the agency when no reporter is named ("PARIS, 12 mars (AFP) – …").
    author = meta.author or _author_after(lines, end) or (dateline.agency if dateline else None)
    source = meta.published_in or _site_from_page_title(page_title, page_site, title) or _brand(lines, author)
    return Extraction(
        title=title,
        title_derived=derived,
        body=body,
        date=meta.date,
        author=author,
        source=source,
        section=section,
        language=language or detect_language(body),
        summary=_lead_summary(paragraphs),
        url=_url(lines[: start + 1]),
    )


def _classify(index: int, raw: str) -> _Line:
    if len(raw) > _MAX_LINE:
        # Inline data or a whole site's ticker on one line: never an article paragraph, and costly to scan.
        return _Line(index, "", "", bullet=False, ticker=True, prose=False, separator=False)
    text = ln.clean_line(raw)
    bullet = ln.is_bullet(raw)
    ticker = ln.is_time_ticker(text) or bool(ln.glued_headlines(raw))
    meta = by.byline_author(text) is not None or by.is_publication_line(text) or _date_only(text)
    separator = ln.is_hard_stop(text) or ln.is_share_widget(text) or meta
    prose = (
        not bullet
        and not ticker
        and not separator
        and ln.is_prose(text)
        and not ln.is_boilerplate(text)
        and not ln.is_caption(text)
    )
    return _Line(index, raw, text, bullet, ticker, prose, separator)


def _mark_captions(lines: list[_Line]) -> list[_Line]:
    """A line printed again just below with a credit added is a photo caption: neither copy is prose."""
    texts = [(line.index, line.text) for line in lines if line.text]
    captions: set[int] = set()
    for pos, (index, text) in enumerate(texts):
        for later_index, later in texts[pos + 1 : pos + 4]:
            if len(text) > 40 and len(later) > len(text) and later.startswith(text):
                captions.update((index, later_index))
    return [replace(line, prose=False, caption=True) if line.index in captions else line for line in lines]


def _best_block(lines: list[_Line]) -> tuple[int, int] | None:
    """(first, last) index of the run of prose lines with the most prose text."""
    best: tuple[int, int] | None = None
    best_size = 0
    start: int | None = None
    last = -1
    size = 0
    gap_lines = gap_chars = 0
    after_notice = False  # a notice ("JavaScript…", "subscribe…") was in the current gap
    for line in lines:
        if line.prose and not (after_notice and len(line.text) < 150):
            if start is None:
                start, size = line.index, 0
            size += len(line.text)
            last = line.index
            gap_lines = gap_chars = 0
            after_notice = False
            if size > best_size:
                best, best_size = (start, last), size
            continue
        if start is None or not line.text:
            continue
        gap_lines += 1
        gap_chars += len(line.text)
        after_notice = after_notice or ln.is_boilerplate(line.text)
        if line.separator or gap_lines > _MAX_GAP_LINES or gap_chars > _MAX_GAP_CHARS:
            start = None
    return best


def _body(lines: list[_Line], start: int, end: int, title: str | None) -> list[str]:
    """Markdown paragraphs of the body block: chrome, captions, repeats and the headline dropped."""
    seen: set[str] = set()
    out: list[str] = []
    title_key = _key(title) if title else None
    block = lines[start : end + 1]
    # An indented copy of a paragraph is a pull quote: the unindented copy is the text.
    keys = [_key(line.text) for line in block]
    flush = {key for line, key in zip(block, keys, strict=True) if line.text and not line.raw[:1].isspace()}
    # A paragraph printed twice in the block (a pull quote set ahead of its paragraph, a lede repeated under
    # the headline) is kept where it is printed last: the later copy is the one in the flow of the text.
    last_copy = {key: line.index for line, key in zip(block, keys, strict=True) if line.prose}
    for line, key in zip(block, keys, strict=True):
        text = line.text
        if line.prose and last_copy.get(key, line.index) > line.index:
            continue
        # The headline printed again is dropped; a sentence ending in a full stop is the lede even when a
        # cut page title was completed from it.
        repeat_of_title = key == title_key and not text.endswith(".")
        if not text or key in seen or repeat_of_title or line.ticker or line.separator:
            continue
        if line.raw[:1].isspace() and not line.bullet and key in flush:
            continue
        if line.caption or ln.is_boilerplate(text) or ln.is_caption(text):
            continue
        seen.add(key)
        if line.prose:
            out.append(text)
        elif line.bullet:
            item = ln.strip_bullet(text)
            if ln.is_prose(item) or (len(ln.words(item)) >= 6 and item.endswith((".", ";", ":", "!", "?"))):
                out.append("- " + item)
        elif _is_intertitle(text):
            out.append("## " + text)
        elif _short_paragraph(text):
            out.append(text)
    # A bullet summary above the first paragraph and headings/lists after the last are not body.
    while out and not _is_paragraph(out[0]):
        out.pop(0)
    while out and not _is_paragraph(out[-1]):
        out.pop()
    return _join_lists(out)


def _short_paragraph(text: str) -> bool:
    """A one-line paragraph too short to count as prose on its own ('Mais la situation s'améliore.')."""
    return len(ln.words(text)) >= 4 and text.endswith((".", "!", "?", "»", '"', "”")) and ln.lower_ratio(text) >= 0.5


def _is_paragraph(chunk: str) -> bool:
    return not chunk.startswith(("- ", "## "))


def _join_lists(chunks: list[str]) -> list[str]:
    """Consecutive list items form one Markdown list (one block, no blank lines inside)."""
    out: list[str] = []
    for chunk in chunks:
        if chunk.startswith("- ") and out and out[-1].startswith("- "):
            out[-1] += "\n" + chunk
        else:
            out.append(chunk)
    return out


def _is_intertitle(text: str) -> bool:
    ws = ln.words(text)
    return (
        2 <= len(ws) <= 16
        and len(text) <= 120
        and not text.endswith((".", ",", ":"))
        and by.name_line(text) is None
        and text[0].isupper()
    )


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _header_zone(lines: list[_Line], start: int) -> list[_Line]:
    return [line for line in lines[max(0, start - _HEADER_ZONE) : start] if line.text]


@dataclass
class _Meta:
    author: str | None = None
    date: str | None = None
    published_in: str | None = None
    anchors: tuple[int, ...] = ()  # line indexes of byline/date lines


def _header_meta(header: list[_Line], *, month_first: bool = False, body_years: set[int] | None = None) -> _Meta:
    """Byline, publication date and 'published in' credit, nearest to the body first.

    A dateline with a weekday but no year ('Publié le vendredi 10 octobre') is
    resolved only when exactly one of the years written in the body agrees with
    the weekday.
    """
    meta = _Meta()
    anchors: list[int] = []
    bare_name: str | None = None
    year_less: tuple[int, int, int] | None = None
    date_rank = -1
    for pos in range(len(header) - 1, -1, -1):
        line = header[pos]
        if line.ticker or (line.bullet and not _date_only(line.text)):
            continue
        text = line.text
        author = by.byline_author(text)
        is_meta_line = author is not None or by.is_publication_line(text) or _date_only(text)
        if not is_meta_line:
            continue
        dated = parse_date(by.publication_part(text), month_first=month_first)
        anchors.append(line.index)
        meta.author = meta.author or author
        meta.published_in = meta.published_in or by.published_in(text)
        if dated:
            # Nearest to the body first, but a stated publication beats a date-only line, which beats an update.
            rank = 0 if by.is_update_line(text) else (2 if author is not None or by.is_publication_line(text) else 1)
            if rank > date_rank:
                meta.date, date_rank = dated.iso, rank
        elif not dated and year_less is None and (author is not None or by.is_publication_line(text)):
            year_less = find_year_less_dateline(text)
        if author is None and bare_name is None and pos > 0:
            bare_name = _name_above(header, pos)
    meta.author = meta.author or bare_name
    meta.anchors = tuple(anchors)
    if meta.date is None and year_less is not None:
        meta.date = resolve_weekday_date(*year_less, body_years or set())
    return meta


def _published_after(lines: list[_Line], end: int, *, month_first: bool) -> str | None:
    """A 'Published …' / 'Publié le …' line just after the body (some pages print it at the end)."""
    seen = 0
    for line in lines[end + 1 :]:
        if not line.text:
            continue
        seen += 1
        if seen > 6 or line.prose:
            break
        if by.is_publication_line(line.text):
            found = parse_date(line.text, month_first=month_first)
            if found:
                return found.iso
    return None


def _name_above(header: list[_Line], pos: int) -> str | None:
    """A credit printed as a bare name ('Tom Krisher, AP Auto Writer') on the line above a date."""
    above = header[pos - 1].text
    if len(above) > 60 or header[pos - 1].prose:
        return None
    if by.name_line(above):
        return by.name_line(above)
    return by.names_from(above) if re.search(r",| et | and ", above) else None


def _date_only(text: str) -> bool:
    stripped = ln.strip_bullet(text)
    # Most lines (every paragraph) are too long to be a date and little else: no need to look for the date.
    if len("".join(stripped.split())) > MAX_DATE_CHARS + _DATE_LINE_EXTRA:
        return False
    found = parse_date(stripped)
    return found is not None and len(stripped) - len(found.written) <= _DATE_LINE_EXTRA


def _author_after(lines: list[_Line], end: int) -> str | None:
    """An author credited just after the body ('Auteur : X')."""
    seen = 0
    for line in lines[end + 1 :]:
        if not line.text:
            continue
        seen += 1
        if seen > 6:
            break
        author = by.byline_author(line.text)
        if author:
            return author
    return None


def _page_title(lines: list[_Line]) -> tuple[str | None, str | None]:
    """The page's <title> as a dump's first line: 'Headline – Site' -> (headline, site)."""
    first = next((line.text for line in lines if line.text), "")
    title, site = by.split_site_suffix(first)
    return (title, site) if site else (None, None)


def _site_from_page_title(page_title: str | None, site: str | None, headline: str | None) -> str | None:
    """'Headline – Site' names the site after the headline; 'Site - Tagline' names it first."""
    if not page_title or not site:
        return None
    left = set(_key(page_title).split())
    if headline and len(left & set(_key(headline).split())) >= 0.6 * len(left):
        return site
    return page_title if len(page_title.split()) <= 3 else None


def _title(
    lines: list[_Line], start: int, header: list[_Line], meta: _Meta, page_title: str | None
) -> tuple[str | None, bool, str | None]:
    """(headline, derived?, section label) — the headline is the title-like line nearest the byline."""
    lede = lines[start].text
    if page_title:
        completed = complete_truncated(page_title, lede)
        if completed:
            return completed[0], False, completed[1] or None
    all_text = [line.text.casefold() for line in lines]
    best: tuple[float, str] | None = None
    for distance, line in enumerate(reversed(header), start=1):
        text = line.text
        if not _title_candidate(line, meta.author):
            continue
        score = -distance / 4
        below = [a - line.index for a in meta.anchors if 0 < a - line.index <= 6]
        if below:
            score = 6 - min(below) / 4  # the headline sits just above the byline
        elif meta.anchors and line.index > max(meta.anchors):
            score -= 3  # between the byline and the body: more often chrome than a headline
        if line.prose:
            score -= 3  # a sentence-like line is more often a standfirst than a headline
        folded = text.casefold()
        # Printed again (page title, breadcrumb, teaser) — but not as a few words inside a long menu line.
        if sum(1 for other in all_text if folded in other and len(other) <= 2 * len(folded) + 60) > 1:
            score += 4
        if page_title and _key(page_title) == _key(text):
            score += 4
        if best is None or score > best[0]:
            best = (score, text)
    if best:
        return best[1], False, None
    if page_title and looks_like_title(page_title):
        return page_title, False, None
    return None, True, None


def _title_candidate(line: _Line, author: str | None) -> bool:
    text = line.text
    return (
        looks_like_title(text)
        and not line.bullet
        and not line.ticker
        and not line.separator
        and by.name_line(text) is None
        and not (author and _key(by.names_from(text) or "") == _key(author))  # the byline printed bare
        and not ln.is_boilerplate(text)
        and not ln.is_caption(text)
        and not _date_only(text)
        and not re.search(r"\d{1,2}:\d{2}", text)
    )


def _brand(lines: list[_Line], author: str | None = None) -> str | None:
    """The publication's name from the page chrome: a copyright owner, else a short name line repeated in the chrome."""
    chrome = [line.text.casefold() for line in lines if line.text and not line.prose]
    owners = [
        name
        for line in lines
        if line.text
        and not line.prose
        and not ln.is_caption(line.text)  # "Photo: X / Copyright 2019 Agency": the picture's owner, not the site's
        and (name := by.copyright_name(line.text))
        and (_notice(line.text) or _mentions(name, chrome) > 1)
    ]
    if owners:
        return max(owners, key=lambda name: (_mentions(name, chrome), -owners.index(name)))
    menu_items = {ln.strip_bullet(line.text).casefold() for line in lines if line.bullet}
    candidates = {
        c
        for line in lines
        if (c := _name_candidate(line))
        and c.casefold() not in menu_items
        and c.casefold() not in _UI_WORDS
        and (author is None or c.casefold() not in author.casefold())
        and not ln.is_boilerplate(c)
        and not ln.is_share_widget(c)
        and by.byline_author(c) is None
    }
    counts = {c: _mentions(c, chrome) for c in candidates}
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    if not ranked or counts[ranked[0]] < 2:
        return _footer_logo(lines, candidates)
    best = ranked[0]
    # "La Presse" counted inside "La Presse de Tunisie": the full name, when it recurs, is the name.
    # The masthead comes first: a longer name printed before the short one is the full name.
    first_seen: dict[str, int] = {}
    for line in lines:
        name = _name_candidate(line)
        if name and name not in first_seen:
            first_seen[name] = line.index
    longer = [
        c
        for c in ranked
        if c.casefold().startswith(best.casefold() + " ")
        and counts[c] >= 2
        and first_seen.get(c, 10**9) < first_seen.get(best, 10**9)
    ]
    return max(longer, key=len) if longer else best


def _footer_logo(lines: list[_Line], candidates: set[str]) -> str | None:
    """The footer logo's text: a name line printed just above a copyright notice held by a parent company."""
    for line in lines:
        if not re.search(r"©|\bcopyright\b", line.text, re.I) or line.prose or ln.is_caption(line.text):
            continue
        above = [x for x in lines[max(0, line.index - 4) : line.index] if x.text]
        for prev in reversed(above):
            name = _name_candidate(prev)
            if name in candidates:
                return name
    return None


def _notice(text: str) -> bool:
    """A real copyright notice (a year or the word), not a photo credit '© Name'."""
    return bool(re.search(r"\b(?:19|20)\d{2}\b|copyright|rights|droits", text, re.I))


def _mentions(name: str, texts: list[str]) -> int:
    folded = name.casefold()
    pattern = re.compile(r"(?<!\w)" + re.escape(folded) + r"(?!\w)")
    # The substring test is cheap and rules out most lines before the word-boundary pattern runs.
    return sum(1 for text in texts if folded in text and pattern.search(text))


def _name_candidate(line: _Line) -> str | None:
    """A short capitalised line (a logo's text), halves of a doubled line merged."""
    if line.bullet or line.prose or line.ticker:
        return None
    ws = re.split(r"\s+[-|–—]\s+", line.text, maxsplit=1)[0].split()  # "Name - tagline"
    if len(ws) % 2 == 0 and ws and ws[: len(ws) // 2] == ws[len(ws) // 2 :]:
        ws = ws[: len(ws) // 2]
    if not 1 <= len(ws) <= 4 or re.search(r"[.!?:,;|\d]", " ".join(ws)):
        return None
    text = " ".join(ws)
    if not re.match(r"(?:[A-ZÀ-Þ]|[ld]['’][A-ZÀ-Þ])", text) or len(text) < 4:
        return None
    return text


def _first_paragraph(paragraphs: list[str]) -> str:
    return next((p for p in paragraphs if _is_paragraph(p)), paragraphs[0])


def _lead_summary(paragraphs: list[str]) -> str | None:
    """Fallback summary: the lede's first sentence (enrichment may replace it)."""
    lede = _first_paragraph(paragraphs)
    return first_sentence(lede) or None


def _url(lines: list[_Line]) -> str | None:
    for line in lines:
        m = _URL.search(line.raw)
        if m and "/" in m.group(0)[8:]:
            return m.group(0).rstrip(".,)")
    return None
