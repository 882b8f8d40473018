"""The search text pipeline on the Python side (parity with the browser: tests/test_search_browser.py)."""

from __future__ import annotations

import pytest

from site_builder.textpipeline import (
    FrenchRules,
    PipelineError,
    TextPipeline,
    fold_accents,
    for_tokenizer,
    make_trimmer,
    parse_french_rules,
)


def test_separators_become_spaces_one_for_one() -> None:
    text = "l’énergie d'Oran quʼil\u202fa\u00a0joint-venture"
    converted = for_tokenizer(text)
    assert len(converted) == len(text)
    assert converted.split() == ["l", "énergie", "d", "Oran", "qu", "il", "a", "joint", "venture"]


def test_accent_folding_covers_french_letters() -> None:
    assert fold_accents("àâäçéèêëîïôöùûüÿæœ") == "aaaceeeeiioouuuyaeoe"
    assert fold_accents("ÉTÉ Œuvre") == "eTe oeuvre"  # lunr-languages folds capitals to lower case too
    assert fold_accents("straße ñ") == "straße ñ"  # outside the French table: unchanged, as in the browser


def test_rules_are_read_from_the_language_file() -> None:
    source = (
        'lunr.fr.wordCharacters = "A-Za-z\\xAA\\u00C0-\\u00D6";\n'
        "lunr.fr.stopWordFilter = lunr.generateStopWordFilter('le la les'.split(' '));"
    )
    rules = parse_french_rules(source)
    assert rules == FrenchRules("A-Za-z\xaa\u00c0-\u00d6", frozenset({"le", "la", "les"}))
    with pytest.raises(PipelineError):
        parse_french_rules("lunr.fr = {}")


def test_trimmer_keeps_letters_digits_and_accents_at_the_edges() -> None:
    trim = make_trimmer("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8")
    assert trim("«bâtiment»,") == "bâtiment"
    assert trim("(2025)") == "2025"
    assert trim("île.") == "île"
    assert trim("…") == ""


def test_words_a_stock_french_trimmer_mangles_survive(pipeline: TextPipeline) -> None:
    assert pipeline.index_terms("GITEX bâtiment île 2025") == ["gitex", "bat", "ile", "2025"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("cybersécurité", "cybersecurite"),
        ("énergie", "energies"),
        ("Énergie", "l’énergie"),
        ("marocains", "Marocain"),
        ("télécommunications", "telecommunication"),
    ],
)
def test_accents_case_plural_and_elision_do_not_matter(pipeline: TextPipeline, first: str, second: str) -> None:
    assert pipeline.index_terms(first) == pipeline.search_terms(second)[-1:]


def test_stop_words_are_dropped_from_the_index_only(pipeline: TextPipeline) -> None:
    assert pipeline.index_terms("les énergies de la mer") == ["energ", "mer"]
    assert "le" in pipeline.search_terms("les")  # the browser drops stop words from queries itself


def test_english_words_get_the_same_terms_on_both_sides(pipeline: TextPipeline) -> None:
    # One pipeline for both languages: English words are not stop-listed, and index and query agree.
    assert pipeline.index_terms("Operators rehearse drills") == pipeline.search_terms("operators rehearse drills")
    assert pipeline.index_terms("the grid") == pipeline.search_terms("the grid")
