"""Bytes of a saved page -> text, whatever its encoding.

Order of evidence: a byte-order mark; valid UTF-8; an HTML/XML declared
charset; then, for 8-bit text, Windows-1252 (the superset of Latin-1 that
French pages saved on Windows use), Latin-1 when the bytes use positions
Windows-1252 leaves undefined, and charset-normalizer only when neither
reads as Western text. Statistical detectors alone confuse French
Windows-1252 with Central European code pages ("à" read as "ŕ"), which is
why they come last.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Positions Windows-1252 does not define: text using them was Latin-1.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding=["']([A-Za-z0-9_.:-]+)""", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"\x7fELF")


class BinaryInputError(ValueError):
    """The input is not text (an image, an archive, bytes with NUL)."""


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a page. Returns the text and a note when an encoding was assumed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _clean(data.decode(encoding, errors="replace")), None
    if data.startswith(_MAGIC):
        raise BinaryInputError("binary data (an image or archive), not a page")
    if b"\x00" in data[:65536]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _clean(utf16), "no byte-order mark; read as UTF-16"
        raise BinaryInputError("binary data (NUL bytes), not a page")
    try:
        return _clean(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            # Cut inside a character by the byte cap: the rest is valid UTF-8.
            return _clean(data[: exc.start].decode("utf-8")), None
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _clean(mostly), "a few bytes were not valid UTF-8; replaced"
    declared = _declared_charset(data)
    if declared and declared not in {"utf-8", "utf8"}:
        try:
            return _clean(data.decode(declared)), None
        except (LookupError, UnicodeDecodeError):
            pass
    high = {b for b in data if b >= 0x80}
    if high & _CP1252_UNDEFINED:
        return _clean(data.decode("latin-1")), "not UTF-8; read as Latin-1"
    text = data.decode("cp1252")
    if _looks_western(text):
        return _clean(text), "not UTF-8; read as Windows-1252"
    return _clean(_detect(data, text)), "not UTF-8; encoding detected statistically"


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken sequences (a file cut or joined mid-character), or None.

    Read as UTF-8 when valid multi-byte sequences far outnumber the invalid bytes:
    one damaged character should not turn every accent of a page into mojibake.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if valid >= 10 and invalid * 50 <= valid else None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    encoding = "utf-16-le" if odd_nuls > 0.3 * half and even_nuls < 0.05 * half else None
    encoding = encoding or ("utf-16-be" if even_nuls > 0.3 * half and odd_nuls < 0.05 * half else None)
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2) or b"").decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_western(text: str) -> bool:
    """Mostly Latin letters and ordinary punctuation: a Western code page fits."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    latin = sum(1 for c in non_ascii if c.isalpha() and "LATIN" in unicodedata.name(c, ""))
    punctuation = sum(1 for c in non_ascii if unicodedata.category(c)[0] in "PSZ")
    return (latin + punctuation) / len(non_ascii) > 0.9


def _detect(data: bytes, fallback: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else fallback


def _clean(text: str) -> str:
    """Line ends as \\n; no stray NUL or control characters (tabs and newlines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
