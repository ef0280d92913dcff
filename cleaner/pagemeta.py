"""Page metadata of HTML input: title, author(s), publication date, site
name, language, canonical URL and description, read from the page's own
markup.

Sources, in order of preference for each field:

1. JSON-LD (``<script type="application/ld+json">``): the ``Article`` kinds
   (``NewsArticle``, ``BlogPosting``, ``Report`` ...), also inside
   ``@graph`` and lists, then ``WebPage`` and ``WebSite`` objects;
2. Dublin Core, Open Graph, Twitter and other ``<meta>`` tags (a
   ``property`` may hold several space-separated names, as RDFa allows);
3. microdata (``itemprop="author"``, ``itemprop="datePublished"``),
   ``<time pubdate>``, ``<a rel="author">`` and visible bylines
   (elements whose class or id names a byline or an author);
4. for the title, the ``<title>`` and the page's headings; for the date, a
   date in the URL's path (``/2019/04/28/``), then the first ``<time
   datetime>`` or hAtom ``<abbr class="published" title>`` of the page.
   (htmldate's fast mode, trafilatura's date library, was measured for this
   and left out: 6.7 ms a page on the readability pages and about 12 on the
   cleaneval pages, where nothing else finds a date, for none of the expected
   dates the sources above miss; see ``scripts/eval_metadata.py --htmldate``.)

A value that is a URL (or a ``@handle``) is never taken where a name is
expected (author, site name). A site-name part of the title (``Headline -
BBC News``) goes.

>>> from cleaner.html import parse_page
>>> tree, text, _ = parse_page('''<html lang="en"><head><title>Budget passes | Daily Example</title>
... <meta property="og:site_name" content="Daily Example">
... <meta name="author" content="https://example.com/staff/jane">
... <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-04T18:00:00Z",
...   "author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", "name": "John Doe"}]}</script>
... </head><body><h1>Budget passes</h1><p>Text.</p></body></html>''')
>>> meta = page_metadata(tree, text)
>>> meta["title"], meta["author"], meta["date"], meta["site_name"], meta["language"]
('Budget passes', 'Jane Roe; John Doe', '2024-03-04T18:00:00Z', 'Daily Example', 'en')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from cleaner.normalise import normalise_line

# --- JSON-LD ---------------------------------------------------------------------------

_JSON_LD_OPEN = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>", re.I)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "Review",
        "Recipe",
        "HowTo",
        "Blog",
        "VideoObject",
        "Podcastepisode",
    )
)
"""schema.org types whose ``headline``, ``author`` and ``datePublished`` are
the page's own."""
PAGE_TYPES = frozenset(("webpage", "itempage", "aboutpage", "profilepage", "collectionpage", "qapage", "faqpage"))


def json_ld_objects(page: str) -> list[dict[str, Any]]:
    """Every JSON object of the page's JSON-LD scripts, ``@graph`` members and
    list items flattened out; scripts that are not valid JSON are skipped.

    >>> page = '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "X"}]}</script>'
    >>> json_ld_objects(page)
    [{'@graph': [{'@type': 'WebSite', 'name': 'X'}]}, {'@type': 'WebSite', 'name': 'X'}]
    """
    objects: list[dict[str, Any]] = []
    for script in _json_ld_scripts(page):
        try:
            data = json.loads(_CDATA.sub("", script.strip()), strict=False)
        except ValueError:
            continue
        objects.extend(_flatten(data))
    return objects


def _json_ld_scripts(page: str) -> Iterator[str]:
    """The text of each ``<script type="application/ld+json">`` (found with
    string search: a regular expression over a whole page costs more).

    >>> list(_json_ld_scripts('<link type="application/ld+json"><script type="application/ld+json">{}</script>'))
    ['{}']
    """
    at = page.find("ld+json")
    while at != -1:
        start = max(page.rfind("<script", 0, at), page.rfind("<SCRIPT", 0, at))
        open_end = page.find(">", at)
        end = page.find("</script", open_end)
        if end == -1:
            end = page.find("</SCRIPT", open_end)
        if start != -1 and open_end != -1 and end != -1 and _JSON_LD_OPEN.fullmatch(page, start, open_end + 1):
            yield page[open_end + 1 : end]
            at = page.find("ld+json", end)
        else:
            at = page.find("ld+json", at + 1)


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds}


def _names(value: Any) -> list[str]:
    """Names in a JSON-LD ``author`` or ``publisher`` value: strings, objects
    with a ``name``, or lists of them.

    >>> _names([{"@type": "Person", "name": "Jane Roe"}, "John Doe", {"@id": "#x"}])
    ['Jane Roe', 'John Doe']
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if isinstance(name, str | list) else []
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item)]
    return []


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id") or ""
    return normalise_line(str(value)) if isinstance(value, str | int | float) else ""


def json_ld_fields(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """Title, authors, date, site name, language, URL and description from
    JSON-LD objects: the first article-kind object's, else a web page's; the
    site name from the article's ``publisher``, else a ``WebSite``'s
    ``name``.

    >>> json_ld_fields([{"@type": "WebSite", "name": "Example"},
    ...     {"@type": "NewsArticle", "headline": "Rates rise", "author": {"name": "Jane Roe"}}])["titles"]
    ['Rates rise']
    """
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    pages = [o for o in objects if _types(o) & PAGE_TYPES]
    sites = [o for o in objects if "website" in _types(o) or "organization" in _types(o)]
    main = articles[0] if articles else (pages[0] if pages else {})
    publisher = _names(main.get("publisher"))
    return {
        "titles": [t for t in (_text(main.get("headline")), _text(main.get("name"))) if t],
        "authors": [normalise_line(n) for n in _names(main.get("author"))],
        "creators": [normalise_line(n) for n in _names(main.get("creator"))],
        "date": _text(main.get("datePublished") or main.get("dateCreated")),
        "site_name": normalise_line(publisher[0]) if publisher else _text(sites[0].get("name")) if sites else "",
        "language": _text(main.get("inLanguage")),
        "url": _text(main.get("url")) if articles else "",
        "description": _text(main.get("description")),
    }


# --- meta tags -------------------------------------------------------------------------

_DC_PREFIX = re.compile(r"^(?:dc|dcterms?)[.:]")


def meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta>`` names (``property``, ``name``, ``itemprop`` and
    ``http-equiv``, lower-cased; each of several space-separated names) ->
    the first non-empty ``content``. Dublin Core prefixes (``DC.``, ``dc:``,
    ``dcterms.``, ``dcterm:``) become ``dc:``.

    >>> tree = lxml.html.fromstring('<html><head><meta property="x:title DC.Title" content="T">'
    ...     '<meta name="author" content=" "><meta name="author" content="A"></head></html>')
    >>> meta_values(tree)
    {'x:title': 'T', 'dc:title': 'T', 'author': 'A'}
    """
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        add_meta(values, element)
    return values


def add_meta(values: dict[str, str], element: lxml.html.HtmlElement) -> None:
    """Add one ``<meta>``'s names and content to ``values`` (see :func:`meta_values`)."""
    content = element.get("content")
    if not content or not content.strip():
        return
    content = normalise_line(content)
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        for name in (element.get(attribute) or "").lower().split():
            values.setdefault(_DC_PREFIX.sub("dc:", name), content)


def _first(values: dict[str, str], keys: tuple[str, ...], accept: Any = bool) -> str:
    return next((values[k] for k in keys if k in values and accept(values[k])), "")


TITLE_KEYS = ("dc:title", "og:title", "twitter:title", "title", "sailthru.title", "parsely-title", "citation_title")
AUTHOR_KEYS = (
    "dc:creator",
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "dc:contributor",
)
DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc:date.issued",
    "dc:issued",
    "dc:created",
    "dc:date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "article.published",
    "published_time",
)
SITE_KEYS = ("og:site_name", "application-name", "dc:publisher")
DESCRIPTION_KEYS = ("description", "og:description", "dc:description", "twitter:description")


# --- names -----------------------------------------------------------------------------

_URL = re.compile(r"^(?:(?:https?|ftp|mailto):|//|www\.)|^\S+\.[a-z]{2,}/\S", re.I)
_DOMAIN_OR_HANDLE = re.compile(r"^\S+\.[a-z]{2,}$|^@\w", re.I)
_BY = re.compile(
    r"^(?:(?:written|posted|published|reported|story|text|words|photos?|and)\s+)?"
    r"(?:by|von|par|por|di|door|de|av|af|przez|от|автор|author|autor|auteur|autore|text|texte)\b\s*:?\s*",
    re.I,
)
MAX_NAME_CHARS = 120
MAX_NAME_WORDS = 12


def name_value(value: str, person: bool = True) -> str:
    """A person's or organisation's name as given, on one line, without a
    leading ``By`` (or ``Par``, ``Von``, ``Author:`` ...); ``""`` when the
    value is a URL or too long to be a name, and, for a ``person``, a bare
    domain or a ``@handle`` (a site may be called ``Factorio.com``).

    >>> name_value("By Jane Roe"), name_value("Par Sébastien Farcis"), name_value("Author: Ann Lee")
    ('Jane Roe', 'Sébastien Farcis', 'Ann Lee')
    >>> name_value("http://www.example.fr/auteur/2005-afp"), name_value("@BBCWorld"), name_value("example.com/jane")
    ('', '', '')
    >>> name_value("By\\n  Joshua Sokol\\n\\n  May 20, 2019"), name_value("Factorio.com", person=False)
    ('Joshua Sokol', 'Factorio.com')
    """
    lines = [" ".join(line.split()) for line in value.splitlines()]
    value = next((line for line in (_BY.sub("", x).strip(" ,;:|-–—·") for x in lines) if line), "")
    value = normalise_line(value)
    if not value or _URL.search(value) or (person and _DOMAIN_OR_HANDLE.search(value)):
        return ""
    if len(value) > MAX_NAME_CHARS or len(value.split()) > MAX_NAME_WORDS:
        return ""
    return value if any(c.isalpha() for c in value) else ""


def join_names(names: list[str]) -> str:
    """Distinct names joined with ``; `` (case-insensitively distinct).

    >>> join_names(["Jane Roe", "jane roe", "John Doe"])
    'Jane Roe; John Doe'
    """
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return "; ".join(seen.values())


# --- bylines in the page ---------------------------------------------------------------

_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:by-?line|author|authors|writer|creator|auteur|autor|autore)(?:$|[\s_-])", re.I
)
_NOT_BYLINE_CLASS = re.compile(r"bio|box|about|avatar|photo|image|img|description|comment|reply|more|other", re.I)
_BYLINE_KEY = re.compile(r"yline|uthor|writer|creator|auteur|autor", re.I)


_NAMING_ATTRIBUTES = lxml.html.etree.XPath("//@class | //@id | //@itemprop | //@rel")


def _byline_elements(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements whose class, id, ``rel`` or ``itemprop`` may name an author,
    in page order (their attribute values are selected in C and searched in
    Python: several XPath ``contains()`` tests cost more)."""
    found: dict[lxml.html.HtmlElement, None] = {}
    search = _BYLINE_KEY.search
    for value in _NAMING_ATTRIBUTES(tree):  # attribute values, each knowing its element
        if search(value):
            found.setdefault(value.getparent())
    return list(found)  # an XPath union comes in document order


def page_bylines(tree: lxml.html.HtmlElement) -> list[str]:
    """Author names shown in the page, from the first of: microdata
    (``itemprop="author"``, its ``itemprop="name"`` when it has one),
    ``<a rel="author">`` links, and short elements whose class or id names
    a byline or an author (``byline``, ``author-name``, ``article__author``;
    not author boxes, biographies or avatars).

    >>> tree = lxml.html.fromstring('<div><p class="byline">By <a rel="author" href="/a/jr">Jane Roe</a></p>'
    ...     '<div class="author-bio">Jane Roe writes about money since 1999.</div></div>')
    >>> page_bylines(tree)
    ['Jane Roe']
    """
    microdata, links, classed = [], [], []
    for element in _byline_elements(tree):
        if "author" in (element.get("itemprop") or ""):
            names = element.xpath(".//*[@itemprop='name']")
            source = names[0] if names else element
            microdata.append(source.get("content") or source.text_content())
        elif element.get("rel") == "author" and element.tag == "a":
            links.append(element.text_content())
        else:
            key = f"{element.get('class') or ''} {element.get('id') or ''}"
            if _BYLINE_CLASS.search(key) and not _NOT_BYLINE_CLASS.search(key):
                classed.append(element.text_content())
    for candidates in (microdata, links, classed):
        names = [n for n in map(name_value, candidates) if n]
        if names:
            return names[:1] if candidates is classed else names[:5]
    return []


# --- dates -----------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def iso_date(value: str) -> str:
    """``value`` when it starts with an ISO 8601 date (kept as the page gives
    it), an RFC 2822 date turned into ISO 8601, else ``""``.

    >>> iso_date("2015-04-30T07:19:58"), iso_date("Fri, 24 Jul 2015 05:36:09 +0100"), iso_date("yesterday")
    ('2015-04-30T07:19:58', '2015-07-24T05:36:09+01:00', '')
    """
    value = value.strip()
    if _ISO_DAY.match(value):
        try:
            datetime.strptime(value[:10], "%Y-%m-%d")
        except ValueError:
            return ""
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def marked_date(tree: lxml.html.HtmlElement) -> str:
    """The publication date the page marks as such: ``<time pubdate>``, a
    ``<time>`` whose class says published, or ``itemprop="datePublished"``
    (its ``datetime`` or ``content``) on a ``<time>`` or ``<meta>``.

    >>> marked_date(lxml.html.fromstring('<p><time datetime="2020-01-02" class="published">2 Jan</time></p>'))
    '2020-01-02'
    """
    for element in tree.iter("time", "meta"):
        get = element.get
        marked = "datePublished" in (get("itemprop") or "")
        if element.tag == "time":
            marked = marked or get("pubdate") is not None or "publish" in (get("class") or "")
        if marked:
            date = iso_date(get("datetime") or get("content") or "")
            if date:
                return date
    return ""


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def url_date(url: str | None) -> str:
    """The ``YYYY-MM-DD`` in a URL's path (``/2019/04/28/slug``), or ``""``.

    >>> url_date("https://news.example.com/2019/04/28/harbour-wall/"), url_date("https://example.com/a/2019/x")
    ('2019-04-28', '')
    >>> url_date("http://[::1/2019/04/28/")
    ''
    """
    try:
        path = urlsplit(url or "").path
    except ValueError:  # a URL that does not parse (http://[::1): no date, and no failure
        return ""
    match = _URL_DATE.search(path)
    return "-".join(match.groups()) if match else ""


def shown_date(tree: lxml.html.HtmlElement) -> str:
    """The first date the page shows in machine-readable form: a ``<time
    datetime>`` or an hAtom ``<abbr class="published" title>`` (it may be a
    comment's or an update's time: the last source tried).

    >>> shown_date(lxml.html.fromstring('<p><abbr class="published" title="2015-03-10T08:05:41">10 Mar</abbr></p>'))
    '2015-03-10T08:05:41'
    """
    for element in tree.iter("time", "abbr"):
        value = element.get("datetime") if element.tag == "time" else None
        if element.tag == "abbr" and "published" in (element.get("class") or ""):
            value = element.get("title")
        date = iso_date(value or "")
        if date:
            return date
    return ""


# --- title -----------------------------------------------------------------------------

_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:/\\]{1,2}\s+|\s*[|·•»]\s*|\s+::\s+|\s*_(?=\S)")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def strip_site_name(title: str, site_names: list[str]) -> str:
    """The title without a leading or trailing part that is the site's name
    (``Budget passes - BBC News``, ``Aktuálně.cz | Headline``); the title
    itself when no part is.

    >>> strip_site_name("Obama speaks - BBC News", ["BBC News"])
    'Obama speaks'
    >>> strip_site_name("Daring Fireball: Colophon", ["Daring Fireball"])
    'Daring Fireball: Colophon'
    """
    names = {_plain(n) for n in site_names if n}
    names.discard("")
    if not names:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    if _plain(parts[-1]) in names:
        rest = title[: title.rfind(parts[-1])]
        return _TITLE_SEPARATOR.sub("", rest[::-1], count=1)[::-1].strip() if rest.strip() else title
    if _plain(parts[0]) in names:
        match = _TITLE_SEPARATOR.search(title)
        return title[match.end() :].strip() if match else title
    return title


def title_from_headings(title: str, headings: list[str]) -> str:
    """The heading that is the ``<title>``'s longest part (the headline the
    title wraps with the site's name; of two parts as long, the first), or
    that the title starts with; else ``""``. A heading that is a shorter
    part is the site's name or a section's.

    >>> title_from_headings("Outside the web · V8", ["V8", "Outside the web"])
    'Outside the web'
    >>> title_from_headings("Budget passes - Daily Example", ["Daily Example"])
    ''
    >>> title_from_headings("RTL Test", ["Lorem"])
    ''
    """
    plain = _plain(title)
    parts = [_plain(p) for p in _TITLE_SEPARATOR.split(title)]
    longest = max(parts, key=len)
    for heading in headings:
        words = _plain(heading)
        if words in (longest, plain) or (len(words) > 20 and plain.startswith(words)):
            return heading
    return ""


# --- the page --------------------------------------------------------------------------


def _host_label(url: str | None) -> str:
    """``bbc`` for ``https://www.bbc.co.uk/news``."""
    from cleaner.rules import host_of

    labels = [x for x in host_of(url).split(".") if x not in ("www", "m", "amp", "co", "com", "org", "net")]
    return labels[0] if labels else ""


def page_metadata(tree: lxml.html.HtmlElement, page: str = "", url: str | None = None) -> dict[str, Any]:
    """Title, author, date, site name, canonical URL, language and description
    of an HTML page (see the module docstring for the sources). ``page`` is
    the decoded page (for its JSON-LD scripts, which the parsed tree no longer
    holds); ``url`` the page's address, if known."""
    metas: dict[str, str] = {}
    ld = json_ld_fields(json_ld_objects(page))
    found: dict[str, str] = {}
    headings: list[str] = []
    for element in tree.iter("meta", "title", "h1", "link"):  # one pass over the tree for all four
        tag = element.tag
        if tag == "meta":
            add_meta(metas, element)
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            if "canonical" in rel:
                found.setdefault("canonical", (element.get("href") or "").strip())
        elif tag == "title":
            text = normalise_line(element.text_content())
            if text:
                found.setdefault("title", text)
        elif tag == "h1" and len(headings) < 10:
            text = normalise_line(element.text_content()).rstrip(" ¶#§")
            if text:
                headings.append(text)
    page_url = url or found.get("canonical") or metas.get("og:url") or ld["url"] or None
    site_name = name_value(ld["site_name"], person=False) or name_value(_first(metas, SITE_KEYS), person=False)
    authors = [n for n in map(name_value, ld["authors"]) if n]
    if not authors:
        value = name_value(_first(metas, AUTHOR_KEYS, accept=name_value))
        authors = [value] if value else page_bylines(tree) or [n for n in map(name_value, ld["creators"]) if n]
    date = iso_date(ld["date"]) or iso_date(_first(metas, DATE_KEYS, accept=iso_date)) or marked_date(tree)
    declared = [*ld["titles"], *(metas[k] for k in TITLE_KEYS if k in metas)]
    return {
        "title": page_title(declared, found.get("title", ""), headings, site_name, page_url),
        "author": join_names(authors) or None,
        "date": date or url_date(page_url) or shown_date(tree) or None,
        "site_name": site_name or None,
        "canonical_url": found.get("canonical") or metas.get("og:url") or ld["url"] or None,
        "language": _language(tree, metas, ld) or None,
        "description": ld["description"] or _first(metas, DESCRIPTION_KEYS) or None,
    }


def page_title(declared: list[str], title: str, headings: list[str], site_name: str, url: str | None) -> str | None:
    """The headline, without a site-name part: of the titles the page
    declares (JSON-LD ``headline`` and ``name``, then meta tags), the first
    that the ``<title>`` or an ``<h1>`` confirms (a part of the one, or equal
    to the other), else the first; without any, the heading the ``<title>``
    wraps, else the ``<title>``, else the first ``<h1>``.

    >>> page_title(["Equal to its transpose", "Hermitian matrix"], "Hermitian matrix - Wikipedia", [], "", None)
    'Hermitian matrix'
    >>> page_title([], "RTL Test", ["Lorem"], "", None)
    'RTL Test'
    >>> page_title([], "Budget passes at last | Daily Example", ["Daily Example", "Budget passes at last"], "", None)
    'Budget passes at last'
    """
    names = [site_name, _host_label(url)]
    if declared:
        shown = {_plain(h) for h in headings} | {_plain(p) for p in _TITLE_SEPARATOR.split(title)}
        confirmed = [d for d in declared if _plain(strip_site_name(d, names)) in shown or _plain(d) in shown]
        return strip_site_name((confirmed or declared)[0], names)
    if title:
        return title_from_headings(title, headings) or strip_site_name(title, names)
    return headings[0] if headings else None


def _language(tree: lxml.html.HtmlElement, metas: dict[str, str], ld: dict[str, Any]) -> str:
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip()
    locale = metas.get("og:locale", "").replace("_", "-")
    return lang or metas.get("content-language", "") or metas.get("dc:language", "") or ld["language"] or locale
