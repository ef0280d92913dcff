"""Decoding bytes and normalising text.

Output text is NFC, with no-break and other odd spaces turned into plain spaces,
zero-width characters and soft hyphens removed, runs of spaces collapsed and no
leading or trailing spaces. Typographic quotes and dashes stay as they are.

>>> normalise_line("a\\u00a0b\\u200b c\\u00ad d  ")
'a b c d'
>>> decode("caf\\u00e9".encode("utf-8"))
('café', 'utf-8')
>>> decode(b"\\xef\\xbb\\xbfhi")
('hi', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

import chardet

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# No-break, en/em/thin/hair, narrow no-break, medium mathematical, ideographic
# spaces, the Ogham space mark and tabs all become a plain space.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width space, word joiner, BOM used as ZWNBSP, Mongolian vowel separator,
# soft hyphen, and C0/C1 control characters. ZWJ and ZWNJ (U+200C/U+200D) are
# kept: they are spelling in Persian, Indic scripts and emoji sequences.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u180e\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RUNS = re.compile(r" {2,}")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_NEWLINE = re.compile("\n")
_OTHER_BREAKS = ("\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")


class Decoded(NamedTuple):
    """Decoded bytes: the text, the encoding used, and the charset that was
    declared for them when the bytes contradicted it (else None)."""

    text: str
    encoding: str
    declared: str | None = None


def codec_name(label: str | None) -> str | None:
    """Python's name for a charset label, or None when it names no codec.

    >>> codec_name("Windows-1251"), codec_name("latin-1"), codec_name("x-unknown")
    ('cp1251', 'iso8859-1', None)
    """
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _unicode_family(name: str) -> str:
    """'utf-8', 'utf-16' or 'utf-32' for the variants of one (BOM or not,
    byte order), else the name itself."""
    return next((family for family in ("utf-8", "utf-16", "utf-32") if name.startswith(family)), name)


def _ascii_compatible(name: str) -> bool:
    return _unicode_family(name) not in ("utf-16", "utf-32")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes that come without a declared charset: byte-order mark,
    then strict UTF-8, then chardet (web encodings first).

    Returns the text and the name of the encoding used.

    >>> decode("naïve".encode("utf-16"))
    ('naïve', 'utf-16')
    """
    text, encoding, _ = decode_bytes(data)
    return text, encoding


def decode_bytes(data: bytes, labels: tuple[str | None, ...] = ()) -> Decoded:
    """Decode bytes, weighing the charsets declared for them (``labels``,
    most authoritative first: an HTTP header's, then a page's ``<meta>``).

    The bytes win over the labels where they contradict them: a byte-order
    mark decides first (as in browsers); bytes that are valid UTF-8 and not
    plain ASCII are UTF-8, whatever the labels say (a page saved as UTF-8
    keeps its old ``windows-1251`` meta tag far more often than other bytes
    happen to form valid UTF-8). Otherwise the first label that decodes the
    bytes strictly is used, then strict UTF-8, then chardet. When the first
    known label was not followed, it is returned as ``declared``.

    >>> decode_bytes("café".encode(), ("windows-1251",))
    Decoded(text='café', encoding='utf-8', declared='cp1251')
    >>> decode_bytes("café".encode("cp1252"), ("windows-1252",))
    Decoded(text='café', encoding='cp1252', declared=None)
    >>> decode_bytes(b"plain", ("iso-8859-1",))
    Decoded(text='plain', encoding='iso8859-1', declared=None)
    """
    known = [name for name in map(codec_name, labels) if name]
    first = known[0] if known else None
    decoded = _decode_by_bytes(data, known)
    if first is not None and _unicode_family(first) != _unicode_family(codec_name(decoded[1]) or decoded[1]):
        return Decoded(*decoded, first)
    return Decoded(*decoded)


def _decode_by_bytes(data: bytes, known: list[str]) -> tuple[str, str]:
    """The policy of :func:`decode_bytes`, without the bookkeeping."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (not known or not data.isascii() or not _ascii_compatible(known[0])):
        return text, "utf-8"
    for name in known:  # plain ASCII under its label, or bytes that are not UTF-8
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue  # a wrong declaration: try the next, then detection
    if text is not None:
        return text, "utf-8"
    # Scraped pages use the web's encodings: asking chardet for those first
    # avoids exotic guesses (MacIceland, hp-roman8) on short Latin-1 text.
    guess = (
        chardet.detect(data, encoding_era=chardet.EncodingEra.MODERN_WEB, prefer_superset=True).get("encoding")
        or chardet.detect(data, prefer_superset=True).get("encoding")
        or "cp1252"
    )
    try:
        return data.decode(guess, errors="replace"), guess.lower()
    except LookupError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def split_lines(text: str) -> list[str]:
    """Split on every kind of line break, keeping empty lines.

    >>> split_lines("a\\r\\nb\\rc\\u2028d")
    ['a', 'b', 'c', 'd']
    """
    if any(mark in text for mark in _OTHER_BREAKS):  # most dumps break lines with "\n" alone
        text = _LINE_BREAKS.sub("\n", text)
    return text.split("\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (lines end at a
    newline); ``bisect_right(starts, offset) - 1`` is the line holding an
    offset.

    >>> line_starts("ab\\ncd\\n")
    [0, 3, 6]
    """
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def normalise_line(line: str) -> str:
    """Normalise one paragraph: NFC, plain spaces, no invisible characters.

    >>> normalise_line("\\u201cQuoted\\u201d \\u2014 kept\\u2003as is")
    '“Quoted” — kept as is'
    """
    if not (line.isascii() and line.isprintable()):  # printable ASCII: only spaces to tidy
        line = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", line))
        line = unicodedata.normalize("NFC", line)
    return _SPACE_RUNS.sub(" ", line).strip() if "  " in line else line.strip()
