"""The lead of an article: its first one or two real sentences, at most ~300 characters.

A news body opens with its most important facts, so the lead is the best
summary (research.md). Intertitles, datelines ("RABAT, 3 mars (MAP) -",
"LINDI:") and captions are not part of it.
"""

from __future__ import annotations

import re

from .sentences import split_sentences

SUMMARY_LIMIT = 300
# "RABAT, 12 mars (MAP) - ", "LINDI: ", "PARIS (Reuters) — ", "(AFP) - ".
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{1,40}(?:,\s*[^-–—:]{1,30}?)?\s*(?:\([^)]{1,20}\))?|\([A-Za-z]{2,12}\))"
    r"\s*[-–—:]\s+"
)
_MIN_SENTENCE_WORDS = 6


def lead_summary(body: str, language: str, limit: int = SUMMARY_LIMIT) -> str:
    """One or two opening sentences, never cut mid-word; '' for an empty body."""
    sentences = _lead_candidates(body, language)
    if not sentences:
        return ""
    summary = sentences[0]
    if len(summary) > limit:
        return _cut(summary, limit)
    if len(sentences) > 1 and len(summary) + 1 + len(sentences[1]) <= limit:
        summary = f"{summary} {sentences[1]}"
    return summary


def _lead_candidates(body: str, language: str) -> list[str]:
    """Sentences of the body's prose, headings, list items and short fragments left out."""
    prose = "\n\n".join(p for p in re.split(r"\n\s*\n", body) if _is_prose(p))
    candidates: list[str] = []
    for sentence in split_sentences(prose, language):
        sentence = _DATELINE.sub("", sentence, count=1) if not candidates else sentence
        if _is_sentence(sentence):
            candidates.append(sentence)
        elif candidates:
            break  # the lead is the run of sentences the body opens with
        if len(candidates) == 2:
            break
    return candidates


def _is_prose(paragraph: str) -> bool:
    first = paragraph.lstrip()
    return bool(first) and not first.startswith(("#", "- ", "* ", "|", ">", "!["))


def _is_sentence(text: str) -> bool:
    """A sentence ends with punctuation and has a few words; an intertitle or caption does not."""
    return len(text.split()) >= _MIN_SENTENCE_WORDS and text.rstrip("»”\"') ")[-1:] in ".!?…"


def _cut(text: str, limit: int) -> str:
    """`text` shortened at a word boundary to fit `limit` with an ellipsis."""
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1 : limit].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–—-") + "…"
