"""The search text pipeline, identical in Python (index build) and the browser.

One pipeline for the whole corpus, French and English alike: words are split
on whitespace, hyphens and apostrophes; trimmed to letters and digits; French
stop words dropped (index side only); accents folded; then stemmed with the
Snowball French stemmer. An English word goes through the same steps on both
sides, so an English query still finds English text; French stemming only
conflates fewer English inflections. One index is smaller and faster than an
index per language with every query run twice and merged.

The functions are registered under the labels lunr-languages uses
(`trimmer-fr`, `stopWordFilter-fr`, `accentFold-fr`, `stemmer-fr`), so
lunr.js resolves the serialised pipeline to its own implementations. The word
characters and stop words are read from the pinned lunr-languages file, so
both sides use the same lists by construction. The stemmer is Snowball's
own French algorithm compiled to C (PyStemmer 2.x, Snowball 2.2): on the
222,507 distinct folded words of a 10,000-article corpus and real pages it
gives lunr-languages' stems for every one (NLTK's port differs on 10, and
Snowball 3, in PyStemmer 3, on 12 common ones such as `française`), and it
is about 17 times faster than NLTK's.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import Stemmer

from .vendor import VENDOR_DIR

if TYPE_CHECKING:
    from lunr.builder import Builder
    from lunr.token import Token

# What the browser's tokenizer splits on (search.js sets the same pattern):
# JavaScript's \s, hyphens and the three apostrophes of French elisions.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
APOSTROPHES = "'\u2019\u02bc"
SEPARATOR_CLASS = r"[\s\-'\u2019\u02BC]+"  # the browser-side pattern, for documentation and tests

TOKEN_SEPARATORS = JS_WHITESPACE + APOSTROPHES + "-"  # what `for_tokenizer` makes spaces

# One character for one, so token positions stay valid in the original text.
_TO_SPACE = str.maketrans(dict.fromkeys(TOKEN_SEPARATORS, " "))

# lunr-languages' accentFold-fr table (applied to lower-cased terms).
_FOLD_PAIRS: tuple[tuple[str, str], ...] = (
    ("àáâäÀÁÂÄ", "a"), ("çÇ", "c"), ("éèêëÉÈÊË", "e"), ("îïÎÏ", "i"), ("ôöÔÖ", "o"),
    ("ùûüÙÛÜ", "u"), ("Ÿÿ", "y"), ("æÆ", "ae"), ("œŒ", "oe"),
)  # fmt: skip
_FOLD = str.maketrans({char: target for chars, target in _FOLD_PAIRS for char in chars})

LABELS = ("trimmer-fr", "stopWordFilter-fr", "accentFold-fr", "stemmer-fr")
INDEX_PIPELINE = LABELS
SEARCH_PIPELINE = ("trimmer-fr", "accentFold-fr", "stemmer-fr")


class PipelineError(Exception):
    """The pinned language file could not be read."""


@dataclass(frozen=True)
class FrenchRules:
    word_characters: str  # a regex character-class body, as lunr-languages writes it
    stop_words: frozenset[str]


def for_tokenizer(text: str) -> str:
    """Text as the browser tokenizer sees it: every separator becomes a plain space."""
    return text.translate(_TO_SPACE)


def fold_accents(term: str) -> str:
    return term.translate(_FOLD)


def parse_french_rules(source: str) -> FrenchRules:
    """Word characters and stop words from the text of lunr-languages' lunr.fr.js."""
    chars = re.search(r'lunr\.fr\.wordCharacters\s*=\s*"([^"]+)"', source)
    words = re.search(r"lunr\.fr\.stopWordFilter\s*=\s*lunr\.generateStopWordFilter\('([^']+)'", source)
    if chars is None or words is None:
        raise PipelineError("lunr.fr.js: word characters or stop words not found")
    # The file writes \xAA and \uXXXX escapes, which Python's escape codec reads the same way.
    word_characters = codecs.decode(chars.group(1), "unicode_escape")
    return FrenchRules(word_characters, frozenset(words.group(1).split(" ")))


@lru_cache(maxsize=4)
def load_french_rules(vendor_dir: Path = VENDOR_DIR) -> FrenchRules:
    path = vendor_dir / "lunr.fr.js"
    try:
        return parse_french_rules(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PipelineError(f"{path.name}: {error.strerror}; run `python -m site_builder.vendor`") from None


def make_trimmer(word_characters: str) -> Callable[[str], str]:
    """Strip non-word characters at both ends, as lunr.trimmerSupport.generateTrimmer does."""
    allowed = word_characters + "0-9"
    start = re.compile(f"^[^{allowed}]+")
    end = re.compile(f"[^{allowed}]+$")
    return lambda term: end.sub("", start.sub("", term))


# Its own cache off: callers cache whole tokens (lunr_index.TermCache).
stem: Callable[[str], str] = Stemmer.Stemmer("french", 0).stemWord


@dataclass(frozen=True)
class TextPipeline:
    """The term functions, usable on plain strings and as lunr.py pipeline functions."""

    rules: FrenchRules

    def trim(self, term: str) -> str:
        return _trimmer(self.rules.word_characters)(term)

    def is_stop_word(self, term: str) -> bool:
        return term in self.rules.stop_words

    def index_terms(self, text: str) -> list[str]:
        """The terms the index stores for `text` (what lunr.js would store)."""
        terms = []
        for word in for_tokenizer(text).lower().split():
            trimmed = self.trim(word)
            if not trimmed or self.is_stop_word(trimmed):
                continue
            terms.append(stem(fold_accents(trimmed)))
        return [t for t in terms if t]

    def index_term(self, token: str) -> str | None:
        """What the index pipeline makes of one token (None: a stop word, dropped).

        The same steps as the four registered functions, in their order. Unlike
        `index_terms`, an empty result is kept, as lunr.py keeps it (a "·"
        trims to nothing and still counts as a term).
        """
        trimmed = self.trim(token)
        if self.is_stop_word(trimmed):
            return None
        return stem(fold_accents(trimmed))

    def search_terms(self, text: str) -> list[str]:
        """The terms a query word becomes (the search pipeline keeps stop words)."""
        terms = [stem(fold_accents(self.trim(w))) for w in for_tokenizer(text).lower().split()]
        return [t for t in terms if t]

    def register(self) -> None:
        """Register the four functions with lunr.py under the lunr-languages labels.

        Needed to build with lunr.py or to load an index into it (Index.load looks
        the labels up); the site's own index builder does neither.
        """
        from lunr.pipeline import Pipeline

        trim = _trimmer(self.rules.word_characters)
        stop_words = self.rules.stop_words

        def trimmer_fr(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
            return token.update(lambda s, metadata=None: trim(s))

        def stop_word_filter_fr(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
            return None if str(token) in stop_words else token

        def accent_fold_fr(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
            return token.update(lambda s, metadata=None: fold_accents(s))

        def stemmer_fr(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
            return token.update(lambda s, metadata=None: stem(s))

        functions = (trimmer_fr, stop_word_filter_fr, accent_fold_fr, stemmer_fr)
        for function, label in zip(functions, LABELS, strict=True):
            # Quietly replace an earlier registration (lunr.py warns on overwrite).
            Pipeline.registered_functions.pop(label, None)
            Pipeline.register_function(function, label)

    def builder(self) -> Builder:
        """A lunr.py builder with this pipeline on the index and search sides."""
        from lunr.builder import Builder
        from lunr.pipeline import Pipeline

        self.register()
        builder = Builder()
        builder.pipeline.add(*(Pipeline.registered_functions[label] for label in INDEX_PIPELINE))
        builder.search_pipeline.add(*(Pipeline.registered_functions[label] for label in SEARCH_PIPELINE))
        return builder


@lru_cache(maxsize=4)
def _trimmer(word_characters: str) -> Callable[[str], str]:
    return make_trimmer(word_characters)


def default_pipeline(vendor_dir: Path = VENDOR_DIR) -> TextPipeline:
    return TextPipeline(load_french_rules(vendor_dir))
