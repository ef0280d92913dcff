"""Rule files: loading, validating and applying site and generic rules.

A rule file is TOML: a ``[site]`` table and a list of ``[[rule]]`` tables. Each
rule has a stable id, a kind from :data:`cleaner.model.KINDS`, exactly one
matcher (``line``, ``block``, ``tail``, ``meta``, ``replace``, ``xpath`` or
``classes``)
and inline examples of lines (or HTML snippets) it must drop (or, for
``replace``, fix) and keep. The full format is documented in
``docs/rules.md``.

>>> rule = Rule.from_dict({"id": "x/support", "kind": "donation",
...     "line": "Support {name}", "drop": ["Support SouthFront"],
...     "keep": ["Support for the bill grew."]}, site_id="x", origin="doc")
>>> rule.example_failures()
[]
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaner.backtracking import backtracking_risk
from cleaner.model import KINDS, Block, Document
from cleaner.normalise import line_starts
from cleaner.patterns import (
    WILDCARDS,
    compile_pattern,
    literal_screen,
    required_literals,
    scans_line,
    union_pattern,
)
from cleaner.registry import Labeller

BUILTIN_RULES = Path(__file__).parent / "rules"
GENERIC_ID = "generic"
MATCHERS = ("line", "block", "tail", "meta", "replace", "xpath", "classes")
ELEMENT_MATCHERS = ("xpath", "classes")
MATCHER_SCOPES = {
    "line": "line",
    "meta": "line",
    "replace": "line",
    "block": "block",
    "tail": "document",
    "xpath": "element",
    "classes": "element",
}
"""The scope (:data:`cleaner.registry.SCOPES`) of each matcher's rules."""
SHARE_GUARDED_KINDS = frozenset({"hidden", "media"})
"""Kinds of generic element rules that remove nothing on a page where the
elements they select hold more than :data:`cleaner.html.MAIN_CONTENT_SHARE`
of the text together (a listing page built of carousels, a page that shows
its text by script): see :func:`cleaner.html.holds_main_content_together`."""
LINE_MATCHERS = ("line", "meta")
"""Matchers that judge a line alone."""
XPATH_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}
META_FIELDS = ("title", "original_source", "site_name", "author")
_RULE_KEYS = {"id", "kind", "doc", "drop", "keep", "fix", "with", *MATCHERS}
_SITE_KEYS = {"id", "name", "version", "hosts", "fingerprints", "min_fingerprints", "disable"}
_STEP_KEYS = {"line", "min", "max"}


class RuleFileError(ValueError):
    """A rule file that does not follow the documented format.

    ``key`` names the field at fault and ``rule`` the rule id, when known;
    :func:`load_file` uses them to point at the line.
    """

    def __init__(self, message: str, key: str | None = None, rule: str | None = None) -> None:
        super().__init__(message)
        self.key, self.rule = key, rule


@dataclass(frozen=True)
class Step:
    """One element of a ``block`` or ``tail`` matcher: a line pattern repeated
    between ``min`` and ``max`` times."""

    pattern: re.Pattern[str]
    min: int = 1
    max: int = 1


MAX_RULE_LINE = 5_000
"""Longer blocks are paragraphs, never furniture: line rules skip them, which
also keeps a user's pattern from scanning a 50 MB line."""


def match_run(steps: tuple[Step, ...], blocks: list[Block], start: int) -> int | None:
    """Return the end index of the run of ``steps`` matching at ``start``.

    Greedy with backtracking; ``None`` when there is no non-empty match.

    >>> steps = (Step(compile_pattern("{money}"), 2, 9), Step(compile_pattern("{month} {year}"), 0, 1))
    >>> doc = Document.from_lines(["0 $", "5 $", "May 2024", "Text."])
    >>> match_run(steps, doc.blocks, 0)
    3
    """

    def extend(i: int, s: int) -> int | None:
        if s == len(steps):
            return i
        step = steps[s]
        n = 0
        while (
            n < step.max
            and i + n < len(blocks)
            and len(blocks[i + n].text) <= MAX_RULE_LINE
            and step.pattern.fullmatch(blocks[i + n].text)
        ):
            n += 1
        for count in range(n, step.min - 1, -1):
            end = extend(i + count, s + 1)
            if end is not None:
                return end
        return None

    end = extend(start, 0)
    return end if end is not None and end > start else None


@dataclass
class Rule:
    """One rule: an id, a kind, a matcher and its examples."""

    id: str
    kind: str
    matcher: str
    pattern: re.Pattern[str] | None
    steps: tuple[Step, ...]
    doc: str = ""
    drop_examples: list[str] = field(default_factory=list)
    keep_examples: list[str] = field(default_factory=list)
    origin: str = ""
    replacement: str = ""
    fix_examples: list[tuple[str, str]] = field(default_factory=list)
    xpath: Any = None  # an lxml XPath for the ``xpath`` matcher

    @classmethod
    def from_dict(cls, data: dict[str, Any], site_id: str, origin: str) -> Rule:
        """Validate a ``[[rule]]`` table and build the rule."""
        where = f"rule {data.get('id', '?')!r}"
        try:
            return cls._from_dict(data, site_id, origin, where)
        except RuleFileError as error:
            error.rule = error.rule or data.get("id")
            raise

    @classmethod
    def _from_dict(cls, data: dict[str, Any], site_id: str, origin: str, where: str) -> Rule:
        unknown = set(data) - _RULE_KEYS
        if unknown:
            raise RuleFileError(f"{where}: unknown key(s) {sorted(unknown)}", key=sorted(unknown)[0])
        rule_id = _require(data, "id", str, where)
        if not rule_id.startswith(site_id + "/"):
            raise RuleFileError(f"{where}: id must start with {site_id + '/'!r}", key="id")
        kind = _require(data, "kind", str, where)
        if kind not in KINDS:
            raise RuleFileError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}", key="kind")
        matchers = [m for m in MATCHERS if m in data]
        if len(matchers) != 1:
            raise RuleFileError(f"{where}: needs exactly one matcher of {list(MATCHERS)}")
        matcher = matchers[0]
        if (matcher == "replace") != (kind == "repair"):
            raise RuleFileError(f"{where}: kind 'repair' goes with the 'replace' matcher and only with it", key="kind")
        if matcher == "replace":
            return cls._replace_rule(data, rule_id, where, origin)
        pattern, steps, xpath = None, (), None
        if matcher == "xpath":
            xpath = _compile_xpath(_require(data, "xpath", str, where), where)
        elif matcher == "classes":
            pattern = _compile("(?i)" + _require(data, "classes", str, where), where, "classes")
        if matcher in ("line", "meta"):
            pattern = _compile(_require(data, matcher, str, where), where, matcher)
            if matcher == "meta" and not set(pattern.groupindex) & set(META_FIELDS):
                raise RuleFileError(f"{where}: meta pattern needs a named group of {list(META_FIELDS)}", key="meta")
        elif matcher in ("block", "tail"):
            steps = _steps(data[matcher], where, matcher)
        drop = _examples(data, "drop", where)
        if not drop:
            raise RuleFileError(f"{where}: needs at least one 'drop' example (rules without examples cannot be tested)")
        return cls(
            id=rule_id,
            kind=kind,
            matcher=matcher,
            pattern=pattern,
            steps=steps,
            doc=str(data.get("doc", "")),
            drop_examples=drop,
            keep_examples=_examples(data, "keep", where),
            origin=origin,
            xpath=xpath,
        )

    @classmethod
    def _replace_rule(cls, data: dict[str, Any], rule_id: str, where: str, origin: str) -> Rule:
        if "drop" in data:
            raise RuleFileError(f"{where}: a replace rule has 'fix' examples, not 'drop'", key="drop")
        pattern = _compile(_require(data, "replace", str, where), where, "replace")
        replacement = _require(data, "with", str, where)
        fixes = data.get("fix", [])
        pairs = all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in fixes)
        if not fixes or not pairs:
            raise RuleFileError(f"{where}: 'fix' must be a non-empty list of [before, after] string pairs", key="fix")
        try:
            for before, _ in fixes:
                pattern.sub(replacement, before)
        except (re.error, IndexError) as error:
            raise RuleFileError(f"{where}: bad 'with' replacement {replacement!r}: {error}", key="with") from None
        return cls(
            id=rule_id,
            kind="repair",
            matcher="replace",
            pattern=pattern,
            steps=(),
            doc=str(data.get("doc", "")),
            keep_examples=_examples(data, "keep", where),
            origin=origin,
            replacement=replacement,
            fix_examples=[(before, after) for before, after in fixes],
        )

    def apply(self, doc: Document) -> int:
        """Label the blocks of ``doc`` this rule matches; return how many.

        ``replace`` rules label nothing (they run with the repairs), nor do
        element rules (they remove elements before HTML extraction).
        """
        blocks = doc.blocks
        hits = 0
        if self.matcher == "replace" or self.matcher in ELEMENT_MATCHERS:
            return 0
        if self.pattern is not None:
            for block in blocks:
                if len(block.text) > MAX_RULE_LINE:
                    continue
                match = self.pattern.fullmatch(block.text)
                if match:
                    block.drop(self.id, self.kind)
                    hits += 1
                    if self.matcher == "meta":
                        for key, value in match.groupdict().items():
                            if key in META_FIELDS and value:
                                doc.capture(key, value)
            return hits
        i = 0
        while i < len(blocks):
            end = match_run(self.steps, blocks, i)
            if end is None:
                i += 1
                continue
            if self.matcher == "tail":
                end = len(blocks)
            for block in blocks[i:end]:
                block.drop(self.id, self.kind)
            hits += end - i
            i = end
        return hits

    def labeller(self, path: Any) -> Labeller:
        """This rule's entry in :func:`cleaner.registry.labellers` (``path``:
        its rule file)."""
        examples = (*self.drop_examples, *self.fix_examples, *self.keep_examples)
        scope = MATCHER_SCOPES[self.matcher]
        return Labeller(self.id, self.kind, scope, f"rule file {path}", self.doc, examples, self.example_failures)

    def example_failures(self) -> list[str]:
        """Run the inline examples; describe each one that fails."""
        if self.matcher == "replace":
            return self._replace_failures()
        if self.matcher in ELEMENT_MATCHERS:
            return self._element_failures()
        failures = []
        for example, must_drop in [(e, True) for e in self.drop_examples] + [(e, False) for e in self.keep_examples]:
            doc = Document.from_lines(example.split("\n"))
            self.apply(doc)
            wrong = [b.text for b in doc.blocks if b.dropped != must_drop]
            if wrong:
                verb = "kept" if must_drop else "dropped"
                failures.append(f"{self.id}: {verb} {wrong!r} of example {example!r}")
        return failures

    def rewrite(self, text: str) -> str:
        """Apply a ``replace`` rule to one line."""
        assert self.pattern is not None
        return self.pattern.sub(self.replacement, text)

    def select(self, page: Any, protect: bool) -> list[Any]:
        """Elements of a :class:`cleaner.html.Page` an element rule removes:
        those its XPath selects, or those whose ``class`` or ``id`` the
        ``classes`` pattern finds. With ``protect`` (generic rules), elements
        that hold the main content are left alone: see
        :func:`cleaner.html.holds_main_content`."""
        from cleaner.html import holds_main_content, holds_main_content_together

        if self.matcher == "xpath":
            found = [e for e in self.xpath(page.tree) if hasattr(e, "tag")]
        else:
            assert self.pattern is not None
            found = [e for e, key in page.class_index() if self.pattern.search(key)]
        if protect and found:
            page_chars = page.text_length()
            found = [e for e in found if not holds_main_content(e, page_chars)]
            if self.kind in SHARE_GUARDED_KINDS and holds_main_content_together(found, page_chars):
                return []  # hidden or gallery elements that hold most of the page are its content
        return found

    def _element_failures(self) -> list[str]:
        from cleaner.html import Page

        protect = self.id.startswith("generic/")
        failures = []
        for example in self.drop_examples:
            if not self.select(Page.parse(example), protect):
                failures.append(f"{self.id}: selected nothing in drop example {example!r}")
        for example in self.keep_examples:
            found = self.select(Page.parse(example), protect)
            if found:
                failures.append(f"{self.id}: selected <{found[0].tag}> in keep example {example!r}")
        return failures

    def _replace_failures(self) -> list[str]:
        failures = []
        for before, after in self.fix_examples:
            got = self.rewrite(before)
            if got != after:
                failures.append(f"{self.id}: fixed {before!r} to {got!r}, expected {after!r}")
        for line in self.keep_examples:
            got = self.rewrite(line)
            if got != line:
                failures.append(f"{self.id}: changed kept example {line!r} to {got!r}")
        return failures


@dataclass(frozen=True)
class LineScreen:
    """Passes every line one of a rule file's line patterns full-matches.

    Most patterns go into one union (see
    :func:`cleaner.patterns.union_pattern`), tested once per line. A pattern
    that may match from anywhere in a line (:func:`cleaner.patterns.scans_line`,
    such as ``(?:.*\\b)?click to enlarge``) would make that union step
    through every character of every paragraph; it is tried alone, and only
    on lines whose lower-cased text holds one of its
    :func:`cleaner.patterns.required_literals`.

    >>> screen = LineScreen.build([r"(?i)share", r"(?i)(?:.*\\b)?click to enlarge"])
    >>> screen.passing(["Share", "A long paragraph.", "Photo. Click to enlarge"])
    [0, 2]
    """

    union: re.Pattern[str] | None
    guarded: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]  # (required literals, pattern)

    @classmethod
    def build(cls, patterns: list[str]) -> LineScreen | None:
        guarded, rest = [], []
        for pattern in patterns:
            literals = required_literals(pattern) if scans_line(pattern) else None
            if literals:
                guarded.append((tuple(sorted(literals)), re.compile(pattern)))
            else:
                rest.append(pattern)
        union = union_pattern(rest) if rest else None
        if rest and union is None:
            return None
        return cls(union, tuple(guarded))

    def passing(self, texts: list[str]) -> list[int]:
        """Indexes of the ``texts`` (lines of one document, each of at most
        :data:`MAX_RULE_LINE` characters) that one of the patterns
        full-matches. The union is tried on every line; a guarded pattern
        only on the lines where its literal words occur (found with
        ``str.find`` in the whole lower-cased document, much faster than a
        regex)."""
        union = self.union.fullmatch if self.union is not None else None
        passed = {i for i, text in enumerate(texts) if len(text) <= MAX_RULE_LINE and union(text)} if union else set()
        if self.guarded:
            lowered = "\n".join(texts).lower()  # lower-casing keeps every newline: lines stay apart
            starts = line_starts(lowered)
            for literals, pattern in self.guarded:
                for i in {bisect_right(starts, at) - 1 for literal in literals for at in _find_all(lowered, literal)}:
                    if i not in passed and len(texts[i]) <= MAX_RULE_LINE and pattern.fullmatch(texts[i]):
                        passed.add(i)
        return sorted(passed)


def _find_all(text: str, word: str) -> Iterator[int]:
    """Every offset of ``word`` in ``text``.

    >>> list(_find_all("a full, fuller", "full"))
    [2, 8]
    """
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def host_of(url: str | None) -> str:
    """The URL's host in lower case, also for a URL without a scheme; ''
    without one, and for a URL that does not parse (``http://[::1``, a
    bracketed host that is no IP address) or is not a string. Never raises,
    so a malformed URL in a record or a page's canonical link cannot fail a
    document: it just matches no site.

    >>> host_of("https://News.Example.com/a"), host_of("example.com/a"), host_of(None)
    ('news.example.com', 'example.com', '')
    >>> host_of("http://[::1"), host_of("http://[zz]/"), host_of(42)
    ('', '', '')
    """
    if not url or not isinstance(url, str):
        return ""
    try:
        return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:  # urllib refuses an unclosed or invalid bracketed host
        return ""


@dataclass
class Site:
    """A rule file: the site it describes and its rules."""

    id: str
    name: str
    version: str
    hosts: list[str]
    fingerprints: list[re.Pattern[str]]
    min_fingerprints: int
    disable: set[str]
    rules: list[Rule]
    path: Path
    builtin: bool
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def matches_host(self, url: str | None) -> bool:
        """True when the URL's host is one of the site's hosts or a subdomain.

        >>> site = Site("s", "S", "1", ["example.com"], [], 1, set(), [], Path("."), True)
        >>> site.matches_host("https://news.example.com/a"), site.matches_host("https://badexample.com/")
        (True, False)
        """
        if not url:
            return False
        host = host_of(url)
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def apply(self, doc: Document, disabled: frozenset[str] | set[str] = frozenset(), line_rules: bool = True) -> None:
        """Apply the file's rules to ``doc`` in order, except the ``disabled``
        ones (and, with ``line_rules=False``, those that judge a line alone).
        Line and meta rules only look at the blocks the file's
        :meth:`line_screen` lets through."""
        candidates: Document | None = None
        for rule in self.rules:
            if rule.id in disabled:
                continue
            if rule.matcher in LINE_MATCHERS:
                if not line_rules:
                    continue
                if candidates is None:
                    candidates = self._line_candidates(doc)
                rule.apply(candidates)
            else:
                rule.apply(doc)

    def line_screen(self) -> LineScreen | None:
        """A test that passes every line any of the file's line or meta rules
        full-matches (see :class:`LineScreen`), built once; None when there
        is no such rule or the union cannot be built."""
        if "line_screen" not in self._cache:
            patterns = [r.pattern.pattern for r in self.rules if r.matcher in LINE_MATCHERS and r.pattern is not None]
            self._cache["line_screen"] = LineScreen.build(patterns) if patterns else None
        return self._cache["line_screen"]

    def _line_candidates(self, doc: Document) -> Document:
        """A view of ``doc`` (sharing its metadata) with the blocks a line rule could match."""
        screen = self.line_screen()
        if screen is None:
            return doc
        passing = screen.passing([b.text for b in doc.blocks])
        return Document(blocks=[doc.blocks[i] for i in passing], meta=doc.meta)

    def fingerprint_hits(self, doc: Document) -> int:
        """How many distinct fingerprints occur as a whole line in ``doc``."""
        if not self.fingerprints:
            return 0
        if "fingerprint_screen" not in self._cache:
            self._cache["fingerprint_screen"] = union_pattern([fp.pattern for fp in self.fingerprints])
        screen = self._cache["fingerprint_screen"]
        lines = [b.text for b in doc.blocks if screen is None or screen.fullmatch(b.text)]
        return sum(any(fp.fullmatch(line) for line in lines) for fp in self.fingerprints)


def load_file(path: Path, builtin: bool = False) -> Site:
    """Load and validate one rule file.

    Raises :class:`RuleFileError` with ``<file>:<line>: <what>`` when the file
    does not follow the format: TOML syntax, unknown keys, wrong types,
    duplicate rule ids, regexes or XPaths that do not compile, regexes that
    can backtrack catastrophically, rules without examples.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"{path}: cannot read: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        raise RuleFileError(f"{path}:{line.group(1) if line else 1}: TOML syntax: {error}") from None
    site, errors = _build_site(data, path, builtin)
    if errors:  # every error of the file, one line each
        raise RuleFileError("\n".join(f"{path}:{locate(text, e.rule, e.key)}: {e}" for e in errors))
    assert site is not None
    return site


def locate(text: str, rule_id: str | None, key: str | None) -> int:
    """The 1-based line of ``key`` in the rule ``rule_id`` (or in ``[site]``).

    >>> locate('[site]\\nid = "x"\\n[[rule]]\\nid = "x/a"\\nkind = "bad"\\n', "x/a", "kind")
    5
    """
    lines = text.splitlines()
    start = 0
    if rule_id:
        anchor = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(rule_id) + r"[\"']")
        start = next((i for i, line in enumerate(lines) if anchor.match(line)), 0)
        # the rule's table starts at the [[rule]] header above its id
        header = next((i for i in range(start, -1, -1) if lines[i].strip() == "[[rule]]"), start)
    else:
        header = start = next((i for i, line in enumerate(lines) if line.strip() == "[site]"), 0)
    if key:
        field_line = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for i in range(header, len(lines)):
            if i > header and lines[i].strip().startswith("["):
                break
            if field_line.match(lines[i]):
                return i + 1
    return start + 1


def _build_site(data: dict[str, Any], path: Path, builtin: bool) -> tuple[Site | None, list[RuleFileError]]:
    """The site of a parsed rule file, or None, and every error found in it
    (each rule is checked even after an earlier one failed)."""
    unknown = set(data) - {"site", "rule"}
    if unknown:
        return None, [RuleFileError(f"unknown top-level key(s) {sorted(unknown)}")]
    site = data.get("site")
    if not isinstance(site, dict):
        return None, [RuleFileError("missing [site] table")]
    where = "[site]"
    errors: list[RuleFileError] = []
    unknown = set(site) - _SITE_KEYS
    if unknown:
        errors.append(RuleFileError(f"{where}: unknown key(s) {sorted(unknown)}", key=sorted(unknown)[0]))
    try:
        site_id = _require(site, "id", str, where)
        tables = _list(data, "rule", dict, "file")
    except RuleFileError as error:
        return None, [*errors, error]
    rules: list[Rule] = []
    for table in tables:
        try:
            rules.append(Rule.from_dict(table, site_id, str(path)))
        except RuleFileError as error:
            errors.append(error)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            errors.append(RuleFileError(f"duplicate rule id {rule.id!r}", key="id", rule=rule.id))
        seen.add(rule.id)
    try:
        built = Site(
            id=site_id,
            name=str(site.get("name", site_id)),
            version=str(site.get("version", "0")),
            hosts=[h.lower().lstrip(".") for h in _list(site, "hosts", str, where)],
            fingerprints=[_compile(p, where, "fingerprints") for p in _list(site, "fingerprints", str, where)],
            min_fingerprints=int(site.get("min_fingerprints", 1)),
            disable=set(_list(site, "disable", str, where)),
            rules=rules,
            path=path,
            builtin=builtin,
        )
    except RuleFileError as error:
        return None, [*errors, error]
    return (None if errors else built), errors


@dataclass
class RuleSet:
    """The generic rules plus every site rule file, built-in and user."""

    generic: Site
    sites: list[Site]
    replaced: list[str] = field(default_factory=list)  # user files that replace a built-in site
    _screens: dict[tuple[str, ...], re.Pattern[str] | None] = field(default_factory=dict, repr=False, compare=False)

    def site_for_url(self, url: str | None) -> Site | None:
        """The site whose hosts cover the URL's host, if any."""
        return next((site for site in self.sites if site.matches_host(url)), None)

    def class_screen(self, rules: tuple[Rule, ...]) -> re.Pattern[str] | None:
        """The :func:`cleaner.patterns.literal_screen` of these rules'
        ``classes`` patterns (built once per set of rules)."""
        key = tuple(rule.id for rule in rules if rule.matcher == "classes")
        if key not in self._screens:
            patterns = [rule.pattern.pattern for rule in rules if rule.matcher == "classes" and rule.pattern]
            self._screens[key] = literal_screen(patterns) if patterns else None
        return self._screens[key]

    def find_site(self, doc: Document) -> Site | None:
        """The site whose host matches the URL, else the one with most fingerprints."""
        site = self.site_for_url(doc.url)
        if site is not None:
            return site
        best, best_hits = None, 0
        for site in self.sites:
            hits = site.fingerprint_hits(doc) if site.fingerprints else 0
            if hits >= site.min_fingerprints and hits > best_hits:
                best, best_hits = site, hits
        return best


@lru_cache(maxsize=32)
def load_ruleset(user_dirs: tuple[str, ...] = ()) -> RuleSet:
    """Load built-in rule files, then each user directory's ``*.toml`` in order.

    A user file with the id of a built-in site replaces it (the set lists it
    in ``replaced``, which the command line reports); two user files with
    the same id are refused, since neither can be said to be the one meant.
    The result is cached, so each worker process loads rules once (and
    compiles each file's line screen once, here).
    """
    by_id: dict[str, Site] = {}
    replaced: list[str] = []
    for directory, builtin in [(BUILTIN_RULES, True)] + [(Path(d), False) for d in user_dirs]:
        if not directory.is_dir():
            raise RuleFileError(f"{directory}: rules directory not found")
        for path in sorted(directory.glob("*.toml")):
            site = load_file(path, builtin=builtin)
            earlier = by_id.get(site.id)
            if earlier is not None and not earlier.builtin:
                raise RuleFileError(f"{path}: site id {site.id!r} is also defined in {earlier.path}")
            if earlier is not None:
                replaced.append(f"{path} replaces the built-in rules of {site.id!r} ({earlier.path.name})")
            by_id[site.id] = site
    generic = by_id.pop(GENERIC_ID, None)
    if generic is None:
        raise RuleFileError(f"{BUILTIN_RULES}: generic.toml is missing")
    for site in [generic, *by_id.values()]:
        site.line_screen()  # compiled with the rules, not within the first document's time limit
    return RuleSet(generic=generic, sites=list(by_id.values()), replaced=replaced)


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise RuleFileError(f"{where}: missing required key {key!r}")
    if not isinstance(data[key], kind):
        raise RuleFileError(f"{where}: {key!r} must be a {kind.__name__}", key=key)
    return data[key]


def _list(data: dict[str, Any], key: str, kind: type, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise RuleFileError(f"{where}: {key!r} must be a list of {kind.__name__}", key=key)
    return value


def _examples(data: dict[str, Any], key: str, where: str) -> list[str]:
    return [e.strip("\n") for e in _list(data, key, str, where)]


def _compile(pattern: str, where: str, key: str | None = None) -> re.Pattern[str]:
    risk = backtracking_risk(pattern, WILDCARDS)  # (a+)+, ((x+))+y, (a|aa)*c, (.*a){20}: exponential time
    if risk:
        raise RuleFileError(f"{where}: regex {pattern!r} {risk} and can backtrack catastrophically", key=key)
    try:
        return compile_pattern(pattern)
    except re.error as error:
        raise RuleFileError(f"{where}: bad regex {pattern!r}: {error}", key=key) from None


def _compile_xpath(expression: str, where: str) -> Any:
    from lxml import etree

    try:
        return etree.XPath(expression, namespaces=XPATH_NAMESPACES)
    except etree.XPathSyntaxError as error:
        raise RuleFileError(f"{where}: bad XPath {expression!r}: {error}", key="xpath") from None


def _steps(value: Any, where: str, key: str) -> tuple[Step, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise RuleFileError(f"{where}: a block or tail needs a pattern or a list of steps", key=key)
    steps = []
    for item in items:
        if isinstance(item, str):
            item = {"line": item}
        if not isinstance(item, dict) or set(item) - _STEP_KEYS or "line" not in item:
            raise RuleFileError(f"{where}: a step is a pattern or {{line, min, max}}, got {item!r}", key=key)
        low = int(item.get("min", 1))
        high = int(item.get("max", max(low, 1)))
        if low < 0 or high < max(low, 1):
            raise RuleFileError(f"{where}: step {item!r} needs 0 <= min <= max, max >= 1", key=key)
        steps.append(Step(_compile(_require(item, "line", str, where), where, key), low, high))
    return tuple(steps)
