"""Changes to an HTML page's tree before extraction that keep content the
extractor would lose: formulas written in MathML and headlines that are
links. Also what the element rules need to know about an element: whether
its id is made from its own heading (a section anchor, not furniture).

>>> import lxml.html
>>> tree = lxml.html.fromstring('<div><p>When <math alttext="a \\\\neq 0"><mi>a</mi></math>, two roots.</p></div>')
>>> formulas_as_text(tree)
1
>>> tree.text_content()
'When a \\\\neq 0, two roots.'
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import lxml.html

from cleaner.model import element_removal
from cleaner.normalise import normalise_line
from cleaner.registry import Example, Labeller, mismatches

FORMULA_PLACEHOLDER = "[formula]"
"""Stands for a formula that has no text to give."""

_TEX_STYLE = re.compile(r"^\{\\(?:displaystyle|textstyle|scriptstyle)\s*(.*)\}$", re.S)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hidden(element: lxml.html.HtmlElement) -> bool:
    """The page hides the element: ``display:none`` or ``visibility:hidden``
    in its style, the ``hidden`` attribute, or ``aria-hidden="true"``.

    >>> hidden(lxml.html.fromstring('<span style="display: none">x</span>')), hidden(lxml.html.fromstring('<b>x</b>'))
    (True, False)
    """
    get = element.get
    return (
        get("hidden") is not None
        or get("aria-hidden") == "true"
        or bool(get("style") and _HIDDEN_STYLE.search(get("style")))
    )


def formula_text(math: lxml.html.HtmlElement) -> str:
    """The text of a MathML ``<math>``: its ``alttext``, else a TeX
    ``<annotation>``, else its symbols; without a ``{\\displaystyle ...}``
    wrapper. :data:`FORMULA_PLACEHOLDER` when it has none.

    >>> formula_text(lxml.html.fromstring('<math alttext="{\\\\displaystyle x^{2}}"><mi>x</mi></math>'))
    'x^{2}'
    >>> formula_text(lxml.html.fromstring('<math><mi>x</mi><mo>=</mo><mn>2</mn></math>'))
    'x = 2'
    """
    text = math.get("alttext") or ""
    if not text.strip():
        for annotation in math.iter("annotation"):
            if "tex" in (annotation.get("encoding") or "").lower():
                text = annotation.text_content()
                break
    if not text.strip():
        parts = [normalise_line(t) for t in math.itertext()]
        text = " ".join(p for p in parts if p)
    text = normalise_line(text)
    match = _TEX_STYLE.match(text)
    if match:
        text = match.group(1).strip()
    return text or FORMULA_PLACEHOLDER


def formulas_as_text(tree: lxml.html.HtmlElement) -> int:
    """Replace every MathML ``<math>`` by its :func:`formula_text`, so that
    ``When <math>…</math>, there are two solutions`` keeps its formula (the
    extractor drops the unknown element). A wrapper that only hides the
    formula for a fallback image (Wikipedia's ``display: none`` span) goes
    with it, so the hidden-element rule does not take the formula. Returns
    how many formulas were replaced."""
    maths = list(tree.iter("math"))
    for math in maths:
        text = formula_text(math)
        target = math
        parent = target.getparent()
        while parent is not None and hidden(parent) and not _other_text(parent, target):
            target, parent = parent, parent.getparent()
        if parent is None:
            continue
        span = lxml.html.HtmlElement()
        span.tag = "span"
        span.text = f" {text} " if math.get("display") == "block" else text
        span.tail = target.tail
        parent.replace(target, span)
    return len(maths)


def _other_text(parent: lxml.html.HtmlElement, child: lxml.html.HtmlElement) -> bool:
    """``parent`` holds text outside ``child``."""
    return len(parent.text_content().strip()) > len(child.text_content().strip()) + len((child.tail or "").strip())


def unlink_headlines(tree: lxml.html.HtmlElement) -> None:
    """Turn links inside ``<h1>`` headings into plain text (the extractor
    takes a heading that is all link for navigation and drops it; the
    headline is content).

    >>> tree = lxml.html.fromstring('<div><h1><a href="/story">Council passes budget</a></h1></div>')
    >>> unlink_headlines(tree); lxml.html.tostring(tree)
    b'<div><h1>Council passes budget</h1></div>'
    """
    for h1 in tree.iter("h1"):
        for link in list(h1.iter("a")):
            link.drop_tag()


_WORDS = re.compile(r"[^\W_]+")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def names_its_heading(element: lxml.html.HtmlElement) -> bool:
    """True when the element's ``id`` spells its own heading (the element is
    the heading, or a heading is among its first children or theirs): a
    section anchor made from the heading's text, as documentation generators
    and Markdown write them (``<div class="section"
    id="sharing-with-a-single-developer"><h2>Sharing with a single
    developer</h2>``). Such an id names content, whatever words it holds.

    >>> names_its_heading(lxml.html.fromstring('<div id="sharing-basics"><h2>Sharing basics ¶</h2><p>x</p></div>'))
    True
    >>> names_its_heading(lxml.html.fromstring('<div id="share-bar"><h2>Share this story</h2></div>'))
    False
    """
    anchor = _WORDS.findall((element.get("id") or "").lower())
    if len(anchor) < 2:
        return False
    heading = element if element.tag in HEADINGS else _first_heading(element)
    if heading is None:
        return False
    words = _WORDS.findall(heading.text_content().lower())
    return words[: len(anchor)] == anchor or [w for w in anchor if not w.isdigit()] == words[: len(anchor)]


def _first_heading(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """A heading among the first three children of ``element`` or of its
    first child (a section's title, not one deep inside it)."""
    for child in element[:3]:
        if child.tag in HEADINGS:
            return child
    if len(element) and element[0].tag not in HEADINGS:
        return next((c for c in element[0][:3] if c.tag in HEADINGS), None)
    return None


_WITH_ID = lxml.html.etree.XPath("//@id/parent::*")


def set_heading_anchors_aside(tree: lxml.html.HtmlElement) -> int:
    """Move each ``id`` that :func:`names_its_heading` to ``data-heading-id``,
    so that neither the element rules nor the extractor read a section's
    title as furniture (``sharing-with-a-single-developer`` holds the word
    of share bars). Returns how many were moved.

    >>> tree = lxml.html.fromstring('<div><div id="sharing-basics"><h2>Sharing basics</h2><p>x</p></div></div>')
    >>> set_heading_anchors_aside(tree), lxml.html.tostring(tree)[:60]
    (1, b'<div><div data-heading-id="sharing-basics"><h2>Sharing basic')
    """
    moved = 0
    for element in _WITH_ID(tree):
        if names_its_heading(element):
            element.set("data-heading-id", element.attrib.pop("id"))
            moved += 1
    return moved


_KEY_WORDS = re.compile(r"\w+")
KEY_WORDS = 3
"""Words on each side of a ``<br>`` that recognise it in the extracted text."""
KEY_CHARS = 80
"""Characters at the end or start of a line that hold its :data:`KEY_WORDS`."""


def _key(text: str, last: bool) -> tuple[str, ...]:
    words = _KEY_WORDS.findall(text.lower())
    return tuple(words[-KEY_WORDS:] if last else words[:KEY_WORDS])


def _text_before(br: lxml.html.HtmlElement) -> str:
    """The text before ``br`` inside its parent (its last words suffice)."""
    previous = br.getprevious()
    if previous is None:
        parent = br.getparent()
        return (parent.text or "") if parent is not None else ""
    tail = previous.tail or ""
    if len(_KEY_WORDS.findall(tail)) >= KEY_WORDS:
        return tail  # the words right before the break: no need to read the element before it
    return previous.text_content()[-KEY_CHARS:] + tail


def _text_after(br: lxml.html.HtmlElement) -> str:
    """The text after ``br`` inside its parent, up to the next ``<br>``."""
    text = br.tail or ""
    following = br.getnext()
    while following is not None and following.tag != "br" and len(text) < KEY_CHARS:
        for chunk in following.itertext():  # lazily: the element after may be long
            text += chunk
            if len(text) >= KEY_CHARS:
                return text
        text += following.tail or ""
        following = following.getnext()
    return text


def line_breaks(tree: lxml.html.HtmlElement) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The ``<br>`` that break a line inside a paragraph, each as the last
    words before it and the first words after it (lower case). Two or more
    ``<br>`` in a row make a paragraph break and are left out, and so is a
    ``<br>`` at the start or end of its paragraph.

    >>> sorted(line_breaks(lxml.html.fromstring('<p>12 Mill Lane<br>Northfield, NF2<br><br>Open daily</p>')))
    [(('12', 'mill', 'lane'), ('northfield', 'nf2'))]
    """
    found = set()
    for br in tree.iter("br"):
        following = br.getnext()
        if not (br.tail or "").strip() and following is not None and following.tag == "br":
            continue  # the first of two
        previous = br.getprevious()
        if previous is not None and previous.tag == "br" and not (previous.tail or "").strip():
            continue  # the second of two
        before, after = _key(_text_before(br), last=True), _key(_text_after(br), last=False)
        if before and after:
            found.add((before, after))
    return found


def soft_breaks(lines: list[str], breaks: set[tuple[tuple[str, ...], tuple[str, ...]]]) -> frozenset[int]:
    """The 1-based numbers of the ``lines`` of extracted text that a
    :func:`line_breaks` break separates from the line before (the line
    before ends with the words before it, the line starts with the words
    after it).

    >>> soft_breaks(["Town Museum", "12 Mill Lane", "Northfield, NF2", "Open daily"],
    ...     {(("12", "mill", "lane"), ("northfield", "nf2"))})
    frozenset({3})
    """
    if not breaks:
        return frozenset()
    ends = {before for before, _ in breaks}
    joined = set()
    for number in range(2, len(lines) + 1):
        before = _key(lines[number - 2][-KEY_CHARS:], last=True)
        if before in ends and (before, _key(lines[number - 1][:KEY_CHARS], last=False)) in breaks:
            joined.add(number)
    return frozenset(joined)


TEASER_RULE = "generic/html-teaser-links"
"""The id under which :func:`teaser_lists` removals are logged (a site
file can disable it)."""
_TEASER_ITEMS = (
    '<li><a href="/a">School roof repairs finished before term</a></li>'
    '<li><a href="/b">Bridge to close for two nights next week</a></li>'
    '<li><a href="/c">Farmers market returns to the square</a></li>'
)
TEASER_EXAMPLES = (
    Example(f"<div><p>Body of the story.</p><ul>{_TEASER_ITEMS}</ul></div>", drops=("li", "li", "li")),
    Example(
        '<p>After the <a href="/a">Tailhook convention in 1991</a>, after the <a href="/b">Aberdeen proving '
        'ground scandal</a> and the <a href="/c">academy scandal of 2003</a>.</p>'
    ),
    Example(
        '<ul><li><a href="#a">Section one of the guide</a></li><li><a href="#b">Section two of the guide</a></li>'
        '<li><a href="#c">Section three of the guide</a></li></ul>'
    ),
)
"""HTML snippets and the tags of the elements :func:`teaser_lists` must find in them."""


def teaser_failures() -> list[str]:
    """Run :data:`TEASER_EXAMPLES`; say which find other elements than expected."""

    def found(example: Example) -> list[str]:
        return [element.tag for run in teaser_lists(lxml.html.fromstring(example.text)) for element in run]

    return mismatches(TEASER_RULE, TEASER_EXAMPLES, found)


TEASER_LABELLER = Labeller(
    TEASER_RULE,
    "related",
    "element",
    "HTML teaser lists (cleaner/elements.py)",
    "Lists of three or more links to other stories of the site after the article (You may also like, card grids).",
    TEASER_EXAMPLES,
    check=teaser_failures,
)
"""The teaser-list test's entry in :func:`cleaner.registry.labellers`."""
TEASER_RUN = 3
"""Consecutive teaser links that make a list of other stories."""
TEASER_WORDS = 4
"""Words a teaser's link text has at least (a headline, not a menu entry)."""
TEASER_MAX_WORDS = 20
"""Words a teaser's link text has at most (a headline, not a card with a blurb)."""
_WORD = re.compile(r"\w")
_TEXT_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "span")
_BLOCKS = ("p", "li", "div", "h2", "h3", "h4", "h5", "article", "section", "dd", "dt", "span")


def _teaser_item(link: lxml.html.HtmlElement, site: str) -> lxml.html.HtmlElement | None:
    """The element a link to another page of the site stands for when it is
    all of it: the link, or the nearest block around it that holds nothing
    else (no text of its own, no other child but images); None for a link
    inside a sentence, one that is not a headline (a menu entry, a card with
    a heading and a blurb) or one that leaves the site (a list of sources).
    ``site`` is the page's host without ``www.`` (empty when unknown:
    only links with a host leave it)."""
    href = (link.get("href") or "").strip().lower()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    if "//" in href[:8] and not _same_site(href, site):
        return None
    words = link.text_content().split()
    if not TEASER_WORDS <= len(words) <= TEASER_MAX_WORDS:
        return None  # a menu entry, or a card with a blurb (often the page's own features)
    if sum(1 for block in link.iterdescendants(*_TEXT_BLOCKS) if (block.text or "").strip()) > 1:
        return None  # a heading and a blurb: a card
    item = link
    parent = link.getparent()
    while parent is not None and parent.tag in _BLOCKS and _holds_only(parent, item):
        item, parent = parent, parent.getparent()
    return item


def _same_site(href: str, site: str) -> bool:
    """An absolute link stays on the page's site (``site`` empty: it leaves it).

    >>> _same_site("https://www.example.com/a", "example.com"), _same_site("https://other.org/b", "example.com")
    (True, False)
    """
    from cleaner.rules import host_of

    host = host_of(href).removeprefix("www.")
    return bool(site) and (host == site or host.endswith("." + site) or site.endswith("." + host))


def _holds_only(parent: lxml.html.HtmlElement, child: lxml.html.HtmlElement) -> bool:
    """``parent`` has no text of its own and no child with text but ``child``."""
    if _WORD.search(parent.text or "") or _WORD.search(child.tail or ""):
        return False
    for other in parent:
        if other is not child and (other.tag not in ("img", "picture", "br") or _WORD.search(other.tail or "")):
            return False
    return True


_HEADLINE_LINKS = lxml.html.etree.XPath("//a[@href][string-length(normalize-space(.)) > 12]")
"""Links whose text could be a headline (selected in C: most links are menu entries)."""


def teaser_lists(tree: lxml.html.HtmlElement, url: str | None = None) -> list[list[lxml.html.HtmlElement]]:
    """Runs of :data:`TEASER_RUN` or more sibling elements that are each one
    link to another page of the site (``url``'s host; relative links) with a
    headline of :data:`TEASER_WORDS` to :data:`TEASER_MAX_WORDS` words and
    nothing else: lists of other stories ("You may also like", "More from
    News", card grids of related posts). Menus (short entries), tables of
    contents (links within the page), lists of sources (links to other
    sites), cards with a blurb and links inside sentences are not teasers.

    >>> page = lxml.html.fromstring('<div><p>Body of the story, with <a href="/x">a link in it</a>.</p>'
    ...     '<ul><li><a href="/a">School roof repairs finished before term</a></li>'
    ...     '<li><a href="/b">Bridge to close for two nights next week</a></li>'
    ...     '<li><a href="/c">Farmers market returns to the square</a></li></ul></div>')
    >>> [[e.tag for e in run] for run in teaser_lists(page)]
    [['li', 'li', 'li']]

    Links with words between them are inside a sentence, not a list:

    >>> teaser_lists(lxml.html.fromstring('<p>After the <a href="/a">Tailhook convention in 1991</a>, after the '
    ...     '<a href="/b">Aberdeen proving ground scandal</a> and the <a href="/c">academy scandal of 2003</a>.</p>'))
    []
    """
    from cleaner.rules import host_of

    site = host_of(url).removeprefix("www.")
    items = {}
    for link in _HEADLINE_LINKS(tree):
        item = _teaser_item(link, site)
        if item is not None and item.getparent() is not None:
            items[item] = True
    runs: list[list[lxml.html.HtmlElement]] = []
    seen: set[lxml.html.HtmlElement] = set()
    for item in items:
        if item in seen:
            continue
        run = [item]
        following = item.getnext()
        while following is not None and following in items and not _WORD.search(run[-1].tail or ""):
            run.append(following)
            following = following.getnext()
        seen.update(run)
        if len(run) >= TEASER_RUN:
            runs.append(run)
    return runs


def remove_teaser_lists(tree: lxml.html.HtmlElement, page_chars: int, url: str | None = None) -> list[dict[str, Any]]:
    """Remove the :func:`teaser_lists` that come after the article (after
    its last paragraph of :data:`ARTICLE_PARAGRAPH_WORDS` words or more)
    and return their ``removed`` entries (rule :data:`TEASER_RULE`, kind
    ``related``). Link lists before or among the article's paragraphs stay,
    as do all on a page without such a paragraph. On a page whose teaser
    lists hold more than :data:`cleaner.html.MAIN_CONTENT_SHARE` of the
    text, the links are the page's content (a link directory, a site map):
    nothing goes."""
    from cleaner.html import MAIN_CONTENT_SHARE

    runs = teaser_lists(tree, url)
    if runs:
        runs = _after_last_paragraph(tree, runs)
    texts = ["\n".join(normalise_line(e.text_content()) for e in run) for run in runs]
    if not runs or sum(map(len, texts)) > MAIN_CONTENT_SHARE * page_chars:
        return []
    for run in runs:
        for element in run:
            element.drop_tree()
    return [element_removal("related", TEASER_RULE, text) for text in texts]


ARTICLE_PARAGRAPH_WORDS = 25
"""Words outside links that make a ``<p>`` a paragraph of the article."""


def _after_last_paragraph(
    tree: lxml.html.HtmlElement, runs: list[list[lxml.html.HtmlElement]]
) -> list[list[lxml.html.HtmlElement]]:
    """The runs that start after the article's last paragraph: of the
    paragraphs of running text, those of the element that holds the most
    of their words (a footer's disclaimer paragraph is not the article's)."""
    paragraphs: dict[lxml.html.HtmlElement, list[tuple[lxml.html.HtmlElement, int]]] = {}
    for paragraph in tree.iter("p"):
        words = len(paragraph.text_content().split())
        if words >= ARTICLE_PARAGRAPH_WORDS:
            words -= sum(len(a.text_content().split()) for a in paragraph.iter("a"))
            if words >= ARTICLE_PARAGRAPH_WORDS:
                paragraphs.setdefault(paragraph.getparent(), []).append((paragraph, words))
    if not paragraphs:
        return []
    article = max(paragraphs.values(), key=lambda found: sum(words for _, words in found))
    last = article[-1][0]
    return [run for run in runs if _follows(run[0], last)]


def _follows(element: lxml.html.HtmlElement, other: lxml.html.HtmlElement) -> bool:
    """``element`` comes after ``other`` in the page, and is not inside it
    (found through their ancestors: no walk over the whole tree).

    >>> page = lxml.html.fromstring("<div><p>a</p><ul><li>b</li></ul></div>")
    >>> _follows(page.find(".//li"), page.find("p")), _follows(page.find("p"), page.find(".//li"))
    (True, False)
    """
    chain = [element, *element.iterancestors()]
    if other in chain:
        return False
    ancestors = {a: child for child, a in pairwise(chain)}  # ancestor -> its child on the way
    below = other
    for above in other.iterancestors():
        if above in ancestors:
            mine, theirs = ancestors[above], below
            return above.index(mine) > above.index(theirs)
        below = above
    return False


HEADLINE_LINES = 5
"""Lines at the top of the extracted text where the headline is looked for."""


def missing_headline(title: str | None, headlines: list[str], lines: list[str]) -> str | None:
    """The page's headline when the extracted text lacks it: the ``<h1>``
    (one of ``headlines``, the page's ``<h1>`` texts) that shows the page
    title from its metadata, when neither is among the first
    :data:`HEADLINE_LINES` non-blank lines of the text (the extractor keeps
    the main container and drops a headline that stands outside it). An
    ``<h1>`` shows the title when their words are the same, or when one holds
    the other's words and the shorter has three words or more (a title with
    the site's name after it, a headline with a kicker). None when the text
    has the headline, or the page has no such ``<h1>`` (a site's name or a
    slogan in the ``<h1>`` is not the article's headline).

    >>> missing_headline("Harbour wall raised", ["Harbour wall raised"], ["Body."])
    'Harbour wall raised'
    >>> missing_headline("Harbour wall raised - Coast Times", ["Harbour wall raised"], ["Body."])
    'Harbour wall raised'
    >>> missing_headline("Harbour wall raised", ["Harbour wall raised"], ["Harbour wall raised", "Body."])
    >>> missing_headline("Harbour wall raised", ["Coast Times"], ["Body."])
    """
    wanted = _word_key(title or "")
    if not wanted:
        return None
    top = [_word_key(line) for line in lines if line.strip()][:HEADLINE_LINES]
    for headline in headlines:
        key = _word_key(headline)
        shorter = min(key, wanted, key=len)
        if key == wanted or (len(shorter.split()) >= 3 and (key in wanted or wanted in key)):
            return None if any(wanted in line or key in line for line in top) else headline
    return None


def _word_key(text: str) -> str:
    """The words of ``text`` in lower case, one space apart.

    >>> _word_key("Harbour wall, raised!")
    'harbour wall raised'
    """
    return " ".join(_WORDS.findall(text.lower()))
