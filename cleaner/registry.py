"""Every labeller in one place: the rules of the rule files, the detectors
written in code, the context pass and the repairs, in the order they run,
each with its id, kind, scope, what it removes and its executable examples.

``cleaner rules labellers`` lists them, ``cleaner rules test`` runs the
examples of all of them, ``--rule-stats`` and the report count them, and a
test checks ``docs/rules.md`` and the README against them.

A detector or repair is one function and its registration::

    @detector("generic/share-bar", "share", scope="block", examples=[Example("Facebook\\nTwitter", drops=...)])
    def share_bar(doc: Document) -> None: ...

An :class:`Example` is a small document and the lines the labeller must
drop from it; it must drop no other line. (A repair's examples are
``(before, after)`` pairs instead.) Examples run through the labelling
stages with every other generic rule and detector switched off, so they
test the labeller as the pipeline runs it.

>>> [scope for scope in SCOPES]
['line', 'block', 'element', 'document', 'batch']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleaner.model import KINDS

SCOPES: dict[str, str] = {
    "line": "judges a line alone",
    "block": "judges a line with its neighbours (a run of lines, a widget)",
    "element": "judges an HTML element, before extraction",
    "document": "judges a line by where it stands in the whole document",
    "batch": "judges a line by the other documents of the same site in the dump",
}
"""The closed set of scopes: what a labeller looks at to decide."""


@dataclass(frozen=True)
class Example:
    """A document (lines separated by ``\\n``) and the lines a labeller must
    drop from it (none: it must drop nothing). ``meta`` is metadata known
    before labelling (a ``site_name``); ``recurring`` are the lines that
    recur across the site's documents of the dump (batch scope); ``also``
    are other labellers switched on in the example (those whose removals
    this one builds on)."""

    text: str
    drops: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    recurring: tuple[str, ...] = ()
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Labeller:
    """One labeller: a rule of a rule file, a detector, the context pass or
    a repair. ``source`` says where it is defined; ``check`` runs its
    examples and returns a line per failure."""

    id: str
    kind: str
    scope: str
    source: str
    doc: str
    examples: tuple[Any, ...]
    check: Callable[[], list[str]] = field(repr=False, compare=False)


def summary(function: Callable[..., Any]) -> str:
    """The first paragraph of a function's docstring on one line: what a
    labeller written in code removes, for its registry entry.

    >>> def f():
    ...     '''Share bars: two or more
    ...     adjacent lines.
    ...
    ...     More detail.'''
    >>> summary(f)
    'Share bars: two or more adjacent lines.'
    """
    return " ".join((function.__doc__ or "").split("\n\n")[0].split())


def checked(labeller_id: str, kind: str, scope: str) -> None:
    """Refuse a registration whose kind or scope is not in the closed lists.

    >>> checked("generic/x", "nav", "line")
    >>> checked("generic/x", "navigation", "line")
    Traceback (most recent call last):
    ...
    ValueError: generic/x: kind 'navigation' is not one of ...
    """
    if kind not in KINDS:
        raise ValueError(f"{labeller_id}: kind {kind!r} is not one of {sorted(KINDS)}")
    if scope not in SCOPES:
        raise ValueError(f"{labeller_id}: scope {scope!r} is not one of {list(SCOPES)}")


def mismatches(labeller_id: str, examples: tuple[Example, ...], found: Callable[[Example], list[str]]) -> list[str]:
    """A line for each example where what ``found`` gives (the lines a
    labeller dropped, the elements it selected) differs from its ``drops``.

    >>> mismatches("x/y", (Example("a", drops=("a",)),), lambda example: [])
    ["x/y: dropped [], expected ['a'] in 'a'"]
    """
    failures = []
    for example in examples:
        got = found(example)
        if got != list(example.drops):
            failures.append(f"{labeller_id}: dropped {got!r}, expected {list(example.drops)!r} in {example.text!r}")
    return failures


def example_failures(labeller_id: str, examples: tuple[Example, ...], input_format: str = "text") -> list[str]:
    """Run a detector's (or the context pass's) examples through the
    labelling stages with every other generic rule and detector off; say
    where the lines it dropped differ from the example's ``drops``."""
    from cleaner.detectors import DETECTORS
    from cleaner.model import Document, line_hash
    from cleaner.pipeline import label_until_stable
    from cleaner.rules import load_ruleset

    ruleset = load_ruleset(())
    others = {rule.id for rule in ruleset.generic.rules} | {info.id for info in DETECTORS}

    def dropped(example: Example) -> list[str]:
        doc = Document.from_lines(example.text.split("\n"), input_format=input_format)
        doc.meta.update(example.meta)
        doc.repeated_lines = frozenset(line_hash(line) for line in example.recurring)
        label_until_stable(doc, ruleset, others - {labeller_id, *example.also})
        return [b.text for b in doc.blocks if any(r.rule == labeller_id for r in b.reasons)]

    return mismatches(labeller_id, examples, dropped)


def code_labellers() -> list[Labeller]:
    """The labellers written in code, in running order: the HTML teaser-list
    test (before extraction; its examples give the tags of the elements it
    must find), the HTML extraction (what it leaves out is logged), the
    detectors, the context pass, the repairs."""
    from cleaner.context import CONTEXT
    from cleaner.detectors import DETECTORS
    from cleaner.elements import TEASER_LABELLER
    from cleaner.html import EXTRACTION_LABELLER
    from cleaner.repairs import REPAIRS

    detectors = [info.labeller() for info in DETECTORS]
    return [TEASER_LABELLER, EXTRACTION_LABELLER, *detectors, CONTEXT, *(rule.labeller() for rule in REPAIRS)]


def labellers(ruleset: Any = None) -> list[Labeller]:
    """Every labeller in the order the pipeline runs them: each site's rule
    files' rules (the sites in the rule set's order, then the generic
    file; for HTML input their element rules run first, before
    extraction), then the labellers written in code (:func:`code_labellers`).

    >>> ids = [labeller.id for labeller in labellers()]
    >>> ids.index("generic/menu-run") < ids.index("context/between-furniture") < ids.index("repair/glued-words")
    True
    """
    from cleaner.rules import load_ruleset

    ruleset = ruleset if ruleset is not None else load_ruleset(())
    found = [rule.labeller(site.path) for site in [*ruleset.sites, ruleset.generic] for rule in site.rules]
    return found + code_labellers()
