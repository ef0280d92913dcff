"""A static check for regular expressions that can backtrack catastrophically.

Python's ``re`` backtracks: a pattern that can match the same text in many
ways takes exponential time on a line it almost matches. Rule files are
checked with :func:`backtracking_risk` when they load, so that such a
pattern is refused with its reason instead of hanging a run. The check
reads the pattern's own syntax (groups, alternations, classes, escapes,
quantifiers, the rule wildcards) and flags three shapes:

- a repeated group whose body holds a quantifier of variable count, directly
  or through nested groups: ``(a+)+``, ``((x+))+y``, ``(\\w+\\s?)*``;
- a repeated group whose body is an alternation with two branches that can
  start on the same character: ``(a|a)*b``, ``(a|aa)*c``;
- either of those under a large counted repeat: ``(.*a){20}``.

"Repeated" means ``*``, ``+``, ``{n,}`` or a count of
:data:`LARGE_COUNT` or more; a possessive quantifier (``*+``) and an
atomic group (``(?>...)``) never backtrack into what they matched and are
not counted. Optional parts (``?``) and fixed counts
(``\\d{3}``) are not variable. The check errs towards flagging: a pattern
it refuses can always be written without the nested repeat (a per-document
time limit stops what it misses).

>>> backtracking_risk("(a+)+")
'repeats a group that itself holds a repeat (nested quantifiers)'
>>> backtracking_risk("(a|aa)*c")
'repeats an alternation whose branches can match the same text'
>>> backtracking_risk("(?:foo|bar)+ and (?:, \\\\d{3})*") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

LARGE_COUNT = 10
"""A counted repeat of at least this many is treated like ``*``."""

NESTED = "repeats a group that itself holds a repeat (nested quantifiers)"
OVERLAP = "repeats an alternation whose branches can match the same text"

# Characters on which two first-character sets are compared, besides the
# literal characters of the two sets themselves.
_SAMPLE = "".join(map(chr, range(0x20, 0x7F))) + "\t\n\r\u00a0\u00e9\u00df\u0416\u0436\u4e2d\u2019\u2014\u0663\u01c5_"
_CLASS_ESCAPES = set("dDwWsS")
_ZERO_WIDTH_ESCAPES = set("bBAZ")
_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d*)(,?)(\d*)\}")
_LITERAL_RUN = re.compile(r"[^\\()\[\]{}|.^$*+?]+")


class _Risk(Exception):
    """Raised by the scanner at the first risky shape, with its reason."""


@dataclass(frozen=True)
class _Atom:
    """One character-matching atom: its regex source and flags, and its
    literal characters (compared besides the sample alphabet)."""

    source: str
    flags: int
    literals: str = ""

    def matches(self, char: str) -> bool:
        return _compiled(self.source, self.flags).fullmatch(char) is not None

    def sample(self) -> frozenset[str]:
        """The characters of the sample alphabet the atom matches."""
        return _sample_matches(self.source, self.flags)


@lru_cache(maxsize=4096)
def _compiled(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


@lru_cache(maxsize=4096)
def _sample_matches(source: str, flags: int) -> frozenset[str]:
    pattern = _compiled(source, flags)
    return frozenset(c for c in _SAMPLE if pattern.fullmatch(c))


def _overlap(first: list[_Atom], second: list[_Atom]) -> bool:
    """True when an atom of ``first`` and one of ``second`` match a common character."""
    for a in first:
        for b in second:
            if (
                a.sample() & b.sample()
                or any(b.matches(c) for c in a.literals)
                or any(a.matches(c) for c in b.literals)
            ):
                return True
    return False


def _branches_overlap(branches: list[list[_Atom]]) -> bool:
    """True when two of the branches can start on the same character."""
    return any(_overlap(a, b) for i, a in enumerate(branches) for b in branches[i + 1 :])


@dataclass
class _Summary:
    """What the scanner knows of a piece of pattern: the atoms that can
    start a match, whether it can match the empty string, whether it holds a
    quantifier of variable count, whether it is a group, and, when it is
    (through groups of one item) an alternation, the atoms that can start
    each branch."""

    first: list[_Atom] = field(default_factory=list)
    empty: bool = True
    variable: bool = False
    group: bool = False
    branches: list[list[_Atom]] | None = None


def backtracking_risk(pattern: str, wildcards: dict[str, str] | None = None) -> str | None:
    """The reason ``pattern`` can backtrack catastrophically, or None.
    ``wildcards`` maps rule wildcard names (``{money}``) to their regexes,
    which are read as groups.

    >>> backtracking_risk("((x+))+y"), backtracking_risk("(a|a)*b") == OVERLAP
    ('repeats a group that itself holds a repeat (nested quantifiers)', True)
    >>> backtracking_risk("(.*a){20}")
    'repeats 20 times a group that holds a repeat (nested quantifiers)'
    >>> backtracking_risk("(?:\\\\s*\\\\|\\\\s*)?[A-Z]\\\\w+(?: \\\\w+){0,3}") is None
    True
    >>> backtracking_risk("(?>\\\\w+\\\\s?)*$"), backtracking_risk("(\\\\w+\\\\s?)*+$")
    (None, None)
    """
    flags = re.IGNORECASE if re.search(r"\(\?[a-zA-Z]*i", pattern) else 0
    try:
        _Scanner(pattern, flags, wildcards or {}).scan()
    except _Risk as risk:
        return str(risk)
    except (IndexError, ValueError, re.error):
        return None  # not a valid pattern: compiling it reports the error
    return None


class _Scanner:
    """A recursive-descent reader of Python regex syntax, for
    :func:`backtracking_risk`."""

    def __init__(self, pattern: str, flags: int, wildcards: dict[str, str]) -> None:
        self.text, self.at, self.flags, self.wildcards = pattern, 0, flags, wildcards

    def scan(self) -> _Summary:
        summary = self.alternation()
        if self.at < len(self.text):  # an unbalanced ")": leave it to re.compile
            raise ValueError("unbalanced parenthesis")
        return summary

    def alternation(self) -> _Summary:
        branches = [self.sequence()]
        while self.at < len(self.text) and self.text[self.at] == "|":
            self.at += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        return _Summary(
            first=[atom for branch in branches for atom in branch.first],
            empty=any(branch.empty for branch in branches),
            variable=any(branch.variable for branch in branches),
            branches=[branch.first for branch in branches],
        )

    def sequence(self) -> _Summary:
        items: list[_Summary] = []
        while self.at < len(self.text) and self.text[self.at] not in "|)":
            item = self.atom()
            if item is None:
                continue
            items.append(self.quantified(item))
        result = _Summary(empty=all(item.empty for item in items), variable=any(item.variable for item in items))
        for item in items:
            result.first += item.first
            if not item.empty:
                break
        if len(items) == 1:
            result.group, result.branches = items[0].group, items[0].branches
        return result

    def quantified(self, item: _Summary) -> _Summary:
        match = _QUANTIFIER.match(self.text, self.at)
        if match is None or (match.group(0).startswith("{") and not (match.group(1) or match.group(3))):
            return item
        self.at = match.end()
        possessive = self.at < len(self.text) and self.text[self.at] == "+"
        if self.at < len(self.text) and self.text[self.at] in "?+":
            self.at += 1
        low, high = _bounds(match)
        heavy = not possessive and (high is None or high >= LARGE_COUNT)
        if heavy and item.group and item.variable:
            raise _Risk(
                NESTED if high is None else f"repeats {high} times a group that holds a repeat (nested quantifiers)"
            )
        if heavy and item.group and item.branches and _branches_overlap(item.branches):
            raise _Risk(OVERLAP)
        return _Summary(
            first=item.first, empty=item.empty or low == 0, variable=item.variable or high is None or high > max(low, 1)
        )

    def atom(self) -> _Summary | None:
        char = self.text[self.at]
        if char == "(":
            return self.group()
        if char == "[":
            end = _class_end(self.text, self.at)
            source, self.at = self.text[self.at : end], end
            return _Summary(first=[_Atom(source, self.flags)], empty=False)
        if char == "\\":
            return self.escape()
        if char == "{":
            name = re.match(r"\{(\w+)\}", self.text[self.at :])
            if name and name.group(1) in self.wildcards:
                self.at += name.end()
                inner = _wildcard_summary(self.wildcards[name.group(1)], self.flags)
                return _Summary(inner.first, inner.empty, inner.variable, True, inner.branches)
        if char in "^$":
            self.at += 1
            return _Summary()
        if char == ".":
            self.at += 1
            return _Summary(first=[_Atom(".", self.flags | re.DOTALL)], empty=False)
        run = _LITERAL_RUN.match(self.text, self.at)  # plain characters: only the first can start a match
        end = run.end() if run else self.at + 1
        if end - self.at > 1 and _QUANTIFIER.match(self.text, end):
            end -= 1  # the quantifier applies to the last character alone
        self.at = end
        return _Summary(first=[_Atom(re.escape(char), self.flags, char)], empty=False)

    def escape(self) -> _Summary:
        letter = self.text[self.at + 1]
        length = 2
        if letter in "xuUN0":
            length = _escape_length(self.text, self.at)
        elif letter.isdigit():  # a back-reference: it may start with anything
            length = 2 + (self.text[self.at + 2 : self.at + 3].isdigit())
            self.at += length
            return _Summary(first=[_Atom(".", self.flags | re.DOTALL)], empty=True, variable=True)
        source = self.text[self.at : self.at + length]
        self.at += length
        if letter in _ZERO_WIDTH_ESCAPES:
            return _Summary()
        literal = "" if letter in _CLASS_ESCAPES else re.sub(r"\\(.)", r"\1", source) if length == 2 else ""
        return _Summary(first=[_Atom(source, self.flags, literal)], empty=False)

    def group(self) -> _Summary | None:
        text, start = self.text, self.at
        self.at += 1
        lookaround = atomic = False
        if text.startswith("?", self.at):
            if text.startswith("?#", self.at):  # a comment
                self.at = text.index(")", self.at) + 1
                return None
            backreference = re.match(r"\?P=\w+\)", text[self.at :])
            if backreference:  # it may start with anything
                self.at += backreference.end()
                return _Summary(first=[_Atom(".", self.flags | re.DOTALL)], variable=True)
            flags = re.match(r"\?[aiLmsux-]*\)", text[self.at :])
            if flags:  # (?i): global flags, zero width
                self.at += flags.end()
                return None
            head = re.match(r"\?(?:P<\w+>|<\w+>|[aiLmsux-]*:|>|=|!|<=|<!|\(\w+\))", text[self.at :])
            if head is None:
                raise ValueError(f"unknown group at {start}")
            lookaround = head.group(0) in ("?=", "?!", "?<=", "?<!")
            atomic = head.group(0) == "?>"
            self.at += head.end()
        body = self.alternation()
        if self.at >= len(text) or text[self.at] != ")":
            raise ValueError("missing )")
        self.at += 1
        if lookaround:
            return _Summary()
        if atomic:  # matched once, never tried again in another way: nothing inside can multiply
            return _Summary(first=body.first, empty=body.empty, group=True)
        body.group = True
        return body


@lru_cache(maxsize=64)
def _wildcard_summary(expansion: str, flags: int) -> _Summary:
    """A wildcard's regex read once (the same wildcard recurs in many rules)."""
    return _Scanner(expansion, flags, {}).scan()


def _bounds(match: re.Match[str]) -> tuple[int, int | None]:
    """The (min, max) of a quantifier; max None for unbounded."""
    token = match.group(0)
    if token in "*+?":
        return {"*": (0, None), "+": (1, None), "?": (0, 1)}[token]
    low = int(match.group(1) or 0)
    if not match.group(2):
        return low, low
    return low, int(match.group(3)) if match.group(3) else None


def _class_end(text: str, start: int) -> int:
    """The index after the ``]`` that closes the class opening at ``start``."""
    at = start + 1
    if text.startswith("^", at):
        at += 1
    if text.startswith("]", at):
        at += 1
    while text[at] != "]":
        at += 2 if text[at] == "\\" else 1
    return at + 1


def _escape_length(text: str, start: int) -> int:
    """Length of a ``\\x..``, ``\\u....``, ``\\U........``, ``\\N{...}`` or octal escape."""
    letter = text[start + 1]
    if letter == "N":
        return text.index("}", start) + 1 - start
    if letter == "0":
        return 2 + len(re.match(r"[0-7]{0,2}", text[start + 2 :]).group(0))
    return 2 + {"x": 2, "u": 4, "U": 8}[letter]
