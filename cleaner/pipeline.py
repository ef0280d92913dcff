"""The pipeline: decode → blocks → site rules → generic rules and detectors →
context pass → repairs → render.

>>> result = clean("A short title\\n\\nShare this:\\n\\nThe body of the story.\\n")
>>> result.text
'A short title\\n\\nThe body of the story.\\n'
>>> result.metadata["removed"][0]["rule"]
'generic/share-line'
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from cleaner import __version__
from cleaner.context import between_furniture, over_deletion_guard
from cleaner.detectors import byline_or_date, continues_line, feed_label, looks_like_headline, run_detectors
from cleaner.elements import (
    TEASER_RULE,
    formulas_as_text,
    line_breaks,
    missing_headline,
    remove_teaser_lists,
    set_heading_anchors_aside,
    soft_breaks,
    unlink_headlines,
)
from cleaner.html import EXTRACTION_RULE, Page, block_texts, extract_text, left_out, looks_like_html, parse_document
from cleaner.model import Document, element_removal
from cleaner.normalise import decode_bytes, normalise_line, split_lines
from cleaner.pagemeta import page_metadata
from cleaner.repairs import run_repairs
from cleaner.rules import ELEMENT_MATCHERS, RuleSet, load_ruleset
from cleaner.sitelines import SiteLines

INPUT_FORMATS = ("auto", "text", "html")
CAPTION_MODES = ("drop", "keep", "meta")


@dataclass(frozen=True)
class Config:
    """Options for one cleaning run (immutable, picklable).

    ``rule_dirs``: user rule directories, loaded after the built-in ones.
    ``captions``: ``drop`` (default) removes image captions and alt text,
    ``keep`` leaves them in the text, ``meta`` removes them and lists them in
    metadata ``captions``. ``keep_removed``: also put the decoded input in
    metadata ``input``, so the original can be rebuilt exactly.
    ``max_bytes``: larger documents fail with :class:`DocumentTooLarge`.
    ``timeout``: seconds a document may take before it fails with
    :class:`DocumentTimeout`, and as many again per megabyte beyond the
    first (:func:`time_allowed`; 0: no limit; enforced in the main thread of
    a process, with SIGALRM).
    """

    rule_dirs: tuple[str, ...] = ()
    captions: str = "drop"
    keep_removed: bool = False
    max_bytes: int = 50_000_000
    timeout: float = 0.0

    def __post_init__(self) -> None:
        if self.captions not in CAPTION_MODES:
            raise ValueError(f"captions must be one of {CAPTION_MODES}, not {self.captions!r}")


def time_allowed(timeout: float, size: int) -> float:
    """Seconds a document of ``size`` bytes may take: ``timeout``, and as
    many again for every megabyte beyond the first (cleaning is linear in the
    size, so a legitimate 20 MB document gets 20 times the limit, while a
    user pattern that hangs on a small one is still stopped).

    >>> time_allowed(5, 20_000), time_allowed(5, 20_000_000), time_allowed(0, 10**9)
    (5.0, 100.0, 0.0)
    """
    return timeout * max(1.0, size / 1_000_000) if timeout > 0 else 0.0


class DocumentTooLarge(ValueError):
    """A document over ``Config.max_bytes``."""


class DocumentTimeout(Exception):
    """A document that took longer than ``Config.timeout``."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after ``seconds`` (Unix,
    main thread; elsewhere, or with 0, no limit).

    A real-time timer (``ITIMER_REAL``, ``SIGALRM``) the caller had set keeps
    working: its handler still runs when it is due during the block (and,
    for an interval timer, every interval), and on leaving the block the
    caller's handler and the rest of its timer are put back.

    >>> import signal
    >>> _ = signal.setitimer(signal.ITIMER_REAL, 60)
    >>> with time_limit(5):
    ...     pass
    >>> 59 < signal.getitimer(signal.ITIMER_REAL)[0] <= 60
    True
    >>> _ = signal.setitimer(signal.ITIMER_REAL, 0)
    """
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    alarm = _Alarm(time.monotonic() + seconds, f"no result within {seconds:g} s")
    previous = signal.signal(signal.SIGALRM, alarm.ring)
    alarm.outer_handler = previous
    delay, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    if delay > 0:  # the caller's timer: keep it due at the same time
        alarm.outer_due, alarm.outer_interval = time.monotonic() + delay, interval
        alarm.arm()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if alarm.outer_due is not None:  # what was left of the caller's timer
            signal.setitimer(signal.ITIMER_REAL, max(alarm.outer_due - time.monotonic(), 1e-6), alarm.outer_interval)


@dataclass
class _Alarm:
    """The state of :func:`time_limit`'s timer: its own deadline, and when
    the caller's timer is next due (None: none, or it has fired)."""

    deadline: float
    message: str
    outer_handler: Any = None
    outer_due: float | None = None
    outer_interval: float = 0.0

    def arm(self) -> None:
        """Set the timer for the next of the deadline and the caller's due time."""
        due = self.deadline if self.outer_due is None else min(self.deadline, self.outer_due)
        signal.setitimer(signal.ITIMER_REAL, max(due - time.monotonic(), 1e-6))

    def ring(self, signum: int, frame: Any) -> None:
        """SIGALRM: the caller's timer when it is due first, else the deadline."""
        now = time.monotonic()
        if self.outer_due is not None and self.outer_due <= min(now + 1e-3, self.deadline):
            self.outer_due = self.outer_due + self.outer_interval if self.outer_interval else None
            self.arm()
            self.call_outer(signum, frame)
            return
        if now + 1e-3 < self.deadline:  # early (a signal sent by someone else): wait on
            self.arm()
            return
        raise DocumentTimeout(self.message)

    def call_outer(self, signum: int, frame: Any) -> None:
        """Run the caller's SIGALRM handler as the signal would have."""
        handler = self.outer_handler
        if callable(handler):
            handler(signum, frame)
        elif handler == signal.SIG_DFL:  # the default action ends the process
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.raise_signal(signal.SIGALRM)


@dataclass
class CleanResult:
    """What :func:`clean` returns: the clean text and its metadata dict."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def clean(
    data: str | bytes | None = None,
    url: str | None = None,
    *,
    html: str | bytes | None = None,
    input_format: str = "auto",
    charset: str | None = None,
    source: str | None = None,
    config: Config = Config(),
    site_lines: SiteLines | None = None,
) -> CleanResult:
    """Clean one scraped document given as ``str`` or ``bytes``.

    ``url`` selects the site's rule file by host; without it, the site is
    recognised by fingerprints. ``input_format`` is ``auto`` (HTML when the
    content looks like HTML), ``text`` or ``html``; passing ``html=`` instead
    of ``data`` forces HTML. ``charset`` is the HTTP header's charset, used
    first when decoding HTML bytes. ``source`` names the document in metadata.
    ``site_lines`` is what :meth:`cleaner.sitelines.SiteLineCounts.recurring`
    gives for a dump: the lines that recur across the site's documents, which
    are dropped as furniture (``generic/site-repeated-line``). The command
    line's ``--site-lines`` and the datatrove pipeline compute the same, so
    the same dump gives the same text from every front end.
    """
    return clean_document(
        data,
        url,
        html=html,
        input_format=input_format,
        charset=charset,
        source=source,
        config=config,
        site_lines=site_lines,
    )[1]


def clean_document(
    data: str | bytes | None = None,
    url: str | None = None,
    *,
    html: str | bytes | None = None,
    input_format: str = "auto",
    charset: str | None = None,
    source: str | None = None,
    config: Config = Config(),
    site_lines: SiteLines | None = None,
) -> tuple[Document, CleanResult]:
    """:func:`clean`, also returning the labelled :class:`Document` (for
    ``cleaner explain`` and other tools that show every block). Both honour
    ``config.timeout`` (see :func:`time_limit`); what a process does once
    (loading the rule files, :func:`warm_up`) is not counted in it."""
    if html is not None:
        data, input_format = html, "html"
    if not isinstance(data, str | bytes):
        raise TypeError(f"clean() takes str or bytes, not {type(data).__name__}")
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, not {input_format!r}")
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > config.max_bytes:
        limit = f"{config.max_bytes / 1e6:g} MB"
        raise DocumentTooLarge(f"document is {size / 1e6:.1f} MB, over the {limit} limit (--max-bytes)")
    ruleset = load_ruleset(config.rule_dirs)  # once per process: not part of a document's time
    if input_format == "auto":
        input_format = "html" if looks_like_html(data) else "text"
    warm_up(config, input_format)
    with time_limit(time_allowed(config.timeout, size)):
        if input_format == "html":
            doc, text, encoding = html_document(data, url, charset, source, ruleset, config)
        else:
            text, encoding, declared = decode_bytes(data, (charset,)) if isinstance(data, bytes) else (data, None, None)
            doc = Document.from_lines(split_lines(text), source=source, url=url)
            note_declared_charset(doc, declared)
        doc.repeated_lines = site_lines.for_url(url) if site_lines is not None else frozenset()
        process(doc, ruleset, config)
        output = render(doc)
        meta = metadata(doc, text, output, encoding, ruleset, input_format)
        if config.keep_removed:
            meta["input"] = text
        return doc, CleanResult(output, meta)


_WARMED: set[tuple[tuple[str, ...], str]] = set()
_WARM_UP = {
    "text": "A headline\n\nA short paragraph of running text, long enough to be read as a sentence of prose.\n",
    "html": "<html><head><title>A headline</title></head><body><article><h1>A headline</h1><p>A short "
    "paragraph of running text, long enough to be read as a sentence of prose.</p></article></body></html>",
}


def warm_up(config: Config, input_format: str) -> None:
    """Clean a small sample once per process, rule directories and input
    format, before the first document that has a time limit: what the
    first document would otherwise build inside its limit (line screens,
    stop-word tables, the HTML extractor's import) is built here. Without
    this, a short ``timeout`` on a busy machine could fail every document,
    each one interrupting the same one-time work."""
    key = (config.rule_dirs, input_format)
    if config.timeout <= 0 or key in _WARMED:
        return
    _WARMED.add(key)
    try:  # with a generous limit of its own, should a user's rule hang on the sample
        with time_limit(max(10 * config.timeout, 30.0)):
            clean_document(_WARM_UP[input_format], input_format=input_format, config=replace(config, timeout=0.0))
    except Exception:  # the document itself meets the same problem, and reports it
        return


def note_declared_charset(doc: Document, declared: str | None) -> None:
    """Record a declared charset that the bytes contradicted (see
    :func:`cleaner.normalise.decode_bytes`): flag ``charset_mismatch`` and
    metadata ``encoding_declared``."""
    if declared is not None:
        doc.flags.append("charset_mismatch")
        doc.meta["encoding_declared"] = declared


def html_document(
    data: str | bytes, url: str | None, charset: str | None, source: str | None, ruleset: RuleSet, config: Config
) -> tuple[Document, str, str | None]:
    """Parse HTML, read its metadata, remove furniture elements, extract the
    main text and return it as a document of one block per paragraph (with
    the decoded page, for statistics, and the encoding used)."""
    parsed = parse_document(data, charset)
    tree, page_text, encoding = parsed.tree, parsed.text, parsed.encoding
    page = page_metadata(tree, page_text, url)
    formulas_as_text(tree)
    unlink_headlines(tree)
    set_heading_anchors_aside(tree)
    site = ruleset.site_for_url(url or page["canonical_url"])
    disabled = site.disable if site else set()
    rules = [r for r in site.rules if r.matcher in ELEMENT_MATCHERS] if site else []
    rules += [r for r in ruleset.generic.rules if r.matcher in ELEMENT_MATCHERS and r.id not in disabled]
    removed: list[dict[str, Any]] = []
    dropped: set[Any] = set()
    page_view = Page(tree, ruleset.class_screen(tuple(rules)))
    if config.captions == "keep":  # trafilatura drops figures: make their captions paragraphs
        for element in tree.iter("figure", "figcaption"):
            element.tag = "div" if element.tag == "figure" else "p"
    for rule in rules:
        if rule.kind == "caption" and config.captions == "keep":
            continue
        for element in rule.select(page_view, protect=rule.id.startswith("generic/")):
            if element in dropped or any(a in dropped for a in element.iterancestors()):
                continue  # already removed, or inside a removed element
            text = normalise_line(element.text_content())
            if text:  # empty elements (icons, spacers) go without a log entry
                removed.append(element_removal(rule.kind, rule.id, text))
            dropped.add(element)
            element.drop_tree()
    if TEASER_RULE not in disabled:
        removed += remove_teaser_lists(tree, page_view.text_length(), url or page["canonical_url"])
    breaks = line_breaks(tree)
    blocks = block_texts(tree) if EXTRACTION_RULE not in disabled else []
    headlines = [normalise_line(" ".join(h1.text_content().split())) for h1 in tree.iter("h1")]  # rules left them
    lines = split_lines(extract_text(tree, url))
    headline = missing_headline(page["title"], headlines, lines)
    if headline:  # the headline is content: keep it when the extractor left it out
        lines.insert(0, headline)
    for text in left_out(blocks, lines):  # each block the extraction leaves out is logged too
        removed.append(element_removal("outside", EXTRACTION_RULE, text))
    doc = Document.from_lines(lines, source=source, url=url)
    doc.site = site
    doc.input_format = "html"
    doc.soft_breaks = soft_breaks(lines, breaks)
    doc.removed_elements = removed
    for key, value in page.items():
        if value:
            doc.capture(key, value)
    doc.flags += [flag for flag in parsed.flags if flag != "charset_mismatch"]
    note_declared_charset(doc, parsed.declared)
    return doc, page_text, encoding


LABEL_PASSES = 8
"""Labelling passes over what is still kept, so that cleaning is idempotent."""


def process(doc: Document, ruleset: RuleSet, config: Config = Config()) -> None:
    """Label every block of ``doc``: all stages but decoding and rendering.

    The site's rules run first; the generic rules and detectors then judge
    the blocks they left, as cleaning the output again would. Removing
    furniture can bring lines together that another rule then recognises
    (two captions around a removed widget); so labelling runs again over the
    kept blocks alone until nothing more goes (at most :data:`LABEL_PASSES`
    times). Repairs
    change the text the rules see, so when any was made, the kept blocks are
    labelled and repaired once more.
    """
    if doc.site is None:
        doc.site = ruleset.find_site(doc)
    disabled = doc.site.disable if doc.site else set()
    if doc.site:
        doc.site.apply(doc)  # the site's own furniture first: generic rules judge what it leaves
    label_until_stable(doc, ruleset, disabled)
    over_deletion_guard(doc, doc.site.id if doc.site else None)
    doc.capture("title", guess_title(doc))
    apply_caption_mode(doc, config.captions)
    run_repairs(doc, disabled)
    if doc.repairs:
        label_until_stable(doc, ruleset, disabled)
        apply_caption_mode(doc, config.captions)
        run_repairs(doc, disabled, count_evidence=False)


def label_until_stable(doc: Document, ruleset: RuleSet, disabled: set[str]) -> None:
    """Label the kept blocks, then again over what is still kept until a pass
    drops nothing more (:data:`LABEL_PASSES` at most). Later passes skip the
    rules that judge a line alone: their answer cannot change."""
    again = False
    for _ in range(LABEL_PASSES - 1):
        view = doc.kept_view()
        label(view, ruleset, disabled, again=again)
        again = True
        if len(view.kept()) == len(view.blocks):
            break  # nothing went: another pass would see the same document


def label(doc: Document, ruleset: RuleSet, disabled: set[str], again: bool = False) -> None:
    """One labelling pass: site rules, generic rules, detectors, context.
    ``again``: a later pass, which skips the rules that judge a line alone."""
    # a later pass skips the rules that judge a line alone: they would give the same answer
    if doc.site:
        doc.site.apply(doc, line_rules=not again)
    ruleset.generic.apply(doc, disabled, line_rules=not again)
    if doc.site:
        doc.capture("site_name", doc.site.name)
    doc.guessed_title = guess_title(doc)
    run_detectors(doc, disabled)
    between_furniture(doc)


def apply_caption_mode(doc: Document, mode: str) -> None:
    """``keep``: withdraw caption labels; ``meta``: list the dropped captions
    (blocks and removed elements) in ``doc.meta["captions"]``."""
    if mode == "keep":
        for block in doc.blocks:
            if block.reasons and all(r.kind == "caption" for r in block.reasons):
                block.reasons.clear()
    elif mode == "meta":
        captions = [e["text"] for e in doc.removed_elements if e["kind"] == "caption"]
        captions += [b.text for b in doc.blocks if b.reasons and b.reasons[0].kind == "caption"]
        doc.meta["captions"] = captions


TITLE_LINES = 4
"""Kept lines at the top of a document that may hold its headline."""


def guess_title(doc: Document) -> str:
    """The first kept block when it looks like a headline, after any bylines
    and date lines, and a feed's name above a headline
    (:func:`cleaner.detectors.feed_label`: ``News Digest 24``), among the
    top :data:`TITLE_LINES`; else ``""``.

    A headline (:func:`cleaner.detectors.looks_like_headline`) has at most
    25 words, does not end like a statement (``.:;…``, unless in Title
    Case), and is not a menu, a credit or copyright line or a web address.
    """
    top = doc.kept()[:TITLE_LINES]
    for index, block in enumerate(top):
        if byline_or_date(block.text):
            continue
        if feed_label(block.text) and index + 1 < len(top) and looks_like_headline(top[index + 1]):
            continue  # a newsletter or feed name above the headline
        return block.text if looks_like_headline(block) else ""
    return ""


def render(doc: Document) -> str:
    """Join the kept blocks, one paragraph each, separated by a blank line.
    In text input, the lines of a hard-wrapped paragraph (see
    :func:`cleaner.detectors.continues_line`) stay on consecutive lines, so
    that cleaning the output again judges them as the same paragraph; in
    HTML input, so do the lines a ``<br>`` breaks inside a paragraph (when
    the line before is kept)."""
    kept = [b for b in doc.blocks if not b.dropped]
    if not kept:
        return ""
    wrapped = doc.input_format == "text"
    parts = [kept[0].text]
    for previous, block in pairwise(kept):
        if wrapped:
            joined = continues_line(previous, block)
        else:
            joined = block.line in doc.soft_breaks and previous.line == block.line - 1
        parts.append(("\n" if joined else "\n\n") + block.text)
    return "".join(parts) + "\n"


def removed_spans(doc: Document) -> list[dict[str, Any]]:
    """Group dropped blocks into runs of consecutive blocks sharing a rule.

    Each entry gives the 1-based input line range, the kind, the rule id, every
    other rule that also fired, and the removed text (lines joined by newline).
    """
    spans: list[dict[str, Any]] = []
    texts: list[list[str]] = []  # each span's lines, joined at the end (linear in the run's length)
    also: list[set[str]] = []
    previous = None
    for block in doc.blocks:
        if not block.reasons:
            previous = None
            continue
        primary = block.reasons[0]
        if previous is not None and previous["rule"] == primary.rule:
            previous["lines"][1] = block.line
            texts[-1].append(block.text)
        else:
            previous = {"lines": [block.line, block.line], "kind": primary.kind, "rule": primary.rule, "also": []}
            spans.append(previous)
            texts.append([block.text])
            also.append(set())
        for reason in block.reasons[1:]:
            if reason.rule not in also[-1]:
                also[-1].add(reason.rule)
                previous["also"].append(reason.rule)
    for span, lines in zip(spans, texts, strict=True):
        span["text"] = "\n".join(lines)
    return spans


def metadata(
    doc: Document, text: str, output: str, encoding: str | None, ruleset: RuleSet, input_format: str = "text"
) -> dict[str, Any]:
    """The metadata dict for a processed document (JSON-serialisable):
    ``text`` is the decoded input, ``output`` the clean text."""
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
        "date": doc.meta.get("date"),
        "original_source": doc.meta.get("original_source"),
        "canonical_url": doc.meta.get("canonical_url"),
        "language": doc.meta.get("language"),
        "description": doc.meta.get("description"),
        "encoding": encoding,
        "input_format": input_format,
        "flags": sorted(set(doc.flags)),
        "removed": doc.removed_elements + removed_spans(doc),
        "repairs": doc.repairs,
        "translation_evidence": doc.meta.get("translation_evidence"),
        "stats": {
            "lines_in": doc.line_count,
            "blocks_in": len(doc.blocks),
            "blocks_out": len(kept),
            "chars_in": len(text),
            "chars_out": len(output),
        },
        "cleaner_version": __version__,
        "rules": rules,
        **({"captions": doc.meta["captions"]} if "captions" in doc.meta else {}),
        **({"encoding_declared": doc.meta["encoding_declared"]} if "encoding_declared" in doc.meta else {}),
    }
