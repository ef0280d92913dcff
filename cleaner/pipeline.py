"""The pipeline: decode → blocks → site rules → generic rules and detectors →
context pass → repairs → render.

>>> result = clean("A short title\\n\\nShare this:\\n\\nThe body of the story.\\n")
>>> result.text
'A short title\\n\\nThe body of the story.\\n'
>>> result.metadata["removed"][0]["rule"]
'generic/share-line'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaner import __version__
from cleaner.context import between_furniture, over_deletion_guard
from cleaner.detectors import ends_sentence, run_detectors
from cleaner.model import Document
from cleaner.normalise import decode, split_lines
from cleaner.repairs import run_repairs
from cleaner.rules import RuleSet, load_ruleset


@dataclass(frozen=True)
class Config:
    """Options for one cleaning run (immutable, picklable).

    ``rule_dirs`` are user rule directories, loaded after the built-in ones.
    """

    rule_dirs: tuple[str, ...] = ()


@dataclass
class CleanResult:
    """What :func:`clean` returns: the clean text and its metadata dict."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def clean(
    data: str | bytes,
    url: str | None = None,
    *,
    source: str | None = None,
    config: Config = Config(),
) -> CleanResult:
    """Clean one scraped document given as ``str`` or ``bytes``.

    ``url`` selects the site's rule file by host; without it, the site is
    recognised by fingerprints. ``source`` names the document in metadata.
    """
    if isinstance(data, bytes):
        text, encoding = decode(data)
    elif isinstance(data, str):
        text, encoding = data, None
    else:
        raise TypeError(f"clean() takes str or bytes, not {type(data).__name__}")
    ruleset = load_ruleset(config.rule_dirs)
    doc = Document.from_lines(split_lines(text), source=source, url=url)
    process(doc, ruleset)
    return CleanResult(render(doc), metadata(doc, text, encoding, ruleset))


def process(doc: Document, ruleset: RuleSet) -> None:
    """Label every block of ``doc``: all stages but decoding and rendering."""
    doc.site = ruleset.find_site(doc)
    disabled = doc.site.disable if doc.site else set()
    for rule in doc.site.rules if doc.site else []:
        rule.apply(doc)
    for rule in ruleset.generic.rules:
        if rule.id not in disabled:
            rule.apply(doc)
    if doc.site:
        doc.capture("site_name", doc.site.name)
    doc.capture("title", guess_title(doc))
    run_detectors(doc, disabled)
    between_furniture(doc)
    over_deletion_guard(doc, doc.site.id if doc.site else None)
    run_repairs(doc, disabled)


def guess_title(doc: Document) -> str:
    """The first kept block when it looks like a headline, else ``""``.

    A headline has at most 25 words and does not end with a full stop, colon
    or semicolon (a question or exclamation mark is fine).
    """
    kept = doc.kept()
    if kept and kept[0].words <= 25 and not (ends_sentence(kept[0].text) and kept[0].text[-1] in ".:;…"):
        return kept[0].text
    return ""


def render(doc: Document) -> str:
    """Join the kept blocks, one paragraph each, separated by a blank line."""
    kept = [b.text for b in doc.blocks if not b.dropped]
    return "\n\n".join(kept) + "\n" if kept else ""


def removed_spans(doc: Document) -> list[dict[str, Any]]:
    """Group dropped blocks into runs of consecutive blocks sharing a rule.

    Each entry gives the 1-based input line range, the kind, the rule id, every
    other rule that also fired, and the removed text (lines joined by newline).
    """
    spans: list[dict[str, Any]] = []
    previous = None
    for block in doc.blocks:
        if not block.dropped:
            previous = None
            continue
        primary = block.reasons[0]
        if previous is not None and previous["rule"] == primary.rule:
            previous["lines"][1] = block.line
            previous["text"] += "\n" + block.text
        else:
            previous = {
                "lines": [block.line, block.line],
                "kind": primary.kind,
                "rule": primary.rule,
                "also": [],
                "text": block.text,
            }
            spans.append(previous)
        previous["also"].extend(r.rule for r in block.reasons[1:] if r.rule not in previous["also"])
    return spans


def metadata(doc: Document, text: str, encoding: str | None, ruleset: RuleSet) -> dict[str, Any]:
    """The metadata dict for a processed document (JSON-serialisable)."""
    kept = doc.kept()
    rules = {"generic": ruleset.generic.version}
    if doc.site:
        rules[doc.site.id] = doc.site.version
    return {
        "id": doc.source,
        "source": doc.source,
        "url": doc.url,
        "site": doc.site.id if doc.site else None,
        "site_name": doc.meta.get("site_name"),
        "title": doc.meta.get("title") or None,
        "author": doc.meta.get("author"),
        "original_source": doc.meta.get("original_source"),
        "encoding": encoding,
        "input_format": "text",
        "flags": sorted(set(doc.flags)),
        "removed": removed_spans(doc),
        "repairs": doc.repairs,
        "translation_evidence": doc.meta.get("translation_evidence"),
        "stats": {
            "lines_in": doc.line_count,
            "blocks_in": len(doc.blocks),
            "blocks_out": len(kept),
            "chars_in": len(text),
            "chars_out": sum(len(b.text) for b in kept),
        },
        "cleaner_version": __version__,
        "rules": rules,
    }
