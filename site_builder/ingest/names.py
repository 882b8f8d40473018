"""Telling when two written names are the same name.

"Maroc Telecom" / "Maroc Télécom" (accents), "Alexey Andreev" / "Alexeï
Andreïev" (transliteration), "Marshavin" / "Roman Marshavin" (a surname on
second mention), "CNSS" / "Caisse nationale de sécurité sociale"
(an acronym beside its expansion).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .lexicon import LEADING_ARTICLES, NAME_CONNECTORS, fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TRANSLITERATED = re.compile(r"[yij]")
_DOUBLED = re.compile(r"(.)\1+")
_VOWEL_E = re.compile(r"e(?=[aeiou])|(?<=[aeiou])e")


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """Accent-, case- and punctuation-free form; equal keys are the same name."""
    words = _WORD.findall(fold(name))
    while len(words) > 1 and words[0] in {"le", "la", "les", "l", "the"}:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=16384)
def skeleton(name: str) -> str:
    """A transliteration-tolerant key: 'Alexeï Andreïev' and 'Alexey Andreev' share 'alex andrev'."""
    key = name_key(name)
    key = _TRANSLITERATED.sub("", key)  # the letters transliterations disagree on most
    key = _DOUBLED.sub(r"\1", key)  # doubled letters
    return _VOWEL_E.sub("", key)


@lru_cache(maxsize=16384)
def same_person(a: str, b: str) -> bool:
    """Spelling variants of one person's full name (same number of words, near-identical letters)."""
    ka, kb = name_key(a).split(), name_key(b).split()
    if len(ka) != len(kb):
        return False  # settled before the skeletons are made
    return same_person_keys(ka, kb, skeleton(a), skeleton(b))


def same_person_keys(ka: list[str], kb: list[str], skeleton_a: str, skeleton_b: str) -> bool:
    """`same_person` from the words of the two names' keys and their skeletons, for callers that have them."""
    if len(ka) != len(kb) or not ka:
        return False
    if ka == kb or skeleton_a == skeleton_b:
        return True
    return all(_similar(x, y) for x, y in zip(ka, kb, strict=True))


def _similar(x: str, y: str) -> bool:
    """Letters at least 80 % alike; the cheap upper bounds rule most pairs out first.

    The bounds are SequenceMatcher's real_quick_ratio (lengths) and quick_ratio (letters in common),
    computed the same way without building a matcher, which costs more than the bounds themselves.
    """
    length = len(x) + len(y)
    if not length:
        return True
    if 2.0 * min(len(x), len(y)) / length < 0.8:
        return False
    if 2.0 * _shared_letters(x, y) / length < 0.8:
        return False
    return SequenceMatcher(None, x, y).ratio() >= 0.8


def _shared_letters(x: str, y: str) -> int:
    """Letters two words have in common, repeats counted as often as both have them."""
    shared = 0
    for letter in set(x):
        in_y = y.count(letter)
        if in_y:
            in_x = x.count(letter)
            shared += in_x if in_x < in_y else in_y
    return shared


def is_surname_of(short: str, full: str) -> bool:
    """'Marshavin' names 'Roman Marshavin' on second mention."""
    ks, kf = name_key(short).split(), name_key(full).split()
    return len(ks) == 1 and len(kf) >= 2 and (ks[0] == kf[-1] or skeleton(short) == skeleton(kf[-1]))


def acronym_of(acronym: str, expansion: str) -> bool:
    """'CNSS' abbreviates 'Caisse nationale de sécurité sociale', 'DGSSI' the 'Direction générale de la ...'."""
    letters = fold(acronym).replace(".", "")
    if not (2 <= len(letters) <= 8) or not acronym.replace(".", "").isupper():
        return False
    words = [w for w in _WORD.findall(fold(expansion)) if w not in NAME_CONNECTORS and w not in LEADING_ARTICLES]
    initials = "".join(w[0] for w in words)
    if initials == letters:
        return True
    # Some acronyms take two letters from a word ("DGSSI": Direction Générale Sécurité Systèmes Information).
    return _initials_with_skips(letters, words)


def _initials_with_skips(letters: str, words: list[str]) -> bool:
    """Each word gives its first letter, in order; the acronym may skip a few minor words but not letters."""
    if not words or len(words) > len(letters) + 2:
        return False
    i = 0
    for word in words:
        if i < len(letters) and word[0] == letters[i]:
            i += 1
    return i == len(letters) and words[0][0] == letters[0]
