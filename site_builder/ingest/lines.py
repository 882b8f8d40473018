"""Line features of a plain-text page dump: what a line looks like, not where it is.

Text dumps carry no markup, so link density and tag names are not available;
what is left is the shape of each line: length, words, final punctuation,
bullets, lower-case ratio, and the short fixed phrases of page chrome
(share buttons, login prompts, JavaScript notices). All functions are pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

# w3m and browsers render list items with these marks; "- " is a plain-text list.
_BULLET = re.compile(r"^\s*(?:[•□◦▪‣●○·*]|-(?=\s)|\d{1,2}\.(?=\s))\s*")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
_PLACEHOLDER = re.compile(r"\[[^\]]{0,40}\]")  # [logo], [    ], image names in w3m dumps
_SENTENCE_END = re.compile(r"[.!?…»\"”’)]\s*$")
_TIME_TICKER = re.compile(r"^\s*-?\s*\d{1,2}[:h]\d{2}(?!\d)")  # "- 08:43Le Maroc …", "10:09 | BILAN"
_GLUE = re.compile(r"(?:[\u00a0 ]{3,}|\u00a0{2,})")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
# A line is tested by several readers (line classes, body, headline, brand): each test runs once per text.
_LINE_CACHE = 8192

# Chrome found on news pages in many languages; matched on whole-word phrases
# so that an article sentence mentioning, e.g., cookies is not dropped unless it reads like a notice.
# The look-ahead lists the letters the phrases start with: most word starts are ruled out by one test
# instead of one per phrase (tests/test_textdump.py checks that it lists them all).
BOILERPLATE_STARTS = "abcdefhijlmnoprstvwyà©"
_BOILERPLATE = re.compile(
    rf"\b(?=[{BOILERPLATE_STARTS}])"
    r"(?:javascript|cliquez ici|click here|lire l['’]article depuis|abonnez-vous|inscrivez-vous|s['’]inscrire"
    r"|subscribe to|sign up|newsletter|se connecter|connectez-vous|log in|sign in|tous droits réservés"
    r"|all rights reserved|copyright|©|cookies?\b.*\b(?:accept|utilis|use)|il vous reste \d|la suite est réservée"
    r"|réservé aux (?:abonnés|inscrits)|continue reading|suivez-nous|follow us|partager (?:sur|cet)|share this"
    r"|lire aussi|à lire aussi|read more|read also|voir aussi|see also|merci d['’]avoir signalé"
    r"|sera automatiquement bloquée|ajouter à (?:vos|mes)|write a comment|poster un commentaire"
    r"|découvrez (?:l['’]offre|nos offres)|offre (?:spéciale|de lancement|d['’]abonnement)|special offer"
    r"|déjà un compte|already have an account|identifiez-vous|créer un compte|create an account"
    r"|article (?:précédent|precedent|suivant)|(?:previous|next) (?:article|post|story)"
    r"|leave a (?:comment|reply)|enable javascript|activez javascript|votre navigateur|your browser"
    r"|(?:view|show|hide|voir les|afficher les|masquer les) (?:comments|commentaires)|return to top|back to top"
    r"|retour en haut|^en partenariat avec|^in partnership with|^(?:sponsored|presented) by|^contenu sponsorisé"
    r"|^publi-?reportage|^partner content)",
    re.IGNORECASE,
)
# A line that ends the article: reader comments, paywall, "most read" lists.
_HARD_STOP = re.compile(
    r"^(?:\d+\s+)?(?:commentaires?|comments?|réactions?)\s*(?:\(\d+\)|:)?$|^(?:poster|laisser|écrire) un commentaire"
    r"|^(?:leave|write|post) a (?:comment|reply)|^most (?:popular|read)|^les plus lus|^articles les plus lus"
    r"|^(?:ce contenu est réservé|il vous reste \d)|^related (?:articles|stories|posts)|^articles? (?:liés|similaires)"
    r"|^(?:sur le même sujet|à lire aussi|lire aussi|à lire également|lire également|read more|you may also like"
    r"|you might also like|recommended(?: for you)?|more (?:stories|from|on this)\b.*|vous aimerez aussi|à découvrir"
    r"|(?:l['’]auteur|la rédaction|nous) vous recommande|dans la même rubrique|nos lecteurs ont aimé)\s*:?$"
    r"|^(?:tags?|mots?-clés?|keywords)(?:\b|(?=[a-zà-ÿ]))",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:share|partager|partage|facebook|twitter|linkedin|email|e-mail|whatsapp|imprimer|print|envoyer"
    r"|copier le lien|copy link|messenger|flipboard|pinterest|tweet|commenter|sauvegarder)\b",
    re.IGNORECASE,
)
# A bare photo credit "Jane Roe/Agency", "JANE ROE / AFP": capitalised words around one slash (case-sensitive).
_BARE_CREDIT = re.compile(r"^(?:[A-ZÀ-Þ][\w.'’-]*\s?){1,4}/\s?(?:[A-ZÀ-Þ][\w.'’&-]*\s?){1,4}$")
# Photo captions and credits, one pattern per shape: each is found by a fast scan for its first character,
# where one alternation of them all would be tried at every character of every line.
_CREDIT_WORD = r"(?:photo|photos|crédit|credit|image|illustration|©)\s*[:©/]"
_CAPTION_START = re.compile(rf"{_CREDIT_WORD}|(?:credit|crédit|photo)\s*(?:\.\.\.|…)?$", re.IGNORECASE)
_CAPTION_INSIDE = (
    re.compile(rf"\s{_CREDIT_WORD}", re.IGNORECASE),  # "… Photo: Jane Roe"
    re.compile(r"\((?:[^()]*/[^()]*)\)\s*$", re.IGNORECASE),  # "… (Jane Roe/AFP)"
    re.compile(r"\s[—–-]\s[\w .'’-]+/[\w .'’-]+$", re.IGNORECASE),  # "… – Jane Roe/AFP"
)
# An agency ending the line: at most 7 characters and a final newline, so only the line's end is searched.
_AGENCY_END = re.compile(r"\b(?:AP|AFP|Reuters)$", re.IGNORECASE)


def clean_line(line: str) -> str:
    """One line with placeholders removed and whitespace (incl. NBSP) collapsed."""
    return _SPACES.sub(" ", _PLACEHOLDER.sub(" ", line)).strip()


def collapse_spaces(text: str) -> str:
    """Runs of whitespace, NBSP and narrow NBSP as one space (for comparisons only)."""
    return re.sub(r"[\s\u00a0\u202f\u2007\u2009]+", " ", text).strip()


def is_bullet(raw: str) -> bool:
    """A list item as rendered in a dump (•, □, '- ', '1.')."""
    return bool(_BULLET.match(raw)) and not _TIME_TICKER.match(raw)


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def is_time_ticker(line: str) -> bool:
    """'- 08:43Headline' lines of a live news ticker."""
    return bool(_TIME_TICKER.match(line))


def glued_headlines(raw: str) -> list[str]:
    """Headlines glued on one line by runs of (non-breaking) spaces; [] for ordinary lines."""
    if "\u00a0" not in raw and "   " not in raw:
        return []  # no separator (three spaces, or a run holding a non-breaking space): one piece
    parts = [p.strip() for p in _GLUE.split(raw) if p.strip()]
    return parts if len(parts) >= 3 else []


def words(line: str) -> list[str]:
    return _WORDS.findall(line)


def lower_ratio(line: str) -> float:
    """Share of words starting lower-case: high in prose, low in menus and headlines."""
    return _lower_ratio(words(line))


def _lower_ratio(ws: list[str]) -> float:
    return sum(1 for w in ws if w[0].islower()) / len(ws) if ws else 0.0


@lru_cache(maxsize=_LINE_CACHE)
def is_boilerplate(line: str) -> bool:
    """Page chrome: share/login/subscribe prompts, notices, 'read also' links, copyright."""
    return bool(_BOILERPLATE.search(line))


def is_hard_stop(line: str) -> bool:
    """A line after which the article does not continue (comments, paywall, 'most read')."""
    text = strip_bullet(line)
    return len(text) < 80 and bool(_HARD_STOP.search(text))


def is_share_widget(line: str) -> bool:
    return bool(_SHARE.match(strip_bullet(line))) and len(line) < 60


@lru_cache(maxsize=_LINE_CACHE)
def is_caption(line: str) -> bool:
    """A photo caption or credit: a credit at the end, or the caption text glued twice."""
    if (
        _CAPTION_START.match(line)
        or any(pattern.search(line) for pattern in _CAPTION_INSIDE)
        or _AGENCY_END.search(line, max(0, len(line) - 8))  # \b still sees the character before
        or (len(line.split()) >= 2 and _BARE_CREDIT.match(line))
    ):
        return True
    head = line[:40]
    return len(line) > 80 and len(head) == 40 and line.find(head, 1) > 0


def is_prose(line: str) -> bool:
    """Sentence-like: enough words, mostly lower-case, ends like a sentence (or is long)."""
    ws = words(line)
    if len(ws) < 8 or _lower_ratio(ws) < 0.45:
        return False
    ends = bool(_SENTENCE_END.search(line))
    return (ends and len(ws) >= 10) or len(ws) >= 25


def unwrap(raw_lines: list[str]) -> list[str]:
    """Join the lines of a hard-wrapped dump (text browsers' default 80 columns) back into paragraphs.

    A dump is taken as wrapped when its long lines all stop near one width; a line
    then continues on the next one when it reached that width (the next word did
    not fit). Dumps with unwrapped paragraphs (lines of hundreds of characters)
    come back unchanged.
    """
    lengths = sorted(len(line.rstrip()) for line in raw_lines if line.strip())
    if len(lengths) < 3:
        return raw_lines
    width = lengths[int(0.95 * (len(lengths) - 1))]
    near_width = sum(1 for n in lengths if n >= width - 20)
    if width > 110 or width < 40 or near_width < max(3, len(lengths) // 5):
        return raw_lines
    out: list[str] = []
    previous_full = False
    for line in raw_lines:
        text = line.rstrip()
        if previous_full and text.strip() and not is_bullet(text) and out:
            out[-1] = out[-1].rstrip() + " " + text.strip()
        else:
            out.append(text)
        previous_full = len(text) >= width - 22
    return out
