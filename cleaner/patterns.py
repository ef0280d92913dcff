"""Line patterns: regular expressions with typed wildcards.

A pattern describes a whole line (it is full-matched against the normalised
block text). Wildcards in braces expand to named sub-patterns; any other brace
(such as the regex quantifier ``{2,3}``) is left alone.

>>> compile_pattern("{money}").fullmatch("2,350 $") is not None
True
>>> compile_pattern("{month} {year}").fullmatch("DECEMBER 2025") is not None
True
>>> compile_pattern("a{2}").fullmatch("aa") is not None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_CURRENCY = r"(?:[$€£¥₽₴]|USD|EUR|GBP|RUB|US\$|руб\.?)"
_AMOUNT = r"\d{1,3}(?:[,. \u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"

WILDCARDS: dict[str, str] = {
    "money": rf"(?:{_CURRENCY}\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?{_CURRENCY})",
    "num": r"[+-]?\d[\d,.\u202f ]*%?",
    "month": rf"(?i:{_MONTHS})\.?",
    "year": r"(?:1[89]|20)\d\d",
    "name": r"[^\W\d_][\w.'’-]*(?: [\w][\w.'’-]*){0,3}(?<!\.)",
    "any": r".+",
}
"""Typed wildcards usable in every rule pattern: ``{money}`` an amount with a
currency sign (``2,350 $``, ``€5``), ``{num}`` a number (``6,910``, ``-3.5%``),
``{month}`` an English month name or abbreviation in any case, ``{year}`` a
four-digit year from 1800 to 2099, ``{name}`` one to four name-like tokens
not ending in a full stop (``Pave Way IV``, ``zman``), ``{any}`` any non-empty text."""

_WILDCARD = re.compile(r"\{(" + "|".join(WILDCARDS) + r")\}")


def expand(pattern: str) -> str:
    """Replace ``{wildcard}`` names by their regex.

    >>> expand("{year}!")
    '(?:(?:1[89]|20)\\\\d\\\\d)!'
    """
    return _WILDCARD.sub(lambda m: "(?:" + WILDCARDS[m.group(1)] + ")", pattern)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a pattern with its wildcards expanded (cached)."""
    return re.compile(expand(pattern))
