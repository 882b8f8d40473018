"""Keywords: recurring phrases over their words, no stop words, the article's own spelling."""

from __future__ import annotations

from site_builder.ingest.keywords import extract_keywords
from site_builder.ingest.lexicon import STOP_WORDS_EN, STOP_WORDS_FR, fold

_FRENCH = (
    "Le groupe Positive Technologies envisage une coentreprise au Maroc. Positive Technologies protège les "
    "réseaux électriques. Selon Positive Technologies, la cybersécurité des réseaux électriques est une priorité "
    "pour le Maroc. Les réseaux électriques du pays seront audités en 2025."
)
_ENGLISH = (
    "Researchers are warning of a new Android ransomware spread via SMS messages. The Android ransomware "
    "encrypts files. Victims receive SMS messages with malicious links, and the ransomware asks for a ransom."
)


def test_a_recurring_phrase_beats_its_words() -> None:
    keywords = extract_keywords(_FRENCH, "fr", title="Positive Technologies au Maroc")
    assert "Positive Technologies" in keywords
    assert "réseaux électriques" in keywords
    assert "Positive" not in keywords and "Technologies" not in keywords


def test_no_stop_words_numbers_or_duplicates() -> None:
    for text, language, stop_words in ((_FRENCH, "fr", STOP_WORDS_FR), (_ENGLISH, "en", STOP_WORDS_EN)):
        keywords = extract_keywords(text, language)
        assert 1 <= len(keywords) <= 10
        assert len({fold(k) for k in keywords}) == len(keywords)
        for keyword in keywords:
            assert not any(fold(word) in stop_words for word in keyword.split()), keyword
            assert not any(ch.isdigit() for ch in keyword), keyword


def test_english_keywords_name_the_subject() -> None:
    keywords = extract_keywords(_ENGLISH, "en")
    assert keywords[0] in {"Android ransomware", "ransomware"}
    assert "SMS messages" in keywords
