"""Saved HTML pages -> Extraction.

The body comes from trafilatura (boilerplate removal on the real markup),
rendered to our Markdown from its XML output: intertitles as `## `, lists as
`- `, captions, images and comments dropped. The headline, byline, date and
publication come from the page's own statements (`metadata`), checked
against the visible H1 and byline; trafilatura's metadata is only a last
fallback. The body is then trimmed of what trafilatura tends to keep at its
edges: the headline and byline above, a key-points box before the first
paragraph, paywall notices, sign-up promos and source credits below.

Nothing is fetched: trafilatura only ever sees the string we pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element

from ..models import Extraction
from . import byline as by
from . import metadata as md
from .language import detect_language
from .textdump import NoArticleError

_MIN_BODY_WORDS = 25
# Notices that end a truncated article or advertise a subscription (French and English).
_PAYWALL = re.compile(
    r"^(?:il vous reste \d|la suite est réservée|ce contenu est réservé|cet article est réservé|réservé aux abonnés|"
    r"abonnez-vous|déjà abonné|pour lire la suite|inscrivez-vous|subscribe to|already a subscriber|"
    r"this article is for subscribers|sign up for|to continue reading|you have \d+ free articles?)",
    re.I,
)
# Credit lines closing an article: sources and contributors, not body text.
_CREDIT = re.compile(
    r"^(?:with (?:reports|files|additional reporting) from|additional reporting by|reporting by|editing by|"
    r"avec (?:l'|l’)?(?:afp|ap|reuters|agences?)\b|\(?avec (?:afp|ap|reuters|agences)\)?\.?$|source\s*:|"
    r"sources?\s*:|(?:lire|voir) aussi\b|read (?:also|more)\b|related\s*:|tags?\s*:|mots[- ]clés\s*:|partager\b|"
    r"share (?:this|on)\b|follow us\b|suivez-nous\b|©|copyright\b)",
    re.I,
)
_KEY_POINTS_MAX_LEAD = 1  # paragraphs allowed above a key-points list at the top of the body


@dataclass(frozen=True)
class _Block:
    kind: str  # "p" | "head" | "item"
    text: str

    def markdown(self) -> str:
        return {"head": "## ", "item": "- "}.get(self.kind, "") + self.text


def extract_html(html: str, *, name: str = "") -> Extraction:
    """Extract the article of a saved HTML page. Raises NoArticleError when there is none."""
    where = f" in {name}" if name else ""
    try:
        tree = md.parse_html(html)
    except ValueError as exc:
        raise NoArticleError(f"{exc}{where}") from None
    meta = md.read_metadata(tree)
    url = md.pick_url(meta)
    headline_guess = meta.headlines[0] if meta.headlines else None
    source = md.pick_source(meta, headline_guess, url)
    title = md.pick_title(meta, source)
    people_inside, people_outside = visible_bylines(tree)
    drop_captions(tree)
    blocks = _body_blocks(tree, html)  # trafilatura prunes the tree: read everything else first
    not_people = [*meta.org_names, *meta.og_site_names, *meta.site_names, source or ""]
    # Metadata names the article's authors; visible byline elements also name those of teasers and
    # comments, so only the first one is read, and only when the metadata names no person.
    author = (
        md.pick_authors(meta.authors, not_people)
        or md.pick_authors(people_inside[:1], not_people)
        or md.pick_authors(_leading_bylines(blocks), not_people)
        or md.pick_authors(people_outside[:1], not_people)
    )
    headlines = [t for t in (title, *meta.h1s, *meta.headlines, *meta.og_titles) if t]
    blocks = trim_blocks(blocks, headlines=headlines, authors=author)
    body = to_markdown(blocks)
    if len(body.split()) < _MIN_BODY_WORDS:
        raise NoArticleError(f"no article text found{where}")
    date = md.pick_date(meta)
    if date is None or author is None:
        date, author = _trafilatura_fallback(html, date, author, not_people)
    author = author or agency_credit(blocks)
    language = detect_language(_plain(blocks)) or md.html_language(meta)
    return Extraction(
        title=title,
        body=body,
        date=date,
        author=author,
        source=source,
        section=md.pick_section(meta),
        language=language,
        url=url,
    )


def to_markdown(blocks: list[_Block]) -> str:
    """Blocks as Markdown: blank lines between blocks, consecutive list items on consecutive lines."""
    out: list[str] = []
    for i, block in enumerate(blocks):
        if i and not (block.kind == "item" and blocks[i - 1].kind == "item"):
            out.append("\n")
        out.append(block.markdown() + "\n")
    return "".join(out).strip()


def _body_blocks(tree: _Element, html: str) -> list[_Block]:
    """The main text as trafilatura finds it, as blocks (precision first, recall when that finds nothing).
    The first pass reuses our parsed tree; the second reparses, as the first has pruned the tree."""
    import trafilatura

    for recall in (False, True):
        xml = trafilatura.extract(
            html if recall else tree,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            favor_recall=recall,
        )
        if xml:
            blocks = xml_blocks(xml)
            if blocks:
                return blocks
    return []


def xml_blocks(xml: str) -> list[_Block]:
    """trafilatura's XML (<main> with head, p, list/item, quote, table, graphic) -> text blocks."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True, huge_tree=True))
    except etree.XMLSyntaxError:
        return []
    main = root.find("main") if root is not None else None
    if main is None:
        return []
    blocks: list[_Block] = []
    for child in main:
        blocks.extend(_element_blocks(child))
    return [b for b in blocks if b.text]


def _element_blocks(element: _Element) -> list[_Block]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("graphic", "comments", "fw", "note"):
        return []
    if tag == "head":
        return [_Block("head", _text(element))]
    if tag == "list":
        return [_Block("item", _text(item)) for item in element.iter("item")]
    if tag in ("quote", "div", "section") and len(element):
        return [b for child in element for b in _element_blocks(child)] or [_Block("p", _text(element))]
    if tag == "table":
        rows = [" | ".join(_text(cell) for cell in row.iter("cell")) for row in element.iter("row")]
        return [_Block("p", r) for r in rows if r.strip(" |")]
    return [_Block("p", _text(element))]


def _text(element: _Element) -> str:
    return md.clean_text("".join(element.itertext()))


def trim_blocks(blocks: list[_Block], *, headlines: list[str], authors: str | None) -> list[_Block]:
    """Drop what surrounds the article text: headline (any version the page states), byline and key
    points above, notices below."""
    names = {_fold(n) for n in (authors or "").split(", ") if n}
    titles = {_fold(t) for t in headlines if _fold(t)}
    kept = [b for b in blocks if not _is_byline(b, names)]
    while kept and kept[0].kind == "head" and (not titles or _fold(kept[0].text) in titles):
        kept = kept[1:]
    kept = [b for i, b in enumerate(kept) if not (i < 3 and _fold(b.text) in titles)]
    kept = _drop_key_points(kept)
    return _drop_tail(kept)


def _leading_bylines(blocks: list[_Block]) -> list[str]:
    """Names of byline lines ('Par X', 'By X') among the first blocks of the extracted text."""
    return [name for b in blocks[:6] if _is_byline(b, set()) and (name := by.byline_author(b.text))]


def _is_byline(block: _Block, author_names: set[str]) -> bool:
    """A short block that is only a byline ('Par X', 'By X and Y') or a publication line ('Published ...')."""
    text = block.text
    if len(text.split()) > 14:
        return False
    name = by.byline_author(text)
    # The name must be most of the block: 'De Paris à Lyon, la route…' is a sentence, not a byline.
    if name and len(text.split()) - len(name.split()) <= 6:
        return True
    # 'Publié le 2 nov. 2023 à 16:00 Mis à jour le 3 nov. 2023 à 08:12': dates, times and little else.
    if by.is_publication_line(text) and len(re.sub(r"\d+", "", text).split()) <= 16 and re.search(r"\d", text):
        return True
    return _fold(text) in author_names


def _drop_key_points(blocks: list[_Block]) -> list[_Block]:
    """A bulleted summary above the first paragraph ('L'essentiel', 'Key points') is not the body:
    drop it and the short lead-in above it."""
    first_item = next((i for i, b in enumerate(blocks) if b.kind == "item"), None)
    if first_item is None:
        return blocks
    lead = [b for b in blocks[:first_item] if b.kind == "p"]
    # A paragraph announcing the list ('Les mesures annoncées :') makes it part of the article.
    if len(lead) > _KEY_POINTS_MAX_LEAD or (lead and lead[-1].text.rstrip().endswith(":")):
        return blocks
    end = first_item
    while end < len(blocks) and blocks[end].kind == "item":
        end += 1
    rest = blocks[end:]
    # Only when real paragraphs follow: otherwise the list is the article.
    if sum(1 for b in rest if b.kind == "p" and len(b.text.split()) >= 20) < 2:
        return blocks
    return rest


def _drop_tail(blocks: list[_Block]) -> list[_Block]:
    """Remove trailing paywall notices, credits, and a closing heading with only list items under it."""
    changed = True
    while blocks and changed:
        changed = False
        last = blocks[-1]
        if _PAYWALL.match(last.text) or (_CREDIT.match(last.text) and len(last.text.split()) <= 15):
            blocks, changed = blocks[:-1], True
            continue
        if last.kind == "head":
            blocks, changed = blocks[:-1], True
            continue
        if last.kind == "item":
            start = len(blocks) - 1
            while start > 0 and blocks[start - 1].kind == "item":
                start -= 1
            if start > 0 and blocks[start - 1].kind == "head":  # a promo or link box, not article text
                blocks, changed = blocks[: start - 1], True
    return blocks


_CAPTIONS = (
    "//figcaption | //*[contains(translate(@class,'CAPTION','caption'),'caption')]"
    " | //*[contains(translate(@class,'LEGND','legnd'),'legend')]"
)
_AGENCY_CREDIT = re.compile(
    rf"^[^()]{{0,60}}\((?P<dateline>{md.AGENCIES})\)\s*[-–—:]|\((?:avec\s+|with\s+)?(?P<end>{md.AGENCIES})\)\.?$"
)


def drop_captions(tree: _Element) -> None:
    """Remove photo captions and credits (figcaption, 'caption'/'legend' classes): never body text.
    Elements holding several paragraphs are containers that happen to carry the word, and stay."""
    for node in tree.xpath(_CAPTIONS):
        if node.getparent() is None or len(node.xpath(".//p")) > 1 or len(md.element_text(node)) > 400:
            continue
        node.drop_tree()  # keeps the tail text, which belongs to the parent


def agency_credit(blocks: list[_Block]) -> str | None:
    """The news agency of agency copy: a dateline 'PARIS (AFP) -' opening the body, or '(AFP)' closing it."""
    paragraphs = [b.text for b in blocks if b.kind == "p"]
    if not paragraphs:
        return None
    first = _AGENCY_CREDIT.match(paragraphs[0])
    last = _AGENCY_CREDIT.search(paragraphs[-1][-40:])
    for m in (first, last):
        if m:
            return m.group("dateline") or m.group("end")
    return None


def visible_bylines(tree: _Element) -> tuple[list[str], list[str]]:
    """Names in the page's visible byline elements (class, rel or itemprop 'author'/'byline'), outside
    comment sections: those inside the article element, and the others (a header or sidebar may credit
    someone else)."""
    inside: list[str] = []
    outside: list[str] = []
    query = (
        "//*[@rel='author' or contains(@itemprop,'author') or contains(translate(@class,'AUTHOR','author'),'author')"
        " or contains(translate(@class,'BYLINE','byline'),'byline')]"
    )
    in_article = set(tree.xpath("//article//* | //main//* | //*[@role='main']//*"))
    for node in tree.xpath(query):
        if not isinstance(node.tag, str) or node.tag in ("meta", "link", "script", "style") or _in_comments(node):
            continue
        text = md.element_text(node)
        if not text or len(text) > 120:
            continue
        name = by.byline_author(text) or by.names_from(text)
        found = inside if node in in_article else outside
        if name and (len(name.split()) >= 2 or name.isupper()) and name not in found:
            found.append(name)
    return inside, outside


def _in_comments(node: _Element) -> bool:
    while node is not None:
        marks = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if "comment" in marks or "related" in marks or "recommend" in marks:
            return True
        node = node.getparent()
    return False


def _trafilatura_fallback(
    html: str, date: str | None, author: str | None, not_people: list[str]
) -> tuple[str | None, str | None]:
    """Date and author from trafilatura's own metadata reader, for pages that state neither in markup."""
    import trafilatura

    # No extensive search: htmldate would then read dates anywhere in the text, sidebars included.
    found = trafilatura.extract_metadata(html, extensive=False)
    if found is None:
        return date, author
    if date is None and found.date:
        date = md.iso_date(found.date)[0] if md.iso_date(found.date) else None
    if author is None and found.author:
        author = md.pick_authors([found.author], not_people)
    return date, author


def _plain(blocks: list[_Block]) -> str:
    return " ".join(b.text for b in blocks)


def _fold(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())
