"""A fast builder of serialised Lunr indexes, identical to lunr.py's.

This mirrors lunr.py's `Builder(...).build().serialize()` (lunr.py 0.8.0,
index format of lunr.js 2.3.9) for what the site uses: a string ref, fields
with boosts, a pipeline that maps each token on its own, BM25 with lunr's
defaults and no token metadata kept. Tests build the same records with
lunr.py's Builder and compare the JSON text, so any drift shows there.

Why our own: lunr.py tokenizes character by character into a `Token`
object per word, calls each of the four pipeline functions on every token of
every document, and builds each document vector by binary-search inserts
into a Python list; that was most of a site build. Here a field is split
with one regular expression, each distinct token goes through the pipeline
once (`TermCache`, kept across the shards of a build), term frequencies are
counted by `collections.Counter`, and each vector is sorted once. The score
arithmetic is written with lunr.py's operations in lunr.py's order, so the
floats, and the serialised index, are the same to the last bit.

What is not mirrored, because the site does not use it: extractors, document
boosts (always 1 here), per-field pipeline skips, the metadata whitelist
(empty: the index stores no token positions) and the token set, which lunr.py
builds for searching but never serialises.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from . import collector

VERSION = "2.3.9"  # the lunr.js index format lunr.py 0.8.0 writes (and the vendored lunr.js reads)
B = 0.75  # BM25 field-length normalisation, lunr's default
K1 = 1.2  # BM25 term-frequency saturation, lunr's default

# lunr.py's tokenizer splits the lower-cased text on exactly these characters (not on all of
# Python's whitespace: "\x1c" or "\x85" stay inside a token there, so they do here).
LUNR_SEPARATORS = " \t\n\r\f\v\xa0-"
CAPITAL_SIGMA = "\u03a3"  # the one character str.lower() maps by context (final sigma)

TermFunction = Callable[[str], "str | None"]


class TermCache(dict[str, "str | None"]):
    """Token -> index term (None when the pipeline drops it), computed once per distinct token.

    Valid because our pipeline functions look at one token at a time and
    nothing else (not its neighbours, position or field), so a token string
    always becomes the same term. A dict subclass with `__missing__` keeps
    the look-up of an already seen token in C.
    """

    def __init__(self, term_of: TermFunction, limit: int = 300_000) -> None:
        super().__init__()
        self.term_of = term_of
        self.limit = limit  # distinct tokens kept before starting afresh, to bound memory
        self.computed: list[tuple[str, str | None]] = []  # since the last `take_computed`

    def __missing__(self, token: str) -> str | None:
        term = self.term_of(token)
        self[token] = term
        self.computed.append((token, term))
        return term

    def take_computed(self) -> dict[str, str | None]:
        """The tokens computed here since the last call: what a worker process sends back to its parent."""
        computed, self.computed = dict(self.computed), []
        return computed

    def trim_to_limit(self) -> None:
        if len(self) > self.limit:
            self.clear()
            self.computed.clear()


Tokenizer = Callable[["str | None"], Iterable[str]]


def make_tokenizer(replaced: str = "") -> Tokenizer:
    """lunr.py's Tokenizer, as strings, for text in which each of `replaced` is first made a space.

    lunr.py lower-cases the text and splits it on `LUNR_SEPARATORS`. Turning
    characters into spaces before that is the same as splitting on them too,
    after lower-casing: lower() leaves these separators as they are and makes
    no separator of another character (tests check every code point), and it
    looks at no neighbour, with one exception: a capital sigma becomes "ς" or
    "σ" depending on the letters around it, and an apostrophe there is not a
    space. Text with a capital sigma is therefore replaced first, as written.
    """
    split = re.compile(f"[{re.escape(LUNR_SEPARATORS + replaced)}]+").split
    to_space = str.maketrans(dict.fromkeys(replaced, " "))

    def tokenize(text: str | None) -> Iterable[str]:
        if text is None:
            return []
        if CAPITAL_SIGMA in text:
            text = text.translate(to_space)
        return filter(None, split(text.lower()))

    return tokenize


tokens = make_tokenizer()  # exactly lunr.py's Tokenizer


def build_serialized(
    documents: Iterable[tuple[str, Mapping[str, str | None]]],
    boosts: Mapping[str, float],
    terms: TermCache,
    search_pipeline: Sequence[str],
    tokenize: Tokenizer = tokens,
) -> dict[str, Any]:
    """The serialised index of `(ref, {field: text})` pairs, as lunr.py's Builder writes it.

    Each document needs a ref of its own; a missing field or None counts as
    empty text. `tokenize` splits a field's text into the tokens the
    pipeline (`terms`) sees. `search_pipeline` is the list of labels stored for
    the query side. With no document at all lunr.py divides by zero while
    averaging field lengths; so does this.
    """
    fields = list(boosts)
    for name in fields:
        if "/" in name:
            raise ValueError(f"field name {name!r} contains '/', which separates field and ref")
    # A shard's index is some hundred thousand small dicts and lists that all live until it is serialised.
    with collector.paused():
        return _build(documents, boosts, fields, terms, search_pipeline, tokenize)


def _build(
    documents: Iterable[tuple[str, Mapping[str, str | None]]],
    boosts: Mapping[str, float],
    fields: list[str],
    terms: TermCache,
    search_pipeline: Sequence[str],
    tokenize: Tokenizer,
) -> dict[str, Any]:
    # term -> {field: {ref: {}}, "_index": n}: lunr.py's inverted index, serialised as is. The empty
    # dict per ref is where token metadata would go; n numbers terms in order of first appearance.
    postings: dict[str, dict[str, Any]] = {}
    # One entry per (document, field), in lunr.py's order: field name, ref, field length, term counts.
    entries: list[tuple[str, str, int, Counter[str | None]]] = []
    totals = dict.fromkeys(fields, 0)
    refs: set[str] = set()
    for ref, record in documents:
        if ref in refs:
            raise ValueError(f"duplicate document ref {ref!r}")
        refs.add(ref)
        for name in fields:
            # Keys in order of first occurrence, as in lunr.py's dict. Dropped tokens (stop words) count
            # under None, removed here; an empty term ("·" trimmed to nothing) is kept, as lunr.py keeps it.
            counts = Counter(map(terms.__getitem__, tokenize(record.get(name))))
            counts.pop(None, None)
            length = sum(counts.values())
            for term in counts:
                if term not in postings:
                    posting: dict[str, Any] = {field: {} for field in fields}
                    posting["_index"] = len(postings)
                    postings[term] = posting
                postings[term][name][ref] = {}
            entries.append((name, ref, length, counts))
            totals[name] += length
    terms.trim_to_limit()

    documents_count = len(refs)
    # Integer sum divided once, as lunr.py's accumulator does (ZeroDivisionError with no document).
    averages = {name: totals[name] / documents_count for name in fields}
    index_of = {term: posting["_index"] for term, posting in postings.items()}
    idf_of = {term: _idf(posting, fields, documents_count) for term, posting in postings.items()}
    field_vectors: list[list[Any]] = []
    saturated = K1 + 1
    for name, ref, length, counts in entries:
        if not counts:
            # No term, no score to compute (lunr.py divides by the average length only for a term, and a
            # field empty in every document has an average of 0).
            field_vectors.append([f"{name}/{ref}", []])
            continue
        boost = boosts[name]
        # lunr.py: idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf), then * field
        # boost, * document boost (1), rounded to 3 places. Same operations in the same order; the
        # length part does not depend on the term, so it is computed once per field.
        normalised = K1 * (1 - B + B * (length / averages[name]))
        # lunr.py's Vector keeps [index, value, index, value, ...] sorted by term index.
        ordered = sorted(counts, key=index_of.__getitem__)
        elements: list[float] = [0] * (2 * len(ordered))
        elements[0::2] = map(index_of.__getitem__, ordered)
        elements[1::2] = [
            round(idf * (saturated * count) / (normalised + count) * boost, 3)
            for idf, count in zip(map(idf_of.__getitem__, ordered), map(counts.__getitem__, ordered), strict=True)
        ]
        field_vectors.append([f"{name}/{ref}", elements])

    return {
        "version": VERSION,
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": [[term, postings[term]] for term in sorted(postings)],
        "pipeline": list(search_pipeline),
    }


def _idf(posting: dict[str, Any], fields: list[str], documents_count: int) -> float:
    """lunr's inverse document frequency; a document with the term in two fields counts twice."""
    with_term = 0
    for name in fields:
        with_term += len(posting[name])
    x = (documents_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))
