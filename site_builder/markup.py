"""Article bodies: Markdown in, sanitised HTML out.

Bodies come from untrusted pages (and from people editing content files), so
whatever Markdown lets through is cleaned with an allow-list: no script,
style, iframe, image, event handler or non-web URL ever reaches a page.
"""

from __future__ import annotations

import re

import nh3

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
    """Render an article body, sanitised. Top-level headings are demoted: the page title is the only h1."""
    html = plain_prose_html(text)
    if html is not None:
        # Plain prose has no markup but its own <p> and <hN>, and no "<", "&" or NUL in its text: the
        # sanitiser would return it as it is, no-break spaces written as &nbsp; (tests check).
        return _demoted(html).replace("\xa0", "&nbsp;")
    from .markdown_converter import converter  # Python-Markdown, imported only for a body that needs it

    return sanitise_html(_demoted(converter().reset().convert(text)))


def _demoted(html: str) -> str:
    return re.sub(r"<(/?)h1\b", r"<\1h2", html)


# What opens every Markdown block but a paragraph, at the start of a line of the block (tests check the
# list of block processors of the converter in markdown_converter): a space or tab (indented code, list
# continuation), `#` heading, `=` `-` setext underline or rule, `*` `_` `+` `-` rule or list item, a digit
# (numbered item), `>` quote, `[` link reference, `<` raw HTML, \x02 (Python-Markdown's placeholder for
# it); or a blank line (an empty block, or one that starts with a blank line).
BLOCK_MARKUP = re.compile(r"(?:\A|\n)[\n \t#=*_+\-0-9>\[<\x02]")
# What any inline Markdown needs (tests check the list of the converter's inline patterns): `\` escape,
# `` ` `` code, `[` link or image, `<` autolink or HTML, `&` entity, `*` `_` emphasis, two spaces before a
# line break; \x02 opens Python-Markdown's own placeholders.
INLINE_MARKUP = re.compile(r"[\\`\[<&*_\x02]|  \n")
# What a body of plain prose never holds: inline markup, Python-Markdown's other placeholder character
# (\x03), a tab or a carriage return (all changed before parsing), NUL (which the sanitiser drops). What
# may open a line of a paragraph is BLOCK_MARKUP's.
_NOT_PLAIN_PROSE = re.compile(rf"{INLINE_MARKUP.pattern}|[\x00\x03\t\r]")
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
        elif BLOCK_MARKUP.search(block):
            return None
        elif block.strip():  # as Python-Markdown's paragraphs: leading white space dropped, blank blocks too
            parts.append(f"<p>{block.lstrip().replace('>', '&gt;')}</p>")
    return "\n".join(parts)


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
