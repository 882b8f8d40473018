"""Copies of the input pages, so every article links back to what it came from.

An HTML input is published with an added `.txt` suffix: a saved page is
untrusted and is shown as text, never rendered as a page of our site.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from .models import InputRecord, Site
from .report import Reporter

SOURCES_DIR = "inputs"


def input_copy_path(slug: str, record: InputRecord) -> str:
    """Where the copy of one input of article `slug` is published."""
    name = PurePosixPath(record.path).name
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip(".-") or "input"
    if not safe.lower().endswith(".txt"):
        safe += ".txt"
    return f"{SOURCES_DIR}/{slug}/{safe}"


def input_copies(site: Site, input_dir: Path, reporter: Reporter) -> dict[str, bytes]:
    """The published copies of every input that still exists, unchanged."""
    files: dict[str, bytes] = {}
    cap = site.config.max_input_bytes
    root = input_dir.resolve()
    for article in site.articles:
        for record in [r for r in [article.input, *article.other_inputs] if r]:
            path = (input_dir / record.path).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                continue  # moved or deleted since ingest: the article stays, its copy goes
            try:
                with path.open("rb") as handle:
                    data = handle.read(cap)
            except OSError as exc:
                reporter.warn(record.path, f"cannot read ({exc.strerror})", "no copy published")
                continue
            files[input_copy_path(article.slug, record)] = data
    return files
