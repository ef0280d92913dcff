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
from cleaner.registry import Example, Labeller, checked, example_failures, summary
from cleaner.shape import FULL_STOPS, Shape

Detector = Callable[[Document], None]


@dataclass(frozen=True)
class DetectorInfo:
    """A registered detector: its id, kind, function, scope (see
    :data:`cleaner.registry.SCOPES`), executable examples, and whether it
    only runs on text input (HTML extraction has already chosen the main
    text)."""

    id: str
    kind: str
    run: Detector
    scope: str
    examples: tuple[Example, ...]
    text_only: bool = False

    def labeller(self) -> Labeller:
        """This detector's entry in :func:`cleaner.registry.labellers`."""
        return Labeller(
            self.id,
            self.kind,
            self.scope,
            "detector (cleaner/detectors.py)",
            summary(self.run),
            self.examples,
            check=lambda: example_failures(self.id, self.examples),
        )


DETECTORS: list[DetectorInfo] = []


def detector(
    rule_id: str, kind: str, *, scope: str, examples: list[Example], text_only: bool = False
) -> Callable[[Detector], Detector]:
    """Register a detector function under a stable id, a kind from
    :data:`cleaner.model.KINDS` and a scope from
    :data:`cleaner.registry.SCOPES`, with examples that drop and keep
    (``cleaner rules test`` runs them)."""
    checked(rule_id, kind, scope)

    def register(function: Detector) -> Detector:
        DETECTORS.append(DetectorInfo(rule_id, kind, function, scope, tuple(examples), text_only))
        return function

    return register


EXAMPLE_PARAGRAPH = (
    "The city council voted on Monday to approve the new budget, which adds money for schools and roads after a "
    "long and heated debate."
)
EXAMPLE_PARAGRAPH_2 = (
    "Officials said the plan would be paid for by a small rise in local taxes, and that work on the roads would "
    "start in the spring."
)
"""Two paragraphs of running text for the detectors' examples (the article around the furniture)."""
_P1, _P2 = EXAMPLE_PARAGRAPH, EXAMPLE_PARAGRAPH_2


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


_FEED_LABEL = re.compile(
    r"(?i)(?:(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁ0-9][\w'’&.-]*)\s+){0,2}"
    r"(?:digest|briefing|round-?up|newsletter|bulletin|revue de presse|nachrichtenüberblick"
    r"|resumen de noticias|дайджест)"
    r"(?:\s+(?:no\.?\s*|#)?\d{1,5})?|\d{1,5}\s+(?:digest|дайджест)"
)


def feed_label(text: str) -> bool:
    """The name of a newsletter, digest or feed that a scraper put above an
    item's headline: up to two capitalised words or numbers, then ``Digest``, ``Briefing``,
    ``Roundup``, ``Newsletter`` or ``Bulletin`` (``Nachrichtenüberblick``,
    ``Revue de presse``, ``Resumen de noticias``, ``Дайджест``), perhaps
    with an issue number, or a number and ``Digest``. Only the title guess
    skips it, and only when a headline follows.

    >>> feed_label("News Digest 24"), feed_label("147 Digest"), feed_label("Morning Briefing")
    (True, True, True)
    >>> feed_label("Senate passes border bill"), feed_label("How the digest of a long bill was written")
    (False, False)
    >>> feed_label("Biden skips daily briefing"), feed_label("Biden Skips Daily Briefing")
    (False, False)
    """
    return len(text) <= 60 and _FEED_LABEL.fullmatch(text) is not None


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


@detector(
    "generic/donation-ladder",
    "donation",
    scope="block",
    examples=[
        Example("Help us reach our goal\n0 $\n2,350 $\n4,700 $\n" + _P1, drops=("0 $", "2,350 $", "4,700 $")),
        Example("\n".join([_P1, _P2, _P1, _P2, _P1, "12 $", "15 $", "18 $", _P2, _P1, _P2, _P1, _P2])),
        Example(f"{_P1}\nBread rose to 2 $ a loaf.\n{_P2}"),
    ],
)
def donation_ladder(doc: Document) -> None:
    """Donation-goal widgets: three or more lines that are only an amount.

    The run may end with the campaign month line. To leave tables of prices in
    an article alone, the run must start at a zero amount or sit at the top or
    bottom of the page.
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


@detector(
    "generic/counter-widget",
    "counter",
    scope="block",
    examples=[
        Example(
            f"{_P1}\nTotal Killed\n6,910\nThis Week\n44\n{_P2}", drops=("Total Killed", "6,910", "This Week", "44")
        ),
        Example(f"{_P1}\nGermany: 1,234 cases\nFrance: 987 cases\nItaly: 655 cases\nSpain: 512 cases\n{_P2}"),
    ],
)
def counter_widget(doc: Document) -> None:
    """Statistics and counter widgets: runs of short label and number lines.

    A run of four to sixteen short lines (five words at most, no sentence end)
    in which at least two lines are bare numbers and at least two are labels
    is a widget (``Total Killed / 6,910 / All Time / This Week / 44``). Article
    lists keep the label and the number on one line, so they are left alone;
    longer runs are tables and listings (charts, schedules), not widgets.
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
    r"|(?:top|most|best|highest) (?:rated|recent|popular|liked|voted|read) comments?|comment number \d+"
    # the same widget in German, French, Spanish, Portuguese, Italian and Russian
    r"|(?:schreibe|hinterlasse) einen kommentar|kommentar (?:verfassen|schreiben)|(?:\d+ )?kommentare?"
    r"|laisser (?:un commentaire|une réponse)|(?:\d+ )?commentaires?"
    r"|deja (?:un comentario|una respuesta)|deixe (?:um comentário|uma resposta)|(?:\d+ )?coment[aá]rios?"
    r"|lascia (?:un commento|una risposta)|(?:\d+ )?comment[io]"
    r"|(?:добавить|оставить|написать) комментарий|(?:\d+ )?комментари(?:й|я|ев|и))\s*[:.]?"
)
_COMMENT_LEAD_IN = re.compile(r"(?i)subscribe|login|log in|connect with")
_COMMENTER = r"(?:[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}|@?[\w.-]{2,30})"
_COMMENT_AUTHOR = re.compile(
    # Blogger: "<name> said...", also in German, French, Spanish, Portuguese, Italian and Russian
    rf"{_COMMENTER}\s+(?:said|hat gesagt|a dit|dijo|disse|ha detto|сказал|сказала|написал|написала)\s*(?:\.\.\.|…)"
    # WordPress: "<name> says:"
    rf"|{_COMMENTER}\s+(?P<says>says|sagt|dit|dice|diz|говорит|пишет)\s*:"
    r"(?:\s+(?P<rest>.{1,80}))?"  # the comment's date on the same line
)


def _comment_author(blocks: list[Block], i: int, authors: list[bool]) -> bool:
    """Whether ``blocks[i]`` opens a blog comment thread: a ``<name>
    said...`` line (Blogger) followed by another one or by a date line
    within four lines, or a ``<name> says:`` line (WordPress) with its date
    on the same line or the next. Anything else on the line must be a date.

    >>> lines = Document.from_lines(["Jane Roe said...", "Great post!", "March 5, 2019 at 10:15 AM"]).blocks
    >>> _comment_author(lines, 0, [True, False, False])
    True
    >>> lines = Document.from_lines(["Roe says:", "We will win.", "Doe says:", "We will not."]).blocks
    >>> _comment_author(lines, 0, [True, False, True, False])
    False
    """
    match = _COMMENT_AUTHOR.fullmatch(blocks[i].text)
    if match is None:
        return False
    rest = match.group("rest")
    if rest and not byline_or_date(rest):
        return False
    if match.group("says"):
        return bool(rest) or (i + 1 < len(blocks) and byline_or_date(blocks[i + 1].text))
    dated = bool(rest) or any(byline_or_date(b.text) for b in blocks[i + 1 : i + 5])
    return dated or any(authors[i + 1 :])


@detector(
    "generic/comment-section",
    "comments",
    scope="document",
    examples=[
        Example(f"{_P1}\n{_P2}\nLeave a Reply\nGreat article!", drops=("Leave a Reply", "Great article!")),
        Example(
            f"{_P1}\n{_P2}\nAnonymous said...\nGreat post!\n5/3/19 10:15 AM",
            drops=("Anonymous said...", "Great post!", "5/3/19 10:15 AM"),
        ),
        Example(
            f"{_P1}\n{_P2}\nSchreibe einen Kommentar\nToller Artikel!",
            drops=("Schreibe einen Kommentar", "Toller Artikel!"),
        ),
        Example(f"{_P1}\nComments from readers poured in after the vote.\n{_P2}"),
    ],
)
def comment_section(doc: Document) -> None:
    """Comment sections: the widget's first control and the thread after it.

    When a comment-widget line (``Leave a Reply``, ``26 Comments``, ``Notify
    of``, ``View all comments``, ``Schreibe einen Kommentar``, ``Laisser un
    commentaire``, ``Deja un comentario``, ``Добавить комментарий``) comes
    after at least half of the document's running text (paragraphs that
    anchor the main text or read as sentences with the language's stop words,
    see :func:`_main_text_shape`; not headline teasers such as ``What chance
    did Trayvon Martin...``), everything from it to the end is the comment
    section. So is a blog's comment thread without a widget line: from the
    first comment author line (Blogger's ``Jane Roe said...``, WordPress's
    ``Jane Roe says:``, see :func:`_comment_author`) to the end. A
    ``Subscribe`` or ``Login`` line right before it belongs to the widget. A
    marker in a share bar above the article, or a thread longer than the
    article, is left alone.
    """
    blocks = doc.blocks
    running = _running_text(doc)
    total = sum(len(b.text) for b, s in zip(blocks, running, strict=True) if s)
    half = max(total / 2, 200)
    authors = [b.words <= 12 and _COMMENT_AUTHOR.fullmatch(b.text) is not None for b in blocks]
    before = 0
    for i, block in enumerate(blocks):
        thread = authors[i] and _comment_author(blocks, i, authors)
        if before >= half and (thread or _COMMENT_START.fullmatch(block.text)):
            if i > 0 and _COMMENT_LEAD_IN.fullmatch(blocks[i - 1].text):
                i -= 1
            for tail_block in blocks[i:]:
                tail_block.drop("generic/comment-section", "comments")
            return
        if running[i]:
            before += len(block.text)


@detector(
    "generic/share-bar",
    "share",
    scope="block",
    examples=[
        Example(f"{_P1}\nFacebook\nTwitter\nEmail\n{_P2}", drops=("Facebook", "Twitter", "Email")),
        Example(f"{_P1}\nTeilen\nDrucken\n{_P2}", drops=("Teilen", "Drucken")),
        Example(f"Facebook\n{_P1}\n{_P2}"),
    ],
)
def share_bar(doc: Document) -> None:
    """Share bars: two or more adjacent lines that are only a network name."""
    for i, end in _runs([s.share_word for s in shapes(doc)]):
        if end - i >= 2:
            for block in doc.blocks[i:end]:
                block.drop("generic/share-bar", "share")


@detector(
    "generic/title-repeat",
    "title-repeat",
    scope="document",
    examples=[
        Example(
            f"Venezuelan Army Exiles Reportedly Abandoned Plan\n{_P1}\n"
            f"Venezuelan Army Exiles Reportedly Abandoned Plan\n{_P2}",
            drops=("Venezuelan Army Exiles Reportedly Abandoned Plan",),
        ),
        Example(f"Venezuelan Army Exiles Reportedly Abandoned Plan\n{_P1}\n{_P2}"),
    ],
)
def title_repeat(doc: Document) -> None:
    """A later line repeating the title (image alt text, a sticky header).

    Titles are the one a rule captured (an RSS footer's) and the headline
    guessed from the first kept line. The first line equal to a title stays; a later one goes when it sits
    inside the body, between two paragraphs of running text. A line under
    the guessed headline on the first line, above the first paragraph, goes
    when the headline holds all its words (three or more): a scraper's
    headline, perhaps with the site's name, over the page's own. A heading
    repeated after the page's navigation is the article's own headline and
    stays. Titles shorter than three words are ignored.
    """
    titles = [title for title in doc.titles() if len(title.split()) >= 3]
    keys = {text_key(title) for title in titles}
    lengths = range(min(map(len, titles), default=0) // 2, max(map(len, titles), default=0) * 2 + 1)
    seen: set[str] = set()
    blocks = doc.blocks
    body = next((i for i, block in enumerate(blocks) if is_prose(block)), len(blocks))
    headline = text_key(blocks[0].text) if blocks and doc.guessed_title == blocks[0].text else ""
    for i, block in enumerate(blocks):
        if len(block.text) not in lengths:
            continue  # cheap: a repeat has about the title's length
        key = text_key(block.text)
        if 0 < i < body and len(key.split()) >= 3 and key in headline:
            block.drop("generic/title-repeat", "title-repeat")  # under the headline it repeats
            continue
        if key not in keys:
            continue
        inside_body = 0 < i < len(blocks) - 1 and is_prose(blocks[i - 1]) and is_prose(blocks[i + 1])
        if key in seen and inside_body:
            block.drop("generic/title-repeat", "title-repeat")
        seen.add(key)


@detector(
    "generic/site-name-line",
    "nav",
    scope="line",
    examples=[
        Example(f"Veritas News\n{_P1}", drops=("Veritas News",), meta={"site_name": "Veritas News"}),
        Example(f"Veritas News reported the strike first.\n{_P1}", meta={"site_name": "Veritas News"}),
    ],
)
def site_name_line(doc: Document) -> None:
    """A line that is only the site's name (a logo link's text)."""
    name = doc.meta.get("site_name") or (doc.site.name if doc.site else None)
    if not name:
        return
    key = text_key(name)
    longest = 4 * len(name) + 20  # a longer line is more than the name: skip the costly key
    for block in doc.blocks:
        if len(block.text) <= longest and text_key(block.text) == key:
            block.drop("generic/site-name-line", "nav")


@detector(
    "generic/duplicate-caption",
    "caption",
    scope="block",
    examples=[
        Example(f"{_P1}\nSergey Karaganov\nSergey Karaganov\n{_P2}", drops=("Sergey Karaganov", "Sergey Karaganov")),
        Example(f"{_P1}\nSergey Karaganov\nSergey Karaganov spoke first.\n{_P2}"),
    ],
)
def duplicate_caption(doc: Document) -> None:
    """Adjacent identical short lines: an image's alt text followed by the
    same caption. Both go. A repeated title is left to ``title-repeat``.
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


@detector(
    "generic/caption-after-heading",
    "caption",
    scope="document",
    examples=[
        Example(
            "The clock is ticking.\nFailed coup\nJuan Guaido Venezuela\nLooks like plans for a Venezuelan Spring have "
            "failed again, as the army stayed loyal to the government and the crowds went home after a long day.\n"
            "That was the end of it.\nOne nation under Kim\nKim Jong Un\nThe leader of North Korea gave a long speech "
            "on Monday about the future of his country and the plans of his party for the next five years.",
            drops=("Juan Guaido Venezuela", "Kim Jong Un"),
        ),
        Example(f"{_P1}\nDe-escalation talks\nNuclear Apocalypse Averted\n{_P2}"),
    ],
)
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


# --- prose furniture after the article ------------------------------------------


def _running_text(doc: Document) -> list[bool]:
    """Whether each of ``doc.blocks`` is running text: it anchors the main
    text or reads as a sentence with the language's stop words (see
    :func:`_main_text_shape`). Worked out once per labelling pass (the
    detectors of a pass see the same blocks) and shared with its views."""
    cached = doc.shared.get("running_text")
    if cached is not None and cached[0] is doc.blocks and len(cached[1]) == len(doc.blocks):
        return cached[1]
    running = [anchor or sentence for anchor, sentence in _main_text_shapes_of(doc, doc.blocks)]
    doc.shared["running_text"] = (doc.blocks, running)
    return running


_PERSON = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*(?: (?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*|de|van|von|der|da|la|del|bin|al|ibn)){0,3})"
_BIO_ROLE_EN = (
    r"(?:senior |chief |managing |executive |contributing |deputy |associate |political |foreign |national |staff |"
    r"freelance |investigative |independent |regular |editor-at-large|guest )*"
    r"(?:editor|editor-in-chief|writer|reporter|correspondent|columnist|journalist|contributor|author|analyst|"
    r"fellow|professor|lecturer|researcher|founder|co-founder|producer|blogger|host|commentator|economist|"
    r"historian|strategist|freelancer|photographer|photojournalist|intern|novelist|scholar|essayist|publisher|"
    r"political scientist|curator|anchor|presenter|critic|reviewer|podcaster)s?"
)
_BIO_OF = r"(?:[\w’'-]+ ){0,4}?"  # up to four words before the role: "a freelance journalist"
_BIO = re.compile(
    "|".join(
        [
            # "<Name> is senior editor of <Site>."; "Jane Roe is a freelance journalist based in Kyiv."
            rf"(?:about the author:?\s*)?{_PERSON},? (?:is|was|has been|serves as|works as)"
            rf" (?:a |an |the |our |one of (?:the |our )?)?{_BIO_OF}{_BIO_ROLE_EN}\b.{{0,400}}",
            # "The author has years of experience in ..."; "The views expressed are the author's own."
            r"(?i:the (?:author|writer)(?:’s|'s)? (?:is|was|has|had|teaches|works|lives|writes|holds|served|spent"
            r"|views)\b.{0,400})",
            r"(?i:(?:the )?views (?:and opinions )?expressed (?:in this (?:article|piece|column|post) )?are"
            r" (?:those of )?the author(?:’s|'s|s’)?\b.{0,200})",
            rf"(?i:have a (?:tip|story idea)\?\s*)?{_PERSON} (?:may|can) be (?:reached|contacted)"
            r" (?:at|by|via|on) .{1,200}",
            # "Write to Jane Roe at jane.roe@example.com"
            rf"(?i:write to|contact|e-?mail|reach) {_PERSON} (?i:at|via|on) \S+@\S+.{{0,100}}",
            # German, French, Spanish and Russian
            rf"{_PERSON},? (?:ist|war|arbeitet als) {_BIO_OF}(?:Redakteur|Korrespondent|Journalist|Autor|Chefredakteur"
            r"|Kolumnist|Publizist|Reporter|Historiker|Politikwissenschaftler|Professor|Herausgeber|Analyst)(?:in)?\b.{0,400}",
            r"(?:Der Autor|Die Autorin|Zum Autor|Zur Autorin|Über den Autor|Über die Autorin)\b.{0,400}",
            rf"{_PERSON},? (?:est|était) {_BIO_OF}(?:journaliste|rédacteur|rédactrice|correspondante?"
            r"|chroniqueur|chroniqueuse|éditorialiste|auteur|autrice|auteure|essayiste|politologue|historienne?"
            r"|professeure?|chercheur|chercheuse|analyste)\b.{0,400}",
            r"(?:L['’]auteur|L['’]autrice|L['’]auteure|À propos de l['’]auteur)\b.{0,400}",
            rf"{_PERSON},? (?:es|era|fue) {_BIO_OF}(?:periodista|redactora?|corresponsal|columnista|editora?"
            r"|autora?|analista|politólog[oa]|historiador|historiadora|profesora?|investigadora?|escritora?)\b.{0,400}",
            r"(?:El autor|La autora|Sobre el autor|Sobre la autora|Acerca del autor)\b.{0,400}",
            rf"{_PERSON} [—–-] {_BIO_OF}(?:журналист|обозревател|корреспондент|редактор|политолог|эксперт|аналитик"
            r"|историк|публицист|писател|колумнист|экономист)\w*\b.{0,400}",
            r"(?:Об авторе|Автор статьи|Автор)\s*[:—–-].{0,400}",
            # the box's heading alone
            r"(?i:about the author|über (?:den autor|die autorin)|zum autor|à propos de l['’]auteur"
            r"|sobre (?:el autor|la autora)|acerca del autor|об авторе)\s*:?",
        ]
    )
)
BIO_WORDS = 90
"""Longest author bio, in words (a longer paragraph is the article's)."""


def author_bio_line(text: str) -> bool:
    """A line of an author box: ``<Name> is <a role> ...`` (editor, writer,
    correspondent, columnist, fellow, professor ...), ``The author has
    ...``, a contact line (``Jane Roe can be reached at ...``), the views
    disclaimer, or the box's heading (``About the author``), in English,
    German, French, Spanish or Russian.

    >>> author_bio_line("Jane Roe is senior editor of Example News.")
    True
    >>> author_bio_line("The author has years of experience in energy markets.")
    True
    >>> author_bio_line("Jana Roth ist Korrespondentin in Moskau.")
    True
    >>> author_bio_line("Jane Roe is the mayor of Springfield.")
    False
    """
    return len(text) <= 12 * BIO_WORDS and _BIO.fullmatch(text) is not None


@detector(
    "generic/author-bio",
    "byline",
    scope="document",
    examples=[
        Example(
            f"{_P1}\n{_P2}\nJane Roe is senior editor of Example News.",
            drops=("Jane Roe is senior editor of Example News.",),
        ),
        Example(
            f"{_P1}\n{_P2}\nJana Roth ist Korrespondentin in Moskau.",
            drops=("Jana Roth ist Korrespondentin in Moskau.",),
        ),
        Example(
            f"{_P1}\nJane Roe is a historian at the university, and her book on the city's history came out last year."
            f"\n{_P2}"
        ),
    ],
)
def author_bio(doc: Document) -> None:
    """Author boxes and bios at the end of the article.

    Lines of an author box (see :func:`author_bio_line`) of at most
    :data:`BIO_WORDS` words go when they follow at least two paragraphs of
    running text and no running text follows them other than more lines of
    the box: the article's last words, not a sentence inside it.
    """
    blocks = doc.blocks
    running = _running_text(doc)
    tail = len(blocks)  # the first index from which only box lines or non-running lines follow
    while tail > 0 and (not running[tail - 1] or _bio_block(blocks[tail - 1])):
        tail -= 1
    if sum(running[:tail]) < 2:
        return
    for block in blocks[tail:]:
        if _bio_block(block):
            block.drop("generic/author-bio", "byline")


def _bio_block(block: Block) -> bool:
    """A block of at most :data:`BIO_WORDS` words that :func:`author_bio_line`
    accepts."""
    return block.words <= BIO_WORDS and author_bio_line(block.text)


_BULLET = re.compile(r"[-•*–·►]\s+\S")
_LABELLED_ITEM = re.compile(r"[-•*–·►]\s+(?:\S+\s){0,3}?\S+?(?::\s?|\s[-–—]\s)")
_STRONG_RELATED = re.compile(r"(?i)(?!.*\b(?:see also|voir aussi|siehe auch|v[ée]ase tambi[ée]n|смотрите также)\b)")


def _headline_item(block: Block) -> bool:
    """A list item that reads like a headline: three to 25 words, not ending
    with a full stop, colon, semicolon or a footnote's back-link, and not a
    term with its definition or a label with its value (``- Memory: 16 GB``,
    ``- Generics - Types which take parameters``).

    >>> _headline_item(Block(1, "", "- Venezuela closes its border with Colombia"))
    True
    >>> _headline_item(Block(1, "", "- Bring water and a hat."))
    False
    >>> _headline_item(Block(1, "", "- Memory: 16 GB RAM or more"))
    False
    """
    text = block.text.rstrip("\"”’'»)")
    return (
        3 <= block.words <= 25
        and not text.endswith((".", ":", ";", "。", "↩"))
        and _LABELLED_ITEM.match(block.text) is None
    )


@detector(
    "generic/related-list",
    "related",
    scope="document",
    examples=[
        Example(
            f"{_P1}\n{_P2}\n- Venezuela closes its border with Colombia\n- Maduro asks Putin for help",
            drops=("- Venezuela closes its border with Colombia", "- Maduro asks Putin for help"),
        ),
        Example(
            f"{_P1}\nBefore you set out on the trail, the park rangers say, make sure that you pack three things:"
            "\n- Water for the day\n- A hat for the sun\n- A map of the park"
        ),
    ],
)
def related_list(doc: Document) -> None:
    """A list of other stories after the article: two or more bulleted lines
    that read like headlines (see :func:`_headline_item`; not a list of
    questions), with no running text after them, right after a related-links
    header (``Related stories``, ``You may also like``, ``Читайте также``;
    not ``See also``, which lists references) or after the last paragraph.
    That paragraph must not lead into the list (end with a colon): such a
    list is the article's.
    """
    blocks = doc.blocks
    bullets = [b.words <= 25 and _BULLET.match(b.text) is not None and _headline_item(b) for b in blocks]
    if sum(bullets) < 2:
        return
    running = _running_text(doc)
    for start, end in _runs(bullets):
        run = blocks[start:end]
        if start == 0 or len(run) < 2 or any(running[end:]) or 2 * sum(b.text.endswith("?") for b in run) > len(run):
            continue
        before = blocks[start - 1]
        if _related_header(before) or (running[start - 1] and not before.text.endswith((":", "："))):
            for block in run:
                block.drop("generic/related-list", "related")


def _related_header(block: Block) -> bool:
    """A related-links header (dropped as such by a rule) other than ``See
    also``."""
    return any(r.kind == "related" for r in block.reasons) and _STRONG_RELATED.match(block.text) is not None


_APPEAL_STRONG = re.compile(
    r"(?i)donat|patreon|paypal|crowdfund|fundrais|contribut|chip in|subscribestar|ko-fi|buy me a coffee|[$€£]\s?\d"
    r"|spende|spenden|\bdons?\b|faire un don|donaci|donar|aporte|пожертв|донат"
)
_APPEAL_WEAK = re.compile(
    r"(?i)support|reader|advertis|independen|fund|gift|give|help us|pledge|subscri|sponsor"
    r"|unterstütz|leser|werbung|unabhängig|soutien|souten|lecteur|publicit|indépendan|apoy|lector|publicidad|independ"
    r"|поддерж|читател|реклам|независим|помо[гщ]"
)
_FIRST_PERSON = re.compile(
    r"(?i)\b(?:we|our|us|ours|wir|uns|unser\w*|nous|notre|nos|nosotros|nuestr[oa]s?|мы|нас|нам|наш\w*)\b"
)
_APPEAL_GREETING = re.compile(
    r"(?i)(?:dear (?:readers?|friends)|a (?:message|note) (?:from|to) .{1,40}|to our readers|an appeal"
    r"|liebe (?:leserinnen und leser|leser(?:innen)?)|chers lecteurs|queridos lectores|дорогие читатели).{0,40}"
)
APPEAL_REACH = 4
"""Paragraphs on each side of a donation appeal that may belong to its block."""


def _appeal_paragraph(block: Block) -> bool:
    """A paragraph of a donation appeal: the site speaking of itself (we,
    our, us) about donations (one strong word such as donate, PayPal,
    crowdfunding, an amount) or about support, readers and advertisers (two
    weaker words), in at most 120 words.

    >>> _appeal_paragraph(Block(1, "", "We take no money from advertisers; our readers fund us."))
    True
    >>> _appeal_paragraph(Block(1, "", "We must support the new law, she said."))
    False
    """
    text = block.text
    if block.words > 120 or not _FIRST_PERSON.search(text):
        return False
    return _APPEAL_STRONG.search(text) is not None or len({m.lower() for m in _APPEAL_WEAK.findall(text)}) >= 2


@detector(
    "generic/appeal-block",
    "donation",
    scope="block",
    examples=[
        Example(
            f"{_P1}\nDear readers\nFor twenty years we have reported on the city without advertisers, and our "
            "readers have paid for all of it.\nPlease consider making a donation.\nEvery donation, however small, "
            "keeps us going.",
            drops=(
                "Dear readers",
                "For twenty years we have reported on the city without advertisers, and our readers have paid for "
                "all of it.",
                "Every donation, however small, keeps us going.",
            ),
            also=("generic/support-appeal",),
        ),
        Example(f"{_P1}\nPlease consider making a donation.\n{_P2}", also=("generic/support-appeal",)),
    ],
)
def appeal_block(doc: Document) -> None:
    """The rest of a donation appeal around a line a rule recognised (a
    ``donation`` removal such as ``generic/support-appeal``): up to
    :data:`APPEAL_REACH` adjacent paragraphs on each side in which the site
    asks for money or support (see :func:`_appeal_paragraph`); above them,
    a greeting (``Dear readers``, ``A message from the editor``) over
    paragraphs in which the site speaks (we, our), or a short heading that
    speaks of donations (see :func:`_appeal_heading`).
    """
    blocks = doc.blocks
    seeds = [i for i, b in enumerate(blocks) if any(r.kind == "donation" for r in b.reasons)]
    taken: set[int] = set()
    for seed in seeds:
        top, bottom = _appeal_top(blocks, seed), seed
        while bottom + 1 < len(blocks) and bottom + 1 - seed <= APPEAL_REACH and _in_appeal(blocks[bottom + 1]):
            bottom += 1
        if top > 0 and _appeal_heading(blocks[top - 1]):
            top -= 1
        taken.update(range(top, bottom + 1))
    for i in sorted(taken):
        if not blocks[i].reasons:
            blocks[i].drop("generic/appeal-block", "donation")


def _in_appeal(block: Block) -> bool:
    """Dropped already, or a paragraph of a donation appeal."""
    return bool(block.reasons) or _appeal_paragraph(block)


def _appeal_top(blocks: list[Block], seed: int) -> int:
    """The first block of the appeal around ``blocks[seed]``: the paragraphs
    of the appeal above it, and a greeting above paragraphs in which the
    site speaks (we, our), within :data:`APPEAL_REACH` lines."""
    top = seed
    while top > 0 and seed - top < APPEAL_REACH and _in_appeal(blocks[top - 1]):
        top -= 1
    for i in range(top - 1, max(-1, seed - APPEAL_REACH - 2), -1):
        if _APPEAL_GREETING.fullmatch(blocks[i].text):
            return i
        if blocks[i].words > 120 or not _FIRST_PERSON.search(blocks[i].text):
            break
    return top


def _appeal_heading(block: Block) -> bool:
    """A heading over a donation appeal: at most eight words, no full stop,
    greeting the readers or speaking of donations (``Dear readers``, ``Make
    a donation``); a heading of support alone (``Support``, ``Types of
    support groups``) is too often a menu entry or the article's own."""
    text = block.text
    if block.words > 8 or text.endswith("."):
        return False
    return _APPEAL_GREETING.fullmatch(text) is not None or _APPEAL_STRONG.search(text) is not None


_FILE_NAME = re.compile(
    r"(?!.*--)[a-z]{2,30}-[a-z][a-z-]{0,60}[a-z]"  # some-flag, putin-xi-summit
    r"|[\w-]{1,80}\.(?i:jpe?g|png|gif|webp|svg|bmp|tiff?)"  # IMG_0345.jpg
)


def _caption(block: Block) -> bool:
    """A block a rule or detector dropped as a caption."""
    return any(r.kind == "caption" for r in block.reasons)


@detector(
    "generic/image-file-name",
    "caption",
    scope="document",
    examples=[
        Example(f"{_P1}\nsome-flag\n{_P2}", drops=("some-flag",)),
        Example(
            "align-items\nSet align-items on the container to center the items along the cross axis, as the "
            "example below shows for a row of three boxes."
        ),
    ],
)
def image_file_name(doc: Document) -> None:
    """An image's file name left as its alt text (``some-flag``,
    ``putin-xi-summit``, ``IMG_0345.jpg``) after a paragraph of running
    text and before another one (or the photo's caption). A name that the
    text uses elsewhere (``ansible-lint`` above the paragraph that explains
    it) is a heading and stays, and so does a name among short lines (a
    forum's user names).
    """
    blocks = doc.blocks
    names = [b.words == 1 and _FILE_NAME.fullmatch(b.text) is not None for b in blocks]
    if not any(names):
        return
    running = _running_text(doc)
    text = "\n".join(b.text.lower() for b in blocks if not b.reasons)
    for i, block in enumerate(blocks):
        if not names[i] or block.reasons:
            continue
        if not (0 < i < len(blocks) - 1 and running[i - 1] and (running[i + 1] or _caption(blocks[i + 1]))):
            continue
        if text.count(block.text.lower()) == 1:
            block.drop("generic/image-file-name", "caption")


_SOURCE_LINE = re.compile(
    r"(?i)(?:source|sources|quelle|fuente|fonte|источник)\s*:\s*"
    r"(?P<original_source>[^\W\d_][^.!?:;\d]{1,60}?)\.?"
)


@detector(
    "generic/source-line",
    "credit",
    scope="document",
    examples=[
        Example(f"{_P1}\n{_P2}\nSource: Al Jazeera", drops=("Source: Al Jazeera",)),
        Example(f"{_P1}\nSource: Eurostat\n{_P2}"),
    ],
)
def source_line(doc: Document) -> None:
    """``Source: <outlet>`` at the end of the article (``Source: Reuters``,
    ``Quelle: dpa``, ``Источник: ТАСС``): the last kept line, or followed
    only by lines that are not running text, after running text. The
    outlet (at most six words, no digits) goes to metadata
    ``original_source``. A source line under a chart or inside the article
    stays.
    """
    blocks = doc.blocks
    lines = [i for i, b in enumerate(blocks) if b.words <= 8 and _SOURCE_LINE.fullmatch(b.text)]
    if not lines:
        return
    running = _running_text(doc)
    for i in range(len(blocks) - 1, -1, -1):
        if running[i]:
            return  # running text after it: not at the end
        match = _SOURCE_LINE.fullmatch(blocks[i].text) if i in lines else None
        if match and any(running[:i]) and len(match.group("original_source").split()) <= 6:
            blocks[i].drop("generic/source-line", "credit")
            doc.capture("original_source", match.group("original_source"))
            return


_SCRIPT_LINE = re.compile(
    r"(?:var|let|const)\s+[\w$]+\s*=.*[;{,]"  # var x = ...;
    r"|[!(]?\s*function\s*[\w$]*\s*\([^)]{0,200}\)\s*\{.*"  # function(a, b) {  !function(e){...}
    r"|[\w$.\[\]'\"]+\s*=\s*(?:function\s*\(|\(?[\w$, ]*\)?\s*=>).*"  # x.y = function(  x = () =>
    r"|[\w$]+(?:\.[\w$]+)+\s*\(.*\)\s*;"  # player.load();
    r"|\}\s*\)?\s*(?:\(\s*\))?\s*\)?\s*;?"  # } or }); or })();
    r"|\}\s*else\s*(?:if\s*\(.*\)\s*)?\{.*|if\s*\(.{1,200}\)\s*\{.*"  # } else {, if (...) {
    r"|(?:window|document|jQuery|\$)\s*[.(].*[;{]"  # document.getElementById(...);
)
_CODE_TALK = re.compile(
    r"(?i)\b(?:javascript|jquery|typescript|node\.js|snippet|scripts?|programming|programmer|developers?"
    r"|variables?|console|syntax|code|functions?|arrays?|compiler?|css|html|api)\b"
)


def script_line(text: str) -> bool:
    """A line of JavaScript: a ``var``/``let``/``const`` statement, a
    function head, a method call ending with ``;``, a closing brace, an ``if
    (...) {``, or a statement on ``window``, ``document``, ``jQuery`` or
    ``$``.

    >>> script_line("var player = new Player('video-1');"), script_line("}());"), script_line("player.load();")
    (True, True, True)
    >>> script_line("The var was left unchanged; she said so.")
    False
    """
    return _SCRIPT_LINE.fullmatch(text) is not None


@detector(
    "generic/script-residue",
    "nav",
    scope="block",
    examples=[
        Example(
            f"{_P1}\nvar player = new Player('video-1');\nplayer.load();\n}});\n{_P2}",
            drops=("var player = new Player('video-1');", "player.load();", "});"),
        ),
        Example(f"{_P1}\nThe code below loads the player:\nvar player = new Player('video-1');\nplayer.load();\n}});"),
    ],
)
def script_residue(doc: Document) -> None:
    """JavaScript that leaked into the text of an article that does not talk
    about code: lines that read as script statements (see
    :func:`script_line`), when the document has two or more paragraphs of
    running text and none of its other lines speaks of code (``code``,
    ``function``, ``script``, ``JavaScript``, ``developer``, ``variable``
    ...). A programming article keeps its examples.
    """
    blocks = doc.blocks
    script = [len(b.text) <= 5000 and any(c in b.text for c in ";{}") and script_line(b.text) for b in blocks]
    if not any(script):
        return
    running = _running_text(doc)
    others = [b for b, is_script in zip(blocks, script, strict=True) if not is_script and not b.reasons]
    if sum(running[i] and not script[i] for i in range(len(blocks))) < 2 or any(
        _CODE_TALK.search(b.text) for b in others
    ):
        return
    for block, is_script in zip(blocks, script, strict=True):
        if is_script:
            block.drop("generic/script-residue", "nav")


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
EXTRACTED_LEAD = 4
"""Lines that are not sentences, bylines or dates that an extracted article
may have above its first paragraph of running text (headline, kicker,
caption, a second headline); a page dump has its header and menus there."""


_SENTENCE_MARKS = frozenset('.!?…"”»')
_CJK_SENTENCE_MARKS = frozenset("。！？」』")


_DATELINE = re.compile(
    # WASHINGTON (AP) —; HAYWARD, Calif. (AP) —; LONDON, Nov 20 (Reuters) -; PARIS — ; BERLIN (dpa) -
    r"[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ.'’ -]{1,30}[A-ZÀ-ÞА-ЯЁ.](?:,\s[^()—–]{2,40}?)?"
    r"(?:\s\((?:AP|Reuters|AFP|dpa|DPA|UPI|EFE|ANSA|TASS|ТАСС|РИА Новости|Xinhua|Kyodo|PTI|IANS|ANI|CNN|Bloomberg"
    r"|AA|APA|KNA|epd|Belga|EFE|Europa Press|Lusa)\))?\s+(?:—|–|--?)\s+\S"
)


def dateline(text: str) -> bool:
    """A paragraph that opens with a wire story's dateline: a place in
    capitals, perhaps a region or date after a comma and the agency in
    brackets, then a dash. It is the first paragraph of the story, running
    text even where the scraper cut it off.

    >>> dateline("WASHINGTON (AP) — The Senate passed the bill late Friday")
    True
    >>> dateline("HAYWARD, Calif. (AP) — The Latest on a deadly stabbing"), dateline("BERLIN (dpa) - Die Regierung hat")
    (True, True)
    >>> dateline("NEWS — Sport — Weather"), dateline("The UN — and its agencies — said so.")
    (False, False)
    """
    match = _DATELINE.match(text)
    return match is not None and ("(" in match.group() or len(text.split()) >= 6) and not _MENU_LIKE.search(text)


_MENU_LIKE = re.compile(r"(?:\s(?:—|–|-)\s\S+){2}(?:\s(?:—|–|-)\s|$)")


_SENTENCE_START = re.compile(r"[\"“„«'‘(]?[^\W_]")
_NOT_PROSE = re.compile(r"(?i)©|\(c\)|copyright|all rights reserved|https?://|www\.|\S@\S|\s/\s")
CUT_OFF_WORDS = 12
"""Words of running text after which a paragraph without a sentence end is
taken as cut off, whatever its last word."""


def cut_off(block: Block, stops: frozenset[str]) -> bool:
    """A paragraph cut off in mid-sentence (as a scraper's length limit cuts
    the last one): six words or more of running text (the language's stop
    words, see :data:`MAIN_TEXT_STOPWORDS`) that start like a sentence, not
    in Title Case, without a sentence end, a menu separator, a copyright
    notice or an address, and either ending with a stop word, a comma, a dash or an
    ellipsis, or :data:`CUT_OFF_WORDS` words long. (A headline of another
    story does not end with ``the`` or ``from``.)

    >>> from cleaner.language import stoplist
    >>> cut_off(Block(1, "", "The House had approved the bill earlier in the day by a"), stoplist("English"))
    True
    >>> cut_off(Block(1, "", "How the council spent its budget in 2019"), stoplist("English"))
    False
    """
    text, words = block.text, block.words
    if not 6 <= words < 60 or block.shape.sentence_end or _title_case(text) or not _SENTENCE_START.match(text):
        return False  # (60 words or more anchor the main text anyway)
    if _MENU_SEPARATOR.search(text) or _NOT_PROSE.search(text):
        return False
    if stops and stopword_density(text, stops) < MAIN_TEXT_STOPWORDS:
        return False
    last = text.split()[-1].casefold()
    return words >= CUT_OFF_WORDS or last in stops or text.endswith((",", "-", "–", "—", "…", "..."))


STOPWORD_COVERAGE = 0.15
"""Share of a document's words its guessed stop-word list must cover for the
list to be the document's language (prose in a covered language has 30% to
50%; Korean, Indonesian, Arabic or Hebrew, which no list here covers, up to
about a tenth, from another language's list)."""


def main_text_stopwords(doc: Document) -> frozenset[str]:
    """The document's stop words (:meth:`Document.stopwords`), or an empty
    set when they cover less than :data:`STOPWORD_COVERAGE` of the words of
    its lines of eight words or more:
    its language has no list here, and the stop-word tests are left to
    length and the sentence end (cached on the document).

    >>> korean = "엘제이의 리벤지인가, 류화영의 코스프레인가, 사진 공개로부터 비롯됐다 그건 이 사안을"
    >>> main_text_stopwords(Document.from_lines([korean]))
    frozenset()
    >>> len(main_text_stopwords(Document.from_lines(["The council met on Monday to talk about the budget."]))) > 100
    True
    """
    stops = doc.shared.get("main_text_stopwords")
    if stops is None:
        stops = doc.stopwords()
        # the language is in the sentences, not in menus and product names: lines of eight words or more
        sample = " ".join(b.text[:2000] for b in doc.kept()[:400] if b.words >= 8)[:20000]
        if stopword_density(sample, stops) < STOPWORD_COVERAGE:
            stops = frozenset()
        doc.shared["main_text_stopwords"] = stops
    return stops


def _main_text_shape(block: Block, stops: frozenset[str]) -> tuple[bool, bool]:
    """Whether a block anchors the main text (see :func:`main_region`), and
    whether it reads as a sentence: six words or more, ending like a sentence
    or opening with a wire story's dateline (:func:`dateline`), with the
    document language's stop words (running text, wherever it stands; with
    no ``stops``, for a language no list covers, length and the sentence end
    decide).

    >>> from cleaner.language import stoplist
    >>> _main_text_shape(Block(1, "", "He said that it was over."), stoplist("English"))
    (False, True)
    >>> _main_text_shape(Block(1, "", "MIAMI (AP) — A storm knocked out power to more than"), stoplist("English"))
    (False, True)
    """
    text, words = block.text, block.words
    # Chinese and Japanese sentences end with a full-width stop; a wire story's dateline opens running text
    mark = text[-1:] in (_CJK_SENTENCE_MARKS if block.shape.cjk else _SENTENCE_MARKS) or dateline(text)
    wanted = MAIN_TEXT_WORDS <= words < 60 or (words >= 6 and mark)
    # no stop-word list covers Chinese, Japanese or the document's language: length and the sentence end decide
    density = 1.0 if block.shape.cjk or not stops else stopword_density(text, stops) if wanted else 0.0
    anchor = words >= 60 or (words >= MAIN_TEXT_WORDS and density >= MAIN_TEXT_STOPWORDS)
    return anchor, words >= 6 and mark and density >= MAIN_TEXT_STOPWORDS


def _main_text_shapes_of(doc: Document, blocks: list[Block]) -> list[tuple[bool, bool]]:
    """The :func:`_main_text_shape` of each of ``blocks`` (cached per text for
    the document and its views: the document keeps one stop list); in text
    input, the lines of a hard-wrapped paragraph also take the shape of the
    paragraph they make together (see :func:`_wrapped_paragraphs`)."""
    stops = main_text_stopwords(doc)
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


HEADLINE_WORDS = 25
"""Most words a headline has."""
_MENU_SEPARATOR = re.compile(r"\s[|»>·•]\s")
MENU_SEPARATORS = 4
"""Separators (``|``, ``»``, ``>``, ``·``, ``•``) that make a line a menu or a
breadcrumb rather than a page title (``BigQuery | AI data platform |
Lakehouse | EDW`` is a title)."""
_NOT_HEADLINE_START = re.compile(r"(?i)©|\(c\)|copyright\b|https?://|www\.")
_CODE_LINE = re.compile(r"[^\W\d_][\w.’' -]{0,30}?\s?[:#№]\s*[\d\W]+")  # Story Code : 123, ID# 4471


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _title_case(text: str) -> bool:
    """Title Case: at least two words of four letters or more, and at most
    one in five of them in lower case.

    >>> _title_case("Home Depot Stock Is Falling After Its Earnings Release."), _title_case("He left the room.")
    (True, False)
    """
    words = _LONG_WORD.findall(text)
    return len(words) >= 2 and sum(word[0].islower() for word in words) * 5 <= len(words)


def menu_line(text: str) -> bool:
    """A menu or a breadcrumb on one line: :data:`MENU_SEPARATORS` or more
    separators.

    >>> menu_line("Home | News | Sport | Culture | Travel"), menu_line("Storm hits coast | The Daily Bugle")
    (True, False)
    """
    return len(_MENU_SEPARATOR.findall(text)) >= MENU_SEPARATORS


def looks_like_headline(block: Block) -> bool:
    """A line that can be a headline: one to :data:`HEADLINE_WORDS` words
    with a letter, not ending like a statement (``.``, ``:``, ``;``, ``…``;
    a question or exclamation mark is fine, and so is a full stop after
    words in Title Case, see :func:`_title_case`), and not a byline or date
    (:func:`byline_or_date`), a menu or breadcrumb (:data:`MENU_SEPARATORS`
    separators or more), a table row, a credit or copyright line, a web
    address or a label with a number (``Story Code : 123``).

    >>> looks_like_headline(Block(1, "", "Opinion | Republicans Are Following Trump to Nowhere"))
    True
    >>> looks_like_headline(Block(1, "", "Home | News | Sport | Culture | Travel"))
    False
    >>> looks_like_headline(Block(1, "", "© Jane Roe, Example Agency"))
    False
    >>> looks_like_headline(Block(1, "", "The vote was held on Monday."))
    False
    >>> looks_like_headline(Block(1, "", "Story Code : 1167543")), looks_like_headline(Block(1, "", "Von Jana Roth"))
    (False, False)
    """
    text = block.text
    if not 1 <= block.words <= HEADLINE_WORDS or not _LETTER.search(text):
        return False
    end = text.rstrip("\"”’')]»")[-1:]
    if block.shape.sentence_end and end in ".:;…" and not (end == "." and _title_case(text)):
        return False
    if text[:1] == "|" or text[-1:] == "|" or menu_line(text):
        return False  # a table row, a menu or a breadcrumb
    if _NOT_HEADLINE_START.match(text) or _CODE_LINE.fullmatch(text):
        return False
    return not byline_or_date(text)


_TITLE_SUFFIX = re.compile(r"\s(?:[|–—-]|::)\s(?!.*\s(?:[|–—-]|::)\s).*$")


def _repeated_below(kept: list[Block], first: int) -> bool:
    """Whether the first line, a page's title above its menus (often with
    the site's name: ``Storm hits coast - Daily Bugle``), is repeated by a
    headline near the start of the main text, ``kept[first]`` (at most
    :data:`MAIN_TEXT_REACH` lines before or after it, from the third line
    on: the second is a scraper's second headline) in other words than its
    own; the first line then need not be kept. (A repeat in the same words
    is left to :func:`title_repeat`, which keeps the first line.)

    >>> blocks = Document.from_lines(["Storm hits coast - Daily Bugle", "Home", "Storm hits the coast"]).blocks
    >>> _repeated_below(blocks, 2), _repeated_below(blocks, 0)
    (False, False)
    >>> blocks = Document.from_lines(["Storm hits the coast - Daily Bugle", "Home", "Storm hits the coast"]).blocks
    >>> _repeated_below(blocks, 2)
    True
    """
    if first == 0:
        return False
    title = text_key(kept[0].text)
    core = text_key(_TITLE_SUFFIX.sub("", kept[0].text))
    for block in kept[max(2, first - MAIN_TEXT_REACH) : first + MAIN_TEXT_REACH]:  # not a second headline
        if block.words > HEADLINE_WORDS:
            continue
        key = text_key(block.text)
        if key != title and ((len(key.split()) >= 3 and key in title) or (len(core.split()) >= 3 and core in key)):
            return True
    return False


def _first_line_headline(kept: list[Block], first: int) -> bool:
    """Whether the first kept line is the headline a scraper puts on top
    (``kept[first]`` starts the main text): it looks like a headline
    (:func:`looks_like_headline`), does not start a menu (see
    :func:`menu_run`), and is not a page's title that the main text repeats
    (:func:`_repeated_below`)."""
    if not looks_like_headline(kept[0]) or _starts_menu(kept):
        return False
    return not _repeated_below(kept, first)


def extracted_article(kept: list[Block], shapes: list[tuple[bool, bool]]) -> bool:
    """Whether the text is an article already extracted from its page
    (a scraper's output: headline, perhaps a kicker, a second headline, a
    caption, a byline and a date, then the body, with what furniture the
    extractor let through), not a dump of the page's whole visible text: at
    most :data:`EXTRACTED_LEAD` lines that are neither sentences nor bylines
    or dates (:func:`byline_or_date`) stand above the first anchor block
    (see :func:`_main_text_shape`), where a page dump has its site header,
    menus and breadcrumbs, and the text does not start with a menu (see
    :func:`_starts_menu`). ``shapes`` are the blocks' :func:`_main_text_shape`.

    >>> blocks = Document.from_lines(["Storm hits coast", "By Jane Roe", "May 5, 2024", "Body."]).blocks
    >>> headline, body = (False, False), (True, True)
    >>> extracted_article(blocks, [headline, headline, headline, body])
    True
    >>> blocks = Document.from_lines(["Home", "News", "Sport", "Culture", "Travel", "Body."]).blocks
    >>> extracted_article(blocks, [headline] * 5 + [body]), extracted_article(blocks[:5], [headline] * 5)
    (False, False)
    """
    if _starts_menu(kept):
        return False  # a page that starts with its menu
    lead = 0
    for block, (anchor, sentence) in zip(kept, shapes, strict=True):
        if anchor:
            return True
        lead += not sentence and not byline_or_date(block.text)
        if lead > EXTRACTED_LEAD:
            return False
    return False


LIST_ITEMS = 3
"""Lines of the same item shape (see :func:`item_shape`) that make a list."""
_ITEM_SHAPES = (
    ("bullet", re.compile(r"[-•*–—·►▪✓]\s+\S")),
    ("number", re.compile(r"(?:\d{1,3}|[a-zA-Z])[.)]\s+\S|\(\d{1,3}\)\s+\S")),
    ("date", compile_pattern(r"(?:{month} \d{1,2}\b|\d{1,2}\.? {month})")),
    ("link", re.compile(r"(?i)https?://\S+$|www\.\S+$")),
)


def item_shape(text: str) -> str | None:
    """The kind of list item a line is, by how it starts: ``bullet``
    (``- Eggs``), ``number`` (``2) Flour``, ``b. Milk``), ``date`` (``June
    9 – Tampa, FL``) or ``link`` (a bare web address); None for anything
    else. (Table rows are not counted: on pages of the full visible text the
    site's header and footer come as rows too.)

    >>> item_shape("- Eggs"), item_shape("12) Monopoly"), item_shape("Aug. 4 -- Riverbend Music Center")
    ('bullet', 'number', 'date')
    >>> item_shape("| Fee: | $95 |"), item_shape("The vote was held on Monday.")
    (None, None)
    """
    for name, pattern in _ITEM_SHAPES:
        if pattern.match(text):
            return name
    return None


def _list_after(kept: list[Block], start: int) -> int:
    """The end of a list that starts at ``kept[start]``, perhaps after one
    heading line: :data:`LIST_ITEMS` or more lines of one item shape (see
    :func:`item_shape`; bare web addresses may stand between the items, as
    the links of a list of products do); ``start`` when there is none.

    >>> lines = ["Tour dates", "June 9 – Tampa, FL", "June 10 – Miami, FL", "June 12 – Atlanta, GA", "Home"]
    >>> _list_after(Document.from_lines(lines).blocks, 0)
    4
    >>> _list_after(Document.from_lines(["Home", "News", "Sport", "Contact"]).blocks, 0)
    0
    """
    for begin in (start, start + 1):  # the list, or a heading and the list
        shape = item_shape(kept[begin].text) if begin < len(kept) else None
        if shape is None:
            continue
        end, items = begin, 0
        while end < len(kept):
            found = item_shape(kept[end].text)
            if found != shape and found != "link":
                break
            items += found == shape
            end += 1
        if items >= LIST_ITEMS:
            return end
    return start


def main_region(kept: list[Block], shapes: list[tuple[bool, bool]]) -> tuple[int, int] | None:
    """First and last index in ``kept`` (the kept blocks, with their
    :func:`_main_text_shape`) of the main text, or None
    when the document has no anchor block.

    Anchors are blocks of running text (the lines of a hard-wrapped paragraph
    count as one block, see :func:`_wrapped_paragraphs`): 60 words or more, or
    :data:`MAIN_TEXT_WORDS` or more with a stop-word share of
    :data:`MAIN_TEXT_STOPWORDS` (a long link list or table has few). They
    are grouped into clusters separated by at most :data:`MAIN_TEXT_GAP`
    lines; the cluster with the most characters is the core, or, in an
    article already extracted from its page (:func:`extracted_article`), the
    whole text from its first line to the last cluster: subheadings, lists
    and tables between paragraphs are the article's. The region then
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
    sentences = [i for i, (_, sentence) in enumerate(shapes) if sentence]
    if extracted_article(kept, shapes):  # the whole document is the article: from its headline to its last paragraph
        first, last = 0, clusters[-1][-1]
    else:
        best = max(clusters, key=lambda cluster: sum(len(kept[i].text) for i in cluster))
        first, last = best[0], best[-1]
    grown = None
    while grown != last:  # over sentences and lists that follow, until neither does
        grown = last
        for index in sentences:
            if last < index <= last + MAIN_TEXT_REACH:
                last = index
        last = _list_after(kept, last + 1) - 1
    for index in reversed(sentences):
        if first - MAIN_TEXT_REACH <= index < first:
            first = index
    top = first - 1
    while top > 0 and first - top <= MAIN_TEXT_BYLINES and byline_or_date(kept[top].text):
        top -= 1  # past the byline and date lines to the headline
    return max(0, top), last


@detector(
    "generic/outside-main-text",
    "nav",
    scope="document",
    text_only=True,
    examples=[
        Example(f"Home\nNews\nSport\nStorm hits the coast\n{_P1}\n{_P2}", drops=("Home", "News", "Sport")),
        Example(f"Storm hits the coast\n{_P1}\n{_P2}\nIs an invasion in the works?"),
    ],
)
def outside_main_text(doc: Document) -> None:
    """Headers, menus, footers and side lists: lines outside the main text
    that are not sentences.

    The main text is the densest run of prose (see :func:`main_region`);
    before and after it, lines that do not read as sentences (menu entries,
    breadcrumbs, tag lists, dates, copyright lines, link teasers) are
    dropped, and so are the byline and date lines between the headline and
    the body. Sentences are kept wherever they stand, and so are the
    headline on the first line (see :func:`_first_line_headline`) and a
    last paragraph cut off in mid-sentence (:func:`cut_off`) near the main
    text. Above the first paragraph, a menu on one line (:func:`menu_line`)
    goes even in an extracted article. A document with no block of running
    text is left alone.
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
    keep = {0} if _first_line_headline(kept, first) else set()
    if len(kept) - 1 - last <= MAIN_TEXT_REACH and cut_off(kept[-1], main_text_stopwords(doc)):
        keep.add(len(kept) - 1)  # the last paragraph, cut off by the scraper's length limit
    head = next(i for i, (anchor, _) in enumerate(shapes) if anchor)  # menus above the first paragraph go
    for index, (block, (_, sentence)) in enumerate(zip(kept, shapes, strict=True)):
        outside = not first <= index <= last or top <= index < body or (index < head and menu_line(block.text))
        if outside and not sentence and index not in keep:
            block.drop("generic/outside-main-text", "nav")


MENU_RUN = 5
"""Consecutive one- to four-word lines inside the main text that make a menu."""


def _menu_item(block: Block) -> bool:
    """A line of at most four words that does not end like a sentence or a
    lead-in (a menu entry, if enough of them follow each other)."""
    return block.words <= 4 and not block.text.endswith((*FULL_STOPS, ":", "："))


MENU_START = 3
"""Menu entries on top of a page that show it starts with a menu."""


def _starts_menu(blocks: list[Block]) -> bool:
    """Whether the first :data:`MENU_START` blocks are all menu entries
    (:func:`_menu_item`; a byline or a date is not one), the first of one
    or two words.

    >>> _starts_menu(Document.from_lines(["Home", "News", "Sport", "A sentence."]).blocks)
    True
    >>> _starts_menu(Document.from_lines(["Storm hits coast", "Ballot issues", "Storm hits coast"]).blocks)
    False
    """
    top = blocks[:MENU_START]
    if len(top) < MENU_START or top[0].words > 2:
        return False  # a menu entry is a word or two: a longer line on top is a headline
    return all(_menu_item(block) and not byline_or_date(block.text) for block in top)


@detector(
    "generic/menu-run",
    "nav",
    scope="block",
    text_only=True,
    examples=[
        Example(
            f"{_P1}\nPolitics\nBusiness\nSport\nCulture\nTravel\n{_P2}",
            drops=("Politics", "Business", "Sport", "Culture", "Travel"),
        ),
        Example(f"{_P1}\n- Cabbage\n- Peas\n- Onions\n- Leeks\n- Garlic\n{_P2}"),
    ],
)
def menu_run(doc: Document) -> None:
    """Menus and link lists inside the main text: five or more consecutive
    lines of at most four words that do not end like a sentence.

    A bulleted or numbered list (every line starting with the same ``-``,
    ``•`` or ``1.`` shape, see :func:`item_shape`) or a run that a lead-in
    ending with a colon introduces (:func:`_lead_in`) is the article's list
    of short items (ingredients, specifications, courses), not a menu, and
    stays.
    """
    run: list[Block] = []
    before: Block | None = None  # the line above the run
    for block in [*doc.kept(), None]:
        if block is not None and _menu_item(block):
            run.append(block)
            continue
        if len(run) >= MENU_RUN and not _bulleted(run) and not _lead_in(before):
            for item in run:
                item.drop("generic/menu-run", "nav")
        run, before = [], block


def _lead_in(block: Block | None) -> bool:
    """A line that introduces a list: running text ending with a colon
    (``The following courses are required:``, ``Zutaten für vier
    Personen:``), four words or more.

    >>> _lead_in(Block(1, "", "Secondary instrument proficiency in one of:")), _lead_in(Block(1, "", "Menu:"))
    (True, False)
    """
    return block is not None and block.words >= 4 and block.text.rstrip().endswith((":", "："))


def _bulleted(run: list[Block]) -> bool:
    """Whether every line of ``run`` is a bulleted item, or every one a
    numbered item (:func:`item_shape`)."""
    shapes = {item_shape(block.text) for block in run}
    return len(shapes) == 1 and shapes <= {"bullet", "number"}


@detector(
    "generic/site-repeated-line",
    "nav",
    scope="batch",
    examples=[
        Example(
            f"Storm hits the coast\n{_P1}\nFollow Springfield Daily on social media",
            drops=("Follow Springfield Daily on social media",),
            recurring=("Follow Springfield Daily on social media",),
        ),
        Example(f"Storm hits the coast\n{_P1}", recurring=("Storm hits the coast",)),
    ],
)
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
