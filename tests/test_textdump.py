"""Plain-text page dumps: body, headline, byline, dates, source, language, and the chrome around them.

Pages are built here from invented sentences, each exercising one kind of boilerplate.
"""

from __future__ import annotations

import pytest

from site_builder.ingest import lines as ln
from site_builder.ingest.byline import byline_author, copyright_name, split_site_suffix
from site_builder.ingest.textdump import NoArticleError, extract_text_dump
from site_builder.ingest.titles import complete_truncated, derive_title, looks_like_title

FR_PARAS = [
    "Le conseil régional a adopté mardi un plan de rénovation des réseaux de chaleur, qui doit réduire "
    "la facture des ménages d'ici trois ans.",
    "Selon la présidente de la commission, les premiers chantiers commenceront au printemps dans quatre "
    "communes pilotes, avec un budget de douze millions d'euros.",
    "Les associations de locataires saluent une mesure attendue, mais demandent que les loyers ne soient "
    "pas augmentés pendant la durée des travaux.",
]
EN_PARAS = [
    "The city council approved a new plan on Tuesday to rebuild the harbour bridge, which has been closed "
    "to heavy traffic since the spring floods.",
    "Engineers expect the work to take two years and to cost about forty million dollars, most of it paid "
    "by a federal infrastructure grant.",
    "Local businesses said the closure had cut their sales by a third and welcomed the decision, while "
    "asking for a faster schedule.",
]
NAV = ["Accueil", "  • Politique", "  • Économie", "  • Sport", "Se connecter", "S'abonner", ""]


def _page(*parts: str | list[str]) -> str:
    out: list[str] = []
    for part in parts:
        out.extend(part if isinstance(part, list) else [part])
    return "\n".join(out) + "\n"


def test_article_under_headline_and_byline() -> None:
    page = _page(
        "Réseaux de chaleur : le plan régional adopté – La Gazette du Nord",
        NAV,
        "Réseaux de chaleur : le plan régional adopté",
        "",
        "Par Claire Dubois",
        "Publié le 12 mars 2024 à 10h15, mis à jour le 13 mars 2024",
        "",
        "  • Partager sur Facebook",
        "  • Partager sur Twitter",
        "",
        "\n\n".join(FR_PARAS),
        "",
        "À lire aussi",
        "  • Un autre article sans rapport publié le 1er janvier 2020",
        "3 commentaires",
        "Par Jean Lecteur, le mercredi 13 mars 2024 à 08h07",
        "Je ne suis pas d'accord avec cette décision, qui coûtera cher aux contribuables de la région.",
    )
    got = extract_text_dump(page, name="gazette.txt")
    assert got.title == "Réseaux de chaleur : le plan régional adopté"
    assert not got.title_derived
    assert got.author == "Claire Dubois"
    assert got.date == "2024-03-12"
    assert got.source == "La Gazette du Nord"
    assert got.language == "fr"
    assert got.body.split("\n\n") == FR_PARAS
    assert "Partager" not in got.body and "commentaires" not in got.body


def test_english_byline_and_updated_line() -> None:
    page = _page(
        ["Sections", "Search", ""],
        "Harbour Bridge Will Be Rebuilt, Council Says",
        "",
        "By Mary Jones and Tom Lee",
        "Updated 9:12 am EST, Wednesday, November 20, 2019",
        "",
        "\n\n".join(EN_PARAS),
        "",
        "Most Popular",
        "  • Something else happened on April 15, 2025",
        "© 2019 The Harbour Herald Company",
        "Subscribe to The Harbour Herald",
    )
    got = extract_text_dump(page)
    assert got.title == "Harbour Bridge Will Be Rebuilt, Council Says"
    assert got.author == "Mary Jones, Tom Lee"
    assert got.date == "2019-11-20"
    assert got.source == "The Harbour Herald"
    assert got.language == "en"
    assert got.body.endswith("asking for a faster schedule.")


def test_truncated_page_title_completed_from_the_lede() -> None:
    lede = (
        "Le groupe textile Filature du Nord envisage de rouvrir son usine de Roubaix. La décision sera prise en juin."
    )
    page = _page(
        "Industrie Le groupe textile Filature du Nord envisage de … – Le Courrier",
        "Connectez-vous",
        "Abonnez-vous !",
        lede,
        *FR_PARAS,
        "Cette page nécessite JavaScript pour être affichée.",
        "JavaScript est activé par défaut dans votre navigateur, mais il semble avoir été désactivé.",
        "Pour l'activer à nouveau, suivez ces instructions, puis actualisez cette page.",
    )
    got = extract_text_dump(page)
    assert got.title == "Le groupe textile Filature du Nord envisage de rouvrir son usine de Roubaix"
    assert got.section == "Industrie"
    assert got.source == "Le Courrier"
    assert got.date is None and got.author is None
    assert got.body.startswith(lede)
    assert "JavaScript" not in got.body and "actualisez" not in got.body


def test_page_without_headline_gets_a_derived_title() -> None:
    page = _page(*FR_PARAS, "", "")
    got = extract_text_dump(page)
    assert got.title_derived
    assert got.title and got.title.startswith("Le conseil régional a adopté mardi")
    assert len(got.title.split()) <= 15
    assert got.date is None and got.source is None and got.author is None


def test_ticker_lines_give_no_date_and_stay_out_of_the_body() -> None:
    page = _page(
        "- 08:43Le port annonce une hausse du trafic au T2-2025",
        "- 08:30La météo se dégrade sur la côte dès vendredi 10 octobre",
        "- 07:12Un autre titre de la matinée sans rapport avec l'article",
        "Suivez-nous sur Facebook",
        "Le plan régional séduit les communes",
        *FR_PARAS,
    )
    got = extract_text_dump(page)
    assert got.title == "Le plan régional séduit les communes"
    assert got.date is None
    assert got.body.startswith(FR_PARAS[0])
    assert "08:43" not in got.body


def test_glued_headline_ticker_and_repeated_lede_are_dropped() -> None:
    ticker = "\u00a0\u00a0\u00a0\u00a0".join(f"Titre numéro {i} d'une autre actualité du jour" for i in range(8))
    page = _page(
        ticker,
        "",
        "Merci d'avoir signalé!",
        "",
        "Le plan régional séduit les communes",
        "Publié dans Le Quotidien le 05 - 06 - 2024",
        "",
        FR_PARAS[0],
        "",
        "Le plan régional séduit les communes",
        FR_PARAS[0],
        "",
        FR_PARAS[1],
        "",
        FR_PARAS[2],
        "",
        "Cliquez ici pour lire l'article depuis sa source.",
    )
    got = extract_text_dump(page)
    assert got.body.split("\n\n") == FR_PARAS
    assert got.date == "2024-06-05"
    assert got.source == "Le Quotidien"
    assert got.title == "Le plan régional séduit les communes"


def test_intertitles_and_captions() -> None:
    caption = "La présidente de la commission lors de la séance de mardi au conseil régional."
    page = _page(
        "Le plan régional adopté",
        "Par Claire Dubois",
        "Publié le 12/03/2024",
        "",
        FR_PARAS[0],
        "",
        caption,
        "",
        caption + " — Jean Photo/AFP",
        "",
        "Des chantiers dès le printemps",
        "",
        FR_PARAS[1],
        "",
        FR_PARAS[2],
    )
    got = extract_text_dump(page)
    assert got.body.split("\n\n") == [FR_PARAS[0], "## Des chantiers dès le printemps", FR_PARAS[1], FR_PARAS[2]]


@pytest.mark.parametrize("page", ["", "\n\n\n", _page(NAV, "Mentions légales", "Plan du site", "Contact")])
def test_no_article_raises(page: str) -> None:
    with pytest.raises(NoArticleError):
        extract_text_dump(page)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Par Claire Dubois", "Claire Dubois"),
        ("Rédigé par Karim Alaoui Mercredi 20 Août 2025", "Karim Alaoui"),
        ("By Mary Jones", "Mary Jones"),
        ("bySauli Giliard", "Sauli Giliard"),
        ("Auteur : Anna Nováková", "Anna Nováková"),
        ("Author: Lindsey O'Neil", "Lindsey O'Neil"),
        ("By JANE DOE, AP Business Writer", "Jane Doe"),
        ("By JOHN SMITH Associated Press", "John Smith"),
        ("By Tom Smith, Reuters", "Tom Smith"),
        ("By The Associated Press", "The Associated Press"),
        ("Par AFP", "AFP"),
        ("Par Sara Lamrani - 14 octobre 2025", "Sara Lamrani"),
        ("PARIS (AFP) - Le gouvernement a présenté un projet", None),
        ("Parisiens et Lyonnais", None),
        ("Par ailleurs, le conseil a voté", None),
        ("Bypass road reopens", None),
        ("By Tuesday, the council had voted the plan", None),
        ("Par AFP", "AFP"),
        ("De Rabat à Moscou, une ligne directe", None),
        ("Par " + "le conseil, qui a voté le plan de rénovation des réseaux " * 3, None),
    ],
)
def test_byline_author(line: str, author: str | None) -> None:
    assert byline_author(line) == author


def test_copyright_names_the_publication_not_the_parent_company() -> None:
    assert copyright_name("© 2020 The Harbour Herald Company") == "The Harbour Herald"
    assert copyright_name("Tous droits réservés - Le Courrier 2023") == "Le Courrier"
    assert copyright_name("© 2019 Herald Communications, Inc.") is None


def test_site_suffix() -> None:
    assert split_site_suffix("Un titre assez long pour un article | Le Site") == (
        "Un titre assez long pour un article",
        "Le Site",
    )
    assert split_site_suffix("Un titre sans suffixe") == ("Un titre sans suffixe", None)


def test_line_classes() -> None:
    assert ln.is_prose(FR_PARAS[0])
    assert not ln.is_prose("Réseaux de chaleur : le plan régional adopté")
    assert not ln.is_prose("  • Politique")
    assert ln.is_boilerplate("Cliquez ici pour lire l'article depuis sa source.")
    assert ln.is_boilerplate("Please enable JavaScript to view the comments")
    assert ln.is_boilerplate("Lire aussi : un autre article")
    assert ln.is_hard_stop("12 commentaires") and ln.is_hard_stop("Most Popular")
    assert not ln.is_hard_stop("Comment les efforts européens ont permis de sauver le port")
    assert ln.is_share_widget("Partager sur Linkedin")
    assert ln.is_time_ticker("- 08:43Le Maroc autorise")
    assert ln.is_caption("Le maire lors de l'inauguration. (Jean Photo/Pool/Sipa)")
    assert len(ln.glued_headlines("Un titre\u00a0\u00a0\u00a0Deux titres\u00a0\u00a0\u00a0Trois titres")) == 3
    assert ln.is_caption("Jane Roe/Associated Press") and ln.is_caption("JEAN DUPONT / AFP")
    assert not ln.is_caption("Entre Paris/Londres le trafic reprend")
    assert ln.is_hard_stop("L'auteur vous recommande") and ln.is_hard_stop("You might also like")
    assert ln.is_boilerplate("En partenariat avec la Commission européenne")


def test_boilerplate_look_ahead_lets_every_phrase_through() -> None:
    # The pattern's look-ahead must list the first letter of every phrase: a phrase added with another first
    # letter would otherwise never be found. The pattern is read with Python's own regex parser.
    try:
        from re import _parser as parser  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # Python 3.10
        import sre_parse as parser  # type: ignore[no-redef]

    def first_letters(items: list[tuple[object, object]]) -> set[str]:
        for op, arg in items:
            if op is parser.AT:  # "^": no character
                continue
            if op is parser.LITERAL:
                return {chr(arg)}  # type: ignore[arg-type]
            if op is parser.SUBPATTERN:
                return first_letters(list(arg[3]))  # type: ignore[index]
            if op is parser.BRANCH:
                return set().union(*(first_letters(list(branch)) for branch in arg[1]))  # type: ignore[index]
            raise AssertionError(f"a phrase starts with {op}: list its first characters by hand")
        return set()

    parsed = list(parser.parse(ln._BOILERPLATE.pattern, ln._BOILERPLATE.flags))
    look_ahead, phrases = parsed[1], parsed[2:]
    assert look_ahead[0] is parser.ASSERT
    assert first_letters(phrases) == set(ln.BOILERPLATE_STARTS)


def test_headline_not_taken_from_credits_sponsors_or_menus() -> None:
    menu = "Monde Business Politique Santé Voyage Culture Vidéo Tous les programmes Sport Météo Podcasts Live Direct"
    page = _page(
        menu,
        "Tous les programmes",
        "Harbour Bridge Will Be Rebuilt, Council Says",
        "In partnership with The Harbour Trust",
        "The old bridge at dawn.",
        "Credit...",
        "Jane Roe/Associated Press",
        "By Mary Jones",
        "",
        "\n\n".join(EN_PARAS),
        "",
        "Readers also liked",
        "You might also like",
        "A neighbouring town votes to rebuild its own bridge after a long and bitter debate.",
    )
    got = extract_text_dump(page)
    assert got.title == "Harbour Bridge Will Be Rebuilt, Council Says"
    assert got.body.split("\n\n") == EN_PARAS


def test_pull_quote_printed_ahead_of_its_paragraph_is_dropped() -> None:
    quote = EN_PARAS[2].replace(",", "")
    page = _page("Harbour Bridge Will Be Rebuilt, Council Says", "By Mary Jones", "", EN_PARAS[0], "", quote, "",
                 EN_PARAS[1], "", EN_PARAS[2])  # fmt: skip
    assert extract_text_dump(page).body.split("\n\n") == EN_PARAS


def test_titles() -> None:
    assert looks_like_title("Le plan régional séduit les communes")
    assert not looks_like_title("Le plan a été adopté. Les communes suivent.")
    assert not looks_like_title("google android Q")
    lede = "Le port de Tanger prévoit de doubler sa capacité d'ici 2030. Les travaux commencent."
    assert complete_truncated("Le port de Tanger prévoit de …", lede) == (
        "Le port de Tanger prévoit de doubler sa capacité d'ici 2030",
        "",
    )
    assert complete_truncated("Un autre titre sans rapport …", lede) is None
    long = (
        "La commission intergouvernementale chargée de la coopération économique s'est réunie vendredi "
        "pour examiner les perspectives de partenariat dans plusieurs secteurs industriels. Suite."
    )
    derived = derive_title(long)
    assert derived.startswith("La commission intergouvernementale") and derived.endswith("…")
    assert len(derived.split()) <= 14


def test_hard_wrapped_dump_is_read_as_paragraphs() -> None:
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, width=72) for p in FR_PARAS + EN_PARAS[:1])
    page = _page(NAV, "Le plan régional adopté", "Par Claire Dubois", "Publié le 12/03/2024", "", wrapped)
    got = extract_text_dump(page)
    assert got.body.split("\n\n") == FR_PARAS + EN_PARAS[:1]
    assert got.title == "Le plan régional adopté"
    assert got.author == "Claire Dubois" and got.date == "2024-03-12"


def test_unwrap_leaves_long_lines_alone() -> None:
    raw = ["Accueil", FR_PARAS[0], "", FR_PARAS[1], "Court"]
    assert ln.unwrap(raw) == raw


def test_year_less_dateline_resolved_by_the_years_of_the_body() -> None:
    body = [p.replace("d'ici trois ans", "d'ici la fin de 2025") for p in FR_PARAS]
    page = _page("Le plan régional adopté", "Par Claire Dubois, publié le vendredi 10 octobre", "", *body)
    assert extract_text_dump(page).date == "2025-10-10"  # 10 October 2025 is a Friday
    wrong_weekday = page.replace("vendredi", "lundi")
    assert extract_text_dump(wrong_weekday).date is None


def test_publication_line_after_the_body() -> None:
    page = _page("Harbour Bridge Will Be Rebuilt", "", *EN_PARAS, "", "Published 04/01/2025", "Share this article")
    assert extract_text_dump(page).date == "2025-04-01"  # an English page: month first


def test_photo_credit_copyright_is_not_the_publication() -> None:
    page = _page(
        ["Sections", "Search", ""],
        "  • Council members at the bridge on Tuesday. Photo: Jane Roe, AP / Copyright 2019 The Wire Agency. "
        "All rights reserved.",
        "Harbour Bridge Will Be Rebuilt, Council Says",
        "",
        "By Mary Jones",
        "",
        "\n\n".join(EN_PARAS),
        "",
        "    The Harbour Herald",
        "",
        "View Comments",
        "© 2019 Northern Communications, Inc.",
    )
    got = extract_text_dump(page)
    assert got.source == "The Harbour Herald"
    assert got.author == "Mary Jones"


def test_one_sentence_lede_stays_when_it_completes_the_page_title() -> None:
    lede = FR_PARAS[0]
    page = _page(lede[:60].rsplit(" ", 1)[0] + "… - Le Site", "Accueil", "", "\n\n".join(FR_PARAS))
    got = extract_text_dump(page)
    assert got.title == lede.rstrip(".")
    assert got.body.split("\n\n") == FR_PARAS


def test_short_one_line_paragraph_inside_the_body_is_kept() -> None:
    short = "Mais la situation semble s'améliorer."
    page = _page("Le plan régional adopté", "Par Claire Dubois", "", FR_PARAS[0], "", short, "", *FR_PARAS[1:])
    assert extract_text_dump(page).body.split("\n\n") == [FR_PARAS[0], short, *FR_PARAS[1:]]


@pytest.mark.parametrize(
    "dateline",
    [
        ["Publié le 2 mars 2024", "Mis à jour le 3 mars 2024"],
        ["Mis à jour le 3 mars 2024, publié le 2 mars 2024"],
        ["Updated March 3, 2024", "Published March 2, 2024"],
    ],
)
def test_publication_date_wins_over_update(dateline: list[str]) -> None:
    page = _page("Le plan régional adopté", "Par Claire Dubois", *dateline, "", *FR_PARAS)
    assert extract_text_dump(page).date == "2024-03-02"


def test_agency_dateline_gives_date_and_credit() -> None:
    lede = "RABAT, 12 mars 2024 (MAP) – " + FR_PARAS[0]
    page = _page("Le plan régional adopté", "", lede, "", *FR_PARAS[1:])
    got = extract_text_dump(page)
    assert got.date == "2024-03-12"
    assert got.author == "MAP"
    assert got.body.startswith("RABAT, 12 mars 2024 (MAP) –")
