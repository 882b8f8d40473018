"""What the text says a person is, in apposition or as a title.

"Roman Marshavin, vice-ministre russe de l'Énergie," / "Le vice-ministre
russe de l’Énergie, Roman Marshavin," / "Economy Minister Marcelo Ebrard"
/ "Anne Gonzales, a spokeswoman for California ISO". A role starts with a
title or function word (see `lexicon.ROLE_WORDS`); anything else in
apposition (an age, a relative clause) is not a role.
"""

from __future__ import annotations

import re

from .lexicon import GEOGRAPHIC_WORDS, HONORIFICS, PLACES, ROLE_WORDS, fold
from .names import is_surname_of, same_person

# Where an apposition ends.
_ROLE_END = re.compile(r"[,;:.()«»\"“”!?]|\s[-–—]\s")
_LEADING_ARTICLE = re.compile(r"^(?:le|la|l['’]|les|un|une|the|a|an)\s*", re.IGNORECASE)
_MAX_ROLE_WORDS = 24
_LINKING_WORDS = frozenset({"et", "ou", "par", "pour", "avec", "mais", "à", "de", "and", "or", "by", "for", "with",
                            "but", "to", "of"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "son", "sa", "ses", "leur", "leurs", "notre", "our"})
# Capitalised names of two to four words ("Roman Marshavin", "Ursula von der Leyen").
_NAMES = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+(?:de\s+|van\s+|von\s+|al[- ])?[A-ZÀ-ÖØ-Þ][\w’'-]+){1,3}")
_RELATIVE = re.compile(r"\s(?:who|whom|whose|which|that|qui|que|dont|lequel|laquelle)\s", re.IGNORECASE)


def find_roles(sentences: list[str], people: list[str]) -> dict[str, str]:
    """Person name (as listed in `people`) -> role, the first the text gives."""
    roles: dict[str, str] = {}
    for sentence in sentences:
        names: list[str] | None = None  # the sentence's capitalised names, found once for all people
        for person in people:
            if person in roles:
                continue
            if names is None:
                names = _NAMES.findall(sentence)
            for written in _forms_in(sentence, person, names):
                role = _role_around(sentence, written)
                if role:
                    roles[person] = role
                    break
    return roles


def _forms_in(sentence: str, person: str, names: list[str]) -> list[str]:
    """How `person` is written in this sentence (of capitalised `names`): the name itself or a variant of it."""
    forms = [person] if person in sentence else []
    for candidate in names:
        if candidate != person and (same_person(candidate, person) or is_surname_of(candidate, person)):
            forms.append(candidate)
    return forms


def _role_around(sentence: str, written: str) -> str | None:
    for match in re.finditer(re.escape(written), sentence):
        role = _role_after(sentence[match.end() :]) or _role_before(sentence[: match.start()])
        if role:
            return role
    return None


def _role_after(rest: str) -> str | None:
    """'Boris Simis, directeur général adjoint ..., a déclaré' -> 'directeur général adjoint ...'."""
    if not rest.startswith(","):
        return None
    segment = _ROLE_END.split(rest[1:], maxsplit=1)[0].strip()
    segment = _LEADING_ARTICLE.sub("", segment)
    segment = _RELATIVE.split(segment, maxsplit=1)[0].strip()  # "engineer who provides ..." -> "engineer"
    words = segment.split()
    # The title may follow a few qualifiers: "a San Diego engineer", "un ancien directeur de ...".
    title_at = next((i for i, w in enumerate(words[:4]) if _is_role_word(w)), None)
    if title_at is None or len(words) > _MAX_ROLE_WORDS:
        return None
    if any(fold(w) in _LINKING_WORDS for w in words[:title_at]):
        return None  # "Mikhaïl Anissimov, et par le directeur ...": another person's title
    return segment


def _role_before(head: str) -> str | None:
    """'Le vice-ministre russe de l’Énergie, Roman Marshavin' or 'Economy Minister Marcelo Ebrard'."""
    stripped = head.rstrip()
    if stripped.endswith(","):
        without_asides = re.sub(r"\s*\([^()]*\)", "", stripped[:-1])  # "(Minpromtorg)"
        clause = re.split(r"[,;:.«»\"“”!?]", without_asides)[-1].strip()
        words = clause.split()
        # The role starts at the last title word that an article introduces ("le ministre ... et directeur
        # ..."), else at the first title word ("nominee for commerce secretary").
        starts = [i for i, word in enumerate(words) if _is_role_word(word)]
        if not starts:
            return None
        introduced = [
            i for i in starts
            if i > 0 and (_LEADING_ARTICLE.fullmatch(words[i - 1] + " ") or fold(words[i - 1]) in _POSSESSIVES)
        ]
        first = introduced[-1] if introduced else starts[0]
        role = " ".join(words[first:])
        return role if len(role.split()) <= _MAX_ROLE_WORDS else None
    words = stripped.split()
    if not words or not _is_role_word(words[-1]) or not words[-1][:1].isupper():
        return None
    # A capitalised title right before the name: "President", "Economy Minister".
    role = [words[-1]]
    if len(words) >= 2 and words[-2][:1].isupper() and not _is_role_word(words[-2]):
        previous = fold(words[-2])
        part_of_place = len(words) >= 3 and words[-3][:1].isupper() and words[-3][-1].isalpha()
        if previous not in PLACES and previous not in GEOGRAPHIC_WORDS and not part_of_place:
            role.insert(0, words[-2])
    return " ".join(role)


def _is_role_word(word: str) -> bool:
    folded = re.sub(r"^[ld]'", "", fold(word.strip(",;:")))  # "l’ambassadeur"
    if folded in HONORIFICS:
        return False  # "M.", "Mr." introduce a name, they are not a role
    return folded in ROLE_WORDS or any(part in ROLE_WORDS for part in folded.split("-") if len(part) > 3)
