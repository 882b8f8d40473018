"""Article bodies: Markdown in, sanitised HTML out.

Bodies come from untrusted pages (and from people editing content files), so
whatever Markdown lets through is cleaned with an allow-list: no script,
style, iframe, image, event handler or non-web URL ever reaches a page.
"""

from __future__ import annotations

import functools
import re
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.blockprocessors import ParagraphProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Text structure only. Images are left out on purpose: a remote image would be
# a network request (and a CSP violation) on a site meant to work offline.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
        "strong", "em", "b", "i", "code", "pre", "a", "abbr", "sub", "sup",
        "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Their content goes too, not only the tags.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "iframe", "object", "embed", "template"})

_LINK_WITH_HREF = re.compile(r'<a (?=(?:[a-z-]+="[^"]*" )*href=")')
_SENTENCE_END = re.compile(r"[.!?…](?:\s?[\"»”)])?\s+(?=[«\"“A-ZÀ-ÖØ-Þ0-9])")
# Words ending in a full stop that do not end a sentence ("M. Dupont", "Dr. Smith").
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "st", "pr", "me", "vs", "etc", "no"}
)


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    # rel only on links that kept their href: `<a rel>` without href is invalid HTML.
    return _LINK_WITH_HREF.sub('<a rel="noopener noreferrer nofollow" ', cleaned)


def markdown_to_html(text: str) -> str:
    """Render an article body. Top-level headings are demoted: the page title is the only h1."""
    html = plain_prose_html(text)
    if html is None:
        html = _converter().reset().convert(text)
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    return sanitise_html(html)


# What a body of plain prose never holds: any inline markup (see _INLINE_MARKUP), Python-Markdown's
# placeholder characters, a tab or a carriage return (all changed before parsing). What may open a line
# of a paragraph is _BLOCK_MARKUP's business.
_NOT_PLAIN_PROSE = re.compile(r"[\\`\[<&*_\x02\x03\t\r]|  \n")
_PLAIN_HEADING = re.compile(r"(#{1,6}) +([^#\s](?:[^#\n]*[^#\s])?)[ ]*")


def plain_prose_html(text: str) -> str | None:
    """What Python-Markdown makes of a body of plain paragraphs and `#` headings; None for any other body.

    Most bodies are that: paragraphs of text with a few intertitles. For
    them Python-Markdown's machinery (a tree, eleven block processors,
    fourteen inline patterns, a serializer) comes down to wrapping each
    block in <p> or <hN> and escaping `>`, which this does directly, four
    times faster. Anything else, down to one `*` or one line opening with a
    digit, goes to Python-Markdown. Tests compare the two byte for byte.
    """
    if not text.strip() or _NOT_PLAIN_PROSE.search(text):
        return None
    parts: list[str] = []
    for block in (text + "\n\n").split("\n\n"):
        block = block.lstrip("\n")  # what Python-Markdown's empty-block processor drops
        if not block:
            continue
        if block.startswith("#"):
            heading = _PLAIN_HEADING.fullmatch(block)
            if heading is None:
                return None
            level, title = len(heading.group(1)), heading.group(2)
            parts.append(f"<h{level}>{title.replace('>', '&gt;')}</h{level}>")
        elif _BLOCK_MARKUP.search(block):
            return None
        elif block.strip():  # as Python-Markdown's paragraphs: leading white space dropped, blank blocks too
            parts.append(f"<p>{block.lstrip().replace('>', '&gt;')}</p>")
    return "\n".join(parts)


@functools.cache
def _converter() -> markdown.Markdown:
    # Building a converter costs a fifth of a conversion; one is reused (render is single-threaded).
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.parser.blockprocessors.register(PlainParagraph(converter.parser), "plain_paragraph",
                                              PLAIN_PARAGRAPH_PRIORITY)
    converter.treeprocessors.register(PlainTextSkipper(converter), "plain_text", PLAIN_TEXT_PRIORITY)
    return converter


# Every block processor of the converter above but the paragraph's needs one of these at the start of a
# line of the block (tests check the list of processors): a space or tab (indented code, list continuation),
# `#` heading, `=` `-` setext underline or rule, `*` `_` `+` `-` rule or list item, a digit (numbered item),
# `>` quote, `[` link reference, `<` raw HTML, \x02 (Python-Markdown's placeholder for it); or a blank
# line (an empty block, or one that starts with a blank line).
_BLOCK_MARKUP = re.compile(r"(?:\A|\n)[\n \t#=*_+\-0-9>\[<\x02]")
BLOCK_PROCESSORS = ("plain_paragraph", "empty", "indent", "code", "hashheader", "setextheader", "hr", "olist",
                    "ulist", "quote", "reference", "paragraph")  # fmt: skip
PLAIN_PARAGRAPH_PRIORITY = 110  # before every other block processor ("empty" is 100)


class PlainParagraph(ParagraphProcessor):
    """Takes a block that no other block processor would take as the paragraph it is, without asking them.

    Python-Markdown tries each of its eleven block processors on every
    block, most of them by searching the whole block with a regular
    expression; a news article is mostly plain paragraphs. One search for
    what any of them needs (`_BLOCK_MARKUP`) tells that it would fall
    through to the paragraph processor, whose `run` this is. A third off a
    conversion; no output changes (tests compare with the unmodified
    converter).
    """

    def test(self, parent: Element, block: str) -> bool:
        return not _BLOCK_MARKUP.search(block) and bool(block)


# Every inline pattern of the converter above needs one of these to match (tests check the list of
# patterns): `\` escape, `` ` `` code, `[` link or image, `<` autolink or HTML, `&` entity, `*` `_`
# emphasis, two spaces before a line break; \x02 opens Python-Markdown's own placeholders.
_INLINE_MARKUP = re.compile(r"[\\`\[<&*_\x02]|  \n")
INLINE_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                   "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")  # fmt: skip
PLAIN_TEXT_PRIORITY = 25  # just before Python-Markdown's "inline" (20)


class PlainTextSkipper(Treeprocessor):
    """Marks text in which no inline pattern can match as atomic, so the inline step passes over it.

    The inline step tries each of its fourteen patterns on every piece of
    text, in Python; most paragraphs of a news article hold no inline markup
    at all. Skipping them halves the conversion and changes no output (tests
    compare with the unmodified converter).
    """

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) and not _INLINE_MARKUP.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not _INLINE_MARKUP.search(element.tail):
                element.tail = AtomicString(element.tail)


def first_sentence(text: str) -> str:
    """The first sentence of a plain-text passage (the whole text when it has one)."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        words = text[: match.start()].split()
        last_word = words[-1].lower() if words else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        return text[: match.end()].rstrip()
    return text
