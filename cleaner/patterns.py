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
from typing import Any

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_CURRENCY = r"(?:[$€£¥₽₴]|USD|EUR|GBP|RUB|US\$|руб\.?)"
_AMOUNT = r"\d{1,3}(?:[,. \u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_NETWORKS = (
    "twitter|x|facebook|instagram|telegram|телеграм|telegram-kanal|youtube|ютуб|linkedin|tiktok|whatsapp|signal"
    "|vk|vkontakte|вконтакте|вк|одноклассники|дзен|яндекс[ .]дзен|gab|gettr|rumble|bitchute|odysee|minds|parler"
    "|truth social|substack|mastodon|bluesky|threads|pinterest|reddit|flipboard|google news|apple news|rss"
    "|social media|soziale[nm]? medien|réseaux sociaux|redes sociales|соцсетях|социальных сетях"
)

WILDCARDS: dict[str, str] = {
    "money": rf"(?:{_CURRENCY}\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?{_CURRENCY})",
    "num": r"[+-]?\d[\d,.\u202f ]*%?",
    "month": rf"(?i:{_MONTHS})\.?",
    "year": r"(?:1[89]|20)\d\d",
    "name": r"[^\W\d_][\w.'’-]*(?: [\w][\w.'’-]*){0,3}(?<!\.)",
    "network": rf"(?i:{_NETWORKS})(?!\w)",
    "any": r".+",
}
"""Typed wildcards usable in every rule pattern: ``{money}`` an amount with a
currency sign (``2,350 $``, ``€5``), ``{num}`` a number (``6,910``, ``-3.5%``),
``{month}`` an English month name or abbreviation in any case, ``{year}`` a
four-digit year from 1800 to 2099, ``{name}`` one to four name-like tokens
not ending in a full stop (``Pave Way IV``, ``zman``), ``{network}`` the name
of a social network or feed in any case (``Telegram``, ``VK``, ``RSS``, ``social
media``, ``réseaux sociaux``), ``{any}`` any non-empty text."""

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


def _re_parser() -> Any:
    """The standard library's own regex parser (``re._parser``, Python 3.11
    and later), or None where a Python version no longer has it: then
    :func:`required_literals` finds no literals and :func:`scans_line` no
    scan, so every line is tested with every pattern, which is slower but
    gives the same output. It is the one private module the package uses;
    ``tests/test_patterns.py`` checks the shapes read from it."""
    try:
        from re import _constants, _parser
    except ImportError:
        return None
    return _parser if hasattr(_parser, "parse") and hasattr(_constants, "SUBPATTERN") else None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings of which every match of ``pattern`` contains at
    least one, or None when no such set is found (then nothing can be
    skipped). Used to find the few elements worth testing with a costlier
    pattern; it only ever errs towards testing more.

    >>> sorted(required_literals(r"[\\s_-](share|comments?)[\\s_-]"))
    ['comment', 'share']
    >>> required_literals(r"\\w+") is None
    True
    """
    parser = _re_parser()
    if parser is None:
        return None
    try:
        items = parser.parse(pattern)
    except re.error:
        return None
    found = _sequence_literals(list(items))
    if found is None or not all(found) or not all(s.isascii() for s in found):
        return None
    return frozenset(s for s in found if not any(other != s and other in s for other in found))


def _sequence_literals(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Required literals of a sequence: its most selective required part."""
    from re import _constants as c

    best: frozenset[str] | None = None

    def strength(literals: frozenset[str]) -> int:
        return min(len(s.strip()) for s in literals)  # spaces are everywhere: " to " selects little

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        better = best is None or (candidate and strength(candidate) > strength(best))
        if candidate and all(candidate) and better:
            best = candidate

    run: list[str] = []
    for op, value in items:
        if op is c.LITERAL:
            run.append(chr(value).lower())
            continue
        consider(frozenset(["".join(run)]) if run else None)
        run = []
        if op is c.SUBPATTERN:
            consider(_sequence_literals(list(value[-1])))
        elif op is c.ATOMIC_GROUP:
            consider(_sequence_literals(list(value)))
        elif op is c.BRANCH:
            branches = [_sequence_literals(list(branch)) for branch in value[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and value[0] >= 1:
            consider(_sequence_literals(list(value[2])))
    consider(frozenset(["".join(run)]) if run else None)
    return best


SCAN_REPEAT = 50
"""A run of any characters that may be this long or longer counts as a scan."""


def scans_line(pattern: str) -> bool:
    """True when a match may begin with a run of any characters of any
    length (``.*``, ``(?:.*\\b)?``) or of up to :data:`SCAN_REPEAT` or more
    (``.{20,400}``): the engine then steps through every character of every
    line the pattern is tried on, which is costly on long paragraphs.

    >>> scans_line(r"(?i)(?:.*\\b)?click to enlarge"), scans_line(r"(?i)share(?: this)?")
    (True, False)
    >>> scans_line(r".{20,400}? Read more"), scans_line(r".{1,3} comments")
    (True, False)
    """
    parser = _re_parser()
    if parser is None:
        return False
    try:
        return _scans(list(parser.parse(pattern)))
    except re.error:
        return False


def _scans(items: list[tuple[Any, Any]]) -> bool:
    from re import _constants as c

    for op, value in items:
        if op is c.SUBPATTERN:
            if _scans(list(value[-1])):
                return True
        elif op is c.BRANCH:
            if any(_scans(list(branch)) for branch in value[1]):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            body = list(value[2])
            long_run = value[1] is c.MAXREPEAT or value[1] >= SCAN_REPEAT
            if long_run and body and body[0][0] in (c.ANY, c.NOT_LITERAL, c.IN):
                return True
            if _scans(body):
                return True
        if op is not c.AT and not (op in (c.MAX_REPEAT, c.MIN_REPEAT) and value[0] == 0):
            return False  # a required item that is not a scan: the match is anchored by it
    return False


def literal_screen(patterns: list[str]) -> re.Pattern[str] | None:
    """A pattern that finds, in lower-cased text, any of the
    :func:`required_literals` of any of ``patterns``: text where it finds
    none cannot match one of them. None when some pattern has no required
    literals. (Lower-casing the text is much faster than ``re.IGNORECASE``
    on an alternation of literals.)

    >>> screen = literal_screen([r"\\s(share|tweet)\\s", r"cookie-?bar"])
    >>> bool(screen.search(" ShareBar ".lower())), bool(screen.search(" menu "))
    (True, False)
    """
    found: set[str] = set()
    for pattern in patterns:
        literals = required_literals(pattern)
        if literals is None:
            return None
        found |= literals
    return re.compile("|".join(re.escape(s) for s in sorted(found, key=lambda s: (-len(s), s))))


_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_BACKREFERENCE = re.compile(r"\\\d|\(\?P=|\(\?\(")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def union_pattern(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern that full-matches a text exactly when one of ``patterns``
    does: their alternation, with leading global flags made local and group
    names dropped. None when a pattern refers back to a group (numbers would
    shift) or the union does not compile. Testing one union per line is much
    cheaper than one call per rule.

    >>> union = union_pattern(["(?i)share", "Support (?P<site>[A-Za-z]+)"])
    >>> [bool(union.fullmatch(t)) for t in ("SHARE", "Support Us", "support us", "Shared")]
    [True, True, False, False]
    >>> union_pattern([r"(a)\\1"]) is None
    True
    """
    parts = []
    for pattern in patterns:
        flags = _GLOBAL_FLAGS.match(pattern)
        body = pattern[flags.end() :] if flags else pattern
        if _BACKREFERENCE.search(body) or _GLOBAL_FLAGS.search(body):
            return None
        body = _GROUP_NAME.sub("(?:", body)
        parts.append(f"(?{flags.group(1)}:{body})" if flags else f"(?:{body})")
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None
