"""The briefings' sentence selections, kept between builds.

Choosing a briefing's lead and key points (sentence splitting, TF-IDF,
maximal marginal relevance) is most of the group stage on a thousand
articles. A selection depends only on its theme and on the records of the
articles it is chosen from (group.selection_key), so the selections of the
last build are saved and the next build takes those whose key is the same.
The stamp is the package's code: a changed rule selects again.
"""

from __future__ import annotations

from pathlib import Path

from . import cache_file
from .buildstate import code_fingerprint
from .group import Selections

SELECTIONS_CACHE = ".site_builder/briefing-selections.pickle"


def load_selections(root: Path) -> Selections:
    """The selections the last build saved; empty when none, damaged or made by other code."""
    known = cache_file.load(root / SELECTIONS_CACHE, code_fingerprint())
    return known if isinstance(known, dict) else {}


def save_selections(root: Path, selections: Selections, known: Selections) -> bool:
    """Save this build's selections unless they are the ones loaded; whether they were written."""
    if selections.keys() == known.keys():
        return False
    cache_file.save(root / SELECTIONS_CACHE, code_fingerprint(), selections)
    return True
