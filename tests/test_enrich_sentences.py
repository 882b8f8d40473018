"""The sentence splitter on handwritten French and English text."""

from __future__ import annotations

import pytest

from site_builder.ingest.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "M. Dupont est arrivé. Mme Durand aussi. Le Dr. Martin parle.",
            "fr",
            ["M. Dupont est arrivé.", "Mme Durand aussi.", "Le Dr. Martin parle."],
        ),
        ("Les exportations ont atteint 2.944 tonnes. Elles progressent.", "fr",
         ["Les exportations ont atteint 2.944 tonnes.", "Elles progressent."]),
        ("Fondée en 52 av. J.-C. par les Romains. Elle prospère.", "fr",
         ["Fondée en 52 av. J.-C. par les Romains.", "Elle prospère."]),
        ("The U.S. Department of State spoke on Nov. 20 with J. Smith. He left.", "en",
         ["The U.S. Department of State spoke on Nov. 20 with J. Smith.", "He left."]),
        ("Mr. Brown agreed! Really? Sales rose 3.5% in 2024.", "en",
         ["Mr. Brown agreed!", "Really?", "Sales rose 3.5% in 2024."]),
        ("« Pourquoi ? » a-t-il demandé. « C'est fini. » Puis il part.", "fr",
         ["« Pourquoi ? » a-t-il demandé.", "« C'est fini. »", "Puis il part."]),
    ],
)
def test_abbreviations_numbers_and_quotes_do_not_split(text: str, language: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_blocks_end_sentences_and_markers_are_dropped() -> None:
    body = "## Un intertitre\nLe texte suit sans point final\n\n- premier point\n- second point\n\nFin."
    assert split_sentences(body, "fr") == [
        "Un intertitre",
        "Le texte suit sans point final",
        "premier point",
        "second point",
        "Fin.",
    ]


def test_lines_of_one_paragraph_are_joined() -> None:
    assert split_sentences("Une phrase coupée\nsur deux lignes. Suite.", "fr") == [
        "Une phrase coupée sur deux lignes.",
        "Suite.",
    ]
