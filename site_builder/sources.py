"""Copies of the input pages, so every article links back to what it came from.

An HTML input is published with an added `.txt` suffix: a saved page is
untrusted and is shown as text, never rendered as a page of our site.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .listing import files_under
from .models import InputRecord, Site
from .report import Reporter

if TYPE_CHECKING:  # buildstate imports the render stage, which imports this module
    from .buildstate import BuildState

SOURCES_DIR = "inputs"


def input_copy_path(slug: str, record: InputRecord) -> str:
    """Where the copy of one input of article `slug` is published."""
    name = PurePosixPath(record.path).name
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip(".-") or "input"
    if not safe.lower().endswith(".txt"):
        safe += ".txt"
    return f"{SOURCES_DIR}/{slug}/{safe}"


@dataclass
class InputCopies:
    files: dict[str, bytes] = field(default_factory=dict)  # copies read this time
    keep: list[str] = field(default_factory=list)  # copies unchanged since the previous site
    outputs: dict[str, str] = field(default_factory=dict)  # copy path -> sha256 of its input


def input_copies(site: Site, input_dir: Path, reporter: Reporter) -> dict[str, bytes]:
    """The published copies of every input that still exists, unchanged."""
    return collect_input_copies(site, input_dir, reporter).files


def collect_input_copies(
    site: Site, input_dir: Path, reporter: Reporter, previous: BuildState | None = None, out: Path | None = None
) -> InputCopies:
    """The published copies of every input that still exists, unchanged.

    A copy whose input has the same hash as last time is kept, not read again.
    """
    result = InputCopies()
    cap = site.config.max_input_bytes
    root = input_dir.resolve()
    listed = files_under(input_dir) if previous is not None and out is not None else set()
    for article in site.articles:
        for record in [r for r in [article.input, *article.other_inputs] if r]:
            target = input_copy_path(article.slug, record)
            stamp = f"input:{record.sha256}"
            if (record.path in listed and record.sha256 and previous is not None and out is not None
                    and previous.unchanged(out, target, stamp)):
                # Still there, and its copy is in the site: kept without reading (or resolving) the input.
                result.keep.append(target)
                result.outputs[target] = stamp
                continue
            path = (input_dir / record.path).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                continue  # moved or deleted since ingest: the article stays, its copy goes
            try:
                with path.open("rb") as handle:
                    data = handle.read(cap)
            except OSError as exc:
                reporter.warn(record.path, f"cannot read ({exc.strerror})", "no copy published")
                continue
            result.files[target] = data
            result.outputs[target] = stamp
    return result
