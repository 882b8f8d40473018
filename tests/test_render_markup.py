"""Markdown bodies to sanitised HTML, and the first-sentence helper."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest

from site_builder.markdown_converter import BLOCK_PROCESSORS, INLINE_PATTERNS, converter
from site_builder.markup import first_sentence, markdown_to_html, plain_prose_html, sanitise_html

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="position:fixed">x</p>',
        "[x](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<svg onload=alert(1)></svg>",
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name="q"></form>',
        '<base href="https://evil.example/">',
        "<object data=x></object><embed src=x>",
        '<div onclick="alert(1)">x</div>',
    ],
)
def test_hostile_markup_is_removed(hostile: str) -> None:
    html = markdown_to_html(f"Before.\n\n{hostile}\n\nAfter.").lower()
    for banned in ("<script", "<img", "<iframe", "style=", "javascript:", "data:", "<svg", "<style", "<form",
                   "<input", "<base", "<object", "<embed", "onclick", "onerror", "onload", "alert(1)</"):
        assert banned not in html, f"{banned!r} survived in {html!r}"
    assert "before." in html and "after." in html


def test_structure_survives() -> None:
    html = markdown_to_html("# Top\n\n## Part\n\nA *b* **c** [link](https://example.org/x).\n\n- one\n- two\n\n> quote")
    assert "<h1" not in html  # the page title is the only h1
    assert "<h2>Top</h2>" in html and "<h2>Part</h2>" in html
    assert "<em>b</em>" in html and "<strong>c</strong>" in html
    assert '<a rel="noopener noreferrer nofollow" href="https://example.org/x">link</a>' in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_link_without_href_gets_no_rel() -> None:
    assert markdown_to_html("[x](javascript:alert(1))") == "<p><a>x</a></p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Dupont est venu. Il est reparti.", "M. Dupont est venu."),
        ("Le Dr. Smith parle! Ensuite.", "Le Dr. Smith parle!"),
        ("J. K. Rowling wrote it. Then more.", "J. K. Rowling wrote it."),
        ("« Oui. » Puis non.", "« Oui. »"),
        ("Pas de point final", "Pas de point final"),
        ("Prices rose 3.5 percent. Then fell.", "Prices rose 3.5 percent."),
    ],
)
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected


def test_the_inline_patterns_are_the_ones_the_plain_text_skipper_knows() -> None:
    """The skipper's list of characters covers these patterns; a new one (a Markdown upgrade) must be looked at."""
    assert tuple(item.name for item in converter().inlinePatterns._priority) == INLINE_PATTERNS


def test_the_block_processors_are_the_ones_the_plain_paragraph_knows() -> None:
    """What a plain paragraph must not start a line with covers these processors; a new one must be looked at."""
    assert tuple(item.name for item in converter().parser.blockprocessors._priority) == BLOCK_PROCESSORS


def _stock_html(text: str) -> str:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html").convert(text)


def _generated_markdown(rnd: random.Random) -> str:
    pieces = ["mot", "Mot", " ", "  ", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")",
              "!", "<", ">", "&", "&amp;", "&#233;", "<b>", "</b>", "<https://example.org>", "<a@b.fr>", "#", "- ",
              "1. ", "> ", "    ", "\t", "é", "’", ":", "[a](https://example.org/x)", "![i](x.png)", "[r]",
              "\n[r]: https://example.org/r\n", "  \n", "<!-- c -->", "\x02", "\x03", "---", "=", "|", "+ ", "* ",
              "2024. ", "3 ", "===", "***", "___", " ", "\n ", "\n\t", "\n#", "\n>", "\n-", "\n2. ", "Phrase.",
              "\n\n\n", "\r\n", "##"]  # fmt: skip
    return "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60)))


def test_plain_paragraphs_and_text_skipper_change_no_output() -> None:
    """The converter used for bodies gives what Python-Markdown gives without them, byte for byte."""
    texts = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
             for p in sorted((REPO / "content" / "articles").glob("*.md"))]  # fmt: skip
    texts += ["Un _mot_ et __deux__.", "Un *mot* et **deux**.", "AT&T &amp; &#233; &copy; & co", "x `code` y",
              "a \\*b\\* c", "[lien](https://example.org) et [r]\n\n[r]: https://example.org/r", "<b>gras</b>",
              "<https://example.org/a>", "fin  \nligne", "avant \x02klzzwxh:0\x03 après", "- _a_\n- b",
              "Voir [r].\n[r]: https://example.org/r", "Voir [r].\n\n[r]: https://example.org/r\nSuite.",
              "    code\n\n\n    suite", "    code\n\n\nsuite", "Un titre\n===\n\nSuite"]  # fmt: skip
    rnd = random.Random(8)
    texts += [_generated_markdown(rnd) for _ in range(3000)]
    # Paragraphs of words around a block of markup: what a plain paragraph meets before and after a list,
    # a quote, a heading or a code block.
    texts += ["\n\n".join(["Un paragraphe.\nSa suite.", _generated_markdown(rnd), "Un autre.", "Fin."][k:])
              for k in (0, 1) for _ in range(500)]  # fmt: skip
    assert len(texts) > 4000
    for text in texts:
        assert converter().reset().convert(text) == _stock_html(text), repr(text)


def _generated_prose(rnd: random.Random, odd: bool) -> str:
    """Paragraphs and headings; `odd`: with what could trip a shortcut (marks that open blocks, odd spaces)."""
    words = ["mot", "Mot", "l’État", "«", "»", ">", "a>b", "#", "C#", "=", "-", "+", "1.", "2024", "é", "\xa0",
             "\u2003", "\x0c", "\x1c", "\x85", "\u2028", "—", "!", "?", ".", "x  y", "fin ", "a\x00b", "\x01",
             "\ufeff", "\u00ad", "\U0001f600", "\ufffe"]  # fmt: skip
    openers = ["", "", "", "", "", "", "# ", "## ", "###### ", "##   ", "\xa0", "\u2003", "\n"]
    ends = ["", "", "", " ", "  ", "\xa0", "#"]
    separators = ["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n\n\n\n", " \n\n"]
    if odd:
        openers += ["####### ", "#", "## \xa0", "> ", "- ", "1. ", "=", " ", "### Titre #", "<p>", "    ",
                    "[r]: https://example.org/r"]  # fmt: skip
        separators += ["\n \n", "\n\t", "\r\n"]
    blocks = []
    for _ in range(rnd.randint(1, 6)):
        line = rnd.choice(openers) + " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 8)))
        blocks.append(line + rnd.choice(ends))
    text = "".join(block + rnd.choice(separators) for block in blocks)
    return rnd.choice(["", "", "\n", "\n\n"]) + text[: rnd.randint(len(text) - 3, len(text))]


def test_plain_prose_is_rendered_as_python_markdown_renders_it() -> None:
    """The shortcut for bodies of plain paragraphs and headings gives the converter's output, byte for byte,
    and the sanitiser's: it is not run on them."""
    texts = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
             for p in sorted((REPO / "content" / "articles").glob("*.md"))]  # fmt: skip
    rnd = random.Random(11)
    texts += [_generated_prose(rnd, odd=n % 2 == 1) for n in range(6000)]
    texts += [_generated_markdown(rnd) for _ in range(1000)]
    taken = 0
    for text in texts:
        stock = re.sub(r"<(/?)h1\b", r"<\1h2", _stock_html(text))
        assert markdown_to_html(text) == sanitise_html(stock), repr(text)
        shortcut = plain_prose_html(text)
        if shortcut is not None:
            assert shortcut == _stock_html(text), repr(text)
            taken += 1
    assert taken > 500  # the shortcut was tried on many texts, not only on the few it could not take
