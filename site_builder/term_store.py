"""The search index's token -> term cache, kept between builds.

Mapping every distinct word (trimmed, folded, stemmed) is a good part of
the cost of re-indexing a shard; a rebuild after one changed article meets
few words it has not seen. So the cache a build filled is saved beside the
build state and the next build starts from it. It is valid only for the
same pipeline: the stamp covers the code that maps tokens, the stemmer's
compiled code and the pinned language rules.

Tokens first met in forked workers come back with the workers' results
(workers.Carry), so a build made in parallel saves them too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import Stemmer

from . import cache_file, lunr_index, textpipeline
from .search_index import term_cache
from .textpipeline import TextPipeline, default_pipeline
from .vendor import ensure_vendor
from .workers import Carry

TERMS_CACHE = ".site_builder/search-terms.pickle"
_FORMAT = 1


@contextmanager
def kept_search_terms(root: Path, needed: bool = True) -> Iterator[Carry | None]:
    """Indexes built inside this block start from the terms saved by earlier builds; new ones are saved after.

    Yields what brings back the terms that forked workers compute (None when not `needed`).
    """
    if not needed:
        yield None
        return
    path = root / TERMS_CACHE
    pipeline = default_pipeline(ensure_vendor())
    cache = term_cache(pipeline)
    loaded = load_terms(path, cache, pipeline)
    yield _carry(cache)
    save_terms(path, cache, pipeline, loaded)


def terms_carry() -> Carry:
    """What brings back the terms that a forked process computes for the site's index, into this one's cache."""
    return _carry(term_cache(default_pipeline(ensure_vendor())))


def _carry(cache: lunr_index.TermCache) -> Carry:
    return Carry(take=cache.take_computed, give=cache.update)


def stamp(pipeline: TextPipeline) -> str:
    """What the cached terms depend on besides the tokens."""
    digest = hashlib.sha256(f"{_FORMAT}|".encode())
    # The stemmer's compiled code itself (3 ms to read), rather than its distribution's version (importing
    # importlib.metadata alone takes 10 ms).
    for module in (textpipeline, lunr_index, Stemmer):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(pipeline.rules.word_characters.encode())
    digest.update("\n".join(sorted(pipeline.rules.stop_words)).encode())
    return digest.hexdigest()


def load_terms(path: Path, cache: lunr_index.TermCache, pipeline: TextPipeline) -> int:
    """Add the saved terms to `cache`; how many there were (0 when none or stale)."""
    terms = cache_file.load(path, stamp(pipeline))
    if not isinstance(terms, dict):
        return 0
    cache.update(terms)
    return len(terms)


def save_terms(path: Path, cache: lunr_index.TermCache, pipeline: TextPipeline, loaded: int) -> bool:
    """Save `cache` when it holds more than was loaded; whether it was written."""
    if len(cache) <= loaded:
        return False
    cache_file.save(path, stamp(pipeline), dict(cache))
    return True
