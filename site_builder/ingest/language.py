"""Language of an article body (py3langid, restricted to plausible languages)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Languages a news digest of this kind receives; restricting avoids rare-language confusions on short text.
PLAUSIBLE: tuple[str, ...] = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "ru")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)
    identifier.set_languages(list(PLAUSIBLE))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when there is too little text to tell."""
    sample = text[:5000]
    if len(sample.split()) < 5:
        return None
    lang, _prob = _identifier().classify(sample)
    return str(lang)
