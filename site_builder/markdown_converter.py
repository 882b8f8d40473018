"""Python-Markdown as article bodies use it, for the bodies markup.plain_prose_html cannot take.

Python-Markdown with sane lists, and two shortcuts that change no output
(tests compare with the unmodified converter): blocks that can only be
paragraphs skip the other block processors, and text in which no inline
pattern can match skips the inline step. Imported only when a body needs
it: most bodies are plain prose.
"""

from __future__ import annotations

import functools
from xml.etree.ElementTree import Element

import markdown
from markdown.blockprocessors import ParagraphProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .markup import BLOCK_MARKUP, INLINE_MARKUP


@functools.cache
def converter() -> markdown.Markdown:
    # Building a converter costs a fifth of a conversion; one is reused (render is single-threaded).
    engine = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    engine.parser.blockprocessors.register(PlainParagraph(engine.parser), "plain_paragraph", PLAIN_PARAGRAPH_PRIORITY)
    engine.treeprocessors.register(PlainTextSkipper(engine), "plain_text", PLAIN_TEXT_PRIORITY)
    return engine


# The block processors of the converter: all but the paragraph's need one of markup.BLOCK_MARKUP.
BLOCK_PROCESSORS = ("plain_paragraph", "empty", "indent", "code", "hashheader", "setextheader", "hr", "olist",
                    "ulist", "quote", "reference", "paragraph")  # fmt: skip
PLAIN_PARAGRAPH_PRIORITY = 110  # before every other block processor ("empty" is 100)


class PlainParagraph(ParagraphProcessor):
    """Takes a block that no other block processor would take as the paragraph it is, without asking them.

    Python-Markdown tries each of its eleven block processors on every
    block, most of them by searching the whole block with a regular
    expression; a news article is mostly plain paragraphs. One search for
    what any of them needs (`BLOCK_MARKUP`) tells that it would fall
    through to the paragraph processor, whose `run` this is. A third off a
    conversion; no output changes (tests compare with the unmodified
    converter).
    """

    def test(self, parent: Element, block: str) -> bool:
        return not BLOCK_MARKUP.search(block) and bool(block)


# The inline patterns of the converter: each needs one of markup.INLINE_MARKUP to match.
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
            if element.text and not isinstance(element.text, AtomicString) and not INLINE_MARKUP.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not INLINE_MARKUP.search(element.tail):
                element.tail = AtomicString(element.tail)
