"""Article bodies: Markdown in, sanitised HTML out.

Bodies come from untrusted pages (and from people editing content files), so
whatever Markdown lets through is cleaned with an allow-list: no script,
style, iframe, image, event handler or non-web URL ever reaches a page.
"""

from __future__ import annotations

import functools
import re

import markdown
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
    """Render an article body. Top-level headings are demoted: the page title is the only h1."""
    converter = _converter()
    html = converter.reset().convert(text)
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    return sanitise_html(html)


@functools.cache
def _converter() -> markdown.Markdown:
    # Building a converter costs a fifth of a conversion; one is reused (render is single-threaded).
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


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
