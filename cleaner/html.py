"""HTML input: detection, decoding, safe parsing, element rules and
main-text extraction with trafilatura (page metadata: :mod:`cleaner.pagemeta`).

>>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
True
>>> looks_like_html("An article that mentions the <p> tag once.")
False
>>> tree, encoding = parse_html(b'<html><head><meta charset="latin-1"></head><body><p>caf\\xe9</p></body></html>')
>>> encoding, tree.findtext(".//p")
('iso8859-1', 'café')
"""

from __future__ import annotations

import codecs
import contextvars
import re
from typing import Any

import lxml.html
from lxml import etree

from cleaner.normalise import decode

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|br|a\s+href|body|head|script|span|table|li|meta|link|title)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def looks_like_html(data: str | bytes) -> bool:
    """True when the start of the input is HTML: a doctype or ``<html>`` tag,
    or at least three different common tags in the first 5,000 characters."""
    head = data[:5000].decode("utf-8", "replace") if isinstance(data, bytes) else data[:5000]
    if _HTML_START.match(head):
        return True
    return len({m.group(0).lower().rstrip(" />\t\n") for m in _HTML_TAGS.finditer(head)}) >= 3


def _known_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode HTML bytes: HTTP header charset, BOM, ``<meta charset>`` or
    ``http-equiv``, strict UTF-8, then chardet (the last three via
    :func:`cleaner.normalise.decode`)."""
    declared = _known_encoding(http_charset)
    if declared is None and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        match = _META_CHARSET.search(data[:8192])
        declared = _known_encoding(match.group(1).decode("ascii", "replace")) if match else None
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a wrong declaration: fall back to detection
    return decode(data)


# C0 controls other than tab and line breaks, and DEL: never valid in HTML, and
# lxml refuses them in text it moves. Single bytes in UTF-8, never inside a
# multi-byte sequence, so they are deleted from the encoded page.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
)
# Every element an HtmlElement, chosen in C: lxml.html's default lookup calls
# Python for each element object it creates, which the extractor's many XPath
# queries pay for (the special form and input classes are not needed here).
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction
    )
)


def parse_html(data: str | bytes, http_charset: str | None = None) -> tuple[lxml.html.HtmlElement, str | None]:
    """Parse HTML safely: no network access, no external entities or DTD
    loading (libxml2's HTML parser never loads them, and ``no_network`` bars
    fetching), no huge-tree mode (libxml2's depth and size limits stay on).

    Returns the tree and the encoding used (None for ``str`` input).
    """
    tree, _, encoding = parse_page(data, http_charset)
    return tree, encoding


def parse_page(data: str | bytes, http_charset: str | None = None) -> tuple[lxml.html.HtmlElement, str, str | None]:
    """:func:`parse_html`, also returning the decoded page."""
    if isinstance(data, bytes):
        text, encoding = decode_html(data, http_charset)
        if encoding == "utf-8":
            encoded = data  # valid UTF-8 as it is: no need to encode it again
        elif encoding == "utf-8-sig":
            encoded = data[len(codecs.BOM_UTF8) :]
        else:
            encoded = text.encode("utf-8", "replace")
    else:
        text, encoding = data, None
        encoded = text.encode("utf-8", "replace")
    try:
        tree = lxml.html.document_fromstring(encoded.translate(None, _CONTROL_BYTES), parser=_PARSER)
    except (etree.ParserError, ValueError):
        tree = lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    # never text: removing them up front keeps text lengths honest and the
    # extractor's tree copies small
    etree.strip_elements(tree, "script", "style", "noscript", "template", etree.Comment, with_tail=False)
    return tree, text, encoding


class Page:
    """A parsed HTML page with what the element rules share, computed once."""

    def __init__(self, tree: lxml.html.HtmlElement, screen: re.Pattern[str] | None = None) -> None:
        self.tree = tree
        self.screen = screen  # class/id keys it does not find match no classes rule (see literal_screen)
        self._class_index: list[tuple[lxml.html.HtmlElement, str]] | None = None
        self._text_length: int | None = None

    @classmethod
    def parse(cls, data: str | bytes) -> Page:
        """Parse a page (or a snippet) with :func:`parse_html`."""
        return cls(parse_html(data)[0])

    def class_index(self) -> list[tuple[lxml.html.HtmlElement, str]]:
        """Every element with a ``class`` or ``id`` (that the screen finds),
        with ``" <class> <id> "``."""
        if self._class_index is None:
            keys = ((e, f" {e.get('class') or ''} {e.get('id') or ''} ") for e in self.tree.xpath("//*[@class or @id]"))
            search = self.screen.search if self.screen is not None else None
            self._class_index = [(e, key) for e, key in keys if search is None or search(key.lower())]
        return self._class_index

    def text_length(self) -> int:
        """Characters of text in the page."""
        if self._text_length is None:
            self._text_length = len(self.tree.text_content())
        return self._text_length


MAIN_CONTENT_SHARE = 0.3
"""An element holding more than this share of a page's visible text (on pages
of 500 characters or more) is treated as main content, whatever its class
says."""


def holds_main_content(element: lxml.html.HtmlElement, page_chars: int) -> bool:
    """True when a generic element rule must leave the element alone: it is
    or contains the page's ``<article>``, ``<main>``, ``<h1>`` or
    ``itemprop="articleBody"``, or it holds more than
    :data:`MAIN_CONTENT_SHARE` of the page's visible text (an article wrapped
    in ``<div class="share-wrapper">``)."""
    if element.tag in ("html", "body", "article", "main", "h1"):
        return True
    if element.xpath("boolean(.//article | .//main | .//h1 | .//*[@itemprop='articleBody'])"):
        return True
    return page_chars >= 500 and len(element.text_content()) > MAIN_CONTENT_SHARE * page_chars


def extract_text(tree: lxml.html.HtmlElement, url: str | None) -> str:
    """Main text with trafilatura: no comments, tables and lists kept as text,
    one paragraph per line; trafilatura's own readability and jusText
    fallbacks run when its first pass finds too little (readability only
    where its result could be chosen: see :func:`readability_cannot_win`)."""
    import trafilatura

    shortcut = READABILITY_SHORTCUT and _install_readability_shortcut()
    token = _IN_EXTRACT_TEXT.set(shortcut)
    try:
        return (
            trafilatura.extract(
                tree, url=url, include_comments=False, include_tables=True, output_format="txt", deduplicate=False
            )
            or ""
        )
    finally:
        _IN_EXTRACT_TEXT.reset(token)


# --- trafilatura's readability comparison, skipped where it cannot change the result ---

READABILITY_SHORTCUT = True
"""Skip trafilatura's readability run on pages where its result provably
cannot be chosen (False: always run it, as trafilatura does)."""

_IN_EXTRACT_TEXT: contextvars.ContextVar[bool] = contextvars.ContextVar("cleaner_extract_text", default=False)
_SKIP_READABILITY: contextvars.ContextVar[bool] = contextvars.ContextVar("cleaner_skip_readability", default=False)
_SHORTCUT_STATE: dict[str, Any] = {}


def readability_cannot_win(raw_tree: lxml.html.HtmlElement, body: Any, text: str, options: Any) -> bool:
    """True when trafilatura (2.3) would keep its own extraction whatever
    readability returned, so readability need not run.

    In the default balanced mode trafilatura prefers readability's text only
    when its own is empty, when readability's is more than twice as long, or
    when readability's passes 2 × ``min_extracted_size`` and its own has no
    paragraph text or more tables than paragraphs. Readability returns part
    of the page it is given, plus ``VIDEO`` for each video iframe it keeps;
    so when twice the own text reaches the length of the whole page's text
    (trimmed as trafilatura trims), and its own text is non-empty and has
    paragraphs, none of those can hold. The jusText check that follows does
    not look at readability's result.
    """
    if options.focus != "balanced" or not text:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    page = etree.tostring(raw_tree, method="text", encoding="unicode")
    videos = 6 * sum(1 for _ in raw_tree.iter("iframe"))
    if len(page) + videos <= 2 * len(text):  # untrimmed is longer than trimmed: decided without trimming
        return True
    return len(" ".join(page.split())) + videos <= 2 * len(text)


def _install_readability_shortcut() -> bool:
    """Wrap trafilatura's ``compare_extraction`` and ``try_readability``
    (once per process) so that, inside :func:`extract_text` only, readability
    is skipped where :func:`readability_cannot_win`. Calls from anywhere else
    go through unchanged. Returns False, changing nothing, when the installed
    trafilatura does not have the shape this was written for."""
    if "installed" in _SHORTCUT_STATE:
        return _SHORTCUT_STATE["installed"]
    import inspect

    import trafilatura.core as core
    import trafilatura.external as external

    compare, try_readability = getattr(core, "compare_extraction", None), getattr(external, "try_readability", None)
    expected = ["cleaned_tree", "raw_tree", "body", "text", "options"]
    fits = (
        compare is not None
        and try_readability is not None
        and compare is getattr(external, "compare_extraction", None)
        and hasattr(external, "_prefer_readability")
        and list(inspect.signature(compare).parameters) == expected
    )
    if fits:

        def compare_extraction(cleaned_tree: Any, raw_tree: Any, body: Any, text: str, options: Any) -> Any:
            skip = _IN_EXTRACT_TEXT.get() and readability_cannot_win(raw_tree, body, text, options)
            token = _SKIP_READABILITY.set(skip)
            try:
                return compare(cleaned_tree, raw_tree, body, text, options)
            finally:
                _SKIP_READABILITY.reset(token)

        def skippable_readability(htmlinput: Any) -> Any:
            if _SKIP_READABILITY.get():
                _SHORTCUT_STATE["skipped"] = _SHORTCUT_STATE.get("skipped", 0) + 1
                return lxml.html.HtmlElement()  # empty: trafilatura keeps its own extraction
            return try_readability(htmlinput)

        core.compare_extraction = compare_extraction
        external.try_readability = skippable_readability
    _SHORTCUT_STATE["installed"] = fits
    return fits
