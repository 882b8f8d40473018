"""Splitting a body into sentences, French or English.

A full stop ends a sentence only when it is not part of an abbreviation
("M.", "Mme.", "Dr.", "U.S.", "J.-C.", "Nov."), an initial ("J. Smith"),
a number ("2.944", "3.5") or an ellipsis inside a quotation. Paragraph
breaks, Markdown headings and list items always end a sentence. Pure
functions, no data files, so it behaves the same everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations that end with a full stop and are usually followed by more of
# the same sentence. Lower-cased, without the final dot.
_COMMON_ABBREVIATIONS = frozenset(
    {
        "art", "av", "bd", "cf", "ch", "chap", "co", "corp", "dept", "dir", "éd", "ed", "ex",
        "fig", "gen", "gén", "gouv", "inc", "jr", "ltd", "max", "min", "mt", "no", "nº", "n°", "op",
        "p", "pp", "prof", "pr", "resp", "sr", "st", "ste", "sté", "vol", "vs", "cie", "env", "approx",
    }
)
_FRENCH_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "dr", "pr", "ste", "st", "boul", "bd", "av", "env",
     "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "hab", "tél", "éts", "cad"}
)
_ENGLISH_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "rev", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
     "thu", "fri", "sat", "sun", "est", "approx", "fig", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m"}
)
# Month abbreviations are followed by a number ("Nov. 20"); elsewhere they may end a sentence.
_MONTH_ABBREVIATIONS = frozenset(
    {"jan", "janv", "feb", "févr", "fév", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep", "sept",
     "oct", "nov", "dec", "déc"}
)

_TERMINATORS = ".!?…"
_CLOSERS = "\"'»”’)]"
_SPACED_CLOSER = re.compile(r"[ \u00a0\u202f]+[»”]")
_TERMINATOR = re.compile(f"[{_TERMINATORS}]")
_SPACES = re.compile(r"\s+")
_INITIAL_SEPARATORS = re.compile(r"[.\-]+")
_BLOCK_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)")


def split_sentences(text: str, language: str = "fr") -> list[str]:
    """Sentences of `text` in order, stripped, with Markdown block markers removed."""
    return list(_split_text(text, (language or "").lower()[:2]))


# Enrichment and the theme classifier split the same body one after the other: the last splits are kept.
@lru_cache(maxsize=8)
def _split_text(text: str, language: str) -> tuple[str, ...]:
    abbreviations = _abbreviations_for(language)
    sentences: list[str] = []
    for block in _blocks(text):
        sentences.extend(_split_block(block, abbreviations))
    return tuple(s for s in sentences if s)


def _abbreviations_for(language: str) -> frozenset[str]:
    lang = (language or "").lower()[:2]
    if lang == "en":
        return _COMMON_ABBREVIATIONS | _ENGLISH_ABBREVIATIONS
    if lang == "fr":
        return _COMMON_ABBREVIATIONS | _FRENCH_ABBREVIATIONS
    return _COMMON_ABBREVIATIONS | _FRENCH_ABBREVIATIONS | _ENGLISH_ABBREVIATIONS


def _blocks(text: str) -> list[str]:
    """Paragraphs, headings and list items: units no sentence crosses."""
    blocks: list[str] = []
    current: list[str] = []
    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line = raw_line.strip()
        starts_block = bool(_BLOCK_PREFIX.match(line))
        if not line or starts_block:
            if current:
                blocks.append(" ".join(current))
                current = []
            if not line:
                continue
        line = _BLOCK_PREFIX.sub("", line, count=1) if starts_block else line
        if raw_line.lstrip().startswith("#"):
            # A heading is one unit on its own.
            blocks.append(line)
            continue
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    return [_SPACES.sub(" ", b).strip() for b in blocks]


def _split_block(block: str, abbreviations: frozenset[str]) -> list[str]:
    sentences: list[str] = []
    start = 0
    n = len(block)
    # Jump from terminator to terminator: the characters between them decide nothing.
    terminator = _TERMINATOR.search(block)
    while terminator:
        i = terminator.start()
        end = i + 1
        while end < n and block[end] in _TERMINATORS:
            end += 1
        while end < n and block[end] in _CLOSERS:
            end += 1
        # French spacing puts a space before the closing guillemet: "Pourquoi ? »".
        spaced_closer = _SPACED_CLOSER.match(block, end)
        if spaced_closer:
            end = spaced_closer.end()
        if _is_boundary(block, i, end, abbreviations):
            sentences.append(block[start:end].strip())
            start = end
        terminator = _TERMINATOR.search(block, end)
    tail = block[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_boundary(block: str, dot: int, end: int, abbreviations: frozenset[str]) -> bool:
    """Whether the terminator at `dot` (running to `end`) closes a sentence."""
    rest = block[end:]
    if rest and not rest[0].isspace():
        return False  # "2.944", "U.S.", "www.site.ma", "J.-C"
    following = rest.lstrip()
    if not following:
        return True
    next_char = following[0]
    if block[dot] != ".":
        # "!", "?" or "…" followed by a lower-case word continue the sentence ("« Pourquoi ? » a-t-il dit").
        return not next_char.islower()
    if block[end - 1] in _CLOSERS:
        return next_char.isupper() or next_char.isdigit() or next_char in "«\"“(-–—"
    word = _word_before(block, dot)
    lowered = word.lower()
    if lowered in _MONTH_ABBREVIATIONS:
        # "Nov. 20": a month abbreviation before a number continues; before a capital it may end.
        return not next_char.isdigit() and next_char.isupper()
    if lowered in abbreviations or lowered.rstrip(".") in abbreviations:
        return False
    if _is_initial(word):
        return False
    if next_char.islower():
        return False  # "etc. et", a stray full stop: never a new sentence in a lower-case word
    return next_char.isupper() or next_char.isdigit() or next_char in "«\"“'(-–—¿¡[" or not next_char.isalnum()


def _word_before(block: str, dot: int) -> str:
    """The token ending just before the terminator, dots inside kept ("U.S", "J.-C")."""
    j = dot
    while j > 0 and not block[j - 1].isspace() and block[j - 1] not in "(«\"“'’":
        j -= 1
    return block[j:dot]


def _is_initial(word: str) -> bool:
    """'J', 'J.-C', 'U.S': single capital letters joined by dots or hyphens."""
    if not word:
        return False
    parts = _INITIAL_SEPARATORS.split(word)
    return all(len(p) == 1 and p.isalpha() and p.isupper() for p in parts if p) and any(parts)
