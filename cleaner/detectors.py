"""Generic detectors that need code: each a small named function.

Every detector labels blocks of a :class:`~cleaner.model.Document` with its id
and kind and never deletes. Each docstring says what it removes, why, and gives
one line it drops and one it keeps. Detectors run after the site and generic
rule files, in the order of :data:`DETECTORS`; a site file can switch one off
by id (``disable = ["generic/caption-after-heading"]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from cleaner.language import stopword_density
from cleaner.model import Block, Document, line_hash
from cleaner.patterns import compile_pattern
from cleaner.shape import FULL_STOPS, Shape

Detector = Callable[[Document], None]


@dataclass(frozen=True)
class DetectorInfo:
    """A registered detector: its id, kind, function, and whether it only
    runs on text input (HTML extraction has already chosen the main text)."""

    id: str
    kind: str
    run: Detector
    text_only: bool = False


DETECTORS: list[DetectorInfo] = []


def detector(rule_id: str, kind: str, text_only: bool = False) -> Callable[[Detector], Detector]:
    """Register a detector function under a stable id and kind."""

    def register(function: Detector) -> Detector:
        DETECTORS.append(DetectorInfo(rule_id, kind, function, text_only))
        return function

    return register


# --- shared shape tests -------------------------------------------------------

_ZERO_MONEY = re.compile(r"(?<![\d,.])0(?![\d,.])")
_MONTH_LINE = compile_pattern("{month} {year}")
_NUMBER = compile_pattern("{num}")
_WORDS = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_CAPTION_EXCLUDED = re.compile(r"[\d:|/@#]")


def shapes(doc: Document) -> list[Shape]:
    """The :class:`~cleaner.shape.Shape` of each of ``doc.blocks`` (each
    cached on its block)."""
    return [block.shape for block in doc.blocks]


def is_prose(block: Block) -> bool:
    """A block that reads as running text: long, or a full sentence.

    >>> is_prose(Block(1, "", "The clock is ticking.")), is_prose(Block(1, "", "Unified Korea"))
    (True, False)
    """
    return block.shape.prose


def sentence_end(block: Block) -> bool:
    """:func:`ends_sentence` of the block's text, cached."""
    return block.shape.sentence_end


def text_key(text: str) -> str:
    """Case- and punctuation-insensitive key for comparing lines.

    >>> text_key("Venezuelan Army, Exiles!") == text_key("venezuelan army exiles")
    True
    """
    return " ".join(_WORDS.findall(text.casefold()))


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of consecutive true flags, in order.

    >>> list(_runs([True, True, False, True]))
    [(0, 2), (3, 4)]
    """
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            yield start, index
            start = None


def _near_edge(doc: Document, start: int, end: int, margin: int = 5) -> bool:
    return start < margin or end > len(doc.blocks) - margin


_DIGIT = re.compile(r"\d")
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*"
_NAME = rf"{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|and|&|de|van|von|der|da|la))*|[\u3040-\u30ff\u4e00-\u9fff]+"
_BYLINE = re.compile(
    # By Jane Roe | 12:20 AM ET, 11/01/2011; By Jane Roe, Staff Writer; by 山田太郎 ／ 2016.12.01
    rf"(?:by|By|BY):?\s+(?:{_NAME})(?:\s*(?:[|·•–—/／-]|,(?=\s*[A-Z]))\s*.{{0,80}})?"
    rf"|(?:von|Von|par|Par|por|Por|di|door|Автор:)\s+{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,2}}"  # a name only
)
_DATE_WORDS = compile_pattern(
    r"(?i)\b(?:{month}|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|[ap]\.?m|[a-z]?[sd]t|gmt|utc"
    r"|updated|posted|published|last|on|at"
    # German, French, Spanish and Russian months, weekdays and time words
    r"|januar|februar|märz|mai|juni|juli|oktober|dezember|(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch|uhr|um|am"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|à|mis à jour|publié"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo|de|del|a las|actualizado|publicado"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|в|г)\b\.?"
    r"|(?<=\d)h(?=\d)"
)


def byline_or_date(text: str) -> bool:
    """A byline, a date or time stamp, or a line without letters (at most
    200 characters).

    Bylines: ``By`` and a capitalised name (or one in Chinese or Japanese
    script), alone or followed by a
    separator and anything (``By Jane Roe | 12:20 AM ET``, not ``By Monday,
    the deal was dead``), or ``Von``, ``Par``, ``Por``, ``di``,
    ``door`` or ``Автор:`` and a name of two or three capitalised words only
    (``Von Berlin nach Paris`` is a headline). Date lines have a digit, and
    no letters left once month and weekday names, am/pm, time zones and
    words such as ``Updated``, ``Posted``, ``on``, ``at``, ``um``, ``Uhr``,
    ``à``, ``de`` (in English, German, French, Spanish and Russian) are
    taken out.

    >>> byline_or_date("By Jane Roe"), byline_or_date("Von Jana Roth"), byline_or_date("Von Berlin nach Paris")
    (True, True, False)
    >>> byline_or_date("By Jane Roe, Staff Writer"), byline_or_date("By Monday, the deal was dead")
    (True, False)
    >>> byline_or_date("Updated 5:27 am CST, Wednesday, November 20, 2019"), byline_or_date("Council votes")
    (True, False)
    """
    if len(text) > 200:
        return False  # a paragraph (and a 50 MB line is not scanned)
    if _BYLINE.fullmatch(text) or not _LETTER.search(text):
        return True
    return _DIGIT.search(text) is not None and not _LETTER.search(_DATE_WORDS.sub("", text))


# --- detectors ----------------------------------------------------------------


@detector("generic/donation-ladder", "donation")
def donation_ladder(doc: Document) -> None:
    """Donation-goal widgets: three or more lines that are only an amount.

    The run may end with the campaign month line. To leave tables of prices in
    an article alone, the run must start at a zero amount or sit at the top or
    bottom of the page.

    Drops: ``0 $`` / ``2,350 $`` / ``4,700 $``.
    Keeps: ``Bread rose to 2 $ a loaf.``
    """
    blocks = doc.blocks
    for i, end in _runs([s.money for s in shapes(doc)]):
        if end - i >= 3 and (_ZERO_MONEY.search(blocks[i].text) or _near_edge(doc, i, end)):
            if end < len(blocks) and _MONTH_LINE.fullmatch(blocks[end].text):
                end += 1
            for block in blocks[i:end]:
                block.drop("generic/donation-ladder", "donation")


def _numbers_and_labels(run: list[Block]) -> bool:
    """At least two bare numbers and two lines with letters."""
    numbers = sum(bool(_NUMBER.fullmatch(b.text)) for b in run)
    return numbers >= 2 and sum(bool(_LETTER.search(b.text)) for b in run) >= 2


@detector("generic/counter-widget", "counter")
def counter_widget(doc: Document) -> None:
    """Statistics and counter widgets: runs of short label and number lines.

    A run of four to sixteen short lines (five words at most, no sentence end)
    in which at least two lines are bare numbers and at least two are labels
    is a widget (``Total Killed / 6,910 / All Time / This Week / 44``). Article
    lists keep the label and the number on one line, so they are left alone;
    longer runs are tables and listings (charts, schedules), not widgets.

    Drops: ``Total Killed`` / ``6,910`` / ``This Week`` / ``44``.
    Keeps: ``Germany: 1,234 cases`` / ``France: 987 cases``.
    """
    for i, end in _runs([s.counter_line for s in shapes(doc)]):
        run = doc.blocks[i:end]
        if 4 <= len(run) <= 16 and _numbers_and_labels(run):
            for block in run:
                block.drop("generic/counter-widget", "counter")


_COMMENT_START = re.compile(
    r"(?i)(?:leave a (?:reply|comment)(?: to .{1,120})?|\d+ (?:comments?|responses?|replies)(?: (?:on|to) .{1,120})?"
    r"|(?:no |show |hide |view |load |see )?(?:all )?comments?(?: \(\d+\))?|notify of"
    r"|join the (?:discussion|conversation)|(?:post|add|write|submit) (?:a|your) (?:comment|reply)"
    r"|be the first to comment.{0,40}|would love your thoughts, please comment\.?x?"
    r"|you must be (?:logged in|registered) to post a comment.{0,40}|comments are closed\.?"
    r"|(?:\d+ )?thoughts? on .{1,120}"
    # the same widget in German, French, Spanish, Portuguese, Italian and Russian
    r"|(?:schreibe|hinterlasse) einen kommentar|kommentar (?:verfassen|schreiben)|(?:\d+ )?kommentare?"
    r"|laisser (?:un commentaire|une réponse)|(?:\d+ )?commentaires?"
    r"|deja (?:un comentario|una respuesta)|deixe (?:um comentário|uma resposta)|(?:\d+ )?coment[aá]rios?"
    r"|lascia (?:un commento|una risposta)|(?:\d+ )?comment[io]"
    r"|(?:добавить|оставить|написать) комментарий|(?:\d+ )?комментари(?:й|я|ев|и))\s*[:.]?"
)
_COMMENT_LEAD_IN = re.compile(r"(?i)subscribe|login|log in|connect with")


@detector("generic/comment-section", "comments")
def comment_section(doc: Document) -> None:
    """Comment sections: the widget's first control and the thread after it.

    When a comment-widget line (``Leave a Reply``, ``26 Comments``, ``Notify
    of``, ``View all comments``, ``Schreibe einen Kommentar``, ``Laisser un
    commentaire``, ``Deja un comentario``, ``Добавить комментарий``) comes
    after at least half of the document's running text (paragraphs that
    anchor the main text or read as sentences with the language's stop words,
    see :func:`_main_text_shape`; not headline teasers such as ``What chance
    did Trayvon Martin...``), everything from it to the end is the comment
    section. A ``Subscribe`` or ``Login`` line right before it belongs to the
    widget. A marker in a share bar above the article, or a thread longer
    than the article, is left alone.

    Drops: ``Leave a Reply`` and all that follows it at the end of a page.
    Keeps: ``Comments from readers poured in after the vote.``
    """
    blocks = doc.blocks
    running = [anchor or sentence for anchor, sentence in _main_text_shapes_of(doc, blocks)]
    total = sum(len(b.text) for b, s in zip(blocks, running, strict=True) if s)
    half = max(total / 2, 200)
    before = 0
    for i, block in enumerate(blocks):
        if before >= half and _COMMENT_START.fullmatch(block.text):
            if i > 0 and _COMMENT_LEAD_IN.fullmatch(blocks[i - 1].text):
                i -= 1
            for tail_block in blocks[i:]:
                tail_block.drop("generic/comment-section", "comments")
            return
        if running[i]:
            before += len(block.text)


@detector("generic/share-bar", "share")
def share_bar(doc: Document) -> None:
    """Share bars: two or more adjacent lines that are only a network name.

    Drops: ``Facebook`` / ``Twitter`` / ``Email``.
    Keeps: a single line ``Facebook`` (it may be a heading).
    """
    for i, end in _runs([s.share_word for s in shapes(doc)]):
        if end - i >= 2:
            for block in doc.blocks[i:end]:
                block.drop("generic/share-bar", "share")


@detector("generic/title-repeat", "title-repeat")
def title_repeat(doc: Document) -> None:
    """A later line repeating the title (image alt text, a sticky header).

    Titles are the one a rule captured (an RSS footer's) and the headline
    guessed from the first kept line. The first line equal to a title stays; a later one goes when it sits
    inside the body, between two paragraphs of running text (a heading
    repeated after the page's navigation is the article's own headline and
    stays). Titles shorter than three words are ignored.

    Drops: a second ``Venezuelan Army Exiles Reportedly Abandoned Plan``.
    Keeps: the first one.
    """
    titles = [title for title in doc.titles() if len(title.split()) >= 3]
    keys = {text_key(title) for title in titles}
    lengths = range(min(map(len, titles), default=0) // 2, max(map(len, titles), default=0) * 2 + 1)
    seen: set[str] = set()
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if len(block.text) not in lengths:
            continue  # cheap: a repeat has about the title's length
        key = text_key(block.text)
        if key not in keys:
            continue
        inside_body = 0 < i < len(blocks) - 1 and is_prose(blocks[i - 1]) and is_prose(blocks[i + 1])
        if key in seen and inside_body:
            block.drop("generic/title-repeat", "title-repeat")
        seen.add(key)


@detector("generic/site-name-line", "nav")
def site_name_line(doc: Document) -> None:
    """A line that is only the site's name (a logo link's text).

    Drops: ``Veritas News`` when the site name is known to be Veritas News.
    Keeps: ``Veritas News reported the strike first.``
    """
    name = doc.meta.get("site_name") or (doc.site.name if doc.site else None)
    if not name:
        return
    key = text_key(name)
    longest = 4 * len(name) + 20  # a longer line is more than the name: skip the costly key
    for block in doc.blocks:
        if len(block.text) <= longest and text_key(block.text) == key:
            block.drop("generic/site-name-line", "nav")


@detector("generic/duplicate-caption", "caption")
def duplicate_caption(doc: Document) -> None:
    """Adjacent identical short lines: an image's alt text followed by the
    same caption. Both go. A repeated title is left to ``title-repeat``.

    Drops: ``Sergey Karaganov`` / ``Sergey Karaganov``.
    Keeps: ``Sergey Karaganov`` / ``Sergey Karaganov spoke first.``
    """
    blocks = doc.blocks
    titles = {text_key(title) for title in doc.titles()}
    for first, second in pairwise(blocks):
        if (
            first.text == second.text
            and first.words <= 8
            and not sentence_end(first)
            and text_key(first.text) not in titles
        ):
            first.drop("generic/duplicate-caption", "caption")
            second.drop("generic/duplicate-caption", "caption")


def _is_caption_candidate(block: Block) -> bool:
    """One to four words, capitalised, without digits or a sentence end."""
    line = block.shape
    return (
        block.text[:1].isupper()
        and 1 <= line.words <= 4
        and not line.sentence_end
        and not _CAPTION_EXCLUDED.search(block.text)
    )


_HEADING_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _post_heading(text: str) -> bool:
    """A sentence-case heading of two to six plain words (``Failed coup``,
    ``One nation under Kim``): not a label (``Photo: NYDN``, ``[Top]``), a
    name (``Lynn (Texas)``) or a Title Case headline."""
    words = text.split()
    return (
        2 <= len(words) <= 6
        and words[0][:1].isupper()
        and any(word.islower() for word in words[1:])
        and all(_HEADING_WORD.fullmatch(word) for word in words)
    )


@detector("generic/caption-after-heading", "caption")
def caption_after_heading(doc: Document) -> None:
    """Short name-only lines between a post heading and its body: the alt text
    or caption of each post's lead image on multi-post pages.

    The pattern is: a sentence, a sentence-case heading of two to six plain
    words with at least one lower-case word after the first (see
    :func:`_post_heading`), a line of one to four words without digits or
    sentence end, then a body paragraph of twenty words or more within two
    lines. A
    lone heading followed by a short line is too often a real subheading, so
    the detector fires only when the pattern occurs at least twice in the
    document: the page's layout, not a coincidence.

    Drops: ``Juan Guaido Venezuela`` in ``…ticking.`` / ``Failed coup`` /
    ``Juan Guaido Venezuela`` / ``Looks like plans for a Venezuelan Spring…``
    when another post on the page has the same shape.
    Keeps: ``Nuclear apocalypse averted:`` after the heading ``De-escalation``.
    """
    kept = doc.kept()
    found = []
    for j in range(2, len(kept) - 1):
        before, heading, line = kept[j - 2], kept[j - 1], kept[j]
        if not (is_prose(before) and sentence_end(before) and _is_caption_candidate(line)):
            continue  # the cheap tests first
        if _post_heading(heading.text) and any(b.words >= 20 for b in kept[j + 1 : j + 3]):
            found.append(line)
    if len(found) >= 2:
        for line in found:
            line.drop("generic/caption-after-heading", "caption")


# --- the main text as a whole --------------------------------------------------------

MAIN_TEXT_WORDS = 22
"""Words a block needs (with enough stop words) to anchor the main text."""
MAIN_TEXT_STOPWORDS = 0.2
"""Stop-word share such a block needs (a long link list or table has few)."""
MAIN_TEXT_GAP = 15
"""Kept lines that may separate two anchor blocks of the same main text."""
MAIN_TEXT_REACH = 6
"""Kept lines across which the main text grows to take in another sentence."""
MAIN_TEXT_BYLINES = 3
"""Byline and date lines the main text may take in between its headline and
its first paragraph."""


_SENTENCE_MARKS = frozenset('.!?…"”»')
_CJK_SENTENCE_MARKS = frozenset("。！？」』")


def _main_text_shape(block: Block, stops: frozenset[str]) -> tuple[bool, bool]:
    """Whether a block anchors the main text (see :func:`main_region`), and
    whether it reads as a sentence: six words or more, ending like a sentence,
    with the document language's stop words (running text, wherever it
    stands).

    >>> from cleaner.language import stoplist
    >>> _main_text_shape(Block(1, "", "He said that it was over."), stoplist("English"))
    (False, True)
    """
    text, words = block.text, block.words
    # Chinese and Japanese sentences end with a full-width stop
    mark = text[-1:] in (_CJK_SENTENCE_MARKS if block.shape.cjk else _SENTENCE_MARKS)
    wanted = MAIN_TEXT_WORDS <= words < 60 or (words >= 6 and mark)
    # no stop-word list covers Chinese or Japanese: length and the sentence end decide
    density = 1.0 if block.shape.cjk else stopword_density(text, stops) if wanted else 0.0
    anchor = words >= 60 or (words >= MAIN_TEXT_WORDS and density >= MAIN_TEXT_STOPWORDS)
    return anchor, words >= 6 and mark and density >= MAIN_TEXT_STOPWORDS


def _main_text_shapes_of(doc: Document, blocks: list[Block]) -> list[tuple[bool, bool]]:
    """The :func:`_main_text_shape` of each of ``blocks`` (cached per text for
    the document and its views: the document keeps one stop list); in text
    input, the lines of a hard-wrapped paragraph also take the shape of the
    paragraph they make together (see :func:`_wrapped_paragraphs`)."""
    stops = doc.stopwords()
    known = doc.shared.setdefault("main_text_shapes", {})
    shaped = []
    for block in blocks:  # a loop, not a call per block: every block of every pass comes here
        found = known.get(block.text)
        if found is None:
            found = known[block.text] = _main_text_shape(block, stops)
        shaped.append(found)
    wrapped = _wrapped_paragraphs(blocks) if doc.input_format == "text" else []  # HTML: a paragraph a line
    for start, end in wrapped:  # judged as the paragraph they make together (cached by its text too)
        paragraph = " ".join(b.text for b in blocks[start:end])
        joined = known.get(paragraph) or known.setdefault(paragraph, _main_text_shape(Block(0, "", paragraph), stops))
        for i in range(start, end):
            shaped[i] = (shaped[i][0] or joined[0], shaped[i][1] or joined[1])
    return shaped


def continues_line(previous: Block, block: Block) -> bool:
    """True when ``block`` goes on with ``previous``'s sentence: it stands
    on the next input line, with no blank line between, and starts in lower
    case (a hard-wrapped paragraph).

    >>> lines = Document.from_lines(["He majored in", "economics.", "", "then left."]).blocks
    >>> continues_line(lines[0], lines[1]), continues_line(lines[1], lines[2])
    (True, False)
    """
    return block.line == previous.line + 1 and block.text[:1].islower()


def _wrapped_paragraphs(blocks: list[Block]) -> list[tuple[int, int]]:
    """(start, end) of each run of blocks that are the lines of one
    hard-wrapped paragraph (plain-text mail, ``<pre>`` text): each line after
    the first :func:`continues_line` the one before.

    >>> _wrapped_paragraphs(Document.from_lines(["Title", "", "He majored in", "economics.", "Next"]).blocks)
    [(1, 3)]
    """
    runs: list[tuple[int, int]] = []
    for i in range(1, len(blocks)):
        if not continues_line(blocks[i - 1], blocks[i]):
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)  # the run goes on
        else:
            runs.append((i - 1, i + 1))
    return runs


def _main_text_shapes(doc: Document) -> tuple[list[Block], list[tuple[bool, bool]]]:
    """The kept blocks with their :func:`_main_text_shape`."""
    kept = doc.kept()
    return kept, _main_text_shapes_of(doc, kept)


def main_region(kept: list[Block], shapes: list[tuple[bool, bool]]) -> tuple[int, int] | None:
    """First and last index in ``kept`` (the kept blocks, with their
    :func:`_main_text_shape`) of the main text, or None
    when the document has no anchor block.

    Anchors are blocks of running text (the lines of a hard-wrapped paragraph
    count as one block, see :func:`_wrapped_paragraphs`): 60 words or more, or
    :data:`MAIN_TEXT_WORDS` or more with a stop-word share of
    :data:`MAIN_TEXT_STOPWORDS` (a long link list or table has few). They
    are grouped into clusters separated by at most :data:`MAIN_TEXT_GAP`
    lines; the cluster with the most characters is the core. The region then
    grows over sentences that follow or precede it within
    :data:`MAIN_TEXT_REACH` lines (short paragraphs, lead-ins, closing
    lines), and takes one more line at the top for the headline, past up to
    :data:`MAIN_TEXT_BYLINES` byline and date lines (:func:`byline_or_date`).
    """
    anchors = [i for i, (anchor, _) in enumerate(shapes) if anchor]
    if not anchors:
        return None
    clusters, current = [], [anchors[0]]
    for index in anchors[1:]:
        if index - current[-1] - 1 > MAIN_TEXT_GAP:
            clusters.append(current)
            current = []
        current.append(index)
    clusters.append(current)
    best = max(clusters, key=lambda cluster: sum(len(kept[i].text) for i in cluster))
    sentences = [i for i, (_, sentence) in enumerate(shapes) if sentence]
    first, last = best[0], best[-1]
    for index in sentences:
        if last < index <= last + MAIN_TEXT_REACH:
            last = index
    for index in reversed(sentences):
        if first - MAIN_TEXT_REACH <= index < first:
            first = index
    top = first - 1
    while top > 0 and first - top <= MAIN_TEXT_BYLINES and byline_or_date(kept[top].text):
        top -= 1  # past the byline and date lines to the headline
    return max(0, top), last


@detector("generic/outside-main-text", "nav", text_only=True)
def outside_main_text(doc: Document) -> None:
    """Headers, menus, footers and side lists: lines outside the main text
    that are not sentences.

    The main text is the densest run of prose (see :func:`main_region`);
    before and after it, lines that do not read as sentences (menu entries,
    breadcrumbs, tag lists, dates, copyright lines, link teasers) are
    dropped, and so are the byline and date lines between the headline and
    the body. Sentences are kept wherever they stand, and a document with no
    block of running text is left alone.

    Drops: ``Home`` / ``News`` / ``Sport`` above the headline.
    Keeps: ``Is an invasion in the works?`` after the last paragraph.
    """
    kept, shapes = _main_text_shapes(doc)
    region = main_region(kept, shapes)
    if region is None:
        return
    first, last = region
    top = first if byline_or_date(kept[first].text) else first + 1  # below the headline
    body = top
    while body <= last and byline_or_date(kept[body].text):
        body += 1  # past the byline and date lines above the body
    for index, (block, (_, sentence)) in enumerate(zip(kept, shapes, strict=True)):
        if (not first <= index <= last or top <= index < body) and not sentence:
            block.drop("generic/outside-main-text", "nav")


MENU_RUN = 5
"""Consecutive one- to four-word lines inside the main text that make a menu."""


@detector("generic/menu-run", "nav", text_only=True)
def menu_run(doc: Document) -> None:
    """Menus and link lists inside the main text: five or more consecutive
    lines of at most four words that do not end like a sentence.

    Drops: ``Politics`` / ``Business`` / ``Sport`` / ``Culture`` / ``Travel``.
    Keeps: a list of three short items, or items that end with a full stop.
    """
    run: list[Block] = []
    for block in [*doc.kept(), None]:
        if block is not None and block.words <= 4 and not block.text.endswith((*FULL_STOPS, ":", "：")):
            run.append(block)
            continue
        if len(run) >= MENU_RUN:
            for item in run:
                item.drop("generic/menu-run", "nav")
        run = []


@detector("generic/site-repeated-line", "nav")
def site_repeated_line(doc: Document) -> None:
    """Lines that recur word for word across a site's documents in the same
    dump (counted before cleaning by :mod:`cleaner.sitelines`, like CCNet's
    line de-duplication): the site's own furniture, whatever its words.

    Lines are compared by their exact words (:func:`cleaner.model.recurring_key`:
    case, spacing and a list bullet aside), so headlines and sentences that
    differ only in their numbers (``... war: day 400``, ``day 401``) are
    different lines and stay. A paragraph of 20 words or more that recurs
    (the same donation appeal or author bio above every article) goes too,
    unless the recurring lines would take more than half of the document's
    words: then the document shares its article with another page of the
    dump (an updated copy), and only the short recurring lines go. The first
    line, the headline in scraped text, stays when it has three words or more.

    Drops: ``Follow Springfield Daily on social media`` when it ends a fifth
    of the site's pages in the dump.
    Keeps: everything, outside batch runs or with ``--no-site-lines``.
    """
    if not doc.repeated_lines:
        return
    recurring = [b for b in doc.blocks if line_hash(b.text) in doc.repeated_lines]
    if doc.blocks and doc.blocks[0] in recurring and doc.blocks[0].words >= 3:
        recurring.remove(doc.blocks[0])
    total = sum(block.words for block in doc.blocks)
    if 2 * sum(block.words for block in recurring) > total:
        recurring = [block for block in recurring if block.words < 20]
    for block in recurring:
        block.drop("generic/site-repeated-line", "nav")


def run_detectors(doc: Document, disabled: set[str]) -> None:
    """Run every registered detector not listed in ``disabled`` (and, for HTML
    input, not marked ``text_only``)."""
    for info in DETECTORS:
        if info.id not in disabled and not (info.text_only and doc.input_format == "html"):
            info.run(doc)
