"""Headlines: looks of a title line, completion of a cut page title, derived titles."""

from __future__ import annotations

import re

from .lines import words

_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[«\"A-ZÀ-Þ0-9])")


def looks_like_title(line: str) -> bool:
    """A headline: 3-40 words, starts like a sentence, no sentence break inside, no final full stop."""
    ws = words(line)
    if not 3 <= len(ws) <= 40 or len(line) > 260:
        return False
    if not re.match(r"[«\"“‘'A-ZÀ-Þ0-9]", line):
        return False
    if line.rstrip().endswith(".") and not line.rstrip().endswith("..."):
        return False
    return not re.search(r"[a-zà-ÿ]\.\s+[A-ZÀ-Þ]", line)


def complete_truncated(title: str, lede: str) -> tuple[str, str] | None:
    """Complete a page title cut with '…' from a lede that starts with the same words.

    Returns (full title, words dropped before it: a section label glued in front), or None.
    The full title is the lede's first sentence without its final full stop.
    """
    if not _ELLIPSIS.search(title):
        return None
    stem = _ELLIPSIS.sub("", title).split()
    first = first_sentence(lede)
    for skip in range(0, min(4, len(stem) - 3)):
        head = " ".join(stem[skip:])
        if len(head) >= 15 and first.startswith(head):
            return first.rstrip(". "), " ".join(stem[:skip])
    return None


def first_sentence(text: str) -> str:
    return _SENTENCE.split(text.strip(), maxsplit=1)[0].strip()


def derive_title(text: str, *, max_words: int = 14) -> str:
    """A title for a page with no headline: its first sentence, cut at a clause boundary if long."""
    sentence = first_sentence(text).rstrip(". ")
    ws = sentence.split()
    if len(ws) <= max_words:
        return sentence
    cut = " ".join(ws[:max_words])
    # Prefer ending at a comma or before a relative/subordinate word within the limit.
    m = re.match(r"(.{30,}?)(?:,|\s(?:qui|que|dont|pour|afin|which|that|to)\s)", cut)
    short = m.group(1) if m else cut
    return short.rstrip(" ,;:") + "…"
