"""Language of an article body (py3langid, restricted to plausible languages).

py3langid keeps its model LZMA-compressed; unpacking it is most of the
cost of ingesting one page (0.45 s). `load_identifier` keeps the model, cut
down to the plausible languages, in the build cache instead: zlib at its
fastest level reads it back in about 0.1 s. The cache is a derived file,
rebuilt whenever py3langid, its model file or our choice of languages
changes, and ignored when it cannot be read.
"""

from __future__ import annotations

import contextlib
import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import cache_file

# Languages a news digest of this kind receives; restricting avoids rare-language confusions on short text.
PLAUSIBLE: tuple[str, ...] = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "ru")
MODEL_CACHE = "language-model.pickle.z"  # in the build cache folder
_FORMAT = 1

_loaded: Any = None


def load_identifier(cache_dir: Path | None = None) -> Any:
    """The language identifier, loaded once per process; from `cache_dir` when an earlier run saved it there."""
    global _loaded
    if _loaded is None:
        _loaded = _from_cache(cache_dir) if cache_dir is not None else None
        if _loaded is None:
            _loaded = _from_package()
            if cache_dir is not None:
                _save(cache_dir, _loaded)
    return _loaded


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when there is too little text to tell."""
    sample = text[:5000]
    if len(sample.split()) < 5:
        return None
    lang, _prob = load_identifier().classify(sample)
    return str(lang)


def _from_package() -> Any:
    from py3langid.langid import LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(_model_file())
    identifier.set_languages(list(PLAUSIBLE))
    return identifier


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def _stamp() -> str:
    """What the cached model is derived from."""
    model = _model_file().stat()
    try:
        version = metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        version = "-"
    return hashlib.sha256(f"{_FORMAT}|{version}|{model.st_size}|{model.st_mtime_ns}|{PLAUSIBLE}".encode()).hexdigest()


def _save(cache_dir: Path, identifier: Any) -> None:
    # The restricted model only: the identifier itself would also carry the full one (70 MB).
    parts = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes, identifier.tk_nextmove,
             identifier.tk_output, identifier.tk_row)  # fmt: skip
    with contextlib.suppress(OSError):  # a cache: the next run loads from the package again
        cache_file.save(cache_dir / MODEL_CACHE, _stamp(), parts, compress=True)


def _from_cache(cache_dir: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    parts = cache_file.load(cache_dir / MODEL_CACHE, _stamp(), compressed=True)
    if parts is None:
        return None
    ptc, pc, classes, nextmove, output, row = parts
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, tk_row=row)
