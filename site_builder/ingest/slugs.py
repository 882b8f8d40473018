"""Stable, readable file names for articles."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """ASCII, lower case, words joined by '-', cut at a word boundary.

    >>> slugify("Protection des infrastructures énergétiques : vers un partenariat")
    'protection-des-infrastructures-energetiques-vers-un'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "article")


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
