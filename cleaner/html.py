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
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from cleaner.normalise import Decoded, decode_bytes
from cleaner.registry import Example, Labeller, mismatches

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


def decode_html(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode HTML bytes by :func:`cleaner.normalise.decode_bytes`, with the
    HTTP header's charset and then the page's ``<meta charset>`` (or
    ``http-equiv``) as labels: a byte-order mark first, then bytes that are
    valid UTF-8 (and not plain ASCII) as UTF-8 whatever the labels say, then
    the first label that decodes the bytes, strict UTF-8, chardet.

    >>> decode_html('<meta charset="windows-1251"><p>café'.encode())
    Decoded(text='<meta charset="windows-1251"><p>café', encoding='utf-8', declared='cp1251')
    >>> decode_html('<p>café'.encode(), "iso-8859-1").encoding
    'utf-8'
    >>> decode_html('<meta charset="windows-1251"><p>Москва'.encode("cp1251")).encoding
    'cp1251'
    """
    match = _META_CHARSET.search(data[:8192])
    meta = match.group(1).decode("ascii", "replace") if match else None
    return decode_bytes(data, (http_charset, meta))


# C0 controls other than tab and line breaks, and DEL: never valid in HTML, and
# lxml refuses them in text it moves. Single bytes in UTF-8, never inside a
# multi-byte sequence, so they are deleted from the encoded page.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _make_parser(huge: bool) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=huge, recover=True
    )
    # Every element an HtmlElement, chosen in C: lxml.html's default lookup calls
    # Python for each element object it creates, which the extractor's many XPath
    # queries pay for (the special form and input classes are not needed here).
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction
        )
    )
    return parser


_PARSER = _make_parser(huge=False)
_HUGE_PARSER = _make_parser(huge=True)  # only for a page whose text runs go over libxml2's 10 MB limit


def parse_html(data: str | bytes, http_charset: str | None = None) -> tuple[lxml.html.HtmlElement, str | None]:
    """Parse HTML safely: no network access, no external entities or DTD
    loading (libxml2's HTML parser never loads them, and ``no_network`` bars
    fetching), no huge-tree mode (libxml2's depth and size limits stay on;
    a page over them is parsed again as :func:`parse_document` says).

    Returns the tree and the encoding used (None for ``str`` input).
    """
    page = parse_document(data, http_charset)
    return page.tree, page.encoding


def parse_page(data: str | bytes, http_charset: str | None = None) -> tuple[lxml.html.HtmlElement, str, str | None]:
    """:func:`parse_html`, also returning the decoded page."""
    page = parse_document(data, http_charset)
    return page.tree, page.text, page.encoding


@dataclass
class ParsedPage:
    """A parsed page: its tree, its decoded text, the encoding used (None
    for ``str`` input), the charset declared for it that its bytes
    contradicted (see :func:`decode_html`; else None), and the flags it
    earned (``charset_mismatch``, ``deep_nesting``)."""

    tree: lxml.html.HtmlElement
    text: str
    encoding: str | None
    declared: str | None = None
    flags: list[str] = field(default_factory=list)


def parse_document(data: str | bytes, http_charset: str | None = None) -> ParsedPage:
    """Decode and parse a page (see :func:`parse_html`).

    libxml2 stops at its limits and silently drops the rest of the page: a
    page nested deeper than 256 elements loses everything from there on,
    and one with a text run over 10 MB (between two tags) loses all of it.
    Neither is returned as it is. A page over the depth limit is parsed
    again with its elements below depth :data:`FLATTEN_DEPTH` flattened
    (:func:`flatten_deep`: their text kept, in paragraphs), and flagged
    ``deep_nesting``; a page with a huge text run is parsed again in
    libxml2's huge mode, for that page only.

    >>> deep = "<div>" * 300 + "<p>Deep text</p>" + "</div>" * 300 + "<p>After</p>"
    >>> page = parse_document(deep.encode())
    >>> page.tree.text_content(), page.flags
    ('Deep textAfter', ['deep_nesting'])
    """
    declared = None
    if isinstance(data, bytes):
        text, encoding, declared = decode_html(data, http_charset)
        if encoding == "utf-8":
            encoded = data  # valid UTF-8 as it is: no need to encode it again
        elif encoding == "utf-8-sig":
            encoded = data[len(codecs.BOM_UTF8) :]
        else:
            encoded = text.encode("utf-8", "replace")
    else:
        text, encoding = data, None
        encoded = text.encode("utf-8", "replace")
    tree, flattened = _parse_within_limits(encoded.translate(None, _CONTROL_BYTES))
    page = ParsedPage(tree, text, encoding, declared)
    if declared is not None:
        page.flags.append("charset_mismatch")
    if flattened:
        page.flags.append("deep_nesting")
    # never text: removing them up front keeps text lengths honest and the
    # extractor's tree copies small
    etree.strip_elements(page.tree, "script", "style", "noscript", "template", etree.Comment, with_tail=False)
    for parent in [e for e in page.tree.iter() if len(e) >= MERGE_CHILDREN]:
        merge_inline_children(parent)
    return page


MERGE_CHILDREN = 5_000
"""An element with this many children or more has its plain inline
children merged into its text (see :func:`merge_inline_children`)."""

# Inline elements the extractor strips anyway (trafilatura's manually stripped
# tags, and <span>, which it strips inside paragraphs): merging their text
# changes no extracted word. Bold and italics are kept: the extractor marks them.
_MERGEABLE = {*"span font small big abbr acronym cite data dfn ins mark bdi bdo nobr".split()}


def merge_inline_children(parent: lxml.html.HtmlElement) -> None:
    """Replace the childless :data:`_MERGEABLE` children of ``parent`` by
    their text, in one pass, so that each run of text becomes one text node.

    Stripping such tags later (as the extractor does) would leave a text
    node per former tag, and lxml reads adjacent text nodes by repeated
    concatenation: a paragraph of 300,000 ``<span>`` words took minutes,
    quadratic in their number. Only elements with :data:`MERGE_CHILDREN`
    children or more are merged, which no ordinary page has.

    >>> p = lxml.html.fragment_fromstring("<p>a <span>b</span> c<b>d</b><span>e</span>f</p>")
    >>> merge_inline_children(p); lxml.html.tostring(p)
    b'<p>a b c<b>d</b>ef</p>'
    """
    pieces = [parent.text or ""]
    kept = None  # the last child left in place: the text after it is its tail
    for child in list(parent):
        if isinstance(child.tag, str) and child.tag in _MERGEABLE and len(child) == 0:
            pieces += (child.text or "", child.tail or "")
            parent.remove(child)
            continue
        _set_text_before(parent, kept, "".join(pieces))
        pieces, kept = [child.tail or ""], child
    _set_text_before(parent, kept, "".join(pieces))


def _set_text_before(parent: lxml.html.HtmlElement, kept: lxml.html.HtmlElement | None, text: str) -> None:
    """Set the text that follows ``kept`` (its tail), or starts ``parent`` when None."""
    if kept is None:
        parent.text = text or None
    else:
        kept.tail = text or None


FLATTEN_DEPTH = 200
"""Elements nested deeper than this are flattened when a page goes over
libxml2's depth limit (256): see :func:`flatten_deep`."""


def _parse_within_limits(encoded: bytes) -> tuple[lxml.html.HtmlElement, bool]:
    """Parse UTF-8 bytes, again as :func:`parse_document` says when libxml2
    stopped at a limit; also return whether the page was flattened."""
    tree, limit = _parse(encoded)
    if limit != "depth":
        return tree, False
    for depth in (FLATTEN_DEPTH, 0):  # 0, should the estimate of the depth fall short: no nesting left
        tree, limit = _parse(flatten_deep(encoded, depth))
        if limit != "depth":
            break
    return tree, True


def _parse(encoded: bytes) -> tuple[lxml.html.HtmlElement, str | None]:
    """Parse, in huge mode when the page has a text run over libxml2's
    limit; also return the limit the parse stopped at (see
    :func:`_resource_limit`)."""
    for parser in (_PARSER, _HUGE_PARSER):
        try:
            tree = lxml.html.document_fromstring(encoded, parser=parser)
        except (etree.ParserError, ValueError):
            tree = lxml.html.document_fromstring("<html><body></body></html>", parser=parser)
        limit = _resource_limit(parser)
        if limit != "size":
            break
    return tree, limit


def _resource_limit(parser: lxml.html.HTMLParser) -> str | None:
    """'depth' or 'size' when the last parse stopped at one of libxml2's
    limits (the rest of the page is then missing), else None."""
    for error in parser.error_log.filter_from_fatals():
        if error.type_name == "ERR_RESOURCE_LIMIT":
            return "depth" if "depth" in error.message.lower() else "size"
    return None


_TOKEN = re.compile(rb"""<!--|<(/?)([A-Za-z][^\s/>]*)[^>"'<]*(?:(?:"[^"]{0,8192}"|'[^']{0,8192}')[^>"'<]*)*>""")
_RAW_TEXT = {b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"}
_VOID = {
    *(
        b"area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr"
    ).split()
}
_BLOCK = {
    *(
        b"address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
        b"figure footer form h1 h2 h3 h4 h5 h6 header hgroup html li main menu nav ol p pre section summary table "
        b"tbody td tfoot th thead tr ul"
    ).split()
}
# start tags that close an open <p> (HTML5's "close a p element"), and the
# elements that hide a <p> from them (button scope)
_CLOSES_P = (_BLOCK - {b"body", b"html", b"caption", b"tbody", b"td", b"tfoot", b"th", b"thead", b"tr"}) | {b"xmp"}
_P_SCOPE = {b"applet", b"button", b"caption", b"html", b"marquee", b"object", b"table", b"td", b"template", b"th"}
# libxml2's end-tag priorities: an end tag does not close an element with a
# higher priority on its way (</span> leaves an open <div> open)
_END_PRIORITY = {b"div": 150, b"td": 160, b"th": 160, b"tr": 170, b"thead": 180, b"tbody": 180, b"tfoot": 180}
_END_PRIORITY |= {b"table": 190, b"head": 200, b"body": 200, b"html": 220}


def flatten_deep(data: bytes, depth: int) -> bytes:
    """The page with every element nested deeper than ``depth`` flattened:
    its tags removed, a paragraph break (``<p>``) where a block element
    (``div``, ``p``, ``li``, ``td`` ...) started or ended, its text kept.
    Comments go; scripts and styles below ``depth`` go whole. Nesting is
    estimated from the tags as libxml2 reads them (void elements do not
    nest; an end tag closes the elements opened after its own, unless one
    of a higher rank is in the way); where the estimate errs, it errs
    towards more depth. A block start tag closes an open ``<p>`` as in
    HTML5 (an explicit ``</p>`` is written for libxml2, which would nest
    the next paragraph in it when a ``<font>`` or other inline element is
    left open).

    >>> flatten_deep(b"<div><div><b>bold</b><p>one</p>two</div></div><p>end</p>", 1)
    b'<div><p>bold<p>one<p>two</div><p>end</p>'
    """
    lower = data.lower()
    out: list[bytes] = []
    stack = _OpenElements()  # flattened ones too
    position = 0
    pending = False  # a paragraph break in the flattened part, not yet written
    while (match := _TOKEN.search(data, position)) is not None:
        text = data[position : match.start()]
        if pending and len(stack) >= depth and text.strip():
            out.append(b"<p>")
            pending = False
        out.append(text)
        position = match.end()
        if match.group(0) == b"<!--":
            end = data.find(b"-->", position)
            position = len(data) if end == -1 else end + 3
            continue
        closing, name = match.group(1), lower[match.start(2) : match.end(2)]
        deep = len(stack) >= depth
        if closing:
            index = stack.closed_by(name)
            if index is None:
                continue  # closes nothing: libxml2 ignores it too
            if index >= depth:
                pending = pending or name in _BLOCK
            else:
                out.append(match.group(0))
                pending = False
            stack.close(index)
        elif name in _RAW_TEXT:
            end = lower.find(b"</" + name, position)
            end = len(data) if end == -1 else (data.find(b">", end) + 1 or len(data))
            if not deep:
                out.append(data[match.start() : end])
            position = end
        elif name in _VOID:
            out.append(match.group(0))
        else:
            if name in _CLOSES_P and (index := stack.open_p()) is not None:
                if index < depth:
                    out.append(b"</p>")  # as HTML5 parsers do; libxml2 would nest the paragraphs
                stack.close(index)
                deep = len(stack) >= depth
            if deep:
                pending = pending or name in _BLOCK
            else:
                out.append(match.group(0))
            stack.open(name)
    out.append(data[position:])
    return b"".join(out)


class _OpenElements:
    """The open elements as :func:`flatten_deep` estimates them, with the
    index of the innermost open element of each name and of each end-tag
    rank, so that finding what a tag closes takes constant time (a page of
    100,000 nested elements is a case to handle, not an exception).

    >>> stack = _OpenElements()
    >>> for name in (b"div", b"span", b"b"):
    ...     stack.open(name)
    >>> stack.closed_by(b"span"), stack.closed_by(b"i"), len(stack)
    (1, None, 3)
    >>> stack.close(1); len(stack), stack.closed_by(b"div")
    (1, 0)
    """

    def __init__(self) -> None:
        self.names: list[bytes] = []
        self.where: dict[bytes, list[int]] = {}  # name -> indexes, innermost last
        self.ranked: dict[int, list[int]] = {}  # end-tag rank above 100 -> indexes
        self.scopes: list[int] = []  # indexes of elements that hide a <p> (see _P_SCOPE)

    def __len__(self) -> int:
        return len(self.names)

    def open(self, name: bytes) -> None:
        index = len(self.names)
        self.names.append(name)
        self.where.setdefault(name, []).append(index)
        rank = _END_PRIORITY.get(name, 100)
        if rank > 100:
            self.ranked.setdefault(rank, []).append(index)
        if name in _P_SCOPE:
            self.scopes.append(index)

    def close(self, index: int) -> None:
        """Close the element at ``index`` and every element inside it."""
        for name in reversed(self.names[index:]):
            self.where[name].pop()
            rank = _END_PRIORITY.get(name, 100)
            if rank > 100:
                self.ranked[rank].pop()
        while self.scopes and self.scopes[-1] >= index:
            self.scopes.pop()
        del self.names[index:]

    def closed_by(self, name: bytes) -> int | None:
        """The index of the element an end tag ``name`` closes: the
        innermost open one, unless an element of a higher end-tag rank is
        open inside it (then libxml2 ignores the end tag: ``</span>`` does
        not close ``<span><div>``); None when it closes nothing."""
        found = self.where.get(name)
        if not found:
            return None
        index, rank = found[-1], _END_PRIORITY.get(name, 100)
        if any(indexes and indexes[-1] > index for higher, indexes in self.ranked.items() if higher > rank):
            return None
        return index

    def open_p(self) -> int | None:
        """The index of an open ``<p>`` that a block start tag closes (one
        not hidden by a table cell, button and the like), or None."""
        found = self.where.get(b"p")
        if not found or (self.scopes and self.scopes[-1] > found[-1]):
            return None
        return found[-1]


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


def holds_main_content_together(elements: list[lxml.html.HtmlElement], page_chars: int) -> bool:
    """True when ``elements`` (the outermost of them) hold more than
    :data:`MAIN_CONTENT_SHARE` of the page's text between them, on a page of
    500 characters or more.

    >>> page = lxml.html.fromstring("<div>" + "<p>slide caption</p>" * 20 + "<p>article text</p>" * 20 + "</div>")
    >>> slides, chars = page.findall("p")[:20], len(page.text_content())
    >>> holds_main_content_together(slides, chars), holds_main_content_together(slides[:5], chars)
    (True, False)
    """
    if page_chars < 500 or not elements:
        return False
    chosen = set(elements)
    outermost = [e for e in elements if not any(a in chosen for a in e.iterancestors())]
    return sum(len(e.text_content()) for e in outermost) > MAIN_CONTENT_SHARE * page_chars


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


# --- what the extraction leaves out, for the removed entries ---------------------------

EXTRACTION_RULE = "generic/html-outside-main-text"
"""The id under which the blocks the extraction left out are logged."""
_TEXT_BLOCKS = frozenset(tag.decode() for tag in _BLOCK) - {"html"}
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title"})


_BREAKS = frozenset({"br", "wbr", "hr"})
STRETCH = "\x00"
"""Separates the stretches of a block's own text in :func:`block_texts`."""


def block_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """The texts of the page's block elements (``p``, ``li``, ``div``,
    ``td``, ``h2`` ...), a block before the blocks inside it: each block's
    own text as it stands in the page, its stretches around the blocks
    inside it separated by :data:`STRETCH` (a ``div`` with text, then
    paragraphs, then text has two); a ``<br>`` is a space; empty ones left
    out.

    >>> tree = lxml.html.fromstring("<div>Menu <a href='/'>Home</a><p>Body <b>text</b>.</p>Footer<br>Links</div>")
    >>> [text.split(STRETCH) for text in block_texts(tree)]
    [['Menu Home', 'Footer Links'], ['Body text.']]
    """
    texts = []
    blocks, skipped = _TEXT_BLOCKS, _NOT_TEXT
    for element in tree.iter(*blocks):
        parts = [element.text or ""]
        for child in element:
            tag = child.tag
            if tag.__class__ is not str or tag in skipped:
                pass  # a comment, a script or a style: no text
            elif tag in blocks:
                parts.append(STRETCH)  # the block inside has its own entry
            else:
                parts.append(" " if tag in _BREAKS else child.text_content())
            parts.append(child.tail or "")
        text = STRETCH.join(part.strip() for part in "".join(parts).split(STRETCH) if part.strip())
        if text:
            texts.append(text)
    return texts


LEFT_OUT_WINDOW = 20_000
"""Characters after the last block found in which the next block's text is
looked for first (blocks and extracted text come in the same order)."""


def left_out(blocks: list[str], lines: list[str]) -> list[str]:
    """The runs of consecutive ``blocks`` whose text is not in the
    extracted text's ``lines`` (one string per run, its blocks normalised, on
    separate lines): what the extraction left out. Texts are compared
    without spaces (extractors space inline text apart), normalised where
    they are not ASCII.

    A block is found when it is a whole line of the extracted text, or
    within :data:`LEFT_OUT_WINDOW` characters after the last block found,
    or anywhere in the text while the searches have read less than twenty
    times its length: so the time stays linear in the page (a page of
    300,000 ``<div>`` lines is one pass), and a block past that budget and
    outside the window is logged as left out.

    >>> left_out(["Home  News", "Body text.", "Share", "Footer"], ["Headline", "Body text."])
    ['Home News', 'Share\\nFooter']
    """
    from cleaner.normalise import normalise_line

    keys = ["".join(normalise_line(line).split()) for line in lines]
    found = "".join(keys)
    starts: dict[str, int] = {}
    position = 0
    for key in keys:
        starts.setdefault(key, position)
        position += len(key)
    budget = 20 * len(found) + 1_000_000
    cursor = 0
    runs: list[list[str]] = []
    previous_out = False
    for text in (stretch for block in blocks for stretch in block.split(STRETCH)):
        key = "".join(text.split())
        if not key.isascii():
            key = normalise_line(key)
        at = starts.get(key, -1)
        if at < 0:
            at = found.find(key, cursor, cursor + len(key) + LEFT_OUT_WINDOW)
        if at < 0 and budget > 0:
            budget -= len(found)
            at = found.find(key)
        if at >= 0:
            cursor = at + len(key)
        out = at < 0
        if out:
            line = normalise_line(" ".join(text.split()))
            if previous_out:
                runs[-1].append(line)
            else:
                runs.append([line])
        previous_out = out
    return ["\n".join(run) for run in runs]


_ARTICLE = (
    "<article><h1>Council approves budget</h1>"
    + (
        "<p>The city council approved the new budget on Monday evening after a four-hour debate about school "
        "funding and road repairs.</p><p>Members voted nine to four to raise spending on repairs by ten percent "
        "over the next two years, the first increase since 2019.</p>"
    )
    + "</article>"
)
EXTRACTION_EXAMPLES = (
    Example(
        "<html><body><div>Springfield Daily</div><div><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"{_ARTICLE}<div>Printed by the Springfield press</div></body></html>",
        drops=("Springfield Daily\nHome News", "Printed by the Springfield press"),
    ),
    Example(f"<html><body>{_ARTICLE}</body></html>"),
)
"""Pages and the ``removed`` texts the extraction must log for them."""


def extraction_failures() -> list[str]:
    """Clean :data:`EXTRACTION_EXAMPLES`; say where the logged left-out
    texts differ from the expected ones."""
    from cleaner.pipeline import clean

    def logged(example: Example) -> list[str]:
        removed = clean(example.text, input_format="html").metadata["removed"]
        return [entry["text"] for entry in removed if entry["rule"] == EXTRACTION_RULE]

    return mismatches(EXTRACTION_RULE, EXTRACTION_EXAMPLES, logged)


EXTRACTION_LABELLER = Labeller(
    EXTRACTION_RULE,
    "outside",
    "element",
    "HTML extraction (cleaner/html.py)",
    "Blocks of the page that trafilatura's extraction leaves out of the main text and no rule removed before "
    "it: logged with their text, runs of adjacent blocks together.",
    EXTRACTION_EXAMPLES,
    check=extraction_failures,
)
"""The extraction's entry in :func:`cleaner.registry.labellers`."""


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
