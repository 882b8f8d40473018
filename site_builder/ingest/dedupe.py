"""Recognising the same article given twice, or once as text and once as HTML.

Each body gets a small signature: the lowest hashes of its word 5-grams
(bottom-k MinHash). Only articles that share several sampled 5-grams are
compared on their full signatures, and a 5-gram found in many articles
(boilerplate, a recurring formula) counts as no evidence; so an article is
never compared with the whole archive, and this stays fast at 10,000 pages.

The inverted index (sampled 5-gram -> articles) is built only once enough
pages have been looked up to repay it: a rebuild after one new input looks
up one page, which a scan of the signatures answers in a few milliseconds,
where indexing 10,000 signatures takes a quarter of a second.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

SAMPLES = 32
SHINGLE = 5
SAME_ARTICLE = 0.5  # share of sampled 5-grams two versions of one article keep
SAME_TITLE_BONUS = 0.1  # a shared headline is weak evidence: recurring headlines exist
MIN_SHARED = 4  # sampled 5-grams a candidate must share before it is compared
COMMON = 64  # a sampled 5-gram in more articles than this is boilerplate
SCANS = 8  # lookups answered by scanning the signatures before the inverted index is built
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    # Accents dropped: a page holds a few distinct accents, each removed in one pass (not a test per character).
    for char in set(folded):
        if unicodedata.combining(char):
            folded = folded.replace(char, "")
    return _WORD.findall(folded)


def body_signature(body: str) -> list[int]:
    """The bottom-k hashes of the body's word 5-grams."""
    words = _words(body)
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams if g}
    return sorted(hashes)[:SAMPLES]


def title_key(title: str | None) -> str:
    return " ".join(_words(title or ""))


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity from two bottom-k signatures."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SAMPLES]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


@dataclass
class DuplicateIndex:
    signatures: dict[str, list[int]] = field(default_factory=dict)  # slug -> signature
    titles: dict[str, str] = field(default_factory=dict)  # slug -> title key
    inputs: dict[str, str] = field(default_factory=dict)  # slug -> input name
    _by_hash: dict[int, set[str]] | None = None  # sampled 5-gram -> slugs, once built
    _lookups: int = 0

    def add(self, slug: str, title: str | None, signature: list[int], input_name: str) -> None:
        self.signatures[slug] = signature
        self.titles[slug] = title_key(title)
        self.inputs[slug] = input_name
        if self._by_hash is not None:
            for h in signature:
                self._by_hash.setdefault(h, set()).add(slug)

    def find(self, title: str | None, signature: list[int], exclude_input: str = "") -> str | None:
        """The slug of an article this one repeats, if any."""
        self._lookups += 1
        if self._by_hash is None and self._lookups > SCANS:
            self._by_hash = self._build_index()
        holders = self._holders_indexed(signature) if self._by_hash is not None else self._holders_scanned(signature)
        shared: Counter[str] = Counter()
        for slugs in holders.values():
            if len(slugs) <= COMMON:
                shared.update(slugs)
        candidates = [slug for slug, count in shared.items() if count >= min(MIN_SHARED, len(signature))]
        best, best_score = None, SAME_ARTICLE
        for slug in sorted(candidates):
            if self.inputs.get(slug) == exclude_input:
                continue
            score = similarity(signature, self.signatures[slug])
            if self.titles.get(slug) and self.titles[slug] == title_key(title):
                score += SAME_TITLE_BONUS
            if score >= best_score:
                best, best_score = slug, score
        return best

    def _build_index(self) -> dict[int, set[str]]:
        by_hash: dict[int, set[str]] = {}
        for slug, signature in self.signatures.items():
            for h in signature:
                by_hash.setdefault(h, set()).add(slug)
        return by_hash

    def _holders_indexed(self, signature: list[int]) -> dict[int, set[str]]:
        """Sampled 5-gram of `signature` -> the articles whose signatures hold it, from the index."""
        assert self._by_hash is not None
        return {h: self._by_hash[h] for h in set(signature) if h in self._by_hash}

    def _holders_scanned(self, signature: list[int]) -> dict[int, set[str]]:
        """The same, by a scan of every signature."""
        wanted = set(signature)
        holders: dict[int, set[str]] = {}
        for slug, other in self.signatures.items():
            for h in wanted.intersection(other):
                holders.setdefault(h, set()).add(slug)
        return holders

    def to_state(self) -> dict:
        return {
            slug: {"sig": sig, "title": self.titles[slug], "input": self.inputs[slug]}
            for slug, sig in self.signatures.items()
        }

    @classmethod
    def from_state(cls, state: dict) -> DuplicateIndex:
        index = cls()
        for slug, entry in sorted(state.items()):
            if isinstance(entry, dict) and isinstance(entry.get("sig"), list):
                index.signatures[slug] = [int(h) for h in entry["sig"]]
                index.titles[slug] = str(entry.get("title", ""))
                index.inputs[slug] = str(entry.get("input", ""))
        return index
