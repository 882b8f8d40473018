"""A deterministic generator of realistic news articles, French and English, for benchmarks.

- `make_articles(n, seed)`: Article objects (~600 words, 80 % French, 20 % English),
  as ingest would store them: title, Markdown body with the odd intertitle,
  summary, date, author, source, themes, entities, keywords.
- `write_raw_pages(n, seed, folder)`: the same articles as raw page dumps, the way
  a browser's "save as text" produces them: navigation, a ticker of other
  headlines, the article with its byline, related links and a footer.

Realism where it matters for timings and sizes: sentences come from templates
filled with topic words, names and figures, and a long tail of rare words
(names of people, firms and places made of syllables, drawn with Zipf-like
frequencies), so the number of distinct terms grows with the corpus the way it
does in real news (Heaps' law) instead of saturating on a small word list.
All names are invented. Same (n, seed) -> same output, on any machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from site_builder.models import Article, Entities, InputRecord

# ---------------------------------------------------------------- vocabularies

TOPICS: dict[str, dict[str, list[str]]] = {
    "energy": {
        "fr": [
            "l'énergie",
            "la centrale solaire",
            "l'hydrogène vert",
            "le réseau électrique",
            "le gazoduc",
            "le parc éolien",
            "la transition énergétique",
            "le stockage d'énergie",
            "les énergies renouvelables",
            "la raffinerie",
        ],
        "en": [
            "energy",
            "solar plant",
            "green hydrogen",
            "power grid",
            "gas pipeline",
            "wind farm",
            "energy transition",
            "battery storage",
            "renewables",
            "refinery",
        ],
    },
    "cyber": {
        "fr": [
            "la cybersécurité",
            "les rançongiciels",
            "la cyberattaque",
            "la protection des données",
            "le centre d'opérations",
            "les vulnérabilités",
            "l'hameçonnage",
            "la souveraineté numérique",
            "le chiffrement",
            "la cyberdéfense",
        ],
        "en": [
            "cybersecurity",
            "ransomware",
            "cyberattack",
            "data protection",
            "security operations centre",
            "vulnerability",
            "phishing",
            "digital sovereignty",
            "encryption",
            "cyber defence",
        ],
    },
    "gitex": {
        "fr": [
            "le salon technologique",
            "les start-up",
            "l'intelligence artificielle",
            "le pavillon national",
            "le GITEX",
            "la levée de fonds",
            "l'incubateur",
            "la transformation numérique",
            "l'informatique en nuage",
            "la fintech",
        ],
        "en": [
            "technology fair",
            "start-up",
            "artificial intelligence",
            "national pavilion",
            "GITEX",
            "funding round",
            "incubator",
            "digital transformation",
            "cloud computing",
            "fintech",
        ],
    },
    "industry": {
        "fr": [
            "l'usine",
            "la chaîne de production",
            "la sous-traitance",
            "la zone industrielle",
            "le constructeur automobile",
            "l'industrie pharmaceutique",
            "la joint-venture",
            "les exportations",
            "l'aéronautique",
            "la sidérurgie",
        ],
        "en": [
            "factory",
            "production line",
            "supplier network",
            "industrial zone",
            "carmaker",
            "pharmaceutical industry",
            "joint-venture",
            "exports",
            "aerospace",
            "steelmaking",
        ],
    },
    "us-outreach": {
        "fr": [
            "la délégation américaine",
            "le Département d'État",
            "l'accord de libre-échange",
            "le partenariat stratégique",
            "Washington",
            "l'ambassade",
            "la coopération bilatérale",
            "les investissements directs",
            "la visite officielle",
        ],
        "en": [
            "US delegation",
            "State Department",
            "free trade agreement",
            "strategic partnership",
            "Washington",
            "embassy",
            "bilateral cooperation",
            "direct investment",
            "official visit",
        ],
    },
    "other": {
        "fr": [
            "le championnat",
            "le festival",
            "le patrimoine",
            "la météo",
            "la rentrée scolaire",
            "le tourisme",
            "l'agriculture",
            "la santé publique",
            "le transport urbain",
            "le logement",
        ],
        "en": [
            "championship",
            "festival",
            "heritage",
            "weather",
            "school year",
            "tourism",
            "farming",
            "public health",
            "urban transport",
            "housing",
        ],
    },
}
THEME_WEIGHTS = {"energy": 2, "cyber": 2, "gitex": 1, "industry": 2, "us-outreach": 1, "other": 2}

TEMPLATES = {
    "fr": [
        "Le {role} {person} a annoncé {when} que {org} allait renforcer ses activités concernant {topic}.",
        "Selon {org}, le marché lié à {topic} pourrait atteindre {number} milliards de dirhams d'ici {year}.",
        "Les discussions entre {org} et {org2} ont porté sur {topic} et sur le financement de {number} projets.",
        "À {place}, les responsables de {org} ont présenté un programme portant sur {topic} et sur {topic2}.",
        "« Nous voulons accélérer sur {topic} avec nos partenaires de {place} », a déclaré {person}, {role} de {org}.",
        "Cette initiative s'inscrit dans une stratégie nationale qui mise sur {topic} et l'emploi des jeunes.",
        "D'après les chiffres publiés {when}, les investissements visant {topic2} ont progressé de {number} %.",
        "Les experts de {org} estiment toutefois que le dossier concernant {topic} reste exposé à de nombreux risques.",
        "Une délégation conduite par {person} s'est rendue à {place} pour examiner {topic}.",
        "Le projet, d'un montant de {number} millions d'euros, doit être livré en {year} à {place}.",
        "Plusieurs acteurs, dont {org2}, ont salué l'ouverture d'un nouveau chapitre pour {topic}.",
        "L'accord prévoit aussi la formation de {number} ingénieurs et techniciens spécialisés.",
        "Pour {person}, l'enjeu est de faire de {place} une plateforme régionale pour {topic}.",
        "Les travaux reprendront {when} avec une réunion du comité de suivi à {place}.",
    ],
    "en": [
        "{role} {person} said {when} that {org} would expand its work on {topic}.",
        "According to {org}, the {topic} market could reach {number} billion dollars by {year}.",
        "Talks between {org} and {org2} focused on {topic} and the funding of {number} projects.",
        "In {place}, officials from {org} presented a programme on {topic} and {topic2}.",
        "\u201cWe want to speed up {topic} with our partners in {place},\u201d said {person}, {role} at {org}.",
        "The initiative is part of a national strategy that bets on {topic} and jobs for young people.",
        "Figures released {when} show that investment in {topic2} rose by {number} per cent.",
        "Analysts at {org} warn, however, that {topic} remains exposed to many risks.",
        "A delegation led by {person} travelled to {place} to review {topic}.",
        "The project, worth {number} million euros, is due to be delivered in {year} in {place}.",
        "Several players, including {org2}, welcomed a new chapter for {topic}.",
        "The agreement also provides for the training of {number} engineers and technicians.",
        "For {person}, the aim is to make {place} a regional hub for {topic}.",
        "Work will resume {when} with a meeting of the steering committee in {place}.",
    ],
}
ROLES = {
    "fr": ["ministre", "directeur général", "vice-ministre", "président", "secrétaire général", "porte-parole"],
    "en": ["Minister", "chief executive", "deputy minister", "chairman", "secretary general", "spokesperson"],
}
WHEN = {
    "fr": ["mardi", "ce mercredi", "lundi dernier", "la semaine dernière", "vendredi", "en début de mois"],
    "en": ["on Tuesday", "this Wednesday", "last Monday", "last week", "on Friday", "earlier this month"],
}
TITLES = {
    "fr": [
        "{org} mise sur {topic} à {place}",
        "{place} : nouveau partenariat pour {topic}",
        "{topic} au cœur de la visite de {person}",
        "{org} et {org2} s'allient pour {topic}",
    ],
    "en": [
        "{org} bets on {topic} in {place}",
        "{place}: new partnership on {topic}",
        "{topic} at the heart of {person}'s visit",
        "{org} and {org2} team up on {topic}",
    ],
}
INTERTITLES = {"fr": ["Un marché en croissance", "Des défis à relever", "Prochaines étapes"],
               "en": ["A growing market", "Challenges ahead", "Next steps"]}  # fmt: skip
SOURCES = ["Le Courrier de l'Atlas", "Horizon Éco", "La Gazette du Détroit", "Maghreb Hebdo", "Atlas Business Wire",
           "Le Journal des Régions", "Northgate Tribune", "Rivermouth Daily"]  # fmt: skip
FIRST_NAMES = ["Mohamed", "Fatima", "Youssef", "Salma", "Karim", "Nadia", "Omar", "Leila", "Pierre", "Claire",
               "Roman", "Elena", "John", "Sarah", "Ahmed", "Imane", "Hicham", "Sofia", "Mehdi", "Anna"]  # fmt: skip
SYLLABLES = ["ka", "ra", "mi", "lo", "ben", "tar", "sa", "vi", "dou", "el", "ha", "nor", "zi", "ma", "rek", "ou",
             "shav", "in", "ber", "ga", "ti", "mon", "al", "ki", "fa", "lan", "dri", "so", "bel", "ya"]  # fmt: skip
ORG_FORMS = {"fr": ["Groupe {n}", "{n} Technologies", "Office national {n}", "Banque {n}", "{n} Énergie"],
             "en": ["{n} Group", "{n} Technologies", "{n} Holdings", "{n} Bank", "{n} Energy"]}  # fmt: skip
PLACES = ["Rabat", "Casablanca", "Tanger", "Marrakech", "Agadir", "Fès", "Oujda", "Kénitra", "Dakhla", "Paris",
          "Moscou", "Washington", "Dubaï", "Madrid", "Abidjan", "Dakar"]  # fmt: skip
NAV = ["Accueil", "Actualités", "Économie", "Politique", "Sport", "Culture", "Régions", "International", "Vidéos",
       "Se connecter", "S'abonner", "Newsletter", "facebook", "twitter", "linkedin", "Rechercher"]  # fmt: skip
FOOTER = ["Articles similaires", "Les plus lus", "Mentions légales", "Contact", "Publicité",
          "Politique de confidentialité", "Tous droits réservés"]  # fmt: skip
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]  # fmt: skip
DAYS_FR = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]

WORDS_PER_ARTICLE = 600
START = dt.date(2024, 1, 1)


# ---------------------------------------------------------------- generation


@dataclass
class _Cast:
    """The names one article talks about."""

    people: list[str]
    orgs: list[str]
    places: list[str]


def _zipf_index(rng: random.Random, size: int) -> int:
    """An index in [0, size) with probability roughly proportional to 1 / (index + 1)."""
    return min(size - 1, int(size ** rng.random()) - 1)


def _coined(rng: random.Random, rank: int) -> str:
    """A deterministic invented word for a rank: the same rank always gives the same word."""
    local = random.Random(rank * 7919 + 17)
    return "".join(local.choice(SYLLABLES) for _ in range(2 + local.randrange(3))).capitalize()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {_coined(rng, _zipf_index(rng, 50_000))}"


def _org(rng: random.Random, lang: str) -> str:
    return rng.choice(ORG_FORMS[lang]).format(n=_coined(rng, 100_000 + _zipf_index(rng, 20_000)))


def _cast(rng: random.Random, lang: str) -> _Cast:
    places = [rng.choice(PLACES) for _ in range(2)]
    if rng.random() < 0.5:
        places.append(_coined(rng, 200_000 + _zipf_index(rng, 30_000)))
    return _Cast([_person(rng) for _ in range(3)], [_org(rng, lang) for _ in range(3)], places)


def _fill(template: str, rng: random.Random, lang: str, theme: str, cast: _Cast, year: int) -> str:
    topics = TOPICS[theme][lang]
    return template.format(
        person=rng.choice(cast.people), org=cast.orgs[0] if rng.random() < 0.5 else rng.choice(cast.orgs),
        org2=rng.choice(cast.orgs[1:]), place=rng.choice(cast.places), topic=rng.choice(topics),
        topic2=rng.choice(TOPICS[rng.choice(list(TOPICS))][lang]), role=rng.choice(ROLES[lang]),
        when=rng.choice(WHEN[lang]), number=rng.choice([3, 5, 12, 20, 35, 40, 150, 300, 1200]) + rng.randrange(9),
        year=year + rng.randrange(1, 8),
    )  # fmt: skip


LONG_TAIL = {
    "fr": [
        "Le rapport cite aussi {a}, {b} et {c}.",
        "Le programme {a} associe les sites de {b} et de {c}.",
        "Les équipes de {a} travaillent avec {b} sur le volet {c}.",
    ],
    "en": [
        "The report also mentions {a}, {b} and {c}.",
        "The {a} programme links the {b} and {c} sites.",
        "Teams from {a} work with {b} on the {c} strand.",
    ],
}  # rare words: names and terms few articles share, as in real news


def _long_tail(rng: random.Random, lang: str) -> str:
    rare = [_coined(rng, 300_000 + _zipf_index(rng, 2_000_000)).lower() for _ in range(3)]
    return rng.choice(LONG_TAIL[lang]).format(a=rare[0].capitalize(), b=rare[1], c=rare[2])


def _paragraphs(rng: random.Random, lang: str, theme: str, cast: _Cast, year: int) -> list[str]:
    paragraphs: list[str] = []
    words = 0
    while words < WORDS_PER_ARTICLE:
        sentences = [_fill(rng.choice(TEMPLATES[lang]), rng, lang, theme, cast, year) for _ in range(rng.randint(2, 4))]
        sentences += [_long_tail(rng, lang) for _ in range(rng.randint(1, 3))]
        paragraph = " ".join(sentences)
        if paragraphs and rng.random() < 0.12:
            paragraphs.append("## " + rng.choice(INTERTITLES[lang]))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return paragraphs


def _article(rng: random.Random, number: int) -> Article:
    lang = "fr" if rng.random() < 0.8 else "en"
    theme = rng.choices(list(THEME_WEIGHTS), weights=list(THEME_WEIGHTS.values()))[0]
    date = START + dt.timedelta(days=rng.randrange(700))
    cast = _cast(rng, lang)
    title = _fill(rng.choice(TITLES[lang]), rng, lang, theme, cast, date.year)
    title = title[0].upper() + title[1:]
    paragraphs = _paragraphs(rng, lang, theme, cast, date.year)
    body = "\n\n".join(paragraphs)
    words = len(body.split())
    slug = f"{date.isoformat()}-{number:05d}"
    themes = [] if theme == "other" else [theme]
    return Article(
        slug=slug, title=title, body=body, date=date, author=_person(rng), source=rng.choice(SOURCES),
        language=lang, summary=paragraphs[0].split(". ")[0].rstrip(".") + ".", themes=themes,
        primary_theme=themes[0] if themes else None,
        entities=Entities(people=sorted(set(cast.people)), organizations=sorted(set(cast.orgs)),
                          places=sorted(set(cast.places))),
        keywords=sorted(set(TOPICS[theme][lang][:3])), word_count=words, reading_time=max(1, round(words / 230)),
        input=InputRecord(path=f"{slug}.txt", sha256=hashlib.sha256(body.encode()).hexdigest(), format="text"),
        source_file=f"articles/{slug}.md",
    )  # fmt: skip


def make_articles(n: int, seed: int) -> list[Article]:
    """`n` articles, newest first (then by slug), identical for the same (n, seed)."""
    rng = random.Random(seed)
    articles = [_article(rng, number) for number in range(n)]
    return sorted(articles, key=lambda a: (-(a.date or START).toordinal(), a.slug))


# ---------------------------------------------------------------- raw page dumps


def _byline(article: Article) -> str:
    date = article.date or START
    if article.language == "en":
        return f"By {article.author} | {date.strftime('%B')} {date.day}, {date.year}"
    return f"Rédigé par {article.author} {DAYS_FR[date.weekday()]} {date.day} {MONTHS_FR[date.month - 1]} {date.year}"


def raw_page(article: Article, others: list[Article]) -> str:
    """One saved page: navigation, ticker, title, byline, body, related links, footer."""
    ticker = "\u00a0\u00a0\u00a0\u00a0".join(o.title for o in others[:6])
    related = [f"- {o.title}" for o in others[6:10]]
    body = "\n\n".join(p.removeprefix("## ") for p in article.body.split("\n\n"))
    lines = [
        f"{article.source} - Actualités", *NAV, "", ticker, "", article.title, "", _byline(article), "",
        body, "", FOOTER[0], *related, "", *FOOTER[1:], f"© {(article.date or START).year} {article.source}",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_raw_pages(n: int, seed: int, folder: Path) -> list[Path]:
    """`n` raw text dumps in `folder` (created), named like saved pages: NNNNN_<hash>.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = make_articles(n, seed)
    rng = random.Random(seed + 1)
    written: list[Path] = []
    for number, article in enumerate(articles):
        others = rng.sample(articles, min(10, len(articles) - 1)) if len(articles) > 1 else []
        others = [o for o in others if o.slug != article.slug]
        text = raw_page(article, others)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        path = folder / f"{number:05d}_{digest}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
