"""Repairs of join and machine-translation artefacts in kept text.

Each repair rule is a small named function with an id, a docstring saying
what it repairs and why, and examples it repairs and leaves alone. Repairs run
after boilerplate removal, on English text only, and every change is logged in
metadata ``repairs`` with the input line, the rule id and the text before and
after. Word knowledge comes from wordfreq's English frequency list: a token is
"known" when wordfreq has seen it.

>>> repair_text("the secretary, Marco Rubioas a hawk")[0]
'the secretary, Marco Rubio as a hawk'
>>> repair_text("Apple's iPhone and PayPal on LinkedIn")[0]
"Apple's iPhone and PayPal on LinkedIn"
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from cleaner.model import Document
from cleaner.normalise import line_starts
from cleaner.registry import Labeller, checked, summary

Change = tuple[int, str, str]
"""A repair as (offset of the match, text before, text after); the texts carry
a word of context each side, within the line."""


@dataclass(frozen=True)
class RepairRule:
    """A registered repair: its id, the function that applies it, its scope
    (see :data:`cleaner.registry.SCOPES`) and its examples: ``(before,
    after)`` pairs, ``after == before`` where the repair must not fire."""

    id: str
    run: Callable[[str], tuple[str, list[Change]]]
    scope: str = "line"
    examples: tuple[tuple[str, str], ...] = ()

    def labeller(self) -> Labeller:
        """This repair's entry in :func:`cleaner.registry.labellers`."""
        source = "repair (cleaner/repairs.py)"
        return Labeller(self.id, "repair", self.scope, source, summary(self.run), self.examples, self.check)

    def check(self) -> list[str]:
        """Run the examples; say which give another text than expected."""
        failures = []
        for before, after in self.examples:
            got = self.run(before)[0]
            if got != after:
                failures.append(f"{self.id}: repaired {before!r} to {got!r}, expected {after!r}")
        return failures


REPAIRS: list[RepairRule] = []


def repair(rule_id: str, *, scope: str, examples: list[tuple[str, str]]) -> Callable:
    """Register a repair function ``text -> (text, changes)`` under an id,
    with its scope and ``(before, after)`` examples (``cleaner rules test``
    runs them)."""
    checked(rule_id, "repair", scope)

    def register(function: Callable[[str], tuple[str, list[Change]]]) -> Callable:
        REPAIRS.append(RepairRule(rule_id, function, scope, tuple(examples)))
        return function

    return register


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """English Zipf frequency of a word (0 when wordfreq has never seen it)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def known(word: str, floor: float = 0.0) -> bool:
    """True when the word's English Zipf frequency is above ``floor``.

    >>> known("kremlin"), known("rubioas")
    (True, False)
    """
    return zipf(word.lower()) > floor


def _around(text: str, start: int, end: int, middle: str) -> str:
    """``middle`` with the word before and the word after ``start:end``, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    left = " ".join(text[line_start:start].split(" ")[-2:])
    right = " ".join(text[end : line_end if line_end != -1 else len(text)].split(" ")[:2])
    return left + middle + right


def _apply(
    text: str,
    pattern: re.Pattern[str],
    fix: Callable[[re.Match[str]], str | None],
    matches: Iterator[re.Match[str]] | None = None,
) -> tuple[str, list[Change]]:
    """Replace each match for which ``fix`` returns a new string; log the
    changes. ``matches``: the pattern's matches in order, when found some
    faster way than scanning the whole text (see :func:`line_windows`).

    >>> _apply("one twoo three", re.compile("twoo"), lambda m: "two")
    ('one two three', [(4, 'one twoo three', 'one two three')])
    """
    changes: list[Change] = []
    pieces, last = [], 0
    for match in pattern.finditer(text) if matches is None else matches:
        replacement = fix(match)
        if replacement is None or replacement == match.group(0):
            continue
        start, end = match.span()
        changes.append((start, _around(text, start, end, match.group(0)), _around(text, start, end, replacement)))
        pieces.append(text[last:start] + replacement)
        last = end
    return "".join(pieces) + text[last:], changes


def _in_windows(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def line_windows(text: str, anchor: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` holding a match of ``anchor``:
    a rare shape that a costlier pattern needs, so that the costly pattern
    scans only those lines.

    >>> line_windows("a.B\\nno\\nc!D", re.compile(r"[.!?][A-Z]"))
    [(0, 3), (7, 10)]
    """
    windows: list[tuple[int, int]] = []
    for match in anchor.finditer(text):
        if windows and match.start() < windows[-1][1]:
            continue  # on a line already taken
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        windows.append((start, len(text) if end == -1 else end))
    return windows


def _space_before(words: str, before: str = "", after: str = "") -> re.Pattern[str]:
    """A pattern that starts with a literal space and then captures one of
    ``words`` (``"and|but|or"``), with ``before`` and ``after`` around the
    group. A look-ahead for the words' first letters right after the space
    lets the regex engine pass most spaces at once; the matches are the same.

    >>> _space_before("and|or", after=r"\\b").pattern
    ' (?=[ao])(and|or)\\\\b'
    """
    initials = "".join(sorted({word[0] for word in words.split("|")}))
    return re.compile(f" (?=[{initials}]){before}({words}){after}")


_AFTER_WORD = "(?<=[a-z,] )"  # the space follows a lower-case letter or a comma


_GLUED_SUFFIXES = ("and", "the", "for", "with", "that", "of", "to", "in", "at", "as")
_BEFORE_CANDIDATE = r"[\w@#/.:=_’'-]"  # a character a candidate may not follow
_AFTER_CANDIDATE = r"(?![\w@/=_’'(\[-]|\.\w|:\w)"  # nor precede
_ENDS_WITH_SUFFIX = "|".join(
    f"(?<=[a-z](?:{'|'.join(s for s in _GLUED_SUFFIXES if len(s) == n)}))"
    for n in sorted({len(s) for s in _GLUED_SUFFIXES}, reverse=True)
)
# A candidate for a glued pair: a bare word of letters only (not part of a
# URL, e-mail, handle, hashtag, path, identifier or number) with a case change
# inside, or capitalised and ending in a function word.
# The letter runs are possessive (``++``: a run of lower-case letters can end
# only where the next character is not one) and each ending is checked by a
# look-behind of its own length, so the engine never steps back through a word.
_GLUE_CANDIDATE = re.compile(
    rf"(?<!{_BEFORE_CANDIDATE})(?:[A-Za-z][a-z]++[A-Z][a-z]++|[A-Z][a-z]++(?:{_ENDS_WITH_SUFFIX})){_AFTER_CANDIDATE}"
)
# The same candidates found faster (see _glue_candidates): those that start
# with a capital, by a pattern that starts with one, and the rest from their
# lower-to-upper case change.
_CAPITALISED_CANDIDATE = re.compile(
    rf"[A-Z](?<!{_BEFORE_CANDIDATE}[A-Z])[a-z]++(?:[A-Z][a-z]++|{_ENDS_WITH_SUFFIX}){_AFTER_CANDIDATE}"
)
_CASE_CHANGE = re.compile("[A-Z](?<=[a-z][A-Z])")


def _lower_run_start(text: str, end: int) -> int:
    """Where the run of lower-case letters ``a``–``z`` that ends at ``end`` starts.

    >>> _lower_run_start("I alsoIt", 6)
    2
    """
    start = end
    while start > 0 and "a" <= text[start - 1] <= "z":
        start -= 1
    return start


def _glue_candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_GLUE_CANDIDATE`` in ``text``, in order.

    Every match is a whole word, so they never overlap. The regex engine
    skips fast to the letters a pattern starts with, and capitals are few:
    words that start with one are found by a pattern that starts with one,
    the others (``alsoIt``) from their case change, back to the word's start.

    >>> [m.group(0) for m in _glue_candidates("I alsoIt is Rubioas x-FooBar in McDonald")]
    ['alsoIt', 'Rubioas', 'McDonald']
    """
    lower_first = []
    for change in _CASE_CHANGE.finditer(text):
        match = _GLUE_CANDIDATE.match(text, _lower_run_start(text, change.start()))
        if match:
            lower_first.append(match)
    return heapq.merge(_CAPITALISED_CANDIDATE.finditer(text), lower_first, key=lambda match: match.start())


_CAMEL = re.compile(r"^([A-Za-z][a-z]+)([A-Z][a-z]+)$")
_SMALL_WORDS = frozenset("a an the of in on at to by for with from as and or but is was not now new met".split())
# Words that start sentences: after a capitalised word they mark a join
# (``ReutersThe``), where two capitalised content words are usually a brand
# (``SunExpress``, ``OpenSearch``) and stay.
_SENTENCE_STARTS = frozenset(
    "The A An It In On At As For If When While After Before This That These Those He She We They I His Her "
    "Its Their There But And Or So Yet According".split()
)


def _split_glued(word: str) -> str | None:
    if known(word):
        return None
    camel = _CAMEL.match(word)
    if camel:
        prefix, suffix = camel.groups()
        if prefix[0].isupper():
            ok = len(prefix) >= 3 and suffix in _SENTENCE_STARTS and zipf(prefix.lower()) >= 3.0
        else:
            ok = (len(prefix) >= 4 or prefix in _SMALL_WORDS) and zipf(prefix) >= 3.0 and zipf(suffix.lower()) >= 3.5
        return f"{prefix} {suffix}" if ok else None
    if word[0].isupper() and word[1:].islower():
        for suffix in _GLUED_SUFFIXES:
            prefix = word[: -len(suffix)]
            if not word.endswith(suffix) or len(prefix) < 3 or zipf(prefix.lower()) < 3.0:
                continue
            # a two-letter ending after a consonant is usually the name's own
            # (Carlas, Vargas, Ameris): only split it after a vowel (Rubioas)
            if len(suffix) == 2 and prefix[-1] not in "aeiouy":
                continue
            return f"{prefix} {suffix}"
    return None


@repair(
    "repair/glued-words",
    scope="document",
    examples=[
        ("Marco Rubioas a senator", "Marco Rubio as a senator"),
        ("I alsoIt is late.", "I also It is late."),
        ("Photo: ReutersThe minister spoke.", "Photo: Reuters The minister spoke."),
        ("iPhone, WhatsApp, MacBook and O'Neill", "iPhone, WhatsApp, MacBook and O'Neill"),
        ("Call getElementById on CloudSimple; ask Carlas.", "Call getElementById on CloudSimple; ask Carlas."),
        ("Read instantShift daily. instantShift is a blog.", "Read instantShift daily. instantShift is a blog."),
    ],
)
def glued_words(text: str) -> tuple[str, list[Change]]:
    """Two words joined where a tag boundary was stripped.

    A word that is not itself known is split when both halves are: at a
    lower-to-upper case change after a lower-case word (``alsoIt``,
    ``theRepublic``) or before a word that starts sentences (``ReutersThe``),
    or, for a capitalised name, before a trailing function word (``Rubioas``,
    ``Kingsand``; a two-letter ending only after a vowel, since ``Carlas`` or
    ``Vargas`` are names). Two capitalised content words (``SunExpress``,
    ``OpenSearch``) are usually a brand and stay. Known mixed-case forms
    (iPhone, YouTube, McDonald, DeSantis) are known words and stay; URLs,
    e-mail addresses, handles, hashtags and identifiers are skipped.

    A word that recurs in the text (``instantShift`` five times in a post
    about the blog of that name) is a name, not an accident of markup: a
    stripped tag boundary glues different words each time.
    """
    candidates = list(_glue_candidates(text))
    counts = Counter(match.group(0) for match in candidates)

    def fix(match: re.Match[str]) -> str | None:
        word = match.group(0)
        split = _split_glued(word)
        return None if split is None or _recurring(text, word, counts[word]) else split

    return _apply(text, _GLUE_CANDIDATE, fix, iter(candidates))


NAME_REPEATS = 2
"""Occurrences in a document that make a glued-looking word a name."""


def _recurring(text: str, word: str, found: int = 0) -> bool:
    """Whether ``word`` occurs :data:`NAME_REPEATS` times or more in
    ``text`` as a whole word (also before a possessive ``'s``); ``found``:
    the occurrences already counted as glue candidates.

    >>> _recurring("instantShift is a blog. On instantShift's pages, alsoIt", "instantShift")
    True
    >>> _recurring("instantShift is a blog. On instantShift's pages, alsoIt", "alsoIt")
    False
    """
    if found >= NAME_REPEATS:
        return True
    if text.count(word) < NAME_REPEATS:
        return False  # the common case, without a regex
    return len(re.findall(rf"(?<![\w@#/.]){re.escape(word)}(?!\w)", text)) >= NAME_REPEATS


_FUNCTION_WORDS = (
    "the|a|an|and|or|but|of|to|in|on|at|by|for|with|from|as|is|was|are|were|it|its|this|that|these|those"
    "|he|she|they|we|you|his|her|their|our|if|not|no"
)
_DOUBLED = re.compile(rf"\b({_FUNCTION_WORDS}) ({'|'.join(w.capitalize() for w in _FUNCTION_WORDS.split('|'))})\b")
_DOUBLED_ANCHOR = _space_before("|".join(w.capitalize() for w in _FUNCTION_WORDS.split("|")), after=r"\b")


def _doubled_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_DOUBLED``, found from the capitalised word (after a
    literal space, which the regex engine finds fast) back to its double."""
    end = 0
    for anchor in _DOUBLED_ANCHOR.finditer(text):
        start = _lower_run_start(text, anchor.start())  # the lower-case word before the space
        match = _DOUBLED.match(text, start) if start >= end else None
        if match:
            end = match.end()
            yield match


@repair(
    "repair/doubled-word-case",
    scope="line",
    examples=[
        ("He went to the The White House.", "He went to the White House."),
        ("He said that that was all.", "He said that that was all."),
        ("I saw the the film with will Will Smith.", "I saw the the film with will Will Smith."),
    ],
)
def doubled_word_case(text: str) -> tuple[str, list[Change]]:
    """A function word doubled at a join, the copy capitalised: the second
    (capitalised) copy goes. Doubles of the same case (``had had``, ``that
    that``) are usually the author's and stay, as do content words (``will
    Will``, ``may May``).
    """

    def fix(match: re.Match[str]) -> str | None:
        first, second = match.groups()
        if second != first and second == first.capitalize():
            return first
        return None

    return _apply(text, _DOUBLED, fix, matches=_doubled_matches(text))


_MISSING_SPACE = re.compile(r"(?<![\w@/.:-])([a-z]{3,})([.!?])([A-Z][a-z]{2,})(?![\w@/.:(\[-])")
_MISSING_SPACE_ANCHOR = re.compile(r"[.!?][A-Z]")


@repair(
    "repair/space-after-punctuation",
    scope="line",
    examples=[
        ("It was about security.Kremlin officials said so.", "It was about security. Kremlin officials said so."),
        ("The U.S. grew 3.5 percent, example.com said.", "The U.S. grew 3.5 percent, example.com said."),
        ("J.R.R. Tolkien never used Node.js.", "J.R.R. Tolkien never used Node.js."),
    ],
)
def space_after_punctuation(text: str) -> tuple[str, list[Change]]:
    """A sentence end glued to the next sentence at a join: a space goes in.

    Only between two known words, the first in lower case, the second
    capitalised; abbreviations (``U.S.``), decimals (``3.5``), domain names
    (``example.com``), initials (``J.R.R.``) and code (``config.Load()``) do
    not have that shape or are skipped.
    """

    def fix(match: re.Match[str]) -> str | None:
        left, mark, right = match.groups()
        if known(left, 2.5) and known(right, 2.5) and not known(match.group(0)):
            return f"{left}{mark} {right}"
        return None

    return _apply(
        text, _MISSING_SPACE, fix, _in_windows(_MISSING_SPACE, text, line_windows(text, _MISSING_SPACE_ANCHOR))
    )


_CAPITALISED_FUNCTION = _space_before(
    "and|but|or", before=_AFTER_WORD, after=r" (The|It|They|We|Their|There|This) ([a-z]+)\b"
)


@repair(
    "repair/capitalised-function-word",
    scope="line",
    examples=[
        ("It is relevant and The idea is good.", "It is relevant and the idea is good."),
        ("She read Pride and Prejudice and The Hague papers.", "She read Pride and Prejudice and The Hague papers."),
        ("Come and I think we will go, but He also said no.", "Come and I think we will go, but He also said no."),
    ],
)
def capitalised_function_word(text: str) -> tuple[str, list[Change]]:
    """A capitalised function word in mid-sentence right after ``and``,
    ``but`` or ``or`` and before a lower-case word: machine translation kept
    the capital of a sentence start. Lower-cased only in that shape; a
    capital before a name or a title (``and The Hague``, ``and The Times
    reported``) stays, and so do ``He``, ``She``, ``His`` and ``Her``, which
    religious texts capitalise on purpose. Other mid-sentence capitals are
    only counted as evidence for the machine-translation flag.
    """

    def fix(match: re.Match[str]) -> str | None:
        conjunction, word, following = match.groups()
        if not known(following, 3.0):
            return None
        return f" {conjunction} {word.lower()} {following}"

    return _apply(text, _CAPITALISED_FUNCTION, fix)


# --- evidence of machine translation -------------------------------------------------

# a literal space first: the regex engine then only tries the positions of spaces
_UNTRANSLATED = _space_before(
    "para|el|los|las|por|una|unos|del|que|como|pero|muy|les|une|avec|dans|pour|sur|est"
    "|não|uma|com|della|degli|sono|und|nicht|mit|auch",
    before=_AFTER_WORD,
    after="(?= [a-z])",
)
_MIDSENTENCE_CAPITAL = _space_before(
    "The|He|She|It|They|We|If|In|This|That|There|His|Her|Their|And|But|For|When|While",
    before=_AFTER_WORD,
    after="(?= [a-z])",
)
_ENGLISH = frozenset("the of and to in is that for it was on with as by at from this are be have has not".split())


def looks_english(text: str) -> bool:
    """True when common English function words make up a fair share of the words.

    >>> looks_english("The cat sat on the mat and it was happy."), looks_english("Der Hund ist alt.")
    (True, False)
    """
    words = re.findall(r"[a-z]+", text[:5000].lower())
    return bool(words) and sum(map(_ENGLISH.__contains__, words)) / len(words) >= 0.12


def translation_evidence(text: str, glued: int | None = None) -> dict[str, int]:
    """Counts of machine-translation artefacts in kept text (before repairs).

    ``untranslated``: function words of another language between English
    words (``soil para more``); ``midsentence_capitals``: capitalised function
    words after a lower-case word or comma and before a lower-case word
    (``and The idea``, ``Petro, It comes``; not ``by The Walt Disney
    Company``); ``glued``: glued words the glued-words repair would split
    (pass the count when the repair has just run on the same text).
    """
    if glued is None:
        glued = sum(_split_glued(m.group(0)) is not None for m in _glue_candidates(text))
    return {
        "untranslated": len(_UNTRANSLATED.findall(text)),
        "midsentence_capitals": len(_MIDSENTENCE_CAPITAL.findall(text)),
        "glued": glued,
    }


def is_machine_translated(evidence: dict[str, int], words: int) -> bool:
    """Strong evidence: words left in another language, at least two
    mid-sentence capitals, and at least one artefact per 300 words. Glued
    words alone are evidence of stripped markup, not of translation.

    >>> is_machine_translated({"untranslated": 2, "midsentence_capitals": 4, "glued": 2}, 1200)
    True
    >>> is_machine_translated({"untranslated": 0, "midsentence_capitals": 3, "glued": 50}, 400)
    False
    """
    if evidence["untranslated"] < 1 or evidence["midsentence_capitals"] < 2:
        return False
    return sum(evidence.values()) * 300 >= words


def repair_text(text: str, rules: list[RepairRule] | None = None) -> tuple[str, list[tuple[str, Change]]]:
    """Apply repair rules (default: all) to a text of one or more lines;
    return it and the changes, each with its rule id."""
    changes = []
    for rule in REPAIRS if rules is None else rules:
        text, made = rule.run(text)
        changes.extend((rule.id, change) for change in made)
    return text, changes


def log_change(doc: Document, line: int, rule_id: str, before: str, after: str) -> None:
    """Record one repair in the document's metadata."""
    doc.repairs.append({"line": line, "rule": rule_id, "before": before, "after": after})


def run_site_replacements(doc: Document) -> None:
    """Apply the matched site's ``replace`` rules to each kept block, in any language."""
    rules = [r for r in doc.site.rules if r.matcher == "replace"] if doc.site else []
    for block in doc.kept() if rules else []:
        for rule in rules:
            block.text, changes = _apply(block.text, rule.pattern, lambda m, rule=rule: m.expand(rule.replacement))
            for _, before, after in changes:
                log_change(doc, block.line, rule.id, before, after)


REPAIR_PASSES = 4
"""Times a repair rule runs over a document, so that cleaning is idempotent."""


def run_repairs(doc: Document, disabled: set[str], count_evidence: bool = True) -> None:
    """Run the site's replacements, then repair the kept blocks of an English
    document, log every change, and flag the document ``machine_translation``
    when the evidence is strong (``count_evidence``: the first run only).

    The generic repairs work within a line, so each runs once over the kept
    blocks joined by newlines, and the changes are mapped back to their lines.
    """
    run_site_replacements(doc)
    kept = doc.kept()
    text = original = "\n".join(b.text for b in kept)
    if not looks_english(text):
        return
    logged = []
    glued = None  # glued-words runs first: its first pass counts the evidence on the unrepaired text
    for rule in REPAIRS:
        if rule.id in disabled:
            continue
        for attempt in range(REPAIR_PASSES):  # a repair can uncover another (the The The): until none is left
            before = text
            text, changes = rule.run(before)
            if attempt == 0 and rule.id == "repair/glued-words" and before is original:
                glued = len(changes)
            if not changes:
                break
            starts = line_starts(before)
            for start, old, new in changes:
                block = kept[bisect_right(starts, start) - 1]
                logged.append((block.line, start, rule.id, old, new))
    if count_evidence:
        evidence = translation_evidence(original, glued)
        doc.meta["translation_evidence"] = evidence
        if is_machine_translated(evidence, sum(block.words for block in kept)):
            doc.flags.append("machine_translation")
    if text is not original:
        for block, repaired in zip(kept, text.split("\n"), strict=True):
            block.text = repaired
    for line, _, rule_id, old, new in sorted(logged, key=lambda entry: entry[:2]):
        log_change(doc, line, rule_id, old, new)
