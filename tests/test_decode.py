"""Bytes of saved pages in the encodings French pages come in, decoded back to the same text."""

from __future__ import annotations

import pytest

from site_builder.ingest.decode import decode_bytes

FRENCH = (
    "Le ministère de l’Énergie a accueilli la réunion : « coopération », œuvre commune, "
    "déjà reçue à Rabat — l'été dernier, où l'on prévoit 40 % de hausse… Ça avance.\n"
)
LATIN1_FRENCH = "Été à Noël : où ça ? Déjà reçu, élève à l'école, maïs, Français, côte, bâtiment.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_round_trip(encoding: str) -> None:
    text, _note = decode_bytes(FRENCH.encode(encoding))
    assert text == FRENCH


def test_latin1_round_trip() -> None:
    text, _note = decode_bytes(LATIN1_FRENCH.encode("latin-1"))
    assert text == LATIN1_FRENCH


def test_windows_1252_is_reported_as_an_assumption() -> None:
    text, note = decode_bytes(FRENCH.encode("cp1252"))
    assert text == FRENCH
    assert note and "1252" in note


def test_utf8_needs_no_note() -> None:
    assert decode_bytes(FRENCH.encode("utf-8"))[1] is None


def test_crlf_line_ends_become_newlines() -> None:
    text, _ = decode_bytes(b"ligne un\r\nligne deux\r\n")
    assert text == "ligne un\nligne deux\n"


def test_non_breaking_spaces_are_kept_in_the_text() -> None:
    text, _ = decode_bytes("40\u00a0% et «\u202fbonjour\u202f»".encode())
    assert "\u00a0" in text and "\u202f" in text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"GIF89a" + b"\x00" * 20,
        b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF",
        b"abc\x00\x01\x02\x03\x00\xff\xfe\x00\x00\x07" * 10,
    ],
)
def test_binary_inputs_raise_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(data)


def test_a_few_broken_bytes_do_not_turn_utf8_into_mojibake() -> None:
    data = FRENCH.encode("utf-8") * 3
    damaged = data[:10] + b"\xc3" + data[10:]  # one character cut in half
    text, note = decode_bytes(damaged)
    assert "ministère" in text and "Ã" not in text
    assert note and "UTF-8" in note


def test_windows_1252_with_many_accents_is_not_read_as_damaged_utf8() -> None:
    text, _ = decode_bytes((FRENCH * 5).encode("cp1252"))
    assert text == FRENCH * 5
