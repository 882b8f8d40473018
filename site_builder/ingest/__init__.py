"""The ingest stage: one input page in, one Extraction out.

`extract_page` is the single entry point for one page: it decodes the bytes,
picks the reader for the input's format and enriches the result (summary,
entities, keywords, event dates). It is pure: reading files and writing
content records is done by `site_builder.ingest.run`.
"""

from __future__ import annotations

from pathlib import PurePath

from ..models import Extraction

# Suffix -> input format. Anything else is read as a text dump when it decodes.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}


class PageError(ValueError):
    """An input that yields no article; the message is the one-line reason."""


def input_format(name: str, text: str | None = None) -> str:
    """The format of an input, from its suffix, or from its first bytes."""
    suffix = PurePath(name).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    head = (text or "")[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def extract_page(name: str, data: bytes) -> tuple[Extraction, list[str]]:
    """Extract the article of one input page.

    Returns the extraction and notes about assumptions made (an encoding
    guessed, for instance). Raises PageError when the page holds no article.
    """
    # Imported here so that importing the package stays cheap for workers.
    from .decode import decode_bytes
    from .enrich import enrich
    from .textdump import NoArticleError, extract_text_dump

    notes: list[str] = []
    try:
        text, note = decode_bytes(data)
    except ValueError as exc:
        raise PageError(str(exc)) from None
    if note:
        notes.append(note)
    if not text.strip():
        raise PageError("empty file" if not data else "only whitespace")
    fmt = input_format(name, text)
    try:
        # No name passed on: the pipeline's warning names the file already.
        if fmt == "html":
            from .html import extract_html

            extraction = extract_html(text)
        else:
            extraction = extract_text_dump(text)
    except NoArticleError as exc:
        raise PageError(str(exc) or "no article found") from None
    return enrich(extraction), notes
