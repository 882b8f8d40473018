"""Theme classification: weighted lexicons and sentence rules from site.yml.

Text and terms are compared word by word after the same normalisation: lower
case, accents folded, elisions split ("l'énergie" -> "l", "energie"), and
plural and feminine endings removed, so inflections meet ("énergétiques" and
"énergétique", "industries" and "industry"). A term ending in "*" matches any
word starting with it ("cyber*" finds "cybermenaces"); a word of up to three
capitals is an acronym matched as written ("US" is not "us"). Pure functions;
nothing is read from disk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .config import ThemeDef, ThemeRule
from .ingest.lexicon import fold
from .ingest.sentences import split_sentences
from .models import ThemeMatch

_WORD = re.compile(r"\w+")
# Markdown that is not prose: link targets, images, emphasis markers.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")

# A headline counts as this many extra occurrences of each term it holds.
TITLE_BOOST = 2
# Bodies up to this many words are scored as they are; longer ones are
# scaled down by the square root of their length, so one passing mention in a
# long piece does not make it a theme article while a long piece that keeps
# returning to a subject still does.
REFERENCE_WORDS = 400

@dataclass(frozen=True)
class Token:
    stem: str  # folded stem, what terms are compared with
    folded: str  # folded word, for prefix terms
    word: str  # as written, for short acronyms
    start: int
    end: int


@dataclass(frozen=True)
class _Pattern:
    parts: tuple[tuple[str, str], ...]  # ("stem" | "prefix", value) per word
    weight: float


@dataclass
class _Tally:
    """What one theme collected in one article."""

    counts: dict[str, int]  # term label -> body occurrences
    title_counts: dict[str, int]
    weights: dict[str, float]
    surface: dict[str, str]  # term label -> first form found in the text
    rule_sentences: dict[str, int]  # rule name -> sentences where it fired
    title_rule_groups: float = 0.0


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """A light, predictable stem: folded, plural and feminine endings removed.

    Only inflection is undone ("énergétiques" -> "energetiqu" like "énergétique",
    "industrielle" like "industriel", "industries" like "industry"); derivation is
    kept ("électrique" stays apart from "électricité"), so a lexicon says exactly
    which words it means. The same rules serve French and English.
    """
    w = fold(word)
    if len(w) > 3 and w.endswith("aux"):
        w = w[:-3] + "al"  # industriaux -> industrial
    elif len(w) > 3 and w[-1] in "sx" and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # feminine and mute e: américaine -> americain, taxe(s) -> tax
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"  # industry -> industri, like industrie(s)
    if len(w) > 3 and w[-1] == w[-2] and w[-1] in "lnt":
        w = w[:-1]  # industrielle -> industriel, européenne -> europeen
    return w


def tokenize(text: str) -> list[Token]:
    """Word tokens of `text` with their stems and character offsets."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        tokens.append(Token(stem_word(word), fold(word), word, match.start(), match.end()))
    return tokens


@lru_cache(maxsize=20_000)
def _compile_term(term: str) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    words = _WORD.findall(term)
    for i, word in enumerate(words):
        is_last = i == len(words) - 1
        if is_last and term.rstrip().endswith("*"):
            parts.append(("prefix", fold(word)))
        elif len(word) <= 3 and word.isalpha() and word.isupper():
            parts.append(("exact", word))  # "US" is not "us", "MW" is not a word
        else:
            parts.append(("stem", stem_word(word)))
    return tuple(parts)


@dataclass(frozen=True)
class _Lexicon:
    """All patterns of one list, indexed by their first word for a single pass over the text."""

    by_stem: dict[str, list[tuple[str, _Pattern]]]
    prefixes: list[tuple[str, _Pattern]]
    # What the prefix patterns' first words start with: one test tells whether a word may open any of them.
    prefix_starts: tuple[str, ...] = ()


def _build_lexicon(terms: Iterable[tuple[str, float]]) -> _Lexicon:
    by_stem: dict[str, list[tuple[str, _Pattern]]] = {}
    prefixes: list[tuple[str, _Pattern]] = []
    for label, weight in terms:
        parts = _compile_term(label)
        if not parts:
            continue
        pattern = _Pattern(parts, weight)
        kind, value = parts[0]
        if kind == "prefix":
            prefixes.append((label, pattern))
        else:
            by_stem.setdefault(stem_word(value) if kind == "exact" else value, []).append((label, pattern))
    return _Lexicon(by_stem, prefixes, tuple(pattern.parts[0][1] for _, pattern in prefixes))


def _part_matches(part: tuple[str, str], token: Token) -> bool:
    kind, value = part
    if kind == "prefix":
        return token.folded.startswith(value)
    return token.word == value if kind == "exact" else token.stem == value


def find_terms(tokens: Sequence[Token], lexicon: _Lexicon) -> list[tuple[str, float, int, int]]:
    """(term label, weight, first token, last token) of every occurrence, longest term first at a position."""
    found: list[tuple[str, float, int, int]] = []
    by_stem, prefixes, prefix_starts = lexicon.by_stem, lexicon.prefixes, lexicon.prefix_starts
    for i, token in enumerate(tokens):
        candidates = by_stem.get(token.stem, ())
        if prefix_starts and token.folded.startswith(prefix_starts):
            starting = [p for p in prefixes if token.folded.startswith(p[1].parts[0][1])]
            if starting:
                candidates = [*candidates, *starting]
        for label, pattern in candidates:
            if len(pattern.parts) == 1 and pattern.parts[0][0] == "stem":
                found.append((label, pattern.weight, i, i))
                continue
            end = i + len(pattern.parts)
            if end <= len(tokens) and all(_part_matches(p, tokens[i + k]) for k, p in enumerate(pattern.parts)):
                found.append((label, pattern.weight, i, end - 1))
    return _drop_nested(found)


def _drop_nested(found: list[tuple[str, float, int, int]]) -> list[tuple[str, float, int, int]]:
    """A word inside a longer matched term is not counted again ("énergies renouvelables" is not also "énergie")."""
    found.sort(key=lambda f: (f[2], -(f[3] - f[2])))
    kept: list[tuple[str, float, int, int]] = []
    covered_until = -1
    for item in found:
        if item[2] > covered_until:  # leftmost-longest: overlapping shorter terms are skipped
            kept.append(item)
            covered_until = item[3]
    return kept


@lru_cache(maxsize=256)
def _theme_lexicons(
    theme_key: tuple[tuple[str, tuple[tuple[str, float], ...], tuple[ThemeRule, ...]], ...],
) -> dict[str, tuple[_Lexicon, list[tuple[ThemeRule, list[_Lexicon], _Lexicon]]]]:
    compiled: dict[str, tuple[_Lexicon, list[tuple[ThemeRule, list[_Lexicon], _Lexicon]]]] = {}
    for theme_id, terms, rules in theme_key:
        rule_lexicons = [
            (
                rule,
                [_build_lexicon((t, 1.0) for t in group) for group in rule.all_of],
                _build_lexicon((t, 1.0) for t in rule.none_of),
            )
            for rule in rules
        ]
        compiled[theme_id] = (_build_lexicon(terms), rule_lexicons)
    return compiled


def prose(body: str) -> str:
    """The readable text of a Markdown body (no link targets or images)."""
    return _LINK_TARGET.sub("]", _IMAGE.sub(" ", body))


def classify(title: str, body: str, language: str, themes: tuple[ThemeDef, ...]) -> list[ThemeMatch]:
    """Themes of an article, strongest first, each at or above its `min_score`."""
    language = (language or "fr")[:2]
    key = tuple((t.id, tuple((term.term, term.weight) for term in t.terms), t.rules) for t in themes)
    lexicons = _theme_lexicons(key)
    text = prose(body)
    sentence_texts = split_sentences(text, language)
    sentences = [tokenize(s) for s in sentence_texts]
    title_tokens = tokenize(title or "")
    words = sum(len(s) for s in sentences)
    scale = max(1.0, math.sqrt(words / REFERENCE_WORDS))

    matches: list[ThemeMatch] = []
    for theme in themes:
        terms, rules = lexicons[theme.id]
        tally = _tally(title, title_tokens, sentence_texts, sentences, terms, rules)
        score = _score(tally, rules, scale)
        if score >= theme.min_score:
            evidence = [tally.surface[label] for label in tally.surface]
            evidence += [f"rule: {name}" for name in tally.rule_sentences]
            matches.append(ThemeMatch(theme.id, round(score, 2), evidence, _title_score(tally)))
    order = {t.id: i for i, t in enumerate(themes)}
    matches.sort(key=lambda m: (-m.score, order[m.theme]))
    return matches


def _tally(
    title: str,
    title_tokens: list[Token],
    sentence_texts: list[str],
    sentences: list[list[Token]],
    terms: _Lexicon,
    rules: list[tuple[ThemeRule, list[_Lexicon], _Lexicon]],
) -> _Tally:
    tally = _Tally({}, {}, {}, {}, {})
    for label, weight, first, last in find_terms(title_tokens, terms):
        tally.title_counts[label] = tally.title_counts.get(label, 0) + 1
        tally.weights[label] = weight
        tally.surface.setdefault(label, title[title_tokens[first].start : title_tokens[last].end])
    for sentence, tokens in zip(sentence_texts, sentences, strict=True):
        for label, weight, first, last in find_terms(tokens, terms):
            tally.counts[label] = tally.counts.get(label, 0) + 1
            tally.weights[label] = weight
            tally.surface.setdefault(label, sentence[tokens[first].start : tokens[last].end])
    for rule, groups, excluded in rules:
        fired = sum(1 for tokens in [title_tokens, *sentences] if _rule_fires(tokens, groups, excluded))
        if fired:
            tally.rule_sentences[rule.name] = fired
        # A headline naming any side of the rule ("… séduit Washington") says what the piece is about.
        hits = sum(1 for group in groups if find_terms(title_tokens, group))
        tally.title_rule_groups += rule.weight * hits / len(groups)
    return tally


def _rule_fires(tokens: list[Token], groups: list[_Lexicon], excluded: _Lexicon) -> bool:
    return all(find_terms(tokens, g) for g in groups) and not find_terms(tokens, excluded)


def _score(tally: _Tally, rules: list[tuple[ThemeRule, list[_Lexicon], _Lexicon]], scale: float) -> float:
    """Each distinct term adds weight × (1 + ln count): repeats matter, but less and less."""
    total = 0.0
    for label, weight in tally.weights.items():
        count = tally.counts.get(label, 0) + TITLE_BOOST * tally.title_counts.get(label, 0)
        total += weight * (1 + math.log(count))
    for rule, _groups, _excluded in rules:
        fired = tally.rule_sentences.get(rule.name, 0)
        if fired:
            total += rule.weight * (1 + math.log(fired))
    return total / scale


def _title_score(tally: _Tally) -> float:
    return sum(tally.weights[label] * n for label, n in tally.title_counts.items()) + tally.title_rule_groups


def primary_theme(matches: list[ThemeMatch]) -> str | None:
    """The matched theme the headline speaks of most, if any; otherwise the strongest overall."""
    if not matches:
        return None
    in_title = [m for m in matches if m.title_score > 0]
    if in_title:
        return max(in_title, key=lambda m: (m.title_score, m.score)).theme
    return matches[0].theme


def theme_term_weight(tokens: Sequence[Token], theme: ThemeDef) -> float:
    """Sum of the weights of the theme's terms found in these tokens (for picking on-theme sentences)."""
    key = ((theme.id, tuple((term.term, term.weight) for term in theme.terms), theme.rules),)
    terms, _rules = _theme_lexicons(key)[theme.id]
    return sum(weight for _label, weight, _first, _last in find_terms(tokens, terms))
