"""The one record type that flows through the pipeline: a ``Document`` of ``Block``s.

Stages never delete a block; they attach ``Reason``s to it. Only rendering drops
text, so every removal can be explained, counted and undone.

>>> doc = Document.from_lines(["Title", "", "Body text."])
>>> [b.line for b in doc.blocks]
[1, 3]
>>> doc.blocks[0].drop("generic/example", "nav")
>>> [b.text for b in doc.kept()]
['Body text.']
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cleaner.shape import Shape

_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """Normalised form of a line for counting across documents: case-folded,
    digits to ``0``, spaces collapsed.

    >>> line_key("  26 Comments ") == line_key("3  comments")
    True
    """
    return " ".join(_DIGITS.sub("0", line.casefold()).split())


_LIST_BULLET = re.compile(r"^[\s\-*•·–—►▸»]+")


def recurring_key(line: str) -> str:
    """The form in which a line is compared across a site's documents: its
    exact words, case-folded, without a leading list bullet, spaces
    collapsed. Numbers count: ``day 400`` and ``day 401`` are different
    lines (a headline or sentence that only shares a template with others is
    not furniture), while a menu line written with and without a bullet is
    the same line.

    >>> recurring_key("- Home ") == recurring_key("•  home"), recurring_key("day 400") == recurring_key("day 401")
    (True, False)
    """
    return " ".join(_LIST_BULLET.sub("", line).casefold().split())


def line_hash(line: str) -> bytes:
    """An 8-byte hash of :func:`recurring_key`, stable across processes."""
    return hashlib.blake2b(recurring_key(line).encode("utf-8"), digest_size=8).digest()


KINDS: dict[str, str] = {
    "donation": "donation ladders, goals and appeals",
    "counter": "statistics and counter widgets",
    "share": "share bars and bare links to social-media posts",
    "comments": "comment widgets and reader comment threads",
    "footer": "site footers, RSS footers and truncated support lines",
    "credit": "repost credits (the source goes to metadata)",
    "caption": "image alt text and captions",
    "related": "related-link headers and lists",
    "title-repeat": "a later line repeating the title",
    "nav": "navigation, menus, account controls, interface buttons and notices, and the bare site name",
    "newsletter": "newsletter and subscription prompts",
    "cookie": "cookie and consent banners",
    "hidden": "elements the page hides (display:none, visibility:hidden, hidden, aria-hidden)",
    "media": "video-player controls and notices, galleries and slide decks",
    "byline": "bylines, author boxes and bios, and timestamps at the edges of the article",
    "meta": "lines whose value moved into metadata",
    "outside": "HTML blocks the article extractor left out of the main text (menus, sidebars, footers), no rule named",
    "repair": "site-specific text repairs (replace rules; nothing is removed)",
}
"""The closed set of removal kinds, with what each covers."""


def element_removal(kind: str, rule: str, text: str) -> dict[str, Any]:
    """The ``removed`` entry of an HTML element or block that went before or
    in the extraction: it has no input lines (text removals are grouped into
    entries with line ranges by :func:`cleaner.pipeline.removed_spans`).

    >>> element_removal("related", "generic/html-teaser-links", "Bridge to close")["lines"] is None
    True
    """
    return {"lines": None, "kind": kind, "rule": rule, "also": [], "text": text}


class Reason(NamedTuple):
    """Why a block was dropped: the rule id and its kind."""

    rule: str
    kind: str


@dataclass(slots=True)
class Block:
    """One paragraph of input: for text input, one non-blank line.

    ``line`` is the 1-based line number in the decoded input, ``raw`` the line as
    it was (indentation included) and ``text`` the normalised paragraph.
    """

    line: int
    raw: str
    text: str
    reasons: list[Reason] = field(default_factory=list)
    _shape: Shape | None = field(default=None, repr=False, compare=False)
    _shape_of: str | None = field(default=None, repr=False, compare=False)

    @property
    def dropped(self) -> bool:
        """True when any stage labelled this block for removal."""
        return bool(self.reasons)

    def drop(self, rule: str, kind: str) -> None:
        """Label the block for removal by ``rule`` (idempotent per rule)."""
        reason = Reason(rule, kind)
        if reason not in self.reasons:
            self.reasons.append(reason)

    @property
    def shape(self) -> Shape:
        """The :class:`~cleaner.shape.Shape` of the text (cached until the
        text changes; asked of every block in every labelling pass).

        >>> Block(1, "", "Two words").shape.words
        2
        """
        if self._shape_of is not self.text:
            self._shape, self._shape_of = Shape.of(self.text), self.text
        return self._shape

    @property
    def words(self) -> int:
        """Number of words (:func:`cleaner.shape.count_words`, cached)."""
        return self.shape.words


@dataclass
class Document:
    """A document being cleaned: its blocks plus everything learnt about it."""

    blocks: list[Block]
    source: str | None = None
    url: str | None = None
    line_count: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    site: Any = None  # the matched cleaner.rules.Site, if any
    repairs: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    removed_elements: list[dict[str, Any]] = field(default_factory=list)  # HTML elements removed before extraction
    input_format: str = "text"
    soft_breaks: frozenset[int] = frozenset()  # HTML: lines that go on the paragraph of the line before (<br>)
    repeated_lines: frozenset[bytes] = frozenset()  # line_hash values recurring across the site's batch
    guessed_title: str = ""  # the headline as the current labelling pass sees it
    shared: dict[str, Any] = field(default_factory=dict, repr=False)  # computed once, shared with kept views

    def stopwords(self) -> frozenset[str]:
        """The stop words of the document's language (guessed once per
        document, from the first 200 blocks kept when first asked; shared
        with its kept views; see :mod:`cleaner.language`)."""
        stops = self.shared.get("stopwords")
        if stops is None:
            from cleaner.language import guess_stoplist

            stops = self.shared["stopwords"] = guess_stoplist("\n".join(b.text for b in self.kept()[:200]))
        return stops

    @classmethod
    def from_lines(cls, lines: list[str], **kwargs: Any) -> Document:
        """Build a document with one block per non-blank line.

        >>> Document.from_lines(["  a  b ", "", "c"]).blocks[0].text
        'a b'
        """
        from cleaner.normalise import normalise_line

        texts = map(normalise_line, lines)
        numbered = zip(range(1, len(lines) + 1), lines, texts, strict=True)
        blocks = [Block(number, raw, text) for number, raw, text in numbered if text]
        return cls(blocks=blocks, line_count=len(lines), **kwargs)

    def kept(self) -> list[Block]:
        """Blocks no stage has labelled for removal."""
        return [b for b in self.blocks if not b.reasons]

    def titles(self) -> list[str]:
        """The title a rule captured and the headline guessed in this pass
        (either may be missing)."""
        return [t for t in (self.meta.get("title"), self.guessed_title) if t]

    def kept_view(self) -> Document:
        """A document of the kept blocks (the same objects, so labels made on
        the view land on this document) sharing its metadata and site."""
        return Document(
            blocks=self.kept(),
            source=self.source,
            url=self.url,
            line_count=self.line_count,
            meta=self.meta,
            site=self.site,
            flags=self.flags,
            input_format=self.input_format,
            repeated_lines=self.repeated_lines,
            shared=self.shared,
        )

    def capture(self, key: str, value: str) -> None:
        """Store a metadata value, its white space collapsed, unless an
        earlier stage already set it.

        >>> doc = Document(blocks=[]); doc.capture("title", " Council\\napproves  budget "); doc.meta["title"]
        'Council approves budget'
        """
        value = " ".join(value.split())
        if value and not self.meta.get(key):
            self.meta[key] = value
