"""Significant terms of an article: 5 to 10 words or short phrases, no stop words.

Candidates are runs of one to three content words (stop words, numbers and
punctuation break runs). A candidate scores by how often it recurs, how long
it is, whether the title or the lead uses it and whether it names something;
a candidate inside a better one is dropped. Pure and deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .lexicon import MONTH_AND_DAY_NAMES, SPEECH_VERBS, STOP_WORDS_EN, STOP_WORDS_FR, fold

MIN_KEYWORDS = 5
MAX_KEYWORDS = 10
_MAX_WORD = 30  # longer "words" are codes, hashes or run-together text
_WORD = re.compile(r"[^\W\d_](?:[\w-]*[^\W_])?", re.UNICODE)
_ELISION = re.compile(r"^(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjnsctm])['’]", re.IGNORECASE)
# Frequent verbs and adverbs that say nothing about the subject.
_FILLER = frozenset(
    fold(w)
    for w in (
        "pourrait", "pourraient", "pourra", "peut", "peuvent", "doit", "doivent", "devrait", "devraient", "avoir",
        "faire", "fait", "font", "permet", "permettre", "permettent", "envisage", "envisagent", "créer", "mettre",
        "mis", "prévoit", "selon", "ainsi", "également", "notamment", "encore", "plus", "moins", "très", "bien",
        "aussi", "lors", "cours", "outre", "début", "fin", "afin", "ceux", "celle", "celles", "cela", "ceci",
        "inscrit", "ajouter", "could", "would", "should", "can", "cannot", "will", "made", "make", "makes", "began",
        "begin", "begins", "get", "gets", "got", "also", "just", "still", "even", "around", "about", "across",
        "including", "according",
    )
)
_BLOCK_MARK = re.compile(r"^\s*(?:#{1,6}|[-*+])\s+", re.MULTILINE)  # headings and list items
# Everything that breaks a phrase: punctuation and digits.
_BREAK = re.compile(r"[.,;:!?()\[\]«»\"“”/…|–—]|\s-\s|\d+(?:[.,]\d+)?")


def extract_keywords(
    body: str, language: str, *, title: str | None = None, names: list[str] | None = None, limit: int = MAX_KEYWORDS
) -> list[str]:
    stop_words = _stop_words(language)
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    first_seen: dict[str, int] = {}
    position = 0
    for chunk in _chunks(body):
        words = _words(chunk, stop_words)
        for run in _runs(words):
            folded = [fold(w) for w in run]
            for size in (1, 2, 3):
                for i in range(len(run) - size + 1):
                    key = " ".join(folded[i : i + size])
                    counts[key] += 1
                    forms = surface.get(key)
                    if forms is None:
                        forms = surface[key] = Counter()
                        first_seen[key] = position
                    forms[" ".join(run[i : i + size])] += 1
        position += 1
    if not counts:
        return []
    title_keys = _title_words(title or "", stop_words)
    name_keys = {fold(n) for n in names or []}
    total_chunks = max(position, 1)
    counts = _credit_phrases(counts)
    scored: list[tuple[float, str]] = []
    for key, count in counts.items():
        if count <= 0:
            continue
        size = key.count(" ") + 1
        if size > 1 and count < 2 and key not in name_keys:
            continue  # a phrase seen once is a coincidence of words
        score = count * (1.0 + 0.6 * (size - 1))
        score *= 1.0 + 0.5 * (1 - first_seen[key] / total_chunks)  # the lead carries the topic
        if any(w in title_keys for w in key.split()):
            score *= 1.5
        if key in name_keys:
            score *= 1.3
        if size == 1 and len(key) < 4:
            score *= 0.5
        scored.append((score, key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[str] = []
    for _, key in scored:
        if any(_overlaps(key, other) for other in chosen):
            continue
        chosen.append(key)
        if len(chosen) == limit:
            break
    return [_best_surface(surface[key]) for key in chosen]


def _credit_phrases(counts: Counter[str]) -> Counter[str]:
    """A word's uses inside a recurring phrase count for the phrase ('Positive' in 'Positive Technologies')."""
    adjusted = Counter(counts)
    for key, count in counts.items():
        words = key.split()
        if len(words) < 2 or count < 2:
            continue
        for size in range(1, len(words)):
            for i in range(len(words) - size + 1):
                part = " ".join(words[i : i + size])
                adjusted[part] = min(adjusted[part], counts[part] - count)
    return adjusted


def _stop_words(language: str) -> frozenset[str]:
    return _stop_words_for((language or "").startswith("en"))


@lru_cache(maxsize=2)
def _stop_words_for(english: bool) -> frozenset[str]:
    base = STOP_WORDS_EN if english else STOP_WORDS_FR
    verbs = frozenset(w for phrase in SPEECH_VERBS for w in phrase.split())
    return base | MONTH_AND_DAY_NAMES | verbs | _FILLER


def _chunks(body: str) -> list[str]:
    """Sentence-like pieces (punctuation and numbers break phrases)."""
    text = _BLOCK_MARK.sub("", body)
    return [c for c in _BREAK.split(text) if c.strip()]


def _words(chunk: str, stop_words: frozenset[str]) -> list[str | None]:
    """Content words of a chunk in order; None where a stop word breaks the run."""
    words: list[str | None] = []
    for token in chunk.split():
        elided, word, trailing = _token_word(token)
        if elided:
            words.append(None)  # "l’énergie": the article breaks the run, the noun stays
        if not 3 <= len(word) <= _MAX_WORD or fold(word) in stop_words:
            words.append(None)
            continue
        words.append(word)
        if trailing:
            words.append(None)  # trailing punctuation such as "’s"
    return words


@lru_cache(maxsize=65536)
def _token_word(token: str) -> tuple[bool, str, bool]:
    """(elided article before?, the word opening the token or "", characters after the word?) of one token.

    Tokens recur from page to page (and within one), so each is taken apart once."""
    elided = _ELISION.match(token)
    if elided:
        token = token[elided.end() :]
    match = _WORD.match(token)  # a word must open the token: one found further in is not taken
    word = match.group(0) if match else ""
    return elided is not None, word, match is not None and match.end() < len(token)


def _runs(words: list[str | None]) -> list[list[str]]:
    """Runs of content words; a name after a common word starts a new run ('groupe russe | Positive')."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word in words:
        if word is not None and current and current[-1][:1].islower() and word[:1].isupper():
            runs.append(current)
            current = []
        if word is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(word)
    if current:
        runs.append(current)
    return runs


def _title_words(title: str, stop_words: frozenset[str]) -> set[str]:
    return {fold(w) for w in _WORD.findall(title) if fold(w) not in stop_words and len(w) >= 3}


def _overlaps(key: str, other: str) -> bool:
    """One phrase repeats words of the other ('énergie' and 'énergies renouvelables')."""
    words, other_words = set(key.split()), set(other.split())
    return bool(words & other_words)


def _best_surface(forms: Counter[str]) -> str:
    """The most used spelling; a lower-case one when a common noun only starts a sentence."""
    best = max(forms, key=lambda f: (forms[f], f.islower(), f))
    lower = next((f for f in forms if f.islower() and fold(f) == fold(best)), None)
    return lower if lower and best[:1].isupper() and not best.isupper() and forms[lower] * 2 >= forms[best] else best
