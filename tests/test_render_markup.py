"""Markdown bodies to sanitised HTML, and the first-sentence helper."""

from __future__ import annotations

import pytest

from site_builder.markup import first_sentence, markdown_to_html


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
