"""Structured metadata of a saved HTML page: JSON-LD, Open Graph, Twitter, <meta>, <time>, <html lang>.

`read_metadata(tree)` collects every candidate value the page states about
itself (titles, publication dates, authors, publication names, language,
canonical URL, section) into a `PageMeta`; the choice between candidates is
made by the small pure `pick_*` functions below, which `html.extract_html`
calls. Nothing here knows any outlet: the rules are about the standards
(schema.org, Open Graph) and about how publishers commonly misuse them (an
Organization as author, a domain as site name, a site suffix in og:title).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError, _Element

from . import byline as by
from .dates import parse_date

# schema.org types whose node describes the article itself.
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_ORG_TYPE = re.compile(r"Organization|Corporation|NewsMedia|WebSite|Brand", re.I)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\d?\.)?(?P<core>[\w-]+(?:\.[\w-]+)*)\.[a-z]{2,6}/?$", re.I)
_EDITION_TLD = re.compile(r"\.(?:fr|com|net|org|be|ch|ca|ma|tn|dz|uk|de|es|it|info|tv)$", re.I)
AGENCIES = r"AFP|AP|Reuters|Belga|ATS|ANSA|EFE|dpa|DPA|MAP|APS|TAP|Xinhua|Bloomberg|UPI|Kyodo|Anadolu"
_AGENCY = re.compile(AGENCIES)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")
# Dates named in <meta> by common CMS conventions, publication first.
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished", "publishdate", "publish-date",
    "pubdate", "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "original-publish-date", "article.published",
)  # fmt: skip
_META_AUTHOR = ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author")
_ISO_DATE = re.compile(
    r"(?P<date>(?:19|20)\d{2}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)


_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"


@dataclass
class PageMeta:
    """Every candidate value a page states about itself, in the order of trust."""

    headlines: list[str] = field(default_factory=list)  # JSON-LD headline/name of the article node
    og_titles: list[str] = field(default_factory=list)  # og:title, twitter:title
    page_title: str | None = None  # <title>
    h1s: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)  # ISO-ish strings, most trusted first
    modified: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # person names from metadata, most trusted first
    org_names: list[str] = field(default_factory=list)  # organisations named as author or publisher
    og_site_names: list[str] = field(default_factory=list)  # og:site_name, application-name
    site_names: list[str] = field(default_factory=list)  # JSON-LD publisher.name, news-media organisations
    copyright_names: list[str] = field(default_factory=list)
    html_lang: str | None = None
    urls: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    description: str | None = None


def parse_html(text: str) -> _Element:
    """An lxml tree for any text, however broken. Raises ValueError when nothing parses."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    text = text.replace("\x00", "")
    try:
        return lxml_html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ValueError(f"unparseable HTML: {exc}") from None


def clean_text(text: str | None) -> str:
    """NFC, whitespace (incl. NBSP) collapsed, trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\ufffd", " ")
    return re.sub(r"[\s\u00a0\u202f\u200b]+", " ", text).strip()


def element_text(element: _Element) -> str:
    """Visible text of an element: script, style and template content excluded (one XPath, done in C)."""
    return clean_text(" ".join(element.xpath(_VISIBLE_TEXT)))


def read_metadata(tree: _Element) -> PageMeta:
    """Collect the page's statements about itself."""
    meta = PageMeta()
    _read_jsonld(tree, meta)
    _read_meta_tags(tree, meta)
    title = tree.find(".//title")
    meta.page_title = clean_text(title.text_content()) if title is not None else None
    meta.h1s = [t for t in (element_text(h) for h in tree.iter("h1")) if t]
    for node in tree.xpath("//time[@datetime][@itemprop='datePublished' or @pubdate]"):
        meta.published.append(node.get("datetime", ""))
    meta.published += [n.get("datetime", "") for n in _first_article_times(tree)]
    meta.html_lang = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
    for link in tree.xpath("//link[@rel='canonical'][@href]"):
        meta.urls.insert(0, link.get("href", "").strip())
    meta.copyright_names = _copyright_names(tree)
    meta.published = [d for d in meta.published if d and (_ISO_DATE.search(d) or parse_date(d))]
    meta.modified = [d for d in meta.modified if d and _ISO_DATE.search(d)]
    return meta


def _first_article_times(tree: _Element) -> list[_Element]:
    """The first <time datetime> of the article element (not of related-article lists elsewhere)."""
    for container in tree.xpath("//article | //main | //*[@role='main']"):
        times = container.xpath(".//time[@datetime]")
        if times:
            return [times[0]]
    return []


def _read_meta_tags(tree: _Element, meta: PageMeta) -> None:
    values: dict[str, list[str]] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = clean_text(node.get("content"))
        if key and content:
            values.setdefault(key, []).append(content)
    meta.og_titles += values.get("og:title", []) + values.get("twitter:title", [])
    for key in _META_PUBLISHED:
        meta.published += values.get(key, [])
    meta.modified += values.get("article:modified_time", []) + values.get("og:updated_time", [])
    for key in _META_AUTHOR:
        for value in values.get(key, []):
            if not value.lower().startswith(("http://", "https://")):
                meta.authors.append(value)
    meta.og_site_names += values.get("og:site_name", []) + values.get("application-name", [])
    meta.urls += values.get("og:url", [])
    meta.sections += values.get("article:section", [])
    description = values.get("og:description", []) + values.get("description", [])
    meta.description = description[0] if description else None


def jsonld_nodes(tree: _Element) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph and lists flattened; broken blocks skipped."""
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        data = _load_json(script.text or "")
        nodes.extend(_flatten(data))
    return nodes


def _load_json(text: str) -> Any:
    text = re.sub(r"^\s*(?://)?\s*<!\[CDATA\[|(?://)?\s*\]\]>\s*$", "", text.strip())
    for candidate in (text, re.sub(r",\s*([}\]])", r"\1", text)):  # trailing commas are common
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [str(k) for k in (kind if isinstance(kind, list) else [kind])]


def _is_article(node: dict[str, Any]) -> bool:
    return any(_ARTICLE_TYPE.search(t) for t in _types(node))


def _is_org(node: dict[str, Any]) -> bool:
    return any(_ORG_TYPE.search(t) for t in _types(node))


def _read_jsonld(tree: _Element, meta: PageMeta) -> None:
    nodes = jsonld_nodes(tree)
    by_id = {str(n["@id"]): n for n in nodes if "@id" in n}
    articles = [n for n in nodes if _is_article(n)]
    for node in articles:
        for key in ("headline", "name"):
            value = _as_text(node.get(key))
            if value:
                meta.headlines.append(value)
                break
        meta.published += [v for v in _as_texts(node.get("datePublished")) if v]
        meta.modified += [v for v in _as_texts(node.get("dateModified")) if v]
        for author in _as_list(node.get("author")):
            _read_author(_resolve(author, by_id), meta)
        for publisher in _as_list(node.get("publisher")):
            name = _as_text(_resolve(publisher, by_id).get("name") if isinstance(publisher, dict) else publisher)
            if name:
                meta.site_names.append(name)
                meta.org_names.append(name)
        meta.sections += _as_texts(node.get("articleSection"))
        url = node.get("url") or _resolve(node.get("mainEntityOfPage") or {}, by_id).get("@id")
        if isinstance(url, str):
            meta.urls.append(url)
    for node in nodes:
        if _is_org(node) and not _is_article(node):
            name = _as_text(node.get("name"))
            if name:
                meta.org_names.append(name)
                if any("NewsMedia" in t or "WebSite" in t for t in _types(node)):
                    meta.site_names.append(name)
    if not articles:  # pages that state only a date on a WebPage node
        for node in nodes:
            meta.published += [v for v in _as_texts(node.get("datePublished")) if v]


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A referenced node ({"@id": ...}) replaced by its full definition elsewhere in the graph."""
    if isinstance(value, dict):
        if set(value) <= {"@id", "@type"} and str(value.get("@id")) in by_id:
            return by_id[str(value["@id"])]
        return value
    return {"name": value} if isinstance(value, str) else {}


def _read_author(node: dict[str, Any], meta: PageMeta) -> None:
    name = _as_text(node.get("name"))
    if not name:
        return
    if _is_org(node):
        meta.org_names.append(name)
    else:
        meta.authors.append(name)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(lxml_unescape(value)) if isinstance(value, str) else ""


def _as_texts(value: Any) -> list[str]:
    return [t for t in (_as_text(v) for v in _as_list(value)) if t]


def lxml_unescape(text: str) -> str:
    """HTML entities left inside JSON strings (&#8217;, &amp;) decoded."""
    if "&" not in text:
        return text
    import html as std_html

    return std_html.unescape(text)


def _copyright_names(tree: _Element) -> list[str]:
    """Owners named by copyright notices, read from the end of the page (footers)."""
    names: list[str] = []
    # Outermost footers only (nested ones are read with them), the last first: the page's own footer.
    footers = tree.xpath(
        "//footer[not(ancestor::footer)] | //*[contains(translate(@class,'FOOTER','footer'),'footer')]"
        "[not(ancestor::*[contains(translate(@class,'FOOTER','footer'),'footer')])][not(ancestor::footer)]"
    )
    for node in [*reversed(footers), *tree.xpath("//body")]:
        text = element_text(node)
        for match in re.finditer(r"(?:©|\(c\)|copyright)[^©]{0,80}", text, re.I):
            name = by.copyright_name(match.group(0))
            if name and name not in names:
                names.append(name)
        if names:
            break
    return names


# --- choices between candidates -------------------------------------------------------------------------------


def iso_date(value: str) -> tuple[str, bool] | None:
    """'2023-11-02T16:33:38+01:00' -> ('2023-11-02', True): the date as the publisher wrote it, and
    whether it carries a local (non-UTC) offset."""
    m = _ISO_DATE.search(value)
    if not m:
        return None
    tz = m.group("tz") or ""
    local = bool(tz) and tz != "Z" and tz.replace(":", "") not in ("+0000", "-0000")
    return m.group("date"), local


def pick_date(meta: PageMeta) -> str | None:
    """The publication date. A value with a local offset wins over a UTC one (the day as the publisher
    lived it); modified dates are never used when a published one exists."""
    parsed = [p for p in (_any_date(v) for v in meta.published) if p]
    if not parsed:
        return None
    first = parsed[0][0]
    # A local value far from the most trusted one is another date (an update), not the same instant.
    local = [d for d, is_local in parsed if is_local and _days_apart(d, first) <= 1]
    return local[0] if local else first


def _any_date(value: str) -> tuple[str, bool] | None:
    """An ISO timestamp, or a written date some CMSs put in <meta> ('Wed, 02 Nov 2023', '02/11/2023')."""
    found = iso_date(value)
    if found:
        return found
    written = parse_date(value)
    return (written.iso, False) if written else None


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def domain_core(value: str) -> str | None:
    """'www.20minutes.fr' -> '20minutes'; None when `value` does not look like a domain."""
    m = _DOMAIN.match(value.strip())
    if not m or " " in value.strip():
        return None
    return m.group("core").split(".")[-1]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in text if not unicodedata.combining(c)))


def normalise_source(name: str) -> str:
    """'Le Monde.fr' -> 'Le Monde'; '@handle' and URLs rejected upstream."""
    name = clean_text(name)
    if " " in name:
        name = _EDITION_TLD.sub("", name).strip()
    return name


def title_suffix(page_title: str | None, headline: str | None) -> str | None:
    """The site name appended to a page title ('Headline | Site'), when there is one."""
    if not page_title:
        return None
    if headline and page_title.startswith(headline):
        rest = page_title[len(headline) :].strip()
        for sep in _TITLE_SEPARATORS:
            if rest.startswith(sep.strip()):
                suffix = rest[len(sep.strip()) :].strip()
                return suffix or None
        return None
    for sep in _TITLE_SEPARATORS:
        if sep in page_title:
            suffix = page_title.rsplit(sep, 1)[1].strip()
            if 1 <= len(suffix.split()) <= 5:
                return suffix
    return None


def pick_source(meta: PageMeta, headline: str | None, url: str | None) -> str | None:
    """The publication's name. A domain-looking name is replaced by a readable name found elsewhere on the
    page that spells the same letters (copyright line, title suffix, publisher)."""
    suffix = title_suffix(meta.page_title, headline)
    candidates = [n for n in [*meta.og_site_names, *meta.site_names] if n and not n.startswith("@")]
    others = [*candidates, *([suffix] if suffix else []), *meta.copyright_names]
    for name in candidates or others:
        core = domain_core(name)
        if core is None:
            return normalise_source(_most_readable(name, others))
        readable = [o for o in others if domain_core(o) is None and _fold(o) == _fold(core)]
        if readable:
            return normalise_source(_most_readable(readable[0], others))
    if suffix and domain_core(suffix) is None:
        return normalise_source(suffix)
    if meta.copyright_names:
        return normalise_source(meta.copyright_names[0])
    host = urlsplit(url or "").hostname
    core = domain_core(host) if host else None
    return core.capitalize() if core else None


def _most_readable(name: str, variants: list[str]) -> str:
    """Among spellings of the same name ('20minutes', '20 Minutes'), the one written for readers:
    words separated, capitalised."""
    same = [v for v in variants if _fold(v) == _fold(name) and domain_core(v) is None] or [name]
    return max(same, key=lambda v: (v.count(" "), sum(c.isupper() for c in v) > 0, -same.index(v)))


def strip_site_suffix(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline' when the suffix is the site's name (or any short trailing name)."""
    if site:
        for sep in _TITLE_SEPARATORS:
            if sep in title and _fold(title.rsplit(sep, 1)[-1]) == _fold(site):
                return title.rsplit(sep, 1)[0].strip()
    return title


def pick_title(meta: PageMeta, site: str | None) -> str | None:
    """The displayed headline: a visible H1 that agrees with the metadata, else the metadata headline
    (JSON-LD, then og:title, then <title>) less the site suffix, else the first sentence-long H1."""
    stated = [*meta.headlines, *meta.og_titles]
    if meta.page_title:
        stated.append(meta.page_title)
    stated_folded = {_fold(strip_site_suffix(t, site)) for t in stated} | {_fold(t) for t in stated}
    for h1 in meta.h1s:
        if _fold(h1) and _fold(h1) in stated_folded:
            return h1
    for title in stated:
        cleaned = strip_site_suffix(title, site)
        # A page title that is only the site's name ('Le Monde') is no headline.
        if len(cleaned.split()) >= 2 and not (site and _fold(cleaned) == _fold(site)):
            return cleaned
    long_h1 = [h for h in meta.h1s if len(h.split()) >= 4]
    return long_h1[0] if long_h1 else None


def clean_person(name: str) -> str | None:
    """One author string as a clean name: 'By TOM KRISHER, AP Auto Writer' -> 'Tom Krisher'."""
    text = clean_text(name)
    text = re.sub(r"^(?:by|par|auteur|author|written by)\s*:?\s*", "", text, flags=re.I)
    if not text or "http" in text or "@" in text:
        return None
    if _AGENCY.fullmatch(text):
        return text
    names = by.names_from(text)
    if names is None and text.isupper():
        names = by.names_from(text.title())
    if names is None:
        return None
    people = [n.title() if n.isupper() and len(n) > 4 else n for n in names.split(", ")]
    # One capitalised word is a name only when it is an agency ('AFP', 'Reuters'): 'La', 'Rédaction' are not.
    people = [n for n in people if len(n.split()) >= 2 or n.isupper() or _AGENCY.fullmatch(n)]
    return ", ".join(people) or None


def pick_authors(candidates: list[str], not_people: list[str]) -> str | None:
    """People as bylined, comma-separated: organisation and publication names dropped, duplicates merged."""
    excluded = {_fold(n) for n in not_people if n}
    excluded |= {_fold(normalise_source(n)) for n in not_people if n}
    excluded.discard("")
    names: list[str] = []
    for raw in candidates:
        for part in re.split(r"\s*[;|]\s*", raw):
            person = clean_person(part)
            if not person:
                continue
            for one in person.split(", "):
                if _fold(one) in excluded or any(_fold(one) == _fold(n) for n in names):
                    continue
                # 'Rédaction Le Monde', 'Equipe Euronews': the publication's desk, not a person.
                if any(len(org) >= 4 and org in _fold(one) for org in excluded):
                    continue
                names.append(one)
    return ", ".join(names) if names else None


def pick_url(meta: PageMeta) -> str | None:
    for url in meta.urls:
        if url.startswith(("http://", "https://")):
            return url
    return None


def pick_section(meta: PageMeta) -> str | None:
    return meta.sections[0] if meta.sections else None


def html_language(meta: PageMeta) -> str | None:
    """The primary subtag of <html lang> ('fr-FR' -> 'fr')."""
    if not meta.html_lang:
        return None
    code = meta.html_lang.split("-")[0].split("_")[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else None
