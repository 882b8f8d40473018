"""Named entities and roles on handwritten French and English text."""

from __future__ import annotations

from site_builder.ingest.entities import extract_entities
from site_builder.ingest.roles import find_roles
from site_builder.ingest.sentences import split_sentences


def test_accent_variants_are_one_organisation() -> None:
    body = (
        "Le groupe a signé un accord avec l'opérateur Maroc Telecom à Rabat.\n\n"
        "Selon Maroc Télécom, la solution sera déployée en 2026. Maroc Telecom n'a pas donné de montant."
    )
    entities = extract_entities(body, "fr")
    assert [o for o in entities.organizations if "Maroc T" in o] == ["Maroc Telecom"]
    assert "Rabat" in entities.places


def test_transliteration_variants_are_one_person() -> None:
    body = (
        "Alexey Andreev, représentant commercial de la Russie au Maroc, a présenté le pavillon.\n\n"
        "Plus tard, Alexeï Andreïev a déclaré que les entreprises étaient prêtes."
    )
    people = extract_entities(body, "fr").people
    assert len(people) == 1
    assert people[0] in {"Alexey Andreev", "Alexeï Andreïev"}


def test_acronym_beside_its_expansion_is_one_name_in_its_fuller_form() -> None:
    body = (
        "L'attaque a poussé la Direction générale de la sécurité des systèmes d’information (DGSSI) à agir. "
        "La DGSSI a renforcé ses audits. Selon la DGSSI, les contrôles dureront un an."
    )
    organizations = extract_entities(body, "fr").organizations
    assert organizations == ["Direction générale de la sécurité des systèmes d’information"]


def test_surname_on_second_mention_joins_the_full_name() -> None:
    body = (
        "Le vice-ministre russe de l’Énergie, Roman Marshavin, a déclaré que la coopération progresse. "
        "Marshavin a ajouté que les experts sont prêts."
    )
    assert extract_entities(body, "fr").people == ["Roman Marshavin"]


def test_no_titles_months_days_or_dangling_articles() -> None:
    body = (
        "Le Président a reçu vendredi le ministre. La Russie et le Maroc ont signé en Octobre un accord à Rabat. "
        "Le Maroc accueillera la délégation en Juillet à Marrakech."
    )
    entities = extract_entities(body, "fr")
    names = entities.all_names()
    assert "Russie" in entities.places and "Maroc" in entities.places
    for name in names:
        first_word = name.split()[0].lower()
        assert first_word not in {"le", "la", "les", "président", "ministre", "vendredi", "octobre", "juillet"}, name


def test_institution_names_with_lower_case_words() -> None:
    body = (
        "Mohammed Ouahmid, secrétaire général du ministère de la Transition énergétique et du Développement "
        "durable, a reçu la délégation à Rabat."
    )
    entities = extract_entities(body, "fr")
    assert "Mohammed Ouahmid" in entities.people
    assert any(o.startswith("ministère de la Transition énergétique et du Développement") for o in
               entities.organizations)


def test_english_people_places_and_organisations() -> None:
    body = (
        "The tariffs announced by United States President Donald Trump are a bad idea, Economy Minister "
        "Marcelo Ebrard said Tuesday in Mexico City. Ebrard added that Mexico imports more steel than it "
        "exports, according to the U.S. Census Bureau. Trump said Monday the tariffs would help."
    )
    entities = extract_entities(body, "en")
    assert set(entities.people) == {"Donald Trump", "Marcelo Ebrard"}
    assert "Mexico" in entities.places
    assert "U.S. Census Bureau" in entities.organizations
    assert not any(name in {"Tuesday", "Monday", "President", "Economy"} for name in entities.all_names())


def test_roles_in_apposition_before_and_after_the_name() -> None:
    body = (
        "Le vice-ministre russe de l’Énergie, Roman Marshavin, a reçu Mohammed Ouahmid. "
        "Boris Simis, directeur général adjoint du développement des affaires de la société, a confirmé. "
        "« Nous sommes prêts », a dit Alexey Andreev, Représentant commercial de la Russie au Maroc: un salon. "
        "Aziz Akhannouch, 64 ans, était présent."
    )
    sentences = split_sentences(body, "fr")
    people = ["Roman Marshavin", "Mohammed Ouahmid", "Boris Simis", "Alexey Andreev", "Aziz Akhannouch"]
    assert find_roles(sentences, people) == {
        "Roman Marshavin": "vice-ministre russe de l’Énergie",
        "Boris Simis": "directeur général adjoint du développement des affaires de la société",
        "Alexey Andreev": "Représentant commercial de la Russie au Maroc",
    }


def test_role_given_for_a_spelling_variant_and_english_titles() -> None:
    sentences = split_sentences(
        "Le représentant commercial de la Fédération de Russie au Maroc, Alexeï Andreïev, a parlé. "
        "Economy Minister Marcelo Ebrard spoke. Anne Gonzales, a spokeswoman for the grid operator, agreed.",
        "fr",
    )
    roles = find_roles(sentences, ["Alexey Andreev", "Marcelo Ebrard", "Anne Gonzales"])
    assert roles == {
        "Alexey Andreev": "représentant commercial de la Fédération de Russie au Maroc",
        "Marcelo Ebrard": "Economy Minister",
        "Anne Gonzales": "spokeswoman for the grid operator",
    }


def test_given_names_and_sentence_openers() -> None:
    body = (
        "Le sondage place Jean-Luc Mélenchon devant ses rivaux. « Je reste. Evidemment, le Premier ministre peut "
        "décider de ma révocation. » However, nobody asked Kamala Harris about it."
    )
    entities = extract_entities(body, "fr")
    assert "Jean-Luc Mélenchon" in entities.people
    assert "Kamala Harris" in entities.people
    assert not any(name in {"Evidemment", "However"} for name in entities.all_names())


def test_demonyms_and_common_acronyms_are_not_names() -> None:
    body = (
        "Le projet est bien perçu par les Français. Les liens arrivent par SMS et les fichiers JPEG sont "
        "chiffrés. Les SMS malveillants visent les Français et les Marocains."
    )
    assert extract_entities(body, "fr").all_names() == []


def test_capitalised_institution_noun_takes_its_lower_case_words() -> None:
    body = (
        "La cyberattaque ciblant la Caisse nationale de sécurité sociale a été discutée. Le projet associe le "
        "Département des technologies numériques et le Centre d'exportation de Moscou, selon l'Organisation "
        "mondiale de la santé."
    )
    organizations = extract_entities(body, "fr").organizations
    for expected in (
        "Caisse nationale de sécurité sociale",
        "Département des technologies numériques",
        "Centre d'exportation de Moscou",
        "Organisation mondiale de la santé",
    ):
        assert expected in organizations


def test_roles_after_qualifiers_and_not_across_a_conjunction() -> None:
    sentences = split_sentences(
        "“It is odd,” said Bill Powers, a San Diego engineer who testifies on utility matters. "
        "Trump said his nominee for commerce secretary, Howard Lutnick, agreed. "
        "Les travaux ont été coprésidés par Mikhaïl Anissimov, et par le directeur du département, Rachid Bahi.",
        "en",
    )
    roles = find_roles(sentences, ["Bill Powers", "Howard Lutnick", "Mikhaïl Anissimov", "Rachid Bahi"])
    assert roles == {
        "Bill Powers": "San Diego engineer",
        "Howard Lutnick": "nominee for commerce secretary",
        "Rachid Bahi": "directeur du département",
    }
