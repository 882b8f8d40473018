"""Bylines, publication lines and source evidence, read from single lines.

Pure functions over one line (or a few lines) of text: recognise "Par X",
"Rédigé par X", "By X", "Auteur : X", "Publié le …", "Updated …",
"Publié dans <Publication> le …", copyright notices and page-title suffixes.
"""

from __future__ import annotations

import re

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:[ -](?:(?:de|du|da|di|van|von|der|le|la|bin|ben|el|al)\s)?{_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    r"^(?:(?:rédigé|écrit|publié)\s+)?(?:par|by)(?:\s*[:\-]\s*|\s+)(?=[A-ZÀ-Þ])|^(?:auteur|author|autrice|journaliste|"
    r"reporter|written by|texte)\s*[:•|\-]\s*",
    re.IGNORECASE,
)
_GLUED_BY = re.compile(r"^by(?=[A-Z])")  # "bySauli Giliard" from a dump of an icon + link
_PUBLISHED = re.compile(
    r"^(?:publié|publiée|mis en ligne|mis à jour|modifié|actualisé|updated|published|posted|last updated)\b", re.I
)
_PUBLISHED_IN = re.compile(r"^(?:publié|paru|published)\s+(?:dans|in|sur|on)\s+(?P<source>.+?)\s+(?:le|on)\s+\d", re.I)
_NAME_JOIN = re.compile(r"\s*(?:,| et | and | & )\s*")
_CUT_AFTER_NAME = re.compile(
    r"\s*(?:,?\s+(?:le|on|du|publié|updated|mis à jour|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\s+\d|\s*[|•–—(]|\s+-\s|,\s*(?:[\w.]+\s+){0,3}"
    r"(?:writer|correspondent|reporter|editor|journaliste|correspondante?|envoyée?|rédact(?:eur|rice))).*$",
    re.IGNORECASE,
)
_AGENCY_AFTER_NAME = re.compile(
    r"(?<=\w)(?:,?\s+(?:the\s+)?(?:associated press|agence france-presse|ap|afp|reuters|bloomberg))+$", re.I
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"(?P<name>[^|,.\n]{2,60})",
    re.I,
)
_RIGHTS = re.compile(r"tous droits réservés\s*[-–:]?\s*(?P<name>[^|,.\n]{2,60})", re.I)
_CORPORATE = re.compile(
    r"\s*(?:\b(?:company|inc|llc|ltd|limited|sa|sas|group|groupe|media|médias|all rights reserved)\b.*|\d{4}.*|-.*)$",
    re.I,
)
# Owners named like this are the publisher's parent company, not the publication.
_PARENT = re.compile(
    r"\b(?:communications|newspapers|holdings?|corporation|corp|publishing|services|tous droits)\b", re.I
)
_SITE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+(?:[|–—-]|::)\s+(?P<site>[^|–—]{2,40})$")


def byline_author(line: str) -> str | None:
    """The author named by a byline line ('Par X', 'By X', 'Auteur: X', 'Rédigé par X <date>')."""
    text = _GLUED_BY.sub("by ", line.strip())
    m = _BYLINE.match(text)
    if not m or len(text) > 120:  # a paragraph starting with "Par …" is not a byline
        return None
    return names_from(text[m.end() :])


def names_from(text: str) -> str | None:
    """Person names at the start of `text`, cut before dates, roles and separators; 'A, B' for several."""
    text = re.sub(r"^(?:par|by)\s+", "", text.strip(), flags=re.I)
    text = _CUT_AFTER_NAME.sub("", text).strip(" ,;:")
    # "JOHN SMITH Associated Press": the agency after a reporter's name is their employer, not a co-author.
    without_agency = _AGENCY_AFTER_NAME.sub("", text).strip(" ,;:")
    if len(without_agency.split()) >= 2:  # "The Associated Press" alone is the credit itself
        text = without_agency
    names: list[str] = []
    for part in _NAME_JOIN.split(text):
        m = re.fullmatch(_NAME, part.strip())
        # One word is a name only as an agency acronym (AFP, AP): "By Tuesday, …" is not a byline.
        if not m or (" " not in part.strip() and not part.strip().isupper()):
            break
        name = _unshout(part.strip())
        if name not in names:
            names.append(name)
    return ", ".join(names) if names else None


def _unshout(name: str) -> str:
    """'TOM KRISHER' -> 'Tom Krisher'; a short acronym alone ('AFP') stays as printed."""
    ws = name.split()
    if not name.isupper() or (len(ws) == 1 and len(name) <= 5):
        return name
    return " ".join("-".join(part.capitalize() for part in w.split("-")) for w in ws)


def name_line(line: str) -> str | None:
    """A line that is only a person's name (2-4 capitalised words), possibly printed twice."""
    text = line.strip()
    ws = text.split()
    if len(ws) % 2 == 0 and ws[: len(ws) // 2] == ws[len(ws) // 2 :]:
        text = " ".join(ws[: len(ws) // 2])
    ws = text.split()
    if not 2 <= len(ws) <= 4 or not re.fullmatch(_NAME, text):
        return None
    return text


def is_publication_line(line: str) -> bool:
    """'Publié le …', 'Mis à jour …', 'Updated …', 'Posted …'."""
    return bool(_PUBLISHED.match(line.strip()))


_UPDATE = re.compile(r"^(?:mis à jour|modifié|actualisé|updated|last updated|révisé)\b", re.I)
_PUBLISHED_WORD = re.compile(r"\b(?:publié|publiée|published|posted|mis en ligne|paru)\b", re.I)


def is_update_line(line: str) -> bool:
    """'Mis à jour le …', 'Updated …' with no publication stated on the same line."""
    return bool(_UPDATE.match(line.strip())) and not _PUBLISHED_WORD.search(line)


def publication_part(line: str) -> str:
    """The part of a line from its 'publié'/'published' word on ('Mis à jour le X, publié le Y' -> 'publié le Y')."""
    m = _PUBLISHED_WORD.search(line)
    return line[m.start() :] if m else line


def published_in(line: str) -> str | None:
    """The publication named by 'Publié dans X le <date>' (an aggregator's credit to the original)."""
    m = _PUBLISHED_IN.match(line.strip())
    return m.group("source").strip() if m else None


def copyright_name(line: str) -> str | None:
    """The owner named by a copyright or 'Tous droits réservés' notice, corporate suffixes removed."""
    m = _COPYRIGHT.search(line) or _RIGHTS.search(line)
    if not m:
        return None
    if _PARENT.search(m.group("name")):
        return None
    name = _CORPORATE.sub("", m.group("name")).strip(" -–:")
    name = re.sub(r"^(?:©|copyright)\s*", "", name, flags=re.I).strip()
    if not name or len(name.split()) > 5 or not re.match(r"[\wÀ-ÿ]", name) or _PARENT.search(name):
        return None
    return name


def split_site_suffix(line: str) -> tuple[str, str | None]:
    """'Headline – Site' -> ('Headline', 'Site'); a line without a suffix comes back whole."""
    m = _SITE_SUFFIX.match(line.strip())
    if not m or len(m.group("site").split()) > 5:
        return line.strip(), None
    return m.group("title").strip(), m.group("site").strip()
