"""The context pass: revise labels using the neighbours, then guard against
over-deletion.

>>> from cleaner.model import Document
>>> doc = Document.from_lines(["12", "Likes", "34"])
>>> doc.blocks[0].drop("x/a", "counter"); doc.blocks[2].drop("x/b", "counter")
>>> between_furniture(doc); doc.blocks[1].reasons[0].rule
'context/between-furniture'
"""

from __future__ import annotations

from cleaner.detectors import is_prose
from cleaner.model import Document
from cleaner.registry import Example, Labeller, example_failures, summary

GUARD_SHARE = 0.7
"""Largest share of a document's running text that generic rules may remove
before the over-deletion guard undoes them."""


def between_furniture(doc: Document) -> None:
    """A short kept line between two dropped lines of the same kind is part of
    that widget (a label inside a counter, a control inside a comment widget).

    A line of up to six words that does not end like a sentence is dropped
    with the kind of its neighbours; a sentence between them stays.
    """
    blocks = doc.blocks
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if block.dropped or not (before.dropped and after.dropped):
            continue
        kind = before.reasons[0].kind
        if kind == after.reasons[0].kind and block.words <= 6 and not block.shape.sentence_end:
            block.drop("context/between-furniture", kind)


def over_deletion_guard(doc: Document, site_id: str | None) -> None:
    """Undo generic removals that would take most of the running text.

    When rules other than the site's own would remove more than
    :data:`GUARD_SHARE` of the characters in the prose blocks the site's
    rules left, the generic and context labels are withdrawn and the flag
    ``over_deletion_guard`` is set. (Counting only what the site's rules
    left keeps the decision the same when the output is cleaned again.)
    """
    site_prefix = f"{site_id}/" if site_id else None

    def generic_only(reasons: list) -> bool:
        return bool(reasons) and not any(site_prefix and r.rule.startswith(site_prefix) for r in reasons)

    prose = [b for b in doc.blocks if is_prose(b) and (not b.reasons or generic_only(b.reasons))]
    total = sum(len(b.text) for b in prose)

    lost = sum(len(b.text) for b in prose if generic_only(b.reasons))
    if total and lost > GUARD_SHARE * total:
        for block in doc.blocks:
            if generic_only(block.reasons):
                block.reasons.clear()
        doc.flags.append("over_deletion_guard")


_EXAMPLES = (
    Example(
        "Facebook\nTwitter\nShare this story\nEmail\nWhatsApp", drops=("Share this story",), also=("generic/share-bar",)
    ),
    Example("Facebook\nTwitter\nWe thank our readers for sharing.\nEmail\nWhatsApp", also=("generic/share-bar",)),
)
CONTEXT = Labeller(
    "context/between-furniture",
    "(its neighbours')",
    "block",
    "context pass (cleaner/context.py)",
    summary(between_furniture),
    _EXAMPLES,
    check=lambda: example_failures("context/between-furniture", _EXAMPLES),
)
"""The context pass's entry in :func:`cleaner.registry.labellers`. Its kind
is that of the lines around the line it drops."""
