"""Named people, organisations, places and events in a body, French or English.

Rules find the names: runs of capitalised words (joined by "de", "of", "et"
...), institution names headed by a noun such as "ministère" or "agency",
acronyms. Each name's kind comes from what surrounds it (a title before a
person, "à"/"in" before a place, a head noun, a company suffix, a year in an
event name), from a list of countries, and, for French, from spaCy's news
model when it is installed. Variants of one name are merged afterwards.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Entities
from .lexicon import (
    CITIES,
    CLAUSE_OPENERS,
    COMMON_ACRONYMS,
    EVENT_HEADS,
    FIRST_NAMES,
    GEOGRAPHIC_WORDS,
    HONORIFICS,
    LEADING_ARTICLES,
    MONTH_AND_DAY_NAMES,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_PREPOSITIONS,
    PLACES,
    ROLE_WORDS,
    SPEECH_VERBS,
    STATE_HEADS,
    STOP_WORDS_EN,
    STOP_WORDS_FR,
    fold,
)
from .names import acronym_of, is_surname_of, name_key, same_person, same_person_keys, skeleton
from .ner_model import ModelSpan, model_spans
from .sentences import split_sentences

KINDS = ("people", "organizations", "places", "events")
_MODEL_KIND = {"PER": "people", "ORG": "organizations", "LOC": "places"}

# Elided articles and prepositions ("l’", "d’", "qu’") are tokens of their own; "’s" too.
_TOKEN = re.compile(
    r"(?i:\b(?:qu|[ldjnsctm])['’](?=\w))"
    r"|[^\W_]+(?:[-.&][^\W_]+)*(?:['’](?![sS]\b)[^\W_]+)*\.?"
    r"|['’][sS]\b"
    r"|\S"
)
_FIRM_PLACE_PREPOSITIONS = frozenset({"a", "à"})  # "in" also precedes currencies, products, years
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X{1,2}I{0,3})$")
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SHORT_NUMBER = re.compile(r"\d{1,4}")
_LOWERCASE_WORD = re.compile(r"(?<![.!?]\s)\b[a-zà-ÿ][\w-]*")
_NATIONALITY_ENDINGS = ("ain", "aine", "ains", "aines", "ais", "aise", "aises", "ois", "oise", "oises", "ien", "ienne",
                        "iens", "iennes", "sse", "sses")
_ADJECTIVE_ENDINGS = ("ain", "aine", "ais", "aise", "ien", "ienne", "ois", "oise", "sse", "al", "ale", "aux", "ales",
                      "ique", "iques", "ère", "ères", "able", "ables", "el", "elle", "if", "ive", "ifs", "ives", "eux",
                      "euse", "iste", "istes", "aire", "aires")


class _Token:
    """One token of a sentence. Its folded form and capital are read many times: both are set once."""

    __slots__ = ("capitalised", "end", "folded", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.folded = fold(text)
        self.capitalised = text[:1].isupper()


@dataclass
class Mention:
    """One occurrence of a name in one sentence, with the evidence of its kind."""

    text: str
    sentence_index: int
    votes: Counter[str] = field(default_factory=Counter)  # kind -> weight of evidence
    alias_of: str | None = None  # "Minpromtorg" in "ministère ... (Minpromtorg)"


def extract_entities(body: str, language: str, sentences: list[str] | None = None) -> Entities:
    """People, organisations, places and events named in `body`, variants merged."""
    sentences = sentences if sentences is not None else split_sentences(body, language)
    stop_words = STOP_WORDS_EN if (language or "").startswith("en") else STOP_WORDS_FR
    lowercase_words = {fold(w) for w in _LOWERCASE_WORD.findall(body)}
    per_sentence = [
        _sentence_mentions(sentence, index, [], stop_words, lowercase_words) for index, sentence in enumerate(sentences)
    ]
    # The model is slow: ask it only about sentences holding a name the rules could not place firmly.
    doubtful = [i for i, found in enumerate(per_sentence) if any(_weak(m) for m in found)]
    for index, spans in zip(doubtful, model_spans([sentences[i] for i in doubtful], language), strict=True):
        if spans:
            per_sentence[index] = _sentence_mentions(sentences[index], index, spans, stop_words, lowercase_words)
    mentions = [m for found in per_sentence for m in found]
    _vote_surnames(mentions, body)
    return _merge(mentions)


def _common_word(word: str, lowercase_words: set[str]) -> bool:
    """Whether the text also writes this word (or its singular, masculine form) in lower case."""
    if word in PLACES:
        return False
    variants = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("e"), word + "e"}
    return any(v in lowercase_words for v in variants if len(v) > 2)


def _after_plural_article(tokens: list[_Token], first: int) -> bool:
    """'les Français', 'des Tchèques': a plural article before one word marks a group of people, not a name."""
    return first > 0 and tokens[first - 1].folded in {"les", "des", "aux"} and tokens[first].folded not in PLACES


def _discourse_marker(tokens: list[_Token], first: int) -> bool:
    """'Evidemment, ...', 'However, ...': one word opening a sentence before a comma, unless a known place."""
    word = tokens[first].folded
    followed_by_comma = first + 1 < len(tokens) and tokens[first + 1].text == ","
    return followed_by_comma and word not in PLACES and word not in CITIES


def _opens_sentence(tokens: list[_Token], first: int) -> bool:
    """Only punctuation ('«', '—') before this token in its sentence."""
    return all(not t.text[:1].isalnum() for t in tokens[:first])


def _weak(mention: Mention) -> bool:
    return max(mention.votes.values(), default=0) < 3


def _tokens(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        text = match.group(0)
        if text[-1] == "." and not _keeps_dot(text):
            text = text.rstrip(".")
        start = match.start()
        tokens.append(_Token(text, start, start + len(text)))
    return tokens


def _keeps_dot(token: str) -> bool:
    """'U.S.', 'M.', 'Dr.': the dot belongs to the abbreviation; 'Rabat.' ends a sentence."""
    if not token.endswith("."):
        return False
    core = token[:-1]
    return bool(_INITIALS.fullmatch(core)) or fold(token) in HONORIFICS


def _is_name_word(token: _Token, stop_words: frozenset[str]) -> bool:
    if not token.capitalised or not token.text[0].isalpha() or token.folded.startswith("i'") or token.text == "I":
        return False
    return token.folded not in MONTH_AND_DAY_NAMES and token.folded not in ROLE_WORDS


def _sentence_mentions(
    sentence: str, index: int, model: list[ModelSpan], stop_words: frozenset[str], lowercase_words: set[str]
) -> list[Mention]:
    tokens = _tokens(sentence)
    mentions: list[Mention] = []
    covered: list[tuple[int, int]] = []
    expansions = _acronym_expansions(tokens)
    previous_end = -1
    for first, last in _capitalised_runs(tokens, stop_words):
        if not _shaped_like_person(tokens[first : last + 1]):
            first = _head_before(tokens, first, stop_words)
        opens = _opens_sentence(tokens, first)
        if not opens and tokens[first].capitalised and tokens[first].folded in ORG_HEADS:
            last = _extend_institution(tokens, last, stop_words)
        last = _absorb_adjective(tokens, first, last, stop_words)
        first, last = _trim(tokens, first, last, stop_words, lowercase_words, sentence_start=opens)
        if first > last or first <= previous_end:
            continue
        expansion = next(((a, b) for a, b in expansions if b < first and a > previous_end - 12), None)
        if expansion is not None and _in_parentheses_after(tokens, first, last, expansion[1]):
            # The expansion replaces the partial names found inside it.
            mentions = [m for m in mentions if not (m.sentence_index == index and m.text in _text(
                sentence, tokens, *expansion))]
            mentions.append(_mention(sentence, tokens, expansion[0], expansion[1], index, model))
            covered.append((tokens[expansion[0]].start, tokens[expansion[1]].end))
            previous_end = expansion[1]
        text = _text(sentence, tokens, first, last)
        if not _plausible(text, tokens[first : last + 1]) or _inside_role(tokens, first, text):
            continue
        if first == last and (
            _common_word(tokens[first].folded, lowercase_words)
            or _after_plural_article(tokens, first)
            or (opens and _discourse_marker(tokens, first))
        ):
            continue  # "les Français", "français": a demonym or a common word, not a name
        mention = _mention(sentence, tokens, first, last, index, model)
        if mentions and _in_parentheses_after(tokens, first, last, previous_end):
            mention.alias_of = mentions[-1].text
        mentions.append(mention)
        covered.append((tokens[first].start, tokens[last].end))
        previous_end = last
    mentions.extend(_model_only(sentence, index, model, covered, lowercase_words))
    return mentions


def _mention(
    sentence: str, tokens: list[_Token], first: int, last: int, index: int, model: list[ModelSpan]
) -> Mention:
    mention = Mention(sentence[tokens[first].start : tokens[last].end], index)
    mention.votes.update(_kind_votes(tokens, first, last, model))
    return mention


def _in_parentheses_after(tokens: list[_Token], first: int, last: int, previous_end: int) -> bool:
    """'(Minpromtorg)' or '(CNSS)' right after a name is another name for it."""
    return (
        previous_end >= 0
        and first == previous_end + 2
        and tokens[first - 1].text == "("
        and last + 1 < len(tokens)
        and tokens[last + 1].text == ")"
    )


def _inside_role(tokens: list[_Token], first: int, text: str) -> bool:
    """'vice-ministre russe de l’Énergie': the name ends a title; 'President Donald Trump' is a person."""
    head = tokens[first].folded
    if fold(text) in PLACES or head in ORG_HEADS or head in EVENT_HEADS or head in STATE_HEADS:
        return False
    j = first - 1
    connectors = 0
    while j >= 0 and first - j <= 5:
        token = tokens[j]
        if token.folded in ROLE_WORDS:
            return connectors > 0
        if token.folded in NAME_CONNECTORS:
            connectors += 1
        elif not (token.text.isalpha() and token.text.islower()):
            return False
        j -= 1
    return False


def _text(sentence: str, tokens: list[_Token], first: int, last: int) -> str:
    return sentence[tokens[first].start : tokens[last].end]


def _acronym_expansions(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges such as 'Direction générale de la sécurité des systèmes d’information' before '(DGSSI)'."""
    found: list[tuple[int, int]] = []
    for i in range(2, len(tokens) - 1):
        if tokens[i - 1].text != "(" or tokens[i + 1].text != ")" or not _is_acronym(tokens[i].text):
            continue
        end = i - 2
        for start in range(max(0, end - 10), end):
            words = tokens[start : end + 1]
            if (
                tokens[start].capitalised
                and all(t.text[:1].isalpha() for t in words)
                and acronym_of(tokens[i].text, " ".join(t.text for t in words))
            ):
                found.append((start, end))
                break
    return found


def _capitalised_runs(tokens: list[_Token], stop_words: frozenset[str]) -> list[tuple[int, int]]:
    """(first, last) token indexes of runs like 'Ministère de l’Industrie et du Commerce de la Fédération'."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_word(tokens[i], stop_words) and not _is_acronym(tokens[i].text):
            i += 1
            continue
        first = last = i
        institution = _institution_run(tokens, i)
        j = i + 1
        while j < len(tokens):
            token = tokens[j]
            if (_is_name_word(token, stop_words) or _is_acronym(token.text) or _ROMAN.match(token.text)
                    or _hyphen_name(tokens, j)):
                last = j
                j += 1
                continue
            if (
                token.text.islower()
                and token.folded.endswith(_ADJECTIVE_ENDINGS)
                and institution
                and token.folded not in stop_words
                and j + 1 < len(tokens)
                and tokens[j + 1].folded in NAME_CONNECTORS
                and any(_is_name_word(t, stop_words) for t in tokens[j + 2 : j + 5])
                and _is_name_word(tokens[last], stop_words)
            ):
                # One lower-case adjective inside a name: "Transition énergétique et du Développement durable".
                j += 1
                continue
            if _SHORT_NUMBER.fullmatch(token.text) and j == last + 1:
                last = j  # "Coupe du Monde 2030", "GITEX Africa 2025"
                j += 1
                continue
            # Up to three connectors ("et du", "de la", "of the") when a capitalised word follows.
            k = j
            while k < len(tokens) and k - j < 3 and tokens[k].folded in NAME_CONNECTORS:
                k += 1
            joinable = k > j and k < len(tokens) and not tokens[last].text.isupper()  # "IT d'Afrique"
            # "Teri Allery of North Dakota State University" is a person, then an institution.
            person_then_of = tokens[j].folded == "of" and _shaped_like_person(tokens[first : last + 1])
            if joinable and not person_then_of and _is_name_word(tokens[k], stop_words) and _joins(
                tokens, j, k, institution
            ):
                j = k
                continue
            break
        runs.append((first, last))
        i = last + 1
    return runs


def _institution_run(tokens: list[_Token], first: int) -> bool:
    """Whether a run opens with, or follows, an institution noun ('ministère de l’Industrie ...')."""
    if tokens[first].folded in ORG_HEADS:
        return True
    j = first - 1
    while j >= 0 and tokens[j].folded in NAME_CONNECTORS:
        j -= 1
    return j >= 0 and j < first - 1 and tokens[j].folded in ORG_HEADS


def _joins(tokens: list[_Token], first_connector: int, next_word: int, institution: bool) -> bool:
    """Connectors join two names into one only inside a name ('Maroc et Russie' stays two places)."""
    connectors = [t.folded for t in tokens[first_connector:next_word]]
    if connectors[0] in {"et", "and"}:
        # "ministère de l’Industrie et du Commerce" joins; "Rabat et Moscou", "Landes et des Pyrénées" do not.
        return institution and len(connectors) > 1 and connectors[1] in {"du", "des", "de", "d'", "of"}
    return True


def _hyphen_name(tokens: list[_Token], j: int) -> bool:
    """An en dash between two names: 'Russie–Maroc'."""
    return tokens[j].text in {"–", "-"} and j + 1 < len(tokens) and tokens[j + 1].capitalised and (
        tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start)


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha() and fold(letters) not in COMMON_ACRONYMS


def _head_before(tokens: list[_Token], first: int, stop_words: frozenset[str]) -> int:
    """Extend back to a lower-case head noun: 'ministère de l’industrie et du commerce du Maroc', 'sommet X'."""
    j = first - 1
    lowercase_seen = 0
    while j >= 0 and first - j <= 9:
        token = tokens[j]
        if token.folded in EVENT_HEADS and not token.capitalised and j == first - 1:
            return j  # "sommet Russie-Afrique", "salon Gitex"
        if token.folded in ORG_HEADS and not token.capitalised:
            connectors_before_run = tokens[first - 1].folded in NAME_CONNECTORS
            return j if connectors_before_run else first
        if token.folded in NAME_CONNECTORS:
            j -= 1
            continue
        if token.text[:1].isalpha() and token.text.islower() and token.folded not in stop_words:
            lowercase_seen += 1
            if lowercase_seen > 3:
                break
            j -= 1
            continue
        break
    return first


def _extend_institution(tokens: list[_Token], last: int, stop_words: frozenset[str]) -> int:
    """'Département des technologies numériques', 'Centre d’exportation de Moscou': a capitalised institution
    noun inside a sentence names the whole phrase, lower-case words included, as far as it goes on with
    'de' + noun and adjectives."""
    j = last + 1
    content = 0
    while j < len(tokens) and content < 5:
        token = tokens[j]
        if token.text.islower() and token.text.isalpha() and token.folded.endswith(_ADJECTIVE_ENDINGS) and (
            token.folded not in stop_words
        ):
            last, j, content = j, j + 1, content + 1  # an adjective after a noun
            continue
        k = j
        while k < len(tokens) and k - j < 3 and tokens[k].folded in {"de", "du", "des", "d'", "la", "l'"}:
            k += 1
        if k == j or k >= len(tokens):
            break
        noun = tokens[k]
        if not noun.text[:1].isalpha() or noun.folded in stop_words or noun.folded in MONTH_AND_DAY_NAMES:
            break
        last, j, content = k, k + 1, content + 1
    return last


def _absorb_adjective(tokens: list[_Token], first: int, last: int, stop_words: frozenset[str]) -> int:
    """'Congrès américain', 'Affaires étrangères (': an institution's name keeps the adjective closing it."""
    head = tokens[first].folded
    nxt = last + 1
    if nxt >= len(tokens) or not (head in ORG_HEADS or head in EVENT_HEADS):
        return last
    adjective = tokens[nxt]
    if not adjective.text.isalpha() or not adjective.text.islower() or adjective.folded in stop_words:
        return last
    closes = nxt + 1 >= len(tokens) or not tokens[nxt + 1].text[:1].isalnum()
    nationality = adjective.folded.endswith(_NATIONALITY_ENDINGS)  # "ministère de l’Énergie russe a accueilli"
    if adjective.folded.endswith(_ADJECTIVE_ENDINGS) and (closes or first == last or nationality):
        return nxt
    return last


def _trim(
    tokens: list[_Token],
    first: int,
    last: int,
    stop_words: frozenset[str],
    lowercase_words: set[str],
    *,
    sentence_start: bool,
) -> tuple[int, int]:
    """Drop a leading article or sentence-opening word and trailing connectors."""
    while first <= last and (
        tokens[first].folded in LEADING_ARTICLES or tokens[first].folded in stop_words
        or tokens[first].folded in COMMON_ACRONYMS
    ):
        first += 1  # "La Russie", "Pour Javier López": a capitalised article or preposition opens no name
    if sentence_start and first <= last:
        word = tokens[first].folded
        article_follows = first < last and tokens[first + 1].folded in LEADING_ARTICLES
        # A sentence's first word is capitalised anyway: keep it only if the text never writes it in lower case.
        if (word in stop_words or word in CLAUSE_OPENERS or article_follows
                or (word in lowercase_words and word not in ORG_HEADS and word not in EVENT_HEADS)):
            first += 1
            while first <= last and (tokens[first].folded in NAME_CONNECTORS or tokens[first].folded in stop_words):
                first += 1
    while last >= first and tokens[last].folded in NAME_CONNECTORS:
        last -= 1
    if first < last - 1 and _generic(tokens[first].folded) and _shaped_like_person(tokens[first + 1 : last + 1]):
        first += 1  # "chef de l’Etat Miloš Zeman": the head noun belongs to the title
    return first, last


def _plausible(text: str, tokens: list[_Token]) -> bool:
    words = [t for t in tokens if t.text[:1].isalpha()]
    if not words:
        return False
    if len(tokens) > 14:
        return False  # a run this long is a headline in title case, not a name
    if len(words) == 1:
        word = words[0]
        if _generic(word.folded) or word.folded in ROLE_WORDS or word.folded in MONTH_AND_DAY_NAMES:
            return False
        if word.folded in COMMON_ACRONYMS:
            return False
        if len(word.text) < 2:
            return False
    return not all(t.folded in LEADING_ARTICLES or t.folded in NAME_CONNECTORS for t in words)


def _generic(word: str) -> bool:
    """A head noun alone ('Groupe', 'État') names nothing in particular."""
    return word in ORG_HEADS or word in EVENT_HEADS or word in STATE_HEADS


def _kind_votes(tokens: list[_Token], first: int, last: int, model: list[ModelSpan]) -> Counter[str]:
    """Evidence for each kind, weighted: strong cues count 3, the model 2, weak cues 1."""
    votes: Counter[str] = Counter()
    span = tokens[first : last + 1]
    words = [t.folded for t in span]
    text_key = " ".join(words)
    before = [t.folded for t in tokens[max(0, first - 3) : first]]
    after = [t.folded for t in tokens[last + 1 : last + 4]]
    has_year = any(_YEAR.fullmatch(w) for w in words)
    if words[0] in STATE_HEADS and len(words) > 1 and words[-1] in PLACES:
        votes["places"] += 4  # "Royaume du Maroc", "Fédération de Russie"
    elif words[0] in EVENT_HEADS and words[0] not in ORG_HEADS:
        votes["events"] += 4
    elif len(words) > 1 and words[-1] in EVENT_HEADS and words[-1] not in ORG_HEADS:
        votes["events"] += 3  # "Los Angeles Auto Show", "Africa Summit"
    elif any(w in ORG_HEADS for w in words[:2]) or words[-1] in ORG_SUFFIXES or (len(words) > 1
                                                                                and words[-1] in ORG_HEADS):
        votes["organizations"] += 3
    if has_year and _YEAR.fullmatch(words[-1]) and not votes:
        votes["events"] += 2  # a name carrying a year: "Gitex Africa 2025", "Coupe du Monde 2030"
    hyphenated = "-".join(words)  # "New York" is listed as "new-york"
    if text_key in PLACES or name_key(text_key) in PLACES or fold(" ".join(t.text for t in span)) in PLACES:
        votes["places"] += 3
    elif text_key in CITIES or hyphenated in CITIES:
        votes["places"] += 2  # a city name can also be a person's ("Washington"): evidence, not proof
    if len(span) == 1 and _is_acronym(span[0].text) and len(span[0].text) >= 3 and not votes:
        votes["organizations"] += 1
    person_shaped = _shaped_like_person(span) or (len(span) == 1 and span[0].text.isalpha()
                                                   and not span[0].text.isupper() and not _generic(words[0]))
    if before and before[-1] in HONORIFICS:
        votes["people"] += 3
    elif before and before[-1] in ROLE_WORDS and person_shaped:
        votes["people"] += 2
    if _ROMAN.match(span[-1].text) and len(span) >= 2:
        votes["people"] += 2
    if after[:1] == [","] and person_shaped and _title_clause_after(tokens, last + 1):
        votes["people"] += 2  # "Boris Simis, directeur général", "Bill Powers, a San Diego engineer"
    elif before[-1:] == [","] and _shaped_like_person(span) and _title_clause_before(tokens, first - 1):
        votes["people"] += 2  # "Le vice-ministre russe de l’Énergie, Roman Marshavin"
    speaks = _speech_verb_after(tokens, last) or (before and before[-1] in {"said", "says"})
    if speaks and len(span) > 1 and person_shaped:
        votes["people"] += 1  # companies speak too: a single word needs more than a verb of saying
    if not votes and len(span) > 1 and any(w in GEOGRAPHIC_WORDS for w in words):
        votes["places"] += 1
    if not votes and _shaped_like_person(span):
        # A known given name makes a person; the shape alone, however often repeated, is not enough.
        votes["people"] += 2 if words[0] in FIRST_NAMES or words[0].split("-")[0] in FIRST_NAMES else 0.5
    if before and before[-1] in PLACE_PREPOSITIONS and len(span) <= 3 and not votes:
        # "à Rabat": a firm cue for one word; "in", "at", "from" also precede companies, products, people.
        votes["places"] += 2 if len(span) == 1 and before[-1] in _FIRM_PLACE_PREPOSITIONS else 1
    # The model is least reliable on single words ("l’État", "Commerce"): its vote counts less there.
    for model_span in model:
        if model_span.label in _MODEL_KIND and _overlaps(model_span, tokens[first].start, tokens[last].end):
            votes[_MODEL_KIND[model_span.label]] += 1 if len(span) == 1 and model_span.label == "ORG" else 2
    if has_year:
        del votes["people"]  # a person's name carries no year
    return votes


def _title_clause_after(tokens: list[_Token], comma: int) -> bool:
    """Whether a title comes within the first words after this comma: ', a San Diego engineer who'."""
    for token in tokens[comma + 1 : comma + 5]:
        if token.text in {",", ";", ":", ".", "(", ")", "«", "»"}:
            return False
        if token.folded in ROLE_WORDS and token.folded not in HONORIFICS:
            return True
    return False


def _title_clause_before(tokens: list[_Token], comma: int) -> bool:
    """Whether the clause ending at this comma opens with a title: 'Le vice-ministre russe de l’Énergie,'."""
    j = comma - 1
    while j >= 0 and comma - j <= 25 and tokens[j].text not in {",", ";", ":", ".", "(", ")", "«", "»"}:
        if tokens[j].folded in ROLE_WORDS and tokens[j].folded not in HONORIFICS:
            return True
        j -= 1
    return False


def _shaped_like_person(span: list[_Token]) -> bool:
    """Two or three plain capitalised words ('Boris Simis'), none of them a known place or institution word."""
    if not 2 <= len(span) <= 3:
        return False
    for token in span:
        letters = token.text.replace("-", "").replace("'", "").replace("’", "")
        if not (letters.isalpha() and token.capitalised and not token.text.isupper()):
            return False  # "Jean-Luc", "O’Brien" pass; "ISO", "2025" do not
        if token.folded in PLACES or token.folded in ORG_SUFFIXES or token.folded in GEOGRAPHIC_WORDS:
            return False
        if _generic(token.folded):
            return False
    return True


def _speech_verb_after(tokens: list[_Token], last: int) -> bool:
    following = [t for t in tokens[last + 1 : last + 4] if t.text != ","][:2]
    one = following[0].folded if following else ""
    two = " ".join(t.folded for t in following)
    return one in SPEECH_VERBS or two in SPEECH_VERBS


def _overlaps(span: ModelSpan, start: int, end: int) -> bool:
    overlap = min(span.end, end) - max(span.start, start)
    return overlap > 0 and overlap >= 0.5 * min(span.end - span.start, end - start)


def _model_only(
    sentence: str, index: int, model: list[ModelSpan], covered: list[tuple[int, int]], lowercase_words: set[str]
) -> list[Mention]:
    """People and places the model found and the rules did not, when they look like names."""
    mentions: list[Mention] = []
    for span in model:
        if span.label not in {"PER", "LOC"} or any(min(e, span.end) > max(s, span.start) for s, e in covered):
            continue
        words = span.text.split()
        name_like = all(w[:1].isupper() or fold(w) in NAME_PARTICLES for w in words)
        if len(span.text) < 3 or not (1 <= len(words) <= 4) or not name_like:
            continue
        if any(fold(w) in ROLE_WORDS or fold(w) in MONTH_AND_DAY_NAMES for w in words) or _generic(fold(words[0])):
            continue
        previous_word = fold(sentence[: span.start].split()[-1]) if sentence[: span.start].split() else ""
        plural_group = previous_word in {"les", "des", "aux"} and fold(words[0]) not in PLACES
        opener = not any(c.isalnum() for c in sentence[: span.start]) and sentence[span.end :].startswith(",")
        if len(words) == 1 and (_common_word(fold(words[0]), lowercase_words) or plural_group or opener):
            continue
        mention = Mention(span.text, index)
        mention.votes[_MODEL_KIND[span.label]] += 2
        mentions.append(mention)
    return mentions


def _vote_surnames(mentions: list[Mention], body: str) -> None:
    """A full name whose surname is used alone elsewhere is a person ('David Marcus' ... 'Marcus said')."""
    singles = {name_key(m.text) for m in mentions if len(name_key(m.text).split()) == 1}
    for mention in mentions:
        words = name_key(mention.text).split()
        plain = all(w[:1].isupper() and not w.isupper() for w in mention.text.split())
        known = any(w in GEOGRAPHIC_WORDS or w in PLACES or w in ORG_SUFFIXES or _generic(w) for w in words)
        if 2 <= len(words) <= 3 and words[-1] in singles and plain and not known and not (
            mention.votes["organizations"] or mention.votes["places"]
        ):
            mention.votes["people"] += 2


@dataclass
class _Group:
    mentions: list[Mention]
    votes: Counter[str] = field(default_factory=Counter)
    # The kind is asked for at every comparison of groups; it changes only when votes are added.
    _kind: str | None = field(default=None, init=False, repr=False, compare=False)
    _kind_known: bool = field(default=False, init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.mentions[0].text

    @property
    def kind(self) -> str | None:
        if not self._kind_known:
            self._kind, self._kind_known = _most_voted(self.votes), True
        return self._kind

    def add(self, mentions: list[Mention], *, with_votes: bool = True) -> None:
        self.mentions.extend(mentions)
        if with_votes:
            for mention in mentions:
                self.votes.update(mention.votes)
            self._kind_known = False


def _most_voted(votes: Counter[str]) -> str | None:
    """The kind with the most votes, the first of KINDS on a tie; None without votes."""
    if not votes:
        return None
    best, best_votes = KINDS[0], votes[KINDS[0]]
    for kind in KINDS[1:]:
        if votes[kind] > best_votes:
            best, best_votes = kind, votes[kind]
    return best


def _merge(mentions: list[Mention]) -> Entities:
    """Group mentions of one name, give each group its most supported kind, keep the best form."""
    groups: list[_Group] = []
    aliases = [m for m in mentions if m.alias_of]
    by_key: dict[str, _Group] = {}
    # Names can only be the same name with the same number of words: compare within that bucket, each group
    # with the words and skeleton of its name's key, computed once.
    by_length: dict[int, list[tuple[_Group, list[str], str]]] = {}
    for mention in (m for m in mentions if not m.alias_of):
        key = name_key(mention.text)
        words = key.split()
        bucket = by_length.setdefault(len(words), [])
        target = by_key.get(key) or _variant_of(mention.text, words, bucket)
        if target is None:
            groups.append(_Group([]))
            target = groups[-1]
            bucket.append((target, words, skeleton(mention.text)))
        by_key[key] = target
        target.add([mention])
    for alias in aliases:
        target = next((g for g in groups if any(m.text == alias.alias_of for m in g.mentions)), None)
        alias_votes = Counter(alias.votes)
        alias.votes.clear()  # an alias takes its kind from the name it stands for
        if target is not None:
            target.add([alias])
        else:
            alias.votes.update(alias_votes)
            groups.append(_Group([]))
            groups[-1].add([alias])
    groups = _absorb_short_forms(groups)
    by_kind: dict[str, list[tuple[int, int, str]]] = {kind: [] for kind in KINDS}
    for group in groups:
        kind = group.kind
        if kind is None:
            continue  # no evidence of any kind: a capitalised phrase, not a name we can place
        if group.votes[kind] < 2:
            continue  # a single weak cue is not enough
        # The full form a shorter one was folded into wins; among its spelling variants, the most used.
        forms = Counter(m.text for m in group.mentions if _same_name(m.text, group.name))
        best = max(forms, key=lambda f: (forms[f], len(f)))
        first_seen = min(m.sentence_index for m in group.mentions)
        by_kind[kind].append((-len(group.mentions), first_seen, best))
    lists = {kind: [name for _, _, name in sorted(entries)] for kind, entries in by_kind.items()}
    return Entities(**lists)


def _same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b) or same_person(a, b) or _same_words(a, b)


def _variant_of(text: str, words: list[str], bucket: list[tuple[_Group, list[str], str]]) -> _Group | None:
    """The first group of `bucket` whose name `_same_name` matches with `text`, of key words `words`.

    Only called when no group has the same key, so the test is `same_person` or `_same_words`, made from
    the words and skeletons already at hand."""
    own_skeleton = skeleton(text)
    for group, group_words, group_skeleton in bucket:
        if same_person_keys(words, group_words, own_skeleton, group_skeleton) or _same_word_lists(words, group_words):
            return group
    return None


def _same_words(a: str, b: str) -> bool:
    """'ministère de l’Énergie russe' and 'ministère russe de l’Énergie': the same words in another order."""
    return _same_word_lists(name_key(a).split(), name_key(b).split())


def _same_word_lists(words_a: list[str], words_b: list[str]) -> bool:
    return len(words_a) >= 3 and sorted(words_a) == sorted(words_b)


def _absorb_short_forms(groups: list[_Group]) -> list[_Group]:
    """Fold a surname alone into the full name, an acronym into its expansion, a prefix into a longer name."""
    merged: list[_Group] = []
    # Longest names first so that short forms find their full form.
    for group in sorted(groups, key=lambda g: -len(name_key(g.name))):
        target = next((m for m in merged if _short_form_of(group, m)), None)
        if target is None:
            merged.append(group)
        else:
            # The full name's kind stands; a surname's own evidence ("Mr. Powers said") supports the person.
            target.add(group.mentions, with_votes=target.kind == "people")
    return merged


def _short_form_of(short: _Group, full: _Group) -> bool:
    if short.kind == "places" or full.kind is None:
        return False
    if is_surname_of(short.name, full.name):
        return full.kind == "people"
    if full.kind == "people":
        return False
    if acronym_of(short.name, full.name):
        return True
    short_words, full_words = name_key(short.name).split(), name_key(full.name).split()
    # "Positive Technologies" inside "Positive Technologies Group", "Gitex Africa" in "Gitex Africa 2025".
    return 1 <= len(short_words) < len(full_words) and full_words[: len(short_words)] == short_words
